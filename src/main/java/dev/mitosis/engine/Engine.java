package dev.mitosis.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded H2 database of one instance. Every connection uses the one canonical URL built
 * here: H2 applies URL settings database-wide, so a second spelling would silently change the
 * mode for everyone (reference/h2-findings.md section 5).
 */
public final class Engine implements AutoCloseable {
    /** Schemas that exist for Mitosis itself and are never user databases. */
    public static final String TYPES_SCHEMA = "mitosis_types";
    public static final String INFO_SCHEMA = "mitosis_is";

    private final String url;
    private final Connection keeper;

    private Engine(String url, Connection keeper) {
        this.url = url;
        this.keeper = keeper;
    }

    public static String canonicalUrl(Path datadir) {
        return "jdbc:h2:" + datadir.toAbsolutePath().normalize().resolve("mitosis")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
                // WRITE_DELAY=0: with the default delay a kill -9 under concurrent writers left a
                // state matching no transaction boundary (h2-findings.md section 3).
                + ";WRITE_DELAY=0"
                // We close the database ourselves, after the sessions, on shutdown.
                + ";DB_CLOSE_ON_EXIT=FALSE"
                // innodb_lock_wait_timeout's default is 50 s.
                + ";LOCK_TIMEOUT=50000";
    }

    /** Opens (creating if needed) the database in the datadir. */
    public static Engine open(Path datadir) throws SQLException {
        String url = canonicalUrl(datadir);
        Connection keeper = DriverManager.getConnection(url, props());
        return new Engine(url, keeper);
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        return p;
    }

    /** A new engine connection for one session. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, props());
    }

    /** A connection that lives as long as the engine, for system work. */
    public Connection system() {
        return keeper;
    }

    public void execute(String sql) throws SQLException {
        try (Statement s = keeper.createStatement()) {
            s.execute(sql);
        }
    }

    /** Shuts the database down: closes every connection to it and the file. */
    @Override
    public void close() {
        try (Statement s = keeper.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // already closed
        }
    }
}
