package dev.mitosis.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** a -> b -> c, every hop GTID auto-positioned, b logging what it applies. */
class ChainReplicationTest {
    static final String SCHEMA = "CREATE TABLE chain.types (id INT PRIMARY KEY AUTO_INCREMENT, ti TINYINT, tu TINYINT UNSIGNED,"
            + " si SMALLINT, mi MEDIUMINT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, d DECIMAL(12,3), f FLOAT,"
            + " db DOUBLE, c CHAR(10), vc VARCHAR(100), tx TEXT, bl BLOB, dt DATE, dtt DATETIME(6), ts TIMESTAMP NULL,"
            + " tm TIME, y YEAR, n INT NULL, tb TEXT COLLATE utf8mb4_bin)";

    @Test
    void ddlAndDmlReachTheEndOfTheChainWithTheSameGtids() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             TestInstance b = TestInstance.start(o -> o.serverId(2));
             TestInstance c = TestInstance.start(o -> o.serverId(3))) {
            sourceAccount(a);
            sourceAccount(b);
            replicate(b, a);
            replicate(c, b);
            try (Connection conn = a.connect(); Statement s = conn.createStatement()) {
                s.execute("CREATE DATABASE chain");
                s.execute(SCHEMA);
                s.execute("CREATE TABLE chain.kv (k VARCHAR(20) PRIMARY KEY, v INT)");
                for (int i = 0; i < 50; i++) {
                    s.execute("INSERT INTO chain.types (ti, tu, si, mi, iu, bi, bu, d, f, db, c, vc, tx, bl, dt, dtt, ts, tm, y, n, tb)"
                            + " VALUES (" + (i - 25) + ", 255, -32768, 8388607, 4294967295, -9223372036854775808,"
                            + " 18446744073709551615, " + i + ".125, 1.5, 2.25, 'c" + i + "', 'héllo " + i + "',"
                            + " REPEAT('t', " + (i * 10) + "), X'00FF" + String.format("%02X", i) + "', '2024-02-29',"
                            + " '2024-01-02 03:04:05.123456', '2024-05-06 07:08:09', '12:34:56', 2024, NULL, 'Bin " + i + "')");
                    s.execute("INSERT INTO chain.kv VALUES ('k" + i + "', " + i + ")");
                }
                s.execute("UPDATE chain.kv SET v = v * 2 WHERE v % 3 = 0");
                // The key compares without case, as in MySQL: the replicas find 'k1' by 'K1'.
                s.execute("UPDATE chain.kv SET k = 'K1' WHERE k = 'K1'");
                s.execute("DELETE FROM chain.kv WHERE v % 5 = 0");
                conn.setAutoCommit(false);
                s.execute("UPDATE chain.types SET vc = 'in tx' WHERE id < 10");
                s.execute("INSERT INTO chain.kv VALUES ('tx', 1)");
                conn.commit();
                conn.setAutoCommit(true);
                s.execute("ALTER TABLE chain.kv ADD COLUMN note VARCHAR(10)");
                s.execute("UPDATE chain.kv SET note = 'x' WHERE k = 'tx'");
                // No primary key: rows are found by all their columns, duplicates included.
                s.execute("CREATE TABLE chain.nopk (a INT, b VARCHAR(10), c DATETIME)");
                s.execute("INSERT INTO chain.nopk VALUES (1, 'x', NULL), (1, 'x', NULL), (2, 'y', '2024-01-01 00:00:00')");
                s.execute("UPDATE chain.nopk SET b = 'z' WHERE a = 2");
                s.execute("UPDATE chain.nopk SET c = '2025-01-01 00:00:00' WHERE a = 1 LIMIT 1");
                s.execute("DELETE FROM chain.nopk WHERE a = 1 AND c IS NULL");
                // JSON documents edited in place travel as MySQL's binary JSON.
                s.execute("CREATE TABLE chain.docs (id INT PRIMARY KEY, j JSON, flags INT NOT NULL DEFAULT 0)");
                s.execute("INSERT INTO chain.docs VALUES (1, '{\"b\": [1, 2], \"a\": {\"x\": null}}', 1), (2, '[2.50]', 2)");
                s.execute("UPDATE chain.docs SET j = JSON_SET(j, '$.a.x', 'é', '$.c', JSON_ARRAY(1.5, TRUE)), flags = flags | 4 WHERE id = 1");
                s.execute("UPDATE chain.docs SET j = JSON_ARRAY_APPEND(j, '$', JSON_OBJECT('k', 2)), flags = flags << 3 WHERE id = 2");
            }
            caughtUp(b, a);
            caughtUp(c, a);
            String tables = "chain.types, chain.kv, chain.nopk, chain.docs";
            assertEquals(List.of("{\"a\": {\"x\": \"é\"}, \"b\": [1, 2], \"c\": [1.5, true]}|5", "[2.50, {\"k\": 2}]|16"),
                    column(c, "SELECT CONCAT(j, '|', flags) FROM chain.docs ORDER BY id"));
            assertEquals(checksums(a, tables), checksums(b, tables));
            assertEquals(checksums(a, tables), checksums(c, tables));
            assertEquals(List.of("K1"), column(c, "SELECT k FROM chain.kv WHERE k = 'k1'"));
            String gtids = one(a, "SELECT @@GLOBAL.gtid_executed");
            assertEquals(gtids, one(b, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(gtids, one(c, "SELECT @@GLOBAL.gtid_executed"));
            assertTrue(gtids.startsWith(a.instance().serverUuid() + ":1-"), gtids);

            try (Connection conn = a.connect(); Statement s = conn.createStatement()) {
                s.execute("CREATE DATABASE db8");
            }
            caughtUp(c, a);
            assertTrue(column(b, "SHOW DATABASES").contains("db8"));
            assertTrue(column(c, "SHOW DATABASES").contains("db8"));
            try (Connection conn = c.connect(); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                assertTrue(rs.next());
                assertEquals("Yes", rs.getString("Replica_IO_Running"));
                assertEquals("Yes", rs.getString("Replica_SQL_Running"));
                assertEquals(b.host(), rs.getString("Source_Host"));
                assertEquals("1", rs.getString("Auto_Position"));
                assertEquals("0", rs.getString("Last_IO_Errno"));
                assertEquals("0", rs.getString("Last_SQL_Errno"));
                assertEquals(gtids.isEmpty() ? "" : one(c, "SELECT @@GLOBAL.gtid_executed"), rs.getString("Executed_Gtid_Set"));
            }
            // Commit timestamps travel: at c the original one is a's, the immediate one b's.
            String original = one(c, "SELECT LAST_APPLIED_TRANSACTION_ORIGINAL_COMMIT_TIMESTAMP"
                    + " FROM performance_schema.replication_applier_status_by_worker");
            String immediate = one(c, "SELECT LAST_APPLIED_TRANSACTION_IMMEDIATE_COMMIT_TIMESTAMP"
                    + " FROM performance_schema.replication_applier_status_by_worker");
            assertTrue(!original.startsWith("0000") && original.compareTo(immediate) <= 0, original + " / " + immediate);
            // b sees c registered as its replica; a sees b.
            assertEquals(List.of("3"), column(b, "SHOW REPLICAS"));
            assertEquals(List.of("2"), column(a, "SHOW REPLICAS"));
        }
    }
}
