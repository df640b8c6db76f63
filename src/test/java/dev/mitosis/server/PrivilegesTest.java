package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GRANT / REVOKE / SHOW GRANTS and their enforcement on statements and commands. */
@ExtendWith(SharedServer.class)
class PrivilegesTest {
    static TestInstance server;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE db1");
            s.execute("CREATE DATABASE db2");
            s.execute("CREATE TABLE db1.t (id INT PRIMARY KEY, v VARCHAR(10))");
            s.execute("INSERT INTO db1.t VALUES (1, 'a'), (2, 'b')");
            s.execute("CREATE TABLE db2.t (id INT PRIMARY KEY)");
            s.execute("CREATE USER 'reader'@'%' IDENTIFIED BY 'pw'");
            s.execute("GRANT SELECT ON db1.* TO 'reader'@'%'");
        }
    }

    static Connection as(String user, String db, String extra) throws SQLException {
        return DriverManager.getConnection(server.mysqlUrl(db, extra), user, "pw");
    }

    static SQLException error(AccountsTest.Executable e) {
        return assertThrows(SQLException.class, e::run);
    }

    static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void selectOnOneDatabaseOnly() throws Exception {
        for (String opts : new String[] {"useServerPrepStmts=false", "useServerPrepStmts=true"}) {
            try (Connection c = as("reader", "db1", opts); Statement s = c.createStatement()) {
                assertEquals(List.of("a", "b"), rows(s, "SELECT v FROM t ORDER BY id"));
                assertEquals(List.of("a"), rows(s, "SELECT v FROM db1.t WHERE id = 1"));
                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("b", rs.getString(1));
                    }
                }
                SQLException insert = error(() -> s.execute("INSERT INTO t VALUES (3, 'c')"));
                assertEquals(1142, insert.getErrorCode());
                assertEquals("42000", insert.getSQLState());
                assertEquals("INSERT command denied to user 'reader'@'localhost' for table 't'", insert.getMessage());
                assertEquals(1142, error(() -> s.execute("UPDATE t SET v = 'x'")).getErrorCode());
                assertEquals(1142, error(() -> s.execute("DELETE FROM db1.t")).getErrorCode());
                assertEquals(1142, error(() -> s.execute("CREATE TABLE t2 (id INT)")).getErrorCode());
                assertEquals(1142, error(() -> s.execute("DROP TABLE t")).getErrorCode());
                assertEquals(1142, error(() -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                        ps.setInt(1, 9);
                        ps.setString(2, "z");
                        ps.executeUpdate();
                    }
                }).getErrorCode());
                SQLException other = error(() -> s.execute("SELECT * FROM db2.t"));
                assertEquals(1142, other.getErrorCode());
                assertEquals("SELECT command denied to user 'reader'@'localhost' for table 't'", other.getMessage());
                assertEquals(1142, error(() -> s.execute("SELECT * FROM t JOIN db2.t u ON t.id = u.id")).getErrorCode());
                assertEquals(1142, error(() -> s.execute("SELECT * FROM t WHERE id IN (SELECT id FROM db2.t)")).getErrorCode());
                SQLException use = error(() -> s.execute("USE db2"));
                assertEquals(1044, use.getErrorCode());
                assertEquals("Access denied for user 'reader'@'%' to database 'db2'", use.getMessage());
                assertEquals(1044, error(() -> s.execute("SHOW TABLES FROM db2")).getErrorCode());
                assertEquals(1044, error(() -> s.execute("CREATE DATABASE db3")).getErrorCode());
                assertEquals(1044, error(() -> s.execute("DROP DATABASE db2")).getErrorCode());
                SQLException global = error(() -> s.execute("SET GLOBAL max_connections = 200"));
                assertEquals(1227, global.getErrorCode());
                assertEquals("Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN"
                        + " privilege(s) for this operation", global.getMessage());
                assertEquals(1227, error(() -> s.execute("SET sql_log_bin = 0")).getErrorCode());
                s.execute("SET SESSION sql_mode = ''"); // plain session variables are fine
                assertEquals(List.of("db1", "information_schema"), rows(s, "SHOW DATABASES"));
                assertTrue(rows(s, "SHOW TABLES").contains("t"));
                assertEquals(List.of("db1", "information_schema"),
                        rows(s, "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name"));
                assertEquals(List.of("db1"), rows(s, "SELECT DISTINCT table_schema FROM information_schema.tables"));
                assertEquals(List.of("db1"), rows(s, "SELECT DISTINCT table_schema FROM information_schema.columns"));
                assertEquals(1227, error(() -> s.execute("SHUTDOWN")).getErrorCode());
                assertEquals(1227, error(() -> s.execute("FLUSH PRIVILEGES")).getErrorCode());
                assertEquals(1227, error(() -> s.execute("SHOW REPLICA STATUS")).getErrorCode());
                assertEquals(1227, error(() -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='x'")).getErrorCode());
                SQLException clone = error(() -> s.execute("CLONE INSTANCE FROM 'u'@'h':3306 IDENTIFIED BY 'p'"));
                assertEquals("Access denied; you need (at least one of) the CLONE_ADMIN privilege(s) for this operation",
                        clone.getMessage());
                assertEquals(1142, error(() -> s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'")).getErrorCode());
                assertEquals(1044, error(() -> s.execute("SHOW GRANTS FOR 'root'@'localhost'")).getErrorCode());
            }
        }
        SQLException login = error(() -> as("reader", "db2", null).close());
        assertEquals(1044, login.getErrorCode());
    }

    @Test
    void killOfOtherUsersNeedsConnectionAdmin() throws Exception {
        try (Connection rootConn = server.connect(); Statement r = rootConn.createStatement();
             Connection c = as("reader", "db1", null); Statement s = c.createStatement()) {
            long rootId = Long.parseLong(rows(r, "SELECT CONNECTION_ID()").get(0));
            SQLException kill = error(() -> s.execute("KILL " + rootId));
            assertEquals(1095, kill.getErrorCode());
            assertEquals("You are not owner of thread " + rootId, kill.getMessage());
            try (Connection c2 = as("reader", "db1", null); Statement s2 = c2.createStatement()) {
                long own = Long.parseLong(rows(s2, "SELECT CONNECTION_ID()").get(0));
                s.execute("KILL " + own); // same user: allowed
            }
            // only its own threads in the processlist without PROCESS
            try (ResultSet rs = s.executeQuery("SHOW PROCESSLIST")) {
                while (rs.next()) assertEquals("reader", rs.getString("User"));
            }
        }
    }

    @Test
    void showGrantsInMysqlForm() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'donor_clone_user'@'mysql-c' IDENTIFIED BY 'pw'");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'donor_clone_user'@'mysql-c'");
            List<String> all = rows(s, "SHOW GRANTS FOR 'donor_clone_user'@'mysql-c'");
            assertEquals(2, all.size(), all.toString());
            assertEquals("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES,"
                    + " INDEX, ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE,"
                    + " REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER,"
                    + " CREATE TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `donor_clone_user`@`mysql-c`", all.get(0));
            assertTrue(all.get(1).startsWith("GRANT ALLOW_NONEXISTENT_DEFINER,APPLICATION_PASSWORD_ADMIN,"), all.get(1));
            assertTrue(all.get(1).contains(",BACKUP_ADMIN,BINLOG_ADMIN,"), all.get(1));
            assertTrue(all.get(1).endsWith(",XA_RECOVER_ADMIN ON *.* TO `donor_clone_user`@`mysql-c`"), all.get(1));
            try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR 'donor_clone_user'@'mysql-c'")) {
                assertEquals("Grants for donor_clone_user@mysql-c", rs.getMetaData().getColumnLabel(1));
            }

            s.execute("CREATE USER 'backup'@'mysql-c' IDENTIFIED BY 'pw'");
            s.execute("GRANT BACKUP_ADMIN ON *.* TO 'backup'@'mysql-c'");
            assertEquals(List.of("GRANT USAGE ON *.* TO `backup`@`mysql-c`",
                    "GRANT BACKUP_ADMIN ON *.* TO `backup`@`mysql-c`"), rows(s, "SHOW GRANTS FOR 'backup'@'mysql-c'"));

            s.execute("CREATE USER 'repl'@'%' IDENTIFIED WITH caching_sha2_password BY 'pw'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
            assertEquals(List.of("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`"), rows(s, "SHOW GRANTS FOR repl"));

            assertEquals(List.of("GRANT USAGE ON *.* TO `reader`@`%`", "GRANT SELECT ON `db1`.* TO `reader`@`%`"),
                    rows(s, "SHOW GRANTS FOR 'reader'@'%'"));

            s.execute("CREATE USER 'mixed'@'localhost'");
            s.execute("GRANT PROCESS, REPLICATION CLIENT ON *.* TO 'mixed'@'localhost' WITH GRANT OPTION");
            s.execute("GRANT CLONE_ADMIN, BACKUP_ADMIN ON *.* TO 'mixed'@'localhost'");
            s.execute("GRANT ALL ON db2.* TO 'mixed'@'localhost'");
            s.execute("GRANT SELECT, INSERT ON db1.t TO 'mixed'@'localhost'");
            assertEquals(List.of(
                    "GRANT PROCESS, REPLICATION CLIENT ON *.* TO `mixed`@`localhost` WITH GRANT OPTION",
                    "GRANT BACKUP_ADMIN,CLONE_ADMIN ON *.* TO `mixed`@`localhost`",
                    "GRANT ALL PRIVILEGES ON `db2`.* TO `mixed`@`localhost`",
                    "GRANT SELECT, INSERT ON `db1`.`t` TO `mixed`@`localhost`"),
                    rows(s, "SHOW GRANTS FOR 'mixed'@'localhost'"));
            s.execute("REVOKE INSERT ON db1.t FROM 'mixed'@'localhost'");
            s.execute("REVOKE ALL PRIVILEGES ON db2.* FROM 'mixed'@'localhost'");
            s.execute("REVOKE CLONE_ADMIN ON *.* FROM 'mixed'@'localhost'");
            s.execute("REVOKE PROCESS, GRANT OPTION ON *.* FROM 'mixed'@'localhost'");
            assertEquals(List.of(
                    "GRANT REPLICATION CLIENT ON *.* TO `mixed`@`localhost`",
                    "GRANT BACKUP_ADMIN ON *.* TO `mixed`@`localhost`",
                    "GRANT SELECT ON `db1`.`t` TO `mixed`@`localhost`"),
                    rows(s, "SHOW GRANTS FOR 'mixed'@'localhost'"));
            s.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'mixed'@'localhost'");
            assertEquals(List.of("GRANT USAGE ON *.* TO `mixed`@`localhost`"), rows(s, "SHOW GRANTS FOR 'mixed'@'localhost'"));

            assertEquals(1141, error(() -> s.execute("REVOKE SELECT ON db2.* FROM 'reader'@'%'")).getErrorCode());
            assertEquals(1147, error(() -> s.execute("REVOKE SELECT ON db2.t FROM 'reader'@'%'")).getErrorCode());
            assertEquals(1410, error(() -> s.execute("GRANT SELECT ON *.* TO 'ghost'@'%'")).getErrorCode());
            assertEquals(3929, error(() -> s.execute("GRANT NO_SUCH_PRIV ON *.* TO 'reader'@'%'")).getErrorCode());
            assertEquals(3619, error(() -> s.execute("GRANT BACKUP_ADMIN ON db1.* TO 'reader'@'%'")).getErrorCode());
            assertEquals(1221, error(() -> s.execute("GRANT SUPER ON db1.* TO 'reader'@'%'")).getErrorCode());
            assertEquals(1144, error(() -> s.execute("GRANT EXECUTE ON db1.t TO 'reader'@'%'")).getErrorCode());
            assertEquals(1146, error(() -> s.execute("GRANT SELECT ON db1.nope TO 'reader'@'%'")).getErrorCode());

            List<String> rootGrants = rows(s, "SHOW GRANTS");
            assertTrue(rootGrants.get(0).endsWith(" ON *.* TO `root`@`localhost` WITH GRANT OPTION"), rootGrants.get(0));
        }
        try (Connection c = as("reader", "db1", null); Statement s = c.createStatement()) {
            assertEquals(List.of("GRANT USAGE ON *.* TO `reader`@`%`", "GRANT SELECT ON `db1`.* TO `reader`@`%`"),
                    rows(s, "SHOW GRANTS"));
            assertEquals(1045, error(() -> s.execute("GRANT SELECT ON *.* TO 'reader'@'%'")).getErrorCode());
            assertEquals(1044, error(() -> s.execute("GRANT SELECT ON db1.* TO 'reader'@'%'")).getErrorCode());
        }
    }

    @Test
    void grantsTakeEffectInOpenSessions() throws Exception {
        try (Connection rootConn = server.connect(); Statement r = rootConn.createStatement()) {
            r.execute("CREATE USER 'grower'@'%' IDENTIFIED BY 'pw'");
            try (Connection c = as("grower", null, null); Statement s = c.createStatement()) {
                assertEquals(1142, error(() -> s.execute("SELECT * FROM db1.t")).getErrorCode());
                r.execute("GRANT SELECT ON db1.t TO 'grower'@'%'");
                assertEquals(List.of("1", "2"), rows(s, "SELECT id FROM db1.t ORDER BY id"));
                assertEquals(1142, error(() -> s.execute("SELECT * FROM db2.t")).getErrorCode());
                r.execute("GRANT INSERT, SELECT, DELETE ON db2.* TO 'grower'@'%'");
                s.execute("INSERT INTO db2.t VALUES (7)");
                s.execute("DELETE FROM db2.t WHERE id = 7");
                r.execute("REVOKE SELECT ON db1.t FROM 'grower'@'%'");
                assertEquals(1142, error(() -> s.execute("SELECT * FROM db1.t")).getErrorCode());
                r.execute("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'grower'@'%'");
                s.execute("SET GLOBAL max_connections = 151");
            }
        }
    }

    @Test
    void readOnlyAndSuperReadOnly() throws Exception {
        try (Connection rootConn = server.connect(); Statement r = rootConn.createStatement()) {
            r.execute("CREATE USER 'writer'@'%' IDENTIFIED BY 'pw'");
            r.execute("GRANT ALL ON db1.* TO 'writer'@'%'");
            r.execute("CREATE TABLE db1.ro (id INT PRIMARY KEY)");
            try (Connection c = as("writer", "db1", null); Statement s = c.createStatement()) {
                s.execute("INSERT INTO ro VALUES (1)");
                r.execute("SET GLOBAL read_only = ON");
                try {
                    SQLException e = error(() -> s.execute("INSERT INTO ro VALUES (2)"));
                    assertEquals(1290, e.getErrorCode());
                    assertEquals("The MySQL server is running with the --read-only option so it cannot execute"
                            + " this statement", e.getMessage());
                    assertEquals(1290, error(() -> s.execute("CREATE TABLE x (id INT)")).getErrorCode());
                    assertEquals(List.of("1"), rows(s, "SELECT id FROM ro"));
                    r.execute("INSERT INTO db1.ro VALUES (3)"); // root holds SUPER / CONNECTION_ADMIN
                    r.execute("SET GLOBAL super_read_only = ON");
                    SQLException sup = error(() -> r.execute("INSERT INTO db1.ro VALUES (4)"));
                    assertEquals(1290, sup.getErrorCode());
                    assertTrue(sup.getMessage().contains("--super-read-only"), sup.getMessage());
                    assertEquals(List.of("1"), rows(r, "SELECT @@global.read_only"));
                } finally {
                    r.execute("SET GLOBAL read_only = OFF");
                }
                assertEquals(List.of("0"), rows(r, "SELECT @@global.super_read_only"));
                s.execute("INSERT INTO ro VALUES (5)");
            }
        }
    }
}
