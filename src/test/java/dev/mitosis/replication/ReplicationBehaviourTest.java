package dev.mitosis.replication;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.createTableText;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Failure and configuration cases of replication, against live instances. */
class ReplicationBehaviourTest {
    /** SHOW REPLICA STATUS of one channel as name -> value, after waiting for a condition. */
    static Map<String, String> status(TestInstance t, String channel, java.util.function.Predicate<Map<String, String>> until)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            try (Connection c = t.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW REPLICA STATUS" + (channel == null ? "" : " FOR CHANNEL '" + channel + "'"))) {
                if (rs.next()) {
                    java.util.Map<String, String> m = new java.util.HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        m.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                    last = m;
                    if (until.test(m)) return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica status never matched: " + last);
    }

    @Test
    void restartingTheMiddleOfAChainWhileTheSourceWrites() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(11));
             TestInstance b = TestInstance.start(o -> o.serverId(12));
             TestInstance c = TestInstance.start(o -> o.serverId(13))) {
            sourceAccount(a);
            sourceAccount(b);
            replicate(b, a);
            replicate(c, b);
            exec(a, "CREATE DATABASE w", "CREATE TABLE w.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (Connection conn = a.connect(); Statement s = conn.createStatement()) {
                    while (!stop.get()) {
                        s.execute("INSERT INTO w.t (v) VALUES (" + written.incrementAndGet() + ")");
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            Thread.sleep(500);
            b.restart();
            Thread.sleep(500);
            stop.set(true);
            writer.join();
            caughtUp(b, a);
            caughtUp(c, a);
            assertEquals(checksums(a, "w.t"), checksums(c, "w.t"));
            assertEquals(one(a, "SELECT @@GLOBAL.gtid_executed"), one(c, "SELECT @@GLOBAL.gtid_executed"));
            assertTrue(written.get() > 50, "the source kept writing: " + written.get());
        }
    }

    @Test
    void aViewWithDateArithmeticReplicates() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(71));
             TestInstance b = TestInstance.start(o -> o.serverId(72))) {
            sourceAccount(a);
            replicate(b, a);
            // The replica applies the logged DDL text itself: it needs the column types as the source did.
            exec(a, "CREATE DATABASE dv", "CREATE TABLE dv.t (id INT PRIMARY KEY, d DATE)",
                    "INSERT INTO dv.t VALUES (1, '2024-11-22')", "USE dv", "CREATE VIEW v AS SELECT id, d + 1 AS next FROM t");
            caughtUp(b, a);
            assertEquals("20241123", one(b, "SELECT next FROM dv.v"));
        }
    }

    @Test
    void relayLogForcedAtEverySyncRelayLogEvents() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(75));
             TestInstance b = TestInstance.start(o -> o.serverId(76))) {
            assertEquals("10000", one(b, "SELECT @@GLOBAL.sync_relay_log"));
            exec(b, "SET GLOBAL sync_relay_log = 1");
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE sr", "CREATE TABLE sr.t (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO sr.t VALUES (1, 'a'), (2, 'b')", "UPDATE sr.t SET v = 'c' WHERE id = 2");
            caughtUp(b, a);
            assertEquals(checksums(a, "sr.t"), checksums(b, "sr.t"));
            assertEquals("1", one(b, "SELECT @@GLOBAL.sync_relay_log"));
        }
    }

    @Test
    void aMultiTableUpdateReplicatesTheRowsItChanged() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(73));
             TestInstance b = TestInstance.start(o -> o.serverId(74))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE mu", "CREATE TABLE mu.p (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20), qty INT)",
                    "CREATE TABLE mu.c (id INT PRIMARY KEY, pid INT, note VARCHAR(10))",
                    "INSERT INTO mu.p (name, qty) VALUES ('a', 1), ('b', 2), ('c', 3)",
                    "INSERT INTO mu.c VALUES (1, 1, 'c1'), (2, 3, 'c3'), (3, 3, 'c3')",
                    "UPDATE mu.p JOIN mu.c ON mu.c.pid = mu.p.id SET mu.p.qty = mu.p.qty + 10 WHERE mu.c.note = 'c3'",
                    "UPDATE mu.p AS x, mu.c AS y SET y.note = x.name WHERE y.pid = x.id AND x.id = 1");
            caughtUp(b, a);
            assertEquals("1,2,13", one(b, "SELECT GROUP_CONCAT(qty ORDER BY id) FROM mu.p"));
            assertEquals("a,c3,c3", one(b, "SELECT GROUP_CONCAT(note ORDER BY id) FROM mu.c"));
            assertEquals(checksums(a, "mu.p"), checksums(b, "mu.p"));
        }
    }

    @Test
    void createTableLikeReplicatesTheWholeDefinition() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(73));
             TestInstance b = TestInstance.start(o -> o.serverId(74))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE dl", "CREATE DATABASE dl2", "USE dl",
                    "CREATE TABLE p (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL DEFAULT 'x', qty INT,"
                            + " UNIQUE KEY uq (name), KEY k (qty))",
                    "CREATE TABLE p2 LIKE p", "CREATE TABLE dl2.q LIKE dl.p",
                    "CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT AS (a * 2))", "CREATE TABLE g2 LIKE g",
                    "INSERT INTO dl.g2 (id, a) VALUES (1, 5), (2, 6)", "UPDATE dl.g2 SET a = 7 WHERE id = 2");
            caughtUp(b, a);
            // Rows with generated columns replicate: the replica's copy computes them itself.
            assertEquals("10,14", one(b, "SELECT GROUP_CONCAT(b ORDER BY id) FROM dl.g2"));
            String copy = createTableText(a, "dl.p2");
            assertTrue(copy.contains("UNIQUE KEY `uq`") && copy.contains("AUTO_INCREMENT"), copy);
            assertEquals(copy, createTableText(b, "dl.p2"));
            assertEquals(createTableText(a, "dl2.q"), createTableText(b, "dl2.q"));
            StringBuilder binlog = new StringBuilder();
            try (Connection c = a.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS")) {
                while (rs.next()) binlog.append(rs.getString("Info")).append('\n');
            }
            assertTrue(binlog.toString().contains("CREATE TABLE p2 LIKE p"), "logged as written: " + binlog);
            assertEquals(createTableText(a, "dl.p").replace("`p`", "`q`"), createTableText(b, "dl2.q"));
        }
    }

    @Test
    void ignoreServerIdsSkipsTransactionsOfThoseOriginsUntilCleared() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(61));
             TestInstance b = TestInstance.start(o -> o.serverId(62))) {
            sourceAccount(a);
            replicate(b, a, ", IGNORE_SERVER_IDS = (99, 61, 99)");
            exec(a, "CREATE DATABASE ig", "CREATE TABLE ig.t (id INT PRIMARY KEY)", "INSERT INTO ig.t VALUES (1)");
            String end;
            try (Connection conn = a.connect(); Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SHOW BINARY LOG STATUS")) {
                rs.next();
                end = rs.getString("Position");
            }
            // b has read all of a's log, and applied none of it.
            Map<String, String> s = status(b, null, m -> end.equals(m.get("Read_Source_Log_Pos")));
            assertEquals("61, 99", s.get("Replicate_Ignore_Server_Ids"));
            assertEquals("", s.get("Retrieved_Gtid_Set"));
            assertEquals("0", one(b, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'ig'"));
            assertEquals("", one(b, "SELECT @@GLOBAL.gtid_executed"));
            exec(b, "STOP REPLICA", "CHANGE REPLICATION SOURCE TO IGNORE_SERVER_IDS = ()", "START REPLICA");
            caughtUp(b, a);
            assertEquals("1", one(b, "SELECT COUNT(*) FROM ig.t"));
        }
    }

    @Test
    void purgedBinaryLogsStopTheReceiverWith13114() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(21));
             TestInstance b = TestInstance.start(o -> o.serverId(22))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE p", "CREATE TABLE p.t (id INT PRIMARY KEY)", "INSERT INTO p.t VALUES (1)",
                    "FLUSH BINARY LOGS", "INSERT INTO p.t VALUES (2)", "FLUSH BINARY LOGS");
            String current = one(a, "SHOW BINARY LOG STATUS");
            exec(a, "PURGE BINARY LOGS TO '" + current + "'");
            replicate(b, a);
            Map<String, String> s = status(b, null, m -> "No".equals(m.get("Replica_IO_Running")) && !"0".equals(m.get("Last_IO_Errno")));
            assertEquals("13114", s.get("Last_IO_Errno"));
            String err = s.get("Last_IO_Error");
            assertTrue(err.startsWith("Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate"
                    + " because the source purged required binary logs."), err);
            assertTrue(err.contains("and the missing transactions are '" + a.instance().serverUuid() + ":1-"), err);
            assertEquals("Yes", s.get("Replica_SQL_Running"));
        }
    }

    @Test
    void filePositionReplicationFromBinaryLogStatusCoordinates() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(31));
             TestInstance b = TestInstance.start(o -> o.serverId(32))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE fp", "CREATE TABLE fp.t (id INT PRIMARY KEY, v VARCHAR(10))");
            // b gets the schema by hand, then replicates from the coordinates after it.
            exec(b, "SET sql_log_bin = 0", "CREATE DATABASE fp", "CREATE TABLE fp.t (id INT PRIMARY KEY, v VARCHAR(10))");
            String file;
            long pos;
            try (Connection conn = a.connect(); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SHOW BINARY LOG STATUS")) {
                rs.next();
                file = rs.getString("File");
                pos = rs.getLong("Position");
            }
            exec(a, "INSERT INTO fp.t VALUES (1, 'one'), (2, 'two')", "UPDATE fp.t SET v = 'TWO' WHERE id = 2");
            // Without GET_SOURCE_PUBLIC_KEY the account needs caching_sha2's fast path: one earlier
            // login (full authentication by RSA) has filled the source's cache, as in MySQL.
            try (Connection warm = java.sql.DriverManager.getConnection(a.mysqlUrl(null, null), "repl", "repl-pw")) {
                assertTrue(warm.isValid(5));
            }
            exec(b, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + a.host() + "', SOURCE_PORT=" + a.port()
                    + ", SOURCE_LOG_FILE='" + file + "', SOURCE_LOG_POS=" + pos + ", SOURCE_CONNECT_RETRY=1",
                    "START REPLICA USER='repl' PASSWORD='repl-pw'");
            status(b, null, m -> "Yes".equals(m.get("Replica_IO_Running")));
            // b's schema came by hand (no GTIDs of a): wait for the data, not for a's whole GTID set.
            String expected = checksums(a, "fp.t");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!expected.equals(checksums(b, "fp.t")) && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(expected, checksums(b, "fp.t"));
            Map<String, String> s = status(b, null, m -> true);
            assertEquals(file, s.get("Relay_Source_Log_File"));
            assertEquals("0", s.get("Auto_Position"));
        }
    }

    @Test
    void twoChannelsFromTwoSourcesIntoOneReplica() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(41));
             TestInstance b = TestInstance.start(o -> o.serverId(42));
             TestInstance r = TestInstance.start(o -> o.serverId(43))) {
            sourceAccount(a);
            sourceAccount(b);
            exec(a, "CREATE DATABASE from_a", "CREATE TABLE from_a.t (id INT PRIMARY KEY)", "INSERT INTO from_a.t VALUES (1)");
            exec(b, "CREATE DATABASE from_b", "CREATE TABLE from_b.t (id INT PRIMARY KEY)", "INSERT INTO from_b.t VALUES (2)");
            // The channels apply these DDL at the same time: CREATE SCHEMA on one and CREATE TABLE
            // on the other used to wait for each other in the engine for 50 s (Engine.ddlLock).
            for (int i = 0; i < 5; i++) {
                exec(a, "CREATE DATABASE a_" + i, "CREATE TABLE a_" + i + ".t (id INT PRIMARY KEY)");
                exec(b, "CREATE DATABASE b_" + i, "CREATE TABLE b_" + i + ".t (id INT PRIMARY KEY)");
            }
            for (var x : new Object[][] {{"a", a}, {"b", b}}) {
                TestInstance src = (TestInstance) x[1];
                exec(r, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + src.host() + "', SOURCE_PORT=" + src.port()
                        + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1,"
                        + " GET_SOURCE_PUBLIC_KEY=1 FOR CHANNEL '" + x[0] + "'");
            }
            exec(r, "START REPLICA");
            caughtUp(r, a);
            caughtUp(r, b);
            assertEquals("1", one(r, "SELECT id FROM from_a.t"));
            assertEquals("2", one(r, "SELECT id FROM from_b.t"));
            String executed = one(r, "SELECT @@GLOBAL.gtid_executed");
            assertTrue(executed.contains(a.instance().serverUuid()) && executed.contains(b.instance().serverUuid()), executed);
            assertEquals("a", status(r, "a", m -> true).get("Channel_Name"));
            exec(r, "STOP REPLICA FOR CHANNEL 'b'");
            assertEquals("No", status(r, "b", m -> "No".equals(m.get("Replica_IO_Running"))).get("Replica_SQL_Running"));
            assertEquals("Yes", status(r, "a", m -> true).get("Replica_IO_Running"));
        }
    }

    @Test
    void aSilentSourceIsReconnectedToAfterReplicaNetTimeout() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(93));
             TestInstance b = TestInstance.start(o -> o.serverId(94))) {
            sourceAccount(a);
            exec(b, "SET GLOBAL replica_net_timeout = 1");
            // No heartbeats: an idle source sends nothing at all, which the replica must take for a dead link.
            replicate(b, a, ", SOURCE_HEARTBEAT_PERIOD = 0");
            String first = dumpThreadIds(a, null);
            String later = dumpThreadIds(a, first);
            assertTrue(!later.isEmpty() && !later.equals(first), first + " -> " + later);
            exec(a, "CREATE DATABASE quiet", "CREATE TABLE quiet.t (id INT PRIMARY KEY)", "INSERT INTO quiet.t VALUES (7)");
            caughtUp(b, a);
            assertEquals("7", one(b, "SELECT id FROM quiet.t"));
        }
    }

    /** The ids of the source's dump threads, once there is one and it differs from {@code before} (null: any). */
    private static String dumpThreadIds(TestInstance source, String before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String ids = "";
        while (System.nanoTime() < deadline) {
            ids = String.join(",", dev.mitosis.testing.Replication.column(source,
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump GTID' ORDER BY ID"));
            if (!ids.isEmpty() && !ids.equals(before)) return ids;
            Thread.sleep(100);
        }
        return ids;
    }

    @Test
    void cachingSha2AccountNeedsTheSourcePublicKeyOverPlainTcp() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(51));
             TestInstance b = TestInstance.start(o -> o.serverId(52))) {
            sourceAccount(a);
            exec(b, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + a.host() + "', SOURCE_PORT=" + a.port()
                    + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=1",
                    "START REPLICA");
            Map<String, String> s = status(b, null, m -> "2061".equals(m.get("Last_IO_Errno")));
            assertTrue(s.get("Last_IO_Error").contains("Authentication plugin 'caching_sha2_password' reported error:"
                    + " Authentication requires secure connection."), s.get("Last_IO_Error"));
            assertEquals("Connecting", s.get("Replica_IO_Running"));
            exec(b, "STOP REPLICA", "CHANGE REPLICATION SOURCE TO GET_SOURCE_PUBLIC_KEY=1", "START REPLICA");
            status(b, null, m -> "Yes".equals(m.get("Replica_IO_Running")) && "0".equals(m.get("Last_IO_Errno")));
        }
    }

    @Test
    void applierErrorsStopTheSqlThreadWithMysqlCodesAndReadsGoOn() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(61));
             TestInstance b = TestInstance.start(o -> o.serverId(62))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE e", "CREATE TABLE e.t (id INT PRIMARY KEY, v INT)", "INSERT INTO e.t VALUES (1, 1)");
            caughtUp(b, a);
            // A row the replica has already: 1062.
            exec(b, "SET sql_log_bin = 0", "INSERT INTO e.t VALUES (2, 0)");
            exec(a, "INSERT INTO e.t VALUES (2, 2)");
            Map<String, String> s = status(b, null, m -> "No".equals(m.get("Replica_SQL_Running")));
            assertEquals("1062", s.get("Last_SQL_Errno"));
            assertEquals("1062", s.get("Last_Errno"));
            // The parallel applier (replica_parallel_workers=4 by default) words it as MySQL's coordinator.
            String gtid = one(a, "SELECT @@GLOBAL.server_uuid") + ":4";
            assertTrue(s.get("Last_SQL_Error").matches("Coordinator stopped because there were error\\(s\\) in the worker\\(s\\)\\."
                    + " The most recent failure being: Worker [1-4] failed executing transaction '" + gtid + "' at source log"
                    + " binlog\\.000001, end_log_pos \\d+\\. See error log and/or performance_schema\\."
                    + "replication_applier_status_by_worker table for more details about this failure or others, if any\\."),
                    s.get("Last_SQL_Error"));
            String workerError = one(b, "SELECT LAST_ERROR_MESSAGE FROM performance_schema.replication_applier_status_by_worker"
                    + " WHERE LAST_ERROR_NUMBER = 1062");
            assertTrue(workerError.matches("Worker [1-4] failed executing transaction '" + gtid + "' at source log binlog\\.000001,"
                    + " end_log_pos \\d+; Could not execute Write_rows event on table e\\.t; Duplicate entry '2' for key"
                    + " 't\\.PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; .*"), workerError);
            assertEquals("Yes", s.get("Replica_IO_Running"));
            assertEquals(null, s.get("Seconds_Behind_Source"));
            assertEquals("1", one(b, "SELECT v FROM e.t WHERE id = 1"), "reads go on");
            // Fix the data, start again: the failed transaction is applied, not lost.
            exec(b, "SET sql_log_bin = 0", "DELETE FROM e.t WHERE id = 2", "START REPLICA SQL_THREAD");
            caughtUp(b, a);
            assertEquals("2", one(b, "SELECT v FROM e.t WHERE id = 2"));
            // A row the replica lacks: 1032, from the single-threaded applier (worker 0), which words it alone.
            exec(b, "STOP REPLICA SQL_THREAD", "SET GLOBAL replica_parallel_workers = 0", "START REPLICA SQL_THREAD");
            assertEquals("0", one(b, "SELECT GROUP_CONCAT(WORKER_ID) FROM performance_schema.replication_applier_status_by_worker"));
            exec(b, "SET sql_log_bin = 0", "DELETE FROM e.t WHERE id = 1");
            exec(a, "UPDATE e.t SET v = 10 WHERE id = 1");
            s = status(b, null, m -> "No".equals(m.get("Replica_SQL_Running")));
            assertEquals("1032", s.get("Last_SQL_Errno"));
            assertTrue(s.get("Last_SQL_Error").startsWith("Could not execute Update_rows event on table e.t; Can't find record"
                    + " in 't', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND;"), s.get("Last_SQL_Error"));
        }
    }

    @Test
    void equalServerIdsAreRefusedWith1593() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(71));
             TestInstance b = TestInstance.start(o -> o.serverId(71))) {
            sourceAccount(a);
            replicate(b, a);
            Map<String, String> s = status(b, null, m -> "1593".equals(m.get("Last_IO_Errno")));
            assertTrue(s.get("Last_IO_Error").startsWith("Fatal error: The replica I/O thread stops because source and replica"
                    + " have equal MySQL server ids"), s.get("Last_IO_Error"));
            status(b, null, m -> "No".equals(m.get("Replica_IO_Running")));
        }
    }
}
