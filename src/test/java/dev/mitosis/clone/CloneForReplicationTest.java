package dev.mitosis.clone;

import static dev.mitosis.clone.CloneInstanceTest.cloneFrom;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a clone carries for replication (scenarios/clone-for-replication.md). */
class CloneForReplicationTest {
    private static void donorSetup(TestInstance donor, TestInstance recipient) throws Exception {
        for (TestInstance t : List.of(donor, recipient)) exec(t, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
        exec(donor, "SET sql_log_bin = 0", "CREATE USER 'cl'@'%' IDENTIFIED BY 'cl-pw'", "GRANT BACKUP_ADMIN ON *.* TO 'cl'@'%'",
                "SET sql_log_bin = 1");
        exec(recipient, "SET GLOBAL clone_valid_donor_list = '" + donor.host() + ":" + donor.port() + "'");
    }

    private static String replicaStatus(TestInstance t, String column, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String v = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                if (rs.next()) {
                    v = rs.getString(column);
                    if (expected == null || expected.equals(v)) return v;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(column + " stayed " + v + ", expected " + expected);
    }

    @Test
    void theChannelClonedFromAReplicaResumesWithStartReplicaAlone() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             TestInstance b = TestInstance.start(o -> o.serverId(2));
             TestInstance c = TestInstance.start(o -> o.serverId(3))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE r", "CREATE TABLE r.t (id INT PRIMARY KEY)", "INSERT INTO r.t VALUES (1), (2)");
            caughtUp(b, a);
            donorSetup(b, c);
            cloneFrom(c, b, "cl", "cl-pw");
            exec(a, "INSERT INTO r.t VALUES (3)");
            assertEquals("No", replicaStatus(c, "Replica_IO_Running", null));
            exec(c, "START REPLICA");
            caughtUp(c, a);
            assertEquals(checksums(a, "r.t"), checksums(c, "r.t"));
            assertEquals(a.host(), replicaStatus(c, "Source_Host", null));
        }
    }

    @Test
    void filePositionAttachFromCloneStatusCoordinates() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(11));
             TestInstance c = TestInstance.start(o -> o.serverId(13))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE f", "CREATE TABLE f.t (id INT PRIMARY KEY, v INT)", "INSERT INTO f.t VALUES (1, 1)");
            donorSetup(a, c);
            cloneFrom(c, a, "cl", "cl-pw");
            exec(a, "INSERT INTO f.t VALUES (2, 2)", "UPDATE f.t SET v = 10 WHERE id = 1");
            String file = one(c, "SELECT BINLOG_FILE FROM performance_schema.clone_status");
            String pos = one(c, "SELECT BINLOG_POSITION FROM performance_schema.clone_status");
            // The replication account's first login filled the source's caching_sha2 cache (fast auth).
            try (Connection warm = java.sql.DriverManager.getConnection(a.mysqlUrl(null, null), "repl", "repl-pw")) {
                assertTrue(warm.isValid(5));
            }
            exec(c, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + a.host() + "', SOURCE_PORT=" + a.port()
                    + ", SOURCE_LOG_FILE='" + file + "', SOURCE_LOG_POS=" + pos,
                    "START REPLICA USER='repl' PASSWORD='repl-pw'");
            caughtUp(c, a);
            // Nothing missing, nothing twice: the same rows and the same GTIDs.
            assertEquals(checksums(a, "f.t"), checksums(c, "f.t"));
            assertEquals(one(a, "SELECT @@GLOBAL.gtid_executed"), one(c, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals("0", replicaStatus(c, "Last_SQL_Errno", "0"));
        }
    }

    @Test
    void purgedLogsAfterACloneGive1236OnlyWithoutTheRetentionWindow() throws Exception {
        for (boolean retention : new boolean[] {false, true}) {
            try (TestInstance a = TestInstance.start(o -> o.serverId(21));
                 TestInstance c = TestInstance.start(o -> o.serverId(23))) {
                sourceAccount(a);
                if (!retention) exec(a, "SET GLOBAL clone_donor_binlog_retention_seconds = 0");
                exec(a, "CREATE DATABASE p", "CREATE TABLE p.t (id INT PRIMARY KEY)", "INSERT INTO p.t VALUES (1)");
                donorSetup(a, c);
                cloneFrom(c, a, "cl", "cl-pw");
                exec(a, "INSERT INTO p.t VALUES (2)", "FLUSH BINARY LOGS", "INSERT INTO p.t VALUES (3)", "FLUSH BINARY LOGS");
                String current = one(a, "SHOW BINARY LOG STATUS");
                exec(a, "PURGE BINARY LOGS TO '" + current + "'");
                replicate(c, a);
                if (retention) {
                    caughtUp(c, a);
                    assertEquals(checksums(a, "p.t"), checksums(c, "p.t"));
                } else {
                    assertEquals("13114", replicaStatus(c, "Last_IO_Errno", "13114"));
                    assertTrue(replicaStatus(c, "Last_IO_Error", null).contains("Cannot replicate because the source purged"
                            + " required binary logs."));
                }
            }
        }
    }
}
