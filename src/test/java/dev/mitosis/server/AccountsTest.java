package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CREATE/ALTER/DROP/RENAME USER, SET PASSWORD, logins and their refusals, through Connector/J. */
@ExtendWith(SharedServer.class)
class AccountsTest {
    static TestInstance server;

    static Connection root() throws SQLException {
        return server.connect();
    }

    static Connection as(String user, String password, String extra) throws SQLException {
        return DriverManager.getConnection(server.mysqlUrl(null, extra), user, password);
    }

    static int errorOf(Executable e) {
        SQLException ex = assertThrows(SQLException.class, e::run);
        return ex.getErrorCode();
    }

    static SQLException error(Executable e) {
        return assertThrows(SQLException.class, e::run);
    }

    interface Executable {
        void run() throws Exception;
    }

    static List<String> column(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void createAlterDropRenameWithMysqlErrors() throws Exception {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'acc1'@'%' IDENTIFIED BY 'pw1'");
            SQLException dup = error(() -> s.execute("CREATE USER 'acc1'@'%' IDENTIFIED BY 'x'"));
            assertEquals(1396, dup.getErrorCode());
            assertEquals("Operation CREATE USER failed for 'acc1'@'%'", dup.getMessage());
            assertEquals("HY000", dup.getSQLState());
            s.execute("CREATE USER IF NOT EXISTS 'acc1'@'%' IDENTIFIED BY 'x'");
            try (ResultSet rs = s.executeQuery("SHOW WARNINGS")) {
                assertTrue(rs.next());
                assertEquals(3163, rs.getInt(2));
                assertEquals("Authorization ID 'acc1'@'%' already exists.", rs.getString(3));
            }
            // the password did not change
            try (Connection u = as("acc1", "pw1", null)) {
                assertTrue(u.isValid(2));
            }
            s.execute("ALTER USER 'acc1'@'%' IDENTIFIED BY 'pw2'");
            assertEquals(1045, errorOf(() -> as("acc1", "pw1", null).close()));
            try (Connection u = as("acc1", "pw2", null)) {
                assertTrue(u.isValid(2));
            }
            s.execute("RENAME USER 'acc1'@'%' TO 'acc2'@'%'");
            assertEquals(1045, errorOf(() -> as("acc1", "pw2", null).close()));
            try (Connection u = as("acc2", "pw2", null)) {
                assertTrue(u.isValid(2));
            }
            SQLException missing = error(() -> s.execute("DROP USER 'acc1'@'%'"));
            assertEquals(1396, missing.getErrorCode());
            assertEquals("Operation DROP USER failed for 'acc1'@'%'", missing.getMessage());
            assertEquals(1396, errorOf(() -> s.execute("ALTER USER 'nobody'@'%' IDENTIFIED BY 'x'")));
            assertEquals(1396, errorOf(() -> s.execute("RENAME USER 'nobody'@'%' TO 'n2'@'%'")));
            s.execute("DROP USER IF EXISTS 'acc1'@'%'");
            try (ResultSet rs = s.executeQuery("SHOW WARNINGS")) {
                assertTrue(rs.next());
                assertEquals(3162, rs.getInt(2));
            }
            s.execute("DROP USER 'acc2'@'%'");
            assertEquals(1045, errorOf(() -> as("acc2", "pw2", null).close()));
            // several accounts: atomic
            s.execute("CREATE USER 'm1'@'%'");
            assertEquals(1396, errorOf(() -> s.execute("CREATE USER 'm2'@'%', 'm1'@'%'")));
            assertTrue(column(s, "SELECT user FROM mysql.user WHERE user = 'm2'").isEmpty());
            s.execute("DROP USER 'm1'@'%'");
        }
    }

    @Test
    void passwordsAreSaltedAndBothPluginsLogIn() throws Exception {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'sha'@'%' IDENTIFIED BY 'secret'");
            s.execute("CREATE USER 'sha_b'@'%' IDENTIFIED WITH caching_sha2_password BY 'secret'");
            s.execute("CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'secret'");
            List<String> hashes = column(s,
                    "SELECT authentication_string FROM mysql.user WHERE user IN ('sha', 'sha_b') ORDER BY user");
            assertTrue(hashes.get(0).startsWith("$A$005$"), hashes.get(0));
            assertEquals(70, hashes.get(0).length());
            assertFalse(hashes.get(0).equals(hashes.get(1)), "same password, different salts");
            assertEquals("*14E65567ABDB5135D0CFD9A70B3032C179A49EE7",
                    column(s, "SELECT authentication_string FROM mysql.user WHERE user = 'nat'").get(0));
            assertEquals("caching_sha2_password", column(s, "SELECT plugin FROM mysql.user WHERE user = 'sha'").get(0));
        }
        // full authentication (RSA), then fast authentication from the cache
        for (int i = 0; i < 2; i++) {
            try (Connection u = as("sha", "secret", null); Statement s = u.createStatement()) {
                assertEquals("sha@%", column(s, "SELECT CURRENT_USER()").get(0));
            }
        }
        try (Connection u = as("nat", "secret", null)) {
            assertTrue(u.isValid(2));
        }
        assertEquals(1045, errorOf(() -> as("nat", "wrong", null).close()));
        // without allowPublicKeyRetrieval, a cold cache needs RSA: Connector/J refuses itself
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
        }
        SQLException noKey = error(() -> DriverManager.getConnection(server.mysqlUrl(null, null)
                .replace("allowPublicKeyRetrieval=true", "allowPublicKeyRetrieval=false"), "sha", "secret").close());
        assertTrue(noKey.getMessage().contains("Public Key Retrieval is not allowed"), noKey.getMessage());
    }

    @Test
    void wrongPasswordLockedAndUnknownUserAreRefused() throws Exception {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'locky'@'%' IDENTIFIED BY 'pw' ACCOUNT LOCK");
            s.execute("CREATE USER 'plain'@'%' IDENTIFIED BY 'pw'");
        }
        SQLException wrong = error(() -> as("plain", "nope", null).close());
        assertEquals(1045, wrong.getErrorCode());
        assertEquals("28000", wrong.getSQLState());
        assertEquals("Access denied for user 'plain'@'localhost' (using password: YES)", wrong.getMessage());
        SQLException locked = error(() -> as("locky", "pw", null).close());
        assertEquals(3118, locked.getErrorCode());
        assertEquals("Access denied for user 'locky'@'localhost'. Account is locked.", locked.getMessage());
        assertEquals(1045, errorOf(() -> as("nobody", "pw", null).close()));
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("ALTER USER 'locky'@'%' ACCOUNT UNLOCK");
        }
        try (Connection u = as("locky", "pw", null)) {
            assertTrue(u.isValid(2));
        }
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("ALTER USER 'locky'@'%' ACCOUNT LOCK");
        }
        assertEquals(3118, errorOf(() -> as("locky", "pw", null).close()));
    }

    @Test
    void setPasswordForSelfAndOthers() throws Exception {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'sp'@'%' IDENTIFIED BY 'one'");
            s.execute("SET PASSWORD FOR 'sp'@'%' = 'two'");
        }
        try (Connection u = as("sp", "two", null); Statement s = u.createStatement()) {
            s.execute("SET PASSWORD = 'three'");
            // another account's password needs CREATE USER
            assertEquals(1227, errorOf(() -> s.execute("SET PASSWORD FOR 'root'@'localhost' = 'x'")));
            assertEquals(1227, errorOf(() -> s.execute("CREATE USER 'x'@'%'")));
        }
        try (Connection u = as("sp", "three", null)) {
            assertTrue(u.isValid(2));
        }
    }

    @Test
    void passwordsNeverShowInProcesslist() throws Exception {
        try (Connection c = root(); Statement s = c.createStatement()) {
            assertEquals("CREATE USER 'pl'@'%' IDENTIFIED BY <secret>",
                    SecretText.mask("CREATE USER 'pl'@'%' IDENTIFIED BY 'hunter2'"));
            assertEquals("ALTER USER u IDENTIFIED WITH caching_sha2_password BY <secret> REPLACE <secret>",
                    SecretText.mask("ALTER USER u IDENTIFIED WITH caching_sha2_password BY 'a' REPLACE 'b'"));
            assertEquals("SET PASSWORD FOR 'u'@'%' = <secret>", SecretText.mask("SET PASSWORD FOR 'u'@'%' = 'pw'"));
            assertEquals("CHANGE REPLICATION SOURCE TO SOURCE_USER='r', SOURCE_PASSWORD=<secret>",
                    SecretText.mask("CHANGE REPLICATION SOURCE TO SOURCE_USER='r', SOURCE_PASSWORD='pw'"));
            assertEquals("CLONE INSTANCE FROM 'u'@'h':3306 IDENTIFIED BY <secret>",
                    SecretText.mask("CLONE INSTANCE FROM 'u'@'h':3306 IDENTIFIED BY 'pw'"));
            // End to end: a CREATE USER blocked on the grant tables shows masked in SHOW FULL PROCESSLIST.
            Object system = server.instance().engine().system();
            Thread creator;
            synchronized (system) {
                creator = new Thread(() -> {
                    try (Connection other = root(); Statement o = other.createStatement()) {
                        o.execute("CREATE USER 'pl'@'%' IDENTIFIED BY 'hunter2'");
                    } catch (SQLException e) {
                        throw new RuntimeException(e);
                    }
                });
                creator.start();
                String seen = null;
                for (int i = 0; i < 100 && seen == null; i++) {
                    Thread.sleep(50);
                    try (ResultSet rs = s.executeQuery("SHOW FULL PROCESSLIST")) {
                        while (rs.next()) {
                            String info = rs.getString("Info");
                            if (info != null && info.startsWith("CREATE USER")) seen = info;
                        }
                    }
                }
                assertEquals("CREATE USER 'pl'@'%' IDENTIFIED BY <secret>", seen);
            }
            creator.join(10_000);
            assertEquals(List.of("pl"), column(s, "SELECT user FROM mysql.user WHERE user = 'pl'"));
        }
    }
}
