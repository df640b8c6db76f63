package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server plugins: the built-in ones, and the loadable ones Mitosis implements (the clone plugin,
 * library mysql_clone.so). INSTALL PLUGIN registers a plugin in mysql.plugin, so it is loaded
 * again at every start (and a clone copies the registration); {@code plugin-load-add} loads one
 * for this run only. information_schema.PLUGINS is the table {@code mitosis_is.plugins}, rewritten
 * whenever the set changes.
 */
public final class Plugins {
    private static final Logger log = LoggerFactory.getLogger(Plugins.class);
    public static final String CLONE = "clone";
    public static final String CLONE_LIBRARY = "mysql_clone.so";

    /** One row of information_schema.PLUGINS. */
    public record Plugin(String name, String version, String status, String type, String typeVersion, String library,
                         String libraryVersion, String author, String description, String license, String loadOption) {
        Plugin withLoadOption(String option) {
            return new Plugin(name, version, status, type, typeVersion, library, libraryVersion, author, description,
                    license, option);
        }
    }

    private static final List<Plugin> BUILT_IN = List.of(
            new Plugin("binlog", "1.0", "ACTIVE", "STORAGE ENGINE", "80403.0", null, null, "Oracle Corporation",
                    "This is a pseudo storage engine to represent the binlog in a transaction", "GPL", "FORCE"),
            new Plugin("mysql_native_password", "1.1", "ACTIVE", "AUTHENTICATION", "2.1", null, null,
                    "Oracle Corporation", "Native MySQL authentication", "GPL", "ON"),
            new Plugin("caching_sha2_password", "1.0", "ACTIVE", "AUTHENTICATION", "2.1", null, null,
                    "Oracle Corporation", "Caching sha2 authentication", "GPL", "FORCE"),
            new Plugin("sha2_cache_cleaner", "1.0", "ACTIVE", "AUDIT", "4.1", null, null, "Oracle Corporation",
                    "Cache cleaner for Caching sha2 authentication", "GPL", "ON"),
            new Plugin("InnoDB", "8.4", "ACTIVE", "STORAGE ENGINE", "80403.0", null, null, "Oracle Corporation",
                    "Supports transactions, row-level locking, and foreign keys", "GPL", "FORCE"),
            new Plugin("MEMORY", "1.0", "ACTIVE", "STORAGE ENGINE", "80403.0", null, null, "Oracle Corporation",
                    "Hash based, stored in memory, useful for temporary tables", "GPL", "FORCE"),
            new Plugin("PERFORMANCE_SCHEMA", "0.1", "ACTIVE", "STORAGE ENGINE", "80403.0", null, null,
                    "Marc Alff, Oracle", "Performance Schema", "GPL", "FORCE"));

    /** Loadable plugins by library. */
    private static final Map<String, Plugin> LIBRARIES = Map.of(CLONE_LIBRARY,
            new Plugin(CLONE, "1.0", "ACTIVE", "CLONE", "1.0", CLONE_LIBRARY, "1.11", "Oracle Corporation",
                    "CLONE PLUGIN", "GPL", "ON"));

    private final Engine engine;
    private final String pluginDir;
    /** Loaded plugins (name to row), built-ins excluded. */
    private final Map<String, Plugin> loaded = new LinkedHashMap<>();

    private Plugins(Engine engine, String pluginDir) {
        this.engine = engine;
        this.pluginDir = pluginDir;
    }

    static Plugins start(Engine engine, InstanceConfig config) throws SQLException {
        String dir = config.get("plugin_dir", "/usr/lib/mysql/plugin/");
        Plugins p = new Plugins(engine, dir.endsWith("/") ? dir : dir + "/");
        Connection c = engine.system();
        synchronized (c) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + Engine.INFO_SCHEMA + ".plugins (\"PLUGIN_NAME\" VARCHAR(64) NOT NULL,"
                        + " \"PLUGIN_VERSION\" VARCHAR(20) NOT NULL, \"PLUGIN_STATUS\" VARCHAR(10) NOT NULL,"
                        + " \"PLUGIN_TYPE\" VARCHAR(80) NOT NULL, \"PLUGIN_TYPE_VERSION\" VARCHAR(20) NOT NULL,"
                        + " \"PLUGIN_LIBRARY\" VARCHAR(64), \"PLUGIN_LIBRARY_VERSION\" VARCHAR(20),"
                        + " \"PLUGIN_AUTHOR\" VARCHAR(64), \"PLUGIN_DESCRIPTION\" VARCHAR(65535),"
                        + " \"PLUGIN_LICENSE\" VARCHAR(80), \"LOAD_OPTION\" VARCHAR(64) NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT name, dl FROM mysql.plugin ORDER BY name")) {
                    while (rs.next()) {
                        Plugin lib = LIBRARIES.get(rs.getString(2));
                        if (lib != null && lib.name().equalsIgnoreCase(rs.getString(1))) {
                            p.loaded.put(lib.name(), lib);
                        } else {
                            log.warn("Plugin '{}' registered in mysql.plugin with library '{}' is not available",
                                    rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
        }
        for (String option : new String[] {"plugin_load", "plugin_load_add"}) {
            String v = config.get(option);
            if (v == null) continue;
            for (String item : v.split(";")) {
                String it = item.trim();
                if (it.isEmpty()) continue;
                int eq = it.indexOf('=');
                String lib = eq >= 0 ? it.substring(eq + 1).trim() : it;
                Plugin plugin = LIBRARIES.get(lib);
                if (plugin == null) {
                    log.error("Can't open shared library '{}{}' (errno: 2 cannot open shared object file: No such file or directory)",
                            p.pluginDir, lib);
                    continue;
                }
                p.loaded.putIfAbsent(plugin.name(), plugin);
            }
        }
        String cloneOption = config.get(CLONE);
        if (cloneOption != null && p.loaded.containsKey(CLONE)) {
            String o = cloneOption.toUpperCase(Locale.ROOT);
            if (o.equals("OFF")) p.loaded.remove(CLONE);
            else if (o.equals("FORCE") || o.equals("FORCE_PLUS_PERMANENT")) p.loaded.put(CLONE, p.loaded.get(CLONE).withLoadOption(o));
        }
        p.publish();
        return p;
    }

    /** Whether a plugin is loaded and active (e.g. {@code isActive("clone")} before CLONE statements). */
    public synchronized boolean isActive(String name) {
        for (Plugin b : BUILT_IN) if (b.name().equalsIgnoreCase(name)) return true;
        return loaded.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** 1524 "Plugin 'clone' is not loaded" unless it is. */
    public void requireActive(String name) throws MysqlException {
        if (!isActive(name)) throw ErrorCode.ER_PLUGIN_IS_NOT_LOADED.exception(name);
    }

    public synchronized List<Plugin> list() {
        List<Plugin> all = new ArrayList<>(BUILT_IN);
        all.addAll(loaded.values());
        return all;
    }

    /** INSTALL PLUGIN name SONAME 'library'. */
    synchronized void install(String name, String library) throws MysqlException, SQLException {
        String n = name.toLowerCase(Locale.ROOT);
        for (Plugin b : BUILT_IN) {
            if (b.name().equalsIgnoreCase(n)) throw ErrorCode.ER_UDF_EXISTS.exception(name);
        }
        if (loaded.containsKey(n)) throw ErrorCode.ER_UDF_EXISTS.exception(name);
        if (library.contains("/") || library.contains("\\")) throw ErrorCode.ER_UDF_NO_PATHS.exception();
        Plugin plugin = LIBRARIES.get(library);
        if (plugin == null) {
            String path = pluginDir + library;
            throw ErrorCode.ER_CANT_OPEN_LIBRARY.exception(path, 2,
                    path + ": cannot open shared object file: No such file or directory");
        }
        if (!plugin.name().equals(n)) throw ErrorCode.ER_CANT_FIND_DL_ENTRY.exception(name);
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.plugin (name, dl) KEY (name) VALUES (?, ?)")) {
                ps.setString(1, plugin.name());
                ps.setString(2, library);
                ps.executeUpdate();
            }
        }
        loaded.put(n, plugin);
        publish();
    }

    /** UNINSTALL PLUGIN name. */
    synchronized void uninstall(String name) throws MysqlException, SQLException {
        String n = name.toLowerCase(Locale.ROOT);
        for (Plugin b : BUILT_IN) {
            if (b.name().equalsIgnoreCase(n)) throw ErrorCode.ER_PLUGIN_DELETE_BUILTIN.exception();
        }
        Plugin p = loaded.get(n);
        if (p == null) throw ErrorCode.ER_SP_DOES_NOT_EXIST.exception("PLUGIN", name);
        if (p.loadOption().equals("FORCE_PLUS_PERMANENT")) throw ErrorCode.ER_PLUGIN_IS_PERMANENT.exception(name);
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mysql.plugin WHERE name = ?")) {
                ps.setString(1, p.name());
                ps.executeUpdate();
            }
        }
        loaded.remove(n);
        publish();
    }

    /** Rewrites mitosis_is.plugins (information_schema.PLUGINS) from the current set. */
    private void publish() throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + Engine.INFO_SCHEMA + ".plugins VALUES"
                         + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.executeUpdate("DELETE FROM " + Engine.INFO_SCHEMA + ".plugins");
                for (Plugin p : list()) {
                    ps.setString(1, p.name());
                    ps.setString(2, p.version());
                    ps.setString(3, p.status());
                    ps.setString(4, p.type());
                    ps.setString(5, p.typeVersion());
                    ps.setString(6, p.library());
                    ps.setString(7, p.libraryVersion());
                    ps.setString(8, p.author());
                    ps.setString(9, p.description());
                    ps.setString(10, p.license());
                    ps.setString(11, p.loadOption());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
