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
        if (fresh) {
            // As mysqld --initialize-insecure: root@localhost without a password.
            engine.execute("MERGE INTO mysql.\"user\" (host, \"user\", plugin, authentication_string) KEY (host, \"user\")"
                    + " VALUES ('localhost', 'root', 'caching_sha2_password', '')");
        }
    }
}
