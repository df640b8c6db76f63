package dev.mitosis.clone;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CLONE INSTANCE between live instances: a -> b replicating under load, c cloned from b, then a -> b -> c. */
class CloneInstanceTest {
    /** Runs CLONE INSTANCE; the session is closed by the recipient's restart, so its error is expected. */
    static void cloneFrom(TestInstance recipient, TestInstance donor, String user, String password) throws Exception {
        try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
            s.execute("CLONE INSTANCE FROM '" + user + "'@'" + donor.host() + "':" + donor.port()
                    + " IDENTIFIED BY '" + password + "'");
        } catch (SQLException closedByRestart) {
            // Lost connection: the recipient restarted on the cloned data.
        }
    }

    @Test
    void chainByCloneWithAWriteLoadOnTheSource() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             TestInstance b = TestInstance.start(o -> o.serverId(2));
             TestInstance c = TestInstance.start(o -> o.serverId(3))) {
            sourceAccount(a);
            sourceAccount(b);
            replicate(b, a);
            exec(a, "CREATE DATABASE d1", "CREATE TABLE d1.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(50))",
                    "CREATE DATABASE d2", "CREATE TABLE d2.u (k INT PRIMARY KEY, n BIGINT)");
            for (int i = 0; i < 200; i++) exec(a, "INSERT INTO d2.u VALUES (" + i + ", " + i * i + ")");
            caughtUp(b, a);
            for (TestInstance t : List.of(b, c)) exec(t, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
            exec(b, "SET sql_log_bin = 0", "CREATE USER 'donor_clone_user'@'%' IDENTIFIED BY 'clone-pw'",
                    "GRANT BACKUP_ADMIN ON *.* TO 'donor_clone_user'@'%'", "SET sql_log_bin = 1");
            exec(c, "SET GLOBAL clone_valid_donor_list = '" + b.host() + ":" + b.port() + "'");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (Connection conn = a.connect(); Statement s = conn.createStatement()) {
                    while (!stop.get()) {
                        s.execute("INSERT INTO d1.t (v) VALUES ('row " + written.incrementAndGet() + "')");
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            try {
                Thread.sleep(300);
                cloneFrom(c, b, "donor_clone_user", "clone-pw");
                // c is back on the same port with b's data and accounts, and its own server_uuid.
                assertEquals("Completed", one(c, "SELECT STATE FROM performance_schema.clone_status"));
                assertEquals(List.of("Completed", "Completed", "Completed", "Completed", "Completed", "Completed",
                        "Completed"), column(c, "SELECT STATE FROM performance_schema.clone_progress"));
                String cloned = one(c, "SELECT GTID_EXECUTED FROM performance_schema.clone_status");
                assertEquals(cloned, one(c, "SELECT @@GLOBAL.gtid_executed"));
                assertEquals(cloned, one(c, "SELECT @@GLOBAL.gtid_purged"));
                assertTrue(one(c, "SELECT BINLOG_FILE FROM performance_schema.clone_status").startsWith("binlog."));
                assertEquals(c.instance().serverUuid(), one(c, "SELECT @@server_uuid"));
                assertTrue(column(c, "SELECT user FROM mysql.user").contains("donor_clone_user"));
                // The channel of b came along, stopped: re-point it to b.
                assertEquals(a.host(), one(c, "SELECT HOST FROM performance_schema.replication_connection_configuration"));
                exec(c, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + b.host() + "', SOURCE_PORT=" + b.port()
                        + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1",
                        "START REPLICA");
                Thread.sleep(300);
            } finally {
                stop.set(true);
                writer.join();
            }
            caughtUp(b, a);
            caughtUp(c, a);
            String tables = "d1.t, d2.u";
            assertEquals(checksums(a, tables), checksums(b, tables));
            assertEquals(checksums(a, tables), checksums(c, tables));
            String gtids = one(a, "SELECT @@GLOBAL.gtid_executed");
            assertEquals(gtids, one(c, "SELECT @@GLOBAL.gtid_executed"));
            exec(a, "CREATE DATABASE db8");
            caughtUp(c, a);
            assertTrue(column(c, "SHOW DATABASES").contains("db8"));
            assertTrue(written.get() > 20, "a kept taking writes during the clone: " + written.get());
        }
    }

    @Test
    void misconfigurationsAreRefusedWithMysqlErrors() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(5));
             TestInstance recipient = TestInstance.start(o -> o.serverId(6))) {
            String from = "'%s'@'" + donor.host() + "':" + donor.port() + " IDENTIFIED BY '%s'";
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                assertError(1524, "HY000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "u", "p")));
            }
            exec(recipient, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
            exec(donor, "CREATE USER 'nobackup'@'%' IDENTIFIED BY 'pw'", "CREATE USER 'backup'@'%' IDENTIFIED BY 'pw'",
                    "GRANT BACKUP_ADMIN ON *.* TO 'backup'@'%'");
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                // Not in clone_valid_donor_list: 3869.
                SQLException e = assertError(3869, "HY000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "backup", "pw")));
                assertEquals("Clone system configuration: " + donor.host() + ":" + donor.port()
                        + " is not found in clone_valid_donor_list: ", e.getMessage());
                s.execute("SET GLOBAL clone_valid_donor_list = '" + donor.host() + ":" + donor.port() + "'");
                // Wrong password: 3862 wrapping 1045.
                e = assertError(3862, "HY000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "backup", "wrong")));
                assertTrue(e.getMessage().startsWith("Clone Donor Error: Connect failed: 1045 : Access denied for user 'backup'"),
                        e.getMessage());
                // Plugin not installed on the donor, then no BACKUP_ADMIN: 3862 wrapping 1524 / 1227.
                e = assertError(3862, "HY000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "backup", "pw")));
                assertEquals("Clone Donor Error: 1524 : Plugin 'clone' is not loaded.", e.getMessage());
                exec(donor, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
                e = assertError(3862, "HY000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "nobackup", "pw")));
                assertEquals("Clone Donor Error: 1227 : Access denied; you need (at least one of) the BACKUP_ADMIN"
                        + " privilege(s) for this operation.", e.getMessage());
                assertEquals("Failed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
                assertEquals("3862", one(recipient, "SELECT ERROR_NO FROM performance_schema.clone_status"));
            }
            // A user without CLONE_ADMIN: 1227.
            exec(recipient, "CREATE USER 'weak'@'%' IDENTIFIED BY 'pw'");
            try (Connection c = java.sql.DriverManager.getConnection(recipient.mysqlUrl(null, null), "weak", "pw");
                 Statement s = c.createStatement()) {
                assertError(1227, "42000", () -> s.execute("CLONE INSTANCE FROM " + String.format(from, "backup", "pw")));
            }
            // The recipient's data is untouched by the failures.
            assertTrue(column(recipient, "SELECT user FROM mysql.user").contains("weak"));
        }
    }

    @Test
    void cloneIntoADataDirectoryAndLocalClone() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(7));
             TestInstance recipient = TestInstance.start(o -> o.serverId(8))) {
            for (TestInstance t : List.of(donor, recipient)) exec(t, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
            exec(donor, "CREATE DATABASE dd", "CREATE TABLE dd.t (id INT PRIMARY KEY)", "INSERT INTO dd.t VALUES (1), (2)",
                    "CREATE USER 'backup'@'%' IDENTIFIED BY 'pw'", "GRANT BACKUP_ADMIN ON *.* TO 'backup'@'%'");
            exec(recipient, "SET GLOBAL clone_valid_donor_list = '" + donor.host() + ":" + donor.port() + "'");
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("clone-dir-").resolve("copy");
            java.nio.file.Path local = dir.resolveSibling("local");
            try {
                exec(recipient, "CLONE INSTANCE FROM 'backup'@'" + donor.host() + "':" + donor.port()
                        + " IDENTIFIED BY 'pw' DATA DIRECTORY = '" + dir + "'");
                exec(donor, "CLONE LOCAL DATA DIRECTORY '" + local + "'");
                try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                    assertError(1007, "HY000", () -> s.execute("CLONE INSTANCE FROM 'backup'@'" + donor.host() + "':"
                            + donor.port() + " IDENTIFIED BY 'pw' DATA DIRECTORY = '" + dir + "'"));
                }
                for (java.nio.file.Path p : List.of(dir, local)) {
                    try (TestInstance copy = TestInstance.startIn(p, o -> o.serverId(9))) {
                        assertEquals("2", one(copy, "SELECT COUNT(*) FROM dd.t"));
                    }
                }
            } finally {
                TestInstance.deleteTree(dir.getParent());
            }
        }
    }
}
