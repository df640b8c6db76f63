package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The grant tables, with MySQL's names and (lower-cased) columns: mysql.user (accounts and static
 * global privileges as Y/N columns), mysql.db, mysql.tables_priv, mysql.global_grants (dynamic
 * privileges) and mysql.plugin. They live in the instance's engine, so they are transactional and
 * a clone copies them. Creation and upgrade are idempotent.
 */
final class AccessTables {
    private AccessTables() {}

    static void install(Engine engine) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            boolean hadPrivileges = columnExists(c, "mysql", "user", "select_priv");
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE mysql.\"user\" ADD COLUMN IF NOT EXISTS ssl_type VARCHAR(9) DEFAULT '' NOT NULL");
                for (Privilege p : Privilege.values()) {
                    s.execute("ALTER TABLE mysql.\"user\" ADD COLUMN IF NOT EXISTS " + p.column
                            + " CHAR(1) DEFAULT 'N' NOT NULL");
                }
                StringBuilder db = new StringBuilder("CREATE TABLE IF NOT EXISTS mysql.db ("
                        + "host VARCHAR(255) NOT NULL, db VARCHAR(64) NOT NULL, \"user\" VARCHAR(32) NOT NULL");
                for (Privilege p : Privilege.values()) {
                    if (p.level != Privilege.Level.GLOBAL) db.append(", ").append(p.column).append(" CHAR(1) DEFAULT 'N' NOT NULL");
                }
                db.append(", PRIMARY KEY (host, db, \"user\"))");
                s.execute(db.toString());
                s.execute("CREATE TABLE IF NOT EXISTS mysql.tables_priv ("
                        + "host VARCHAR(255) NOT NULL, db VARCHAR(64) NOT NULL, \"user\" VARCHAR(32) NOT NULL,"
                        + " table_name VARCHAR(64) NOT NULL, grantor VARCHAR(288) DEFAULT '' NOT NULL,"
                        + " \"timestamp\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,"
                        + " table_priv VARCHAR(255) DEFAULT '' NOT NULL, column_priv VARCHAR(255) DEFAULT '' NOT NULL,"
                        + " PRIMARY KEY (host, db, \"user\", table_name))");
                s.execute("CREATE TABLE IF NOT EXISTS mysql.global_grants ("
                        + "\"user\" VARCHAR(32) NOT NULL, host VARCHAR(255) NOT NULL, priv VARCHAR(32) NOT NULL,"
                        + " with_grant_option CHAR(1) DEFAULT 'N' NOT NULL, PRIMARY KEY (\"user\", host, priv))");
                s.execute("CREATE TABLE IF NOT EXISTS mysql.plugin ("
                        + "name VARCHAR(64) NOT NULL PRIMARY KEY, dl VARCHAR(128) NOT NULL)");
            }
            if (!hadPrivileges) grantRootEverything(c);
        }
    }

    /** As mysqld --initialize: root@localhost holds every privilege, with GRANT OPTION. */
    private static void grantRootEverything(Connection c) throws SQLException {
        StringBuilder set = new StringBuilder();
        for (Privilege p : Privilege.values()) {
            set.append(set.length() == 0 ? "" : ", ").append(p.column).append(" = 'Y'");
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mysql.\"user\" SET " + set + " WHERE \"user\" = 'root' AND host = 'localhost'");
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.global_grants (\"user\", host, priv,"
                + " with_grant_option) KEY (\"user\", host, priv) SELECT \"user\", host, ?, 'Y' FROM mysql.\"user\""
                + " WHERE \"user\" = 'root' AND host = 'localhost'")) {
            for (String d : DynamicPrivileges.ALL) {
                ps.setString(1, d);
                ps.executeUpdate();
            }
        }
    }

    static boolean columnExists(Connection c, String schema, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
