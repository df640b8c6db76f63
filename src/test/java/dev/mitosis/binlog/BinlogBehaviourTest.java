package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What reaches the log and the GTID state: rolled back statements, transactions and savepoints
 * leave nothing; unchanged rows and FK cascades are not logged; gtid_next, sql_log_bin,
 * gtid_purged and the GTID functions; rotation, restart, PURGE and RESET.
 */
class BinlogBehaviourTest {
    static TestInstance server;

    @BeforeAll
    static void start() throws Exception {
        server = TestInstance.start(b -> b.set("max_binlog_size", 8192));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Row images of table {@code table} in the whole log, as "I:1", "U:1>2", "D:1" (first column). */
    static List<String> loggedRows(String db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        Path dir = server.datadir();
        for (String name : BinaryLog.readIndex(dir)) {
            for (BinlogApplier.Transaction t : BinlogApplier.read(dir.resolve(name), null)) {
                for (BinlogEvent e : t.events()) {
                    if (e.data() instanceof WriteRowsEventData w && w.table().table().equals(table) && w.table().database().equals(db)) {
                        for (Row r : w.rows()) out.add("I:" + r.get(0));
                    } else if (e.data() instanceof DeleteRowsEventData d && d.table().table().equals(table) && d.table().database().equals(db)) {
                        for (Row r : d.rows()) out.add("D:" + r.get(0));
                    } else if (e.data() instanceof UpdateRowsEventData u && u.table().table().equals(table) && u.table().database().equals(db)) {
                        for (UpdateRowsEventData.Change c : u.rows()) out.add("U:" + c.before().get(0) + ">" + c.after().get(0));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void rolledBackWorkLeavesNothing() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE rb");
            s.execute("USE rb");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            String before = one(s, "SELECT @@GLOBAL.gtid_executed");
            s.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (1, 0)");
            s.execute("SAVEPOINT a");
            s.execute("INSERT INTO t VALUES (2, 0)");
            s.execute("ROLLBACK TO SAVEPOINT a");
            s.execute("INSERT INTO t VALUES (3, 0)");
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (4, 0), (1, 0)"));
            s.execute("COMMIT");
            s.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (5, 0)");
            s.execute("ROLLBACK");
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (6, 0), (3, 0)"));
            s.execute("UPDATE t SET v = 0"); // no row changes: no transaction
            GtidSet after = GtidSet.parse(one(s, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(1, after.subtract(GtidSet.parse(before)).count(), "one transaction committed");
            assertEquals(List.of("I:1", "I:3"), loggedRows("rb", "t"));
            assertEquals("2", one(s, "SELECT COUNT(*) FROM t"));
        }
    }

    @Test
    void cascadedRowsAreNotLogged() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE fk");
            s.execute("USE fk");
            s.execute("CREATE TABLE parent (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE)");
            s.execute("INSERT INTO parent VALUES (1), (2)");
            s.execute("INSERT INTO child VALUES (10, 1), (11, 1), (12, 2)");
            s.execute("DELETE FROM parent WHERE id = 1");
            assertEquals("1", one(s, "SELECT COUNT(*) FROM child"));
            assertEquals(List.of("I:10", "I:11", "I:12"), loggedRows("fk", "child"));
            assertEquals(List.of("I:1", "I:2", "D:1"), loggedRows("fk", "parent"));
        }
    }

    @Test
    void gtidNextSqlLogBinAndFunctions() throws Exception {
        String other = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE g");
            s.execute("USE g");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("SET gtid_next = '" + other + ":7'");
            s.execute("INSERT INTO t VALUES (1)");
            SQLException undefined = assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (2)"));
            assertEquals(1837, undefined.getErrorCode());
            s.execute("SET gtid_next = '" + other + ":8'");
            s.execute("BEGIN");
            s.execute("COMMIT"); // empty transaction: the skip idiom
            s.execute("SET gtid_next = '" + other + ":7'"); // executed already: skipped
            s.execute("INSERT INTO t VALUES (3)");
            s.execute("SET gtid_next = 'AUTOMATIC'");
            assertEquals("1", one(s, "SELECT COUNT(*) FROM t"));
            GtidSet executed = GtidSet.parse(one(s, "SELECT @@GLOBAL.gtid_executed"));
            assertTrue(executed.containsAll(GtidSet.parse(other + ":7-8")), executed.toString());
            assertEquals(1782, assertThrows(SQLException.class, () -> s.execute("SET gtid_next = 'ANONYMOUS'")).getErrorCode());
            assertEquals(1773, assertThrows(SQLException.class, () -> s.execute("SET gtid_next = 'nonsense'")).getErrorCode());

            s.execute("SET sql_log_bin = 0");
            s.execute("INSERT INTO t VALUES (4)");
            s.execute("SET sql_log_bin = 1");
            assertEquals(executed, GtidSet.parse(one(s, "SELECT @@GLOBAL.gtid_executed")));
            assertFalse(loggedRows("g", "t").contains("I:4"));

            assertEquals("1", one(s, "SELECT GTID_SUBSET('" + other + ":7', @@GLOBAL.gtid_executed)"));
            assertEquals("0", one(s, "SELECT GTID_SUBSET('" + other + ":1-7', @@GLOBAL.gtid_executed)"));
            assertEquals(other + ":1-6:9-10", one(s, "SELECT GTID_SUBTRACT('" + other + ":1-10', '" + other + ":7-8')"));
            assertEquals("0", one(s, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + other + ":7', 1)"));
            assertEquals("1", one(s, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + other + ":99', 0.2)"));
            assertEquals(1772, assertThrows(SQLException.class, () -> one(s, "SELECT GTID_SUBSET('x:y', '')")).getErrorCode());
        }
    }

    @Test
    void rotationRestartPurgeAndReset() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE rot");
            s.execute("USE rot");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(200))");
            for (int i = 0; i < 200; i++) s.execute("INSERT INTO t VALUES (" + i + ", '" + "x".repeat(150) + "')");
            s.execute("FLUSH BINARY LOGS");
        }
        server.restart();
        List<String> files = BinaryLog.readIndex(server.datadir());
        assertTrue(files.size() >= 4, "rotated: " + files);
        // Each file's PREVIOUS_GTIDS = every GTID before it; closed files end with ROTATE or STOP.
        GtidSet seen = BinaryLog.previousGtids(server.datadir().resolve(files.get(0)));
        for (int f = 0; f < files.size(); f++) {
            Path p = server.datadir().resolve(files.get(f));
            assertEquals(seen, BinaryLog.previousGtids(p), "PREVIOUS_GTIDS of " + files.get(f));
            for (BinlogApplier.Transaction t : BinlogApplier.read(p, null)) seen = seen.add(t.gtid());
            List<EventData> events = new ArrayList<>();
            try (BinlogFileScanner sc = new BinlogFileScanner(p)) {
                for (BinlogEvent e = sc.next(); e != null; e = sc.next()) events.add(e.data());
            }
            if (f < files.size() - 1) {
                EventData last = events.get(events.size() - 1);
                assertTrue(last instanceof RotateEventData || last instanceof StopEventData, files.get(f) + " ends with " + last);
            }
        }
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            GtidSet executed = GtidSet.parse(one(s, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(executed, seen, "gtid_executed after restart");
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOG STATUS")) {
                rs.next();
                assertEquals(files.get(files.size() - 1), rs.getString("File"));
                // A fresh file: FDE, PREVIOUS_GTIDS and nothing else.
                assertEquals(Files.size(server.datadir().resolve(files.get(files.size() - 1))), rs.getLong("Position"));
                assertEquals(127 + 19 + 4 + executed.binarySize(), rs.getLong("Position"));
                assertEquals(executed, GtidSet.parse(rs.getString("Executed_Gtid_Set")));
            }
            String target = files.get(2);
            GtidSet expectPurged = BinaryLog.previousGtids(server.datadir().resolve(target));
            s.execute("PURGE BINARY LOGS TO '" + target + "'");
            assertEquals(expectPurged, GtidSet.parse(one(s, "SELECT @@GLOBAL.gtid_purged")));
            assertFalse(Files.exists(server.datadir().resolve(files.get(0))));
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                rs.next();
                assertEquals(target, rs.getString("Log_name"));
            }
            assertEquals(1373, assertThrows(SQLException.class, () -> s.execute("PURGE BINARY LOGS TO 'binlog.999999'")).getErrorCode());

            s.execute("RESET BINARY LOGS AND GTIDS");
            assertEquals("", one(s, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals("", one(s, "SELECT @@GLOBAL.gtid_purged"));
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOG STATUS")) {
                rs.next();
                assertEquals("binlog.000001", rs.getString("File"));
                assertEquals(158, rs.getLong("Position"));
            }
            String other = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
            s.execute("SET @@GLOBAL.gtid_purged = '+" + other + ":1-5'");
            assertEquals(other + ":1-5", one(s, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(3546, assertThrows(SQLException.class,
                    () -> s.execute("SET @@GLOBAL.gtid_purged = '+" + other + ":5-6'")).getErrorCode());
        }
        server.restart();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertTrue(one(s, "SELECT @@GLOBAL.gtid_executed").startsWith("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-5"));
        }
    }

    @Test
    void tornTailTransactionIsCutOff() throws Exception {
        try (TestInstance t = TestInstance.start()) {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE torn");
                s.execute("CREATE TABLE torn.t (id INT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO torn.t VALUES (1, 'one')");
            }
            GtidSet before = t.instance().gtids().executed();
            t.instance().stop();
            Path file = t.datadir().resolve("binlog.000001");
            List<BinlogApplier.Transaction> txns = BinlogApplier.read(file, null);
            BinlogApplier.Transaction last = txns.get(txns.size() - 1);
            byte[] bytes = Files.readAllBytes(file);
            // A crash mid-write: the first part of one more transaction (a copy with the next GTID
            // would look the same to the reader: it never gets to its XID).
            byte[] torn = java.util.Arrays.copyOfRange(bytes, (int) last.start(), (int) last.end() - 10);
            Files.write(file, torn, java.nio.file.StandardOpenOption.APPEND);
            long tornSize = Files.size(file);
            t.restart();
            assertEquals(tornSize - torn.length, Files.size(file), "torn tail cut off");
            assertEquals(before, t.instance().gtids().executed());
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO torn.t VALUES (2, 'two')");
                assertEquals("2", one(s, "SELECT COUNT(*) FROM torn.t"));
            }
        }
    }
}
