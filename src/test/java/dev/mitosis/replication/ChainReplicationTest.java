package dev.mitosis.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            + " tm TIME, y YEAR, n INT NULL)";

    static void sourceAccount(TestInstance t) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("SET sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
            s.execute("SET sql_log_bin = 1");
        }
    }

    static void replicate(TestInstance replica, TestInstance source) throws Exception {
        try (Connection c = replica.connect(); Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + source.host() + "', SOURCE_PORT=" + source.port()
                    + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1,"
                    + " SOURCE_CONNECT_RETRY=1");
            s.execute("START REPLICA");
        }
    }

    static String one(TestInstance t, String sql) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static List<String> column(TestInstance t, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Waits until the replica has executed everything the source has now. */
    static void caughtUp(TestInstance replica, TestInstance source) throws Exception {
        String executed = one(source, "SELECT @@GLOBAL.gtid_executed");
        String r = one(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', 60)");
        if (!"0".equals(r)) {
            try (Connection c = replica.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                rs.next();
                throw new AssertionError("replica did not catch up: IO " + rs.getString("Replica_IO_Running") + " "
                        + rs.getString("Last_IO_Error") + " / SQL " + rs.getString("Replica_SQL_Running") + " "
                        + rs.getString("Last_SQL_Error"));
            }
        }
    }

    static String checksums(TestInstance t, String tables) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE " + tables)) {
            while (rs.next()) b.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
        }
        return b.toString();
    }

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
                    s.execute("INSERT INTO chain.types (ti, tu, si, mi, iu, bi, bu, d, f, db, c, vc, tx, bl, dt, dtt, ts, tm, y, n)"
                            + " VALUES (" + (i - 25) + ", 255, -32768, 8388607, 4294967295, -9223372036854775808,"
                            + " 18446744073709551615, " + i + ".125, 1.5, 2.25, 'c" + i + "', 'héllo " + i + "',"
                            + " REPEAT('t', " + (i * 10) + "), X'00FF" + String.format("%02X", i) + "', '2024-02-29',"
                            + " '2024-01-02 03:04:05.123456', '2024-05-06 07:08:09', '12:34:56', 2024, NULL)");
                    s.execute("INSERT INTO chain.kv VALUES ('k" + i + "', " + i + ")");
                }
                s.execute("UPDATE chain.kv SET v = v * 2 WHERE v % 3 = 0");
                s.execute("DELETE FROM chain.kv WHERE v % 5 = 0");
                conn.setAutoCommit(false);
                s.execute("UPDATE chain.types SET vc = 'in tx' WHERE id < 10");
                s.execute("INSERT INTO chain.kv VALUES ('tx', 1)");
                conn.commit();
                conn.setAutoCommit(true);
                s.execute("ALTER TABLE chain.kv ADD COLUMN note VARCHAR(10)");
                s.execute("UPDATE chain.kv SET note = 'x' WHERE k = 'tx'");
            }
            caughtUp(b, a);
            caughtUp(c, a);
            String tables = "chain.types, chain.kv";
            assertEquals(checksums(a, tables), checksums(b, tables));
            assertEquals(checksums(a, tables), checksums(c, tables));
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
            // b sees c registered as its replica; a sees b.
            assertEquals(List.of("3"), column(b, "SHOW REPLICAS"));
            assertEquals(List.of("2"), column(a, "SHOW REPLICAS"));
        }
    }
}
