package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import java.sql.SQLException;

/**
 * The system schemas inside the engine: {@code mysql} (accounts and other system tables, kept in
 * the instance's data so a clone copies them), {@code performance_schema}, and Mitosis's own
 * helper schemas. Creation is idempotent.
 */
final class SystemSchema {
    private SystemSchema() {}

    /** The mysql tables the server itself keeps (accounts, GTIDs, replication positions, plugins). */
    private static final java.util.Set<String> MAINTAINED = java.util.Set.of("user", "db", "tables_priv",
            "global_grants", "plugin", "gtid_executed", "slave_master_info", "slave_relay_log_info", "slave_worker_info");

    /**
     * The mysql tables whose rows are the server's own state (GTIDs, replication positions): rows
     * written there by a client (a dump's INSERT) would claim transactions that never ran.
     */
    private static final java.util.Set<String> STATE = java.util.Set.of("gtid_executed", "slave_master_info",
            "slave_relay_log_info", "slave_worker_info");

    /** True for a mysql table whose rows only the server writes. */
    static boolean isServerState(String schema, String table) {
        return schema != null && schema.equalsIgnoreCase("mysql") && STATE.contains(table.toLowerCase(java.util.Locale.ROOT));
    }

    /** True for a mysql table the server writes itself: DDL on it would leave the server without it. */
    static boolean isMaintained(String schema, String table) {
        return schema != null && schema.equalsIgnoreCase("mysql") && MAINTAINED.contains(table.toLowerCase(java.util.Locale.ROOT));
    }

    static void install(Engine engine, boolean fresh) throws SQLException {
        engine.execute("CREATE SCHEMA IF NOT EXISTS mysql");
        engine.execute("CREATE SCHEMA IF NOT EXISTS performance_schema");
        engine.execute("CREATE SCHEMA IF NOT EXISTS sys");
        engine.execute("CREATE SCHEMA IF NOT EXISTS " + Engine.TYPES_SCHEMA);
        engine.execute("CREATE SCHEMA IF NOT EXISTS " + Engine.INFO_SCHEMA);
        dev.mitosis.sql.MysqlTypes.install(engine.system());
        InfoSchema.install(engine);
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.\"user\" ("
                + "host VARCHAR(255) NOT NULL, \"user\" VARCHAR(32) NOT NULL,"
                + " plugin VARCHAR(64) NOT NULL, authentication_string VARCHAR(255) NOT NULL,"
                + " account_locked CHAR(1) DEFAULT 'N' NOT NULL,"
                + " PRIMARY KEY (host, \"user\"))");
        // MySQL's log tables, which dump tools ask for by name. They stay empty: the server writes
        // no general or slow query log (log_output has no TABLE to offer).
        String t = "\"" + dev.mitosis.sql.MysqlTypes.SCHEMA + "\".";
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.general_log ("
                + "event_time " + t + "\"timestamp6\" DEFAULT LOCALTIMESTAMP(6) NOT NULL,"
                + " user_host " + t + "\"mediumtext\" NOT NULL, thread_id " + t + "\"bigint_unsigned\" NOT NULL,"
                + " server_id " + t + "\"int_unsigned\" NOT NULL, command_type VARCHAR_IGNORECASE(64) NOT NULL,"
                + " argument " + t + "\"mediumblob\" NOT NULL)");
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.slow_log ("
                + "start_time " + t + "\"timestamp6\" DEFAULT LOCALTIMESTAMP(6) NOT NULL,"
                + " user_host " + t + "\"mediumtext\" NOT NULL, query_time TIME(6) NOT NULL, lock_time TIME(6) NOT NULL,"
                + " rows_sent INT NOT NULL, rows_examined INT NOT NULL, db VARCHAR_IGNORECASE(512) NOT NULL,"
                + " last_insert_id INT NOT NULL, insert_id INT NOT NULL, server_id " + t + "\"int_unsigned\" NOT NULL,"
                + " sql_text " + t + "\"mediumblob\" NOT NULL, thread_id " + t + "\"bigint_unsigned\" NOT NULL)");
        if (fresh) {
            // As mysqld --initialize-insecure: root@localhost without a password.
            engine.execute("MERGE INTO mysql.\"user\" (host, \"user\", plugin, authentication_string) KEY (host, \"user\")"
                    + " VALUES ('localhost', 'root', 'caching_sha2_password', '')");
        }
    }
}
