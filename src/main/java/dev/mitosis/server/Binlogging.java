package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.binlog.BinlogRecovery;
import dev.mitosis.engine.CaptureTrigger;
import dev.mitosis.engine.Engine;
import dev.mitosis.gtid.GtidFunctions;
import dev.mitosis.gtid.GtidState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Instance start-up of GTIDs, row capture and the binary log (recovery included). */
final class Binlogging {
    private static final Logger log = LoggerFactory.getLogger(Binlogging.class);
    static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "performance_schema", "sys", "information_schema",
            "public", Engine.TYPES_SCHEMA, Engine.INFO_SCHEMA, "mitosis_fn");

    private Binlogging() {}

    static boolean logBinEnabled(InstanceConfig config) {
        String v = config.get("log_bin");
        String disable = config.get("disable_log_bin");
        if (disable != null && !isOff(disable)) return false;
        return v == null || !isOff(v);
    }

    private static boolean isOff(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        return s.equals("OFF") || s.equals("0") || s.equals("FALSE");
    }

    static BinaryLog open(Instance instance, GtidState gtids) throws IOException, SQLException {
        Connection system = instance.engine().system();
        boolean enabled = logBinEnabled(instance.config());
        instance.variables().setInternal("log_bin", enabled ? "ON" : "OFF");
        synchronized (system) {
            GtidFunctions.install(system, Engine.TYPES_SCHEMA);
            CaptureTrigger.ensureAll(system, SYSTEM_SCHEMAS);
            GlobalVariables vars = instance.variables();
            BinaryLog.Settings settings = new BinaryLog.Settings() {
                // Read at every commit: parsed again only when the variable's text changes.
                private final ParsedVariable maxSize = new ParsedVariable(vars, "max_binlog_size", 1073741824L);
                private final ParsedVariable sync = new ParsedVariable(vars, "sync_binlog", 1);
                public long maxBinlogSize() { return maxSize.get(); }
                public int syncBinlog() { return (int) sync.get(); }
                public long expireLogsSeconds() { return parse(vars.get("binlog_expire_logs_seconds"), 0); }
            };
            BinaryLog.FatalHandler fatal = (message, cause) -> {
                log.error("{}", message, cause);
                instance.requestStop();
            };
            return BinlogRecovery.open(instance.datadir(), enabled, Instance.VERSION, instance::serverId, gtids,
                    settings, fatal, instance.engine(), Binlogging::executeDdl);
        }
    }

    /** Deletes the binary log files and index (after a clone replaced the data). */
    static void discardLogs(java.nio.file.Path datadir) throws IOException {
        try (var ds = java.nio.file.Files.newDirectoryStream(datadir, BinaryLog.BASE_NAME + ".*")) {
            for (java.nio.file.Path p : ds) {
                String n = p.getFileName().toString();
                if (n.matches(BinaryLog.BASE_NAME + "\\.(\\d{6,}|index)")) java.nio.file.Files.delete(p);
            }
        }
    }

    /** A numeric global variable, parsed once per distinct text. */
    private static final class ParsedVariable {
        private final GlobalVariables vars;
        private final String name;
        private final long dflt;
        private volatile String text;
        private volatile long value;

        ParsedVariable(GlobalVariables vars, String name, long dflt) {
            this.vars = vars;
            this.name = name;
            this.dflt = dflt;
        }

        long get() {
            String now = vars.get(name);
            if (now != text) {
                value = parse(now, dflt);
                text = now;
            }
            return value;
        }
    }

    private static long parse(String v, long dflt) {
        try {
            return v == null ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Re-applies a logged DDL statement: MySQL text translated like a client's. */
    static void executeDdl(Connection c, String database, String sql) throws SQLException {
        java.util.concurrent.locks.ReentrantLock serial = Engine.ddlLock(c);
        serial.lock();
        try {
            executeDdlLocked(c, database, sql);
        } finally {
            serial.unlock();
        }
    }

    private static void executeDdlLocked(Connection c, String database, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SCHEMA " + (database == null ? "PUBLIC" : Catalog.quote(database.toLowerCase(Locale.ROOT))));
            String[] w = SqlScan.leadingWords(sql, 6);
            if ((w[0].equals("CREATE") || w[0].equals("DROP")) && (w[1].equals("DATABASE") || w[1].equals("SCHEMA"))) {
                boolean create = w[0].equals("CREATE");
                boolean cond = w[2].equals("IF");
                String name = SqlScan.unquote(cond ? (create ? w[5] : w[4]) : w[2]).toLowerCase(Locale.ROOT);
                s.execute(create ? "CREATE SCHEMA IF NOT EXISTS " + Catalog.quote(name)
                        : "DROP SCHEMA IF EXISTS " + Catalog.quote(name) + " CASCADE");
            } else {
                // CREATE TABLE t LIKE s: from the replica's own definition of s, as the source did.
                CreateTableLike.Copy copy = CreateTableLike.copy(c, database, sql);
                sql = copy.sql();
                // IF NOT EXISTS of an existing table: its indexes, constraints and counter stay.
                boolean exists = CreateTableLike.existingTarget(c, database, sql) != null;
                try {
                    List<String> program = SqlFront.translate(sql).h2();
                    for (String h2 : exists ? program.subList(0, 1) : program) s.execute(h2);
                    for (String h2 : copy.afterCreate()) s.execute(h2);
                } catch (SQLException e) {
                    // A view with a date or time column in arithmetic, as the source created it.
                    dev.mitosis.sql.Translation typed = SqlFront.retranslate(sql, e, c, database);
                    if (typed == null) throw e;
                    for (String h2 : typed.h2()) s.execute(h2);
                }
            }
            CaptureTrigger.ensureAll(c, SYSTEM_SCHEMAS);
        } catch (dev.mitosis.protocol.MysqlException e) {
            throw new SQLException(e.getMessage(), e.sqlState(), e.code(), e);
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("SET SCHEMA PUBLIC");
            }
        }
    }
}
