package dev.mitosis.server;

import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What clients observe of MySQL's SQL surface: types, variables, SHOW, information_schema. */
@ExtendWith(SharedServer.class)
class SqlSurfaceTest {
    static TestInstance server;

    static List<List<String>> rows(Statement s, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                out.add(row);
            }
        }
        return out;
    }

    static String one(Statement s, String sql) throws SQLException {
        return rows(s, sql).get(0).get(0);
    }

    @Test
    void unsignedIntegersHoldTheirFullRange() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE u");
            s.execute("CREATE TABLE u.t (id INT UNSIGNED PRIMARY KEY, big BIGINT UNSIGNED, tiny TINYINT UNSIGNED)");
            s.execute("INSERT INTO u.t VALUES (4294967295, 18446744073709551615, 255), (0, 0, 0)");
            try (ResultSet rs = s.executeQuery("SELECT id, big, tiny FROM u.t WHERE id > 0")) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals("INT UNSIGNED", md.getColumnTypeName(1));
                assertEquals("BIGINT UNSIGNED", md.getColumnTypeName(2));
                assertTrue(rs.next());
                assertEquals(4294967295L, rs.getLong(1));
                assertEquals(new BigDecimal("18446744073709551615"), rs.getBigDecimal(2));
                assertEquals(255, rs.getInt(3));
            }
            // Connector/J reports 1264 as a DataTruncation with its own SQLSTATE 22001.
            assertError(1264, "22001", () -> s.execute("INSERT INTO u.t (id) VALUES (-1)"));
            assertError(1264, "22001", () -> s.execute("INSERT INTO u.t (id) VALUES (4294967296)"));
            assertError(1264, "22001", () -> s.execute("INSERT INTO u.t (id, big) VALUES (5, 18446744073709551616)"));
            assertEquals("int unsigned", one(s, "SELECT column_type FROM information_schema.columns"
                    + " WHERE table_schema = 'u' AND table_name = 't' AND column_name = 'id'"));
        }
    }

    @Test
    void zeroOrNullIntoAnAutoIncrementColumnGeneratesTheNextValue() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ai");
            s.execute("CREATE TABLE ai.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO ai.t VALUES (0, 1), (NULL, 2)");
            s.execute("INSERT INTO ai.t (v, id) VALUES (3, 0)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO ai.t (id, v) VALUES (?, ?)")) {
                ps.setInt(1, 0);
                ps.setInt(2, 4);
                ps.executeUpdate();
            }
            s.execute("INSERT INTO ai.t VALUES (10, 5)");
            s.execute("INSERT INTO ai.t (id, v) VALUES (0, 6)");
            assertEquals(List.of(List.of("1", "1"), List.of("2", "2"), List.of("3", "3"), List.of("4", "4"),
                    List.of("10", "5"), List.of("11", "6")), rows(s, "SELECT id, v FROM ai.t ORDER BY id"));
        }
        try (Connection c = server.connectMysql(null, "useServerPrepStmts=true"); 
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO ai.t (id, v) VALUES (?, ?)")) {
            ps.setInt(1, 0);
            ps.setInt(2, 7);
            ps.executeUpdate();
            try (Statement s = c.createStatement()) {
                assertEquals("12", one(s, "SELECT id FROM ai.t WHERE v = 7"));
            }
        }
    }

    @Test
    void aStringLiteralAmongTheValuesOfIfnullCoalesceOrIfMakesTheResultText() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE nv");
            s.execute("CREATE TABLE nv.t (id INT PRIMARY KEY, qty INT, name VARCHAR(10))");
            s.execute("INSERT INTO nv.t VALUES (1, NULL, 'Bob'), (2, 7, NULL)");
            assertEquals("none,7", one(s, "SELECT GROUP_CONCAT(IFNULL(qty, 'none') ORDER BY id) FROM nv.t"));
            assertEquals(",7", one(s, "SELECT GROUP_CONCAT(COALESCE(qty, '') ORDER BY id) FROM nv.t"));
            assertEquals("none,7", one(s, "SELECT GROUP_CONCAT(IF(qty IS NULL, 'none', qty) ORDER BY id) FROM nv.t"));
            assertEquals("1,8", one(s, "SELECT GROUP_CONCAT(IFNULL(qty, 0) + 1 ORDER BY id) FROM nv.t"), "numbers stay numbers");
            assertEquals("1", one(s, "SELECT COUNT(*) FROM nv.t WHERE IFNULL(name, 'X') = 'bob'"), "text compares as MySQL's");
            // A string in arithmetic is its number, as a DOUBLE: H2 would convert it to the other operand's type.
            assertEquals(List.of(List.of("3", "7.5", "1", "12", "8")),
                    rows(s, "SELECT '1.5' * 2, 10 - '2.5', 'a' + 1, '12abc' + 0, qty + '1' FROM nv.t WHERE id = 2"));
            // ... and the date of interval arithmetic is a DATE or a DATETIME, as MySQL makes it.
            assertEquals(List.of(List.of("2024-01-02", "2024-01-31 09:00:00", "2024-01-31 02:00:00", "2024-01-02")), rows(s,
                    "SELECT '2024-01-01' + INTERVAL 1 DAY, '2024-01-31 10:00:00' - INTERVAL 1 HOUR, '2024-01-31' + INTERVAL 2 HOUR,"
                            + " INTERVAL 1 DAY + '2024-01-01'"));
            SQLException e = assertError(1366, "HY000", () -> s.execute("INSERT INTO nv.t VALUES ('abc', 1, 'x')"));
            assertEquals("Incorrect integer value: 'abc' for column 'id' at row 1", e.getMessage(), "no engine text");
        }
    }

    @Test
    void stringsComparedWithNumbersAreTheirNumbersWithWarnings() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sn");
            s.execute("CREATE TABLE sn.t (id INT PRIMARY KEY, code VARCHAR(10), v INT)");
            s.execute("INSERT INTO sn.t VALUES (1, 'x', 0), (2, '12', 0), (3, ' 12abc', 0), (4, '7', 0)");
            // A text column against a number: each value's leading number, a warning for each non-number.
            assertEquals(List.of(List.of("2"), List.of("3")), rows(s, "SELECT id FROM sn.t WHERE code = 12 ORDER BY id"));
            assertEquals(List.of(List.of("Warning", "1292", "Truncated incorrect DOUBLE value: 'x'"),
                    List.of("Warning", "1292", "Truncated incorrect DOUBLE value: ' 12abc'")), rows(s, "SHOW WARNINGS"));
            assertEquals(List.of(List.of("1")), rows(s, "SELECT id FROM sn.t WHERE 0 = code"));
            assertEquals(List.of(List.of("2"), List.of("3"), List.of("4")),
                    rows(s, "SELECT id FROM sn.t WHERE code IN (7, 12) ORDER BY id"));
            // A string that is not a number against a numeric column: its leading number, one warning.
            assertEquals(List.of(List.of("1")), rows(s, "SELECT t.id FROM sn.t t WHERE t.id = '1abc'"));
            assertEquals(List.of(List.of("Warning", "1292", "Truncated incorrect DOUBLE value: '1abc'")), rows(s, "SHOW WARNINGS"));
            assertEquals(List.of(), rows(s, "SELECT id FROM sn.t WHERE id = ''"));
            assertEquals(List.of(List.of("1")), rows(s, "SELECT id FROM sn.t WHERE id IN ('1', 'z')"));
            // Writes too, each row changed once.
            assertEquals(2, s.executeUpdate("UPDATE sn.t SET v = v + 1 WHERE code = 12"));
            assertEquals("0,1,1,0", one(s, "SELECT GROUP_CONCAT(v ORDER BY id) FROM sn.t"));
            assertEquals(1, s.executeUpdate("DELETE FROM sn.t WHERE id = '4th'"));
            assertEquals("3", one(s, "SELECT COUNT(*) FROM sn.t"));
            // CAST to an integer reads each text value's leading integer: a natural sort of codes.
            assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")),
                    rows(s, "SELECT id FROM sn.t ORDER BY CAST(code AS UNSIGNED), id"));
            assertEquals("12", one(s, "SELECT CAST('12abc' AS SIGNED)"));
            assertEquals(List.of(List.of("Warning", "1292", "Truncated incorrect INTEGER value: '12abc'")), rows(s, "SHOW WARNINGS"));
            assertEquals("1.50", one(s, "SELECT CAST('1.5abc' AS DECIMAL(5,2))"));
            assertEquals(List.of(List.of("Warning", "1292", "Truncated incorrect DECIMAL value: '1.5abc'")), rows(s, "SHOW WARNINGS"));
        }
        // A server-side prepared statement fails on the first non-number while executing: prepared
        // again with the column types, it answers, and goes on answering.
        try (Connection c = server.connectMysql(null, "useServerPrepStmts=true");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT id FROM sn.t WHERE code = 12 AND id > ? ORDER BY id")) {
            for (int round = 0; round < 2; round++) {
                ps.setInt(1, 0);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                assertEquals(List.of("2", "3"), ids);
            }
        }
    }

    @Test
    void anEnumInArithmeticOrComparedWithANumberIsItsIndex() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE en");
            s.execute("CREATE TABLE en.t (id INT PRIMARY KEY, size ENUM('small', 'medium', 'large'))");
            s.execute("INSERT INTO en.t VALUES (1, 'small'), (2, 'large'), (3, NULL)");
            assertEquals(List.of(List.of("1", "1", "2"), List.of("2", "3", "6"), Arrays.asList("3", null, null)),
                    rows(s, "SELECT id, size + 0, size * 2 FROM en.t ORDER BY id"));
            assertEquals(List.of(List.of("2")), rows(s, "SELECT id FROM en.t WHERE size = 3"));
            assertEquals(List.of(List.of("1"), List.of("2")), rows(s, "SELECT id FROM en.t WHERE size IN (1, 3) ORDER BY id"));
            assertEquals(List.of(List.of("3")), rows(s, "SELECT x.size + 0 FROM (SELECT size FROM en.t WHERE id = 2) x"));
            assertEquals(List.of(List.of("1")), rows(s, "SELECT id FROM en.t WHERE size = 'SMALL'"), "members by name, without case");
        }
    }

    @Test
    void dateAndTimeColumnsInArithmeticAreTheirNumbers() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE da");
            s.execute("CREATE TABLE da.t (id INT PRIMARY KEY, d DATE, dt DATETIME(3), t TIME, n BIGINT)");
            s.execute("CREATE TABLE da.r (id INT PRIMARY KEY, n BIGINT)");
            s.execute("INSERT INTO da.t VALUES (1, '2024-11-22', '2024-01-01 10:00:00.123', '10:11:12', 0)");
        }
        for (String opts : new String[] {"useServerPrepStmts=false", "useServerPrepStmts=true"}) {
            try (Connection c = server.connectMysql("da", opts); Statement s = c.createStatement()) {
                for (int round = 0; round < 2; round++) { // the second time the statement is typed straight away
                    try (ResultSet rs = s.executeQuery("SELECT d + 1, dt + 0, t * 2, d + INTERVAL 1 DAY FROM t")) {
                        assertEquals("BIGINT", rs.getMetaData().getColumnTypeName(1));
                        assertEquals("DECIMAL", rs.getMetaData().getColumnTypeName(2));
                        assertTrue(rs.next());
                        assertEquals(20241123L, rs.getLong(1));
                        assertEquals(new BigDecimal("20240101100000.123"), rs.getBigDecimal(2));
                        assertEquals("202224", rs.getString(3));
                        assertEquals("2024-11-23", rs.getString(4));
                    }
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT d + ?, x.t - 1 FROM t AS x WHERE id = ?")) {
                    ps.setInt(1, 2);
                    ps.setInt(2, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(20241124L, rs.getLong(1));
                        assertEquals(101111L, rs.getLong(2));
                    }
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE t SET n = d - ? WHERE id = ?")) {
                    ps.setInt(1, 20240000);
                    ps.setInt(2, 1);
                    assertEquals(1, ps.executeUpdate());
                }
                assertEquals("1122", one(s, "SELECT n FROM t"));
                try (java.sql.PreparedStatement ps = c.prepareStatement("REPLACE INTO r SELECT id, t + ? FROM t")) {
                    ps.setInt(1, 1);
                    ps.executeUpdate();
                }
                assertEquals("101113", one(s, "SELECT n FROM r"));
                s.execute("UPDATE t SET n = n + 1");
                assertEquals("1123", one(s, "SELECT n FROM t"));
            }
        }
        try (Connection c = server.connectMysql("da", null); Statement s = c.createStatement()) {
            s.execute("CREATE VIEW v AS SELECT id, d + 1 AS next, dt * 1 AS num FROM t");
            assertEquals(List.of(List.of("20241123", "20240101100000.123")), rows(s, "SELECT next, num FROM v"));
            // Comparisons stay date comparisons.
            assertEquals("1", one(s, "SELECT COUNT(*) FROM t WHERE d > '2024-01-01' AND d + 0 > 20240101"));
        }
    }

    @Test
    void checksumTableAgreesAcrossInstancesWhateverTheInsertOrder() throws Exception {
        try (TestInstance other = TestInstance.start();
             Connection a = server.connect(); Statement sa = a.createStatement();
             Connection b = other.connect(); Statement sb = b.createStatement()) {
            for (Statement s : List.of(sa, sb)) {
                s.execute("CREATE DATABASE ck");
                s.execute("CREATE TABLE ck.t (id INT PRIMARY KEY, v VARCHAR(20), d DECIMAL(8,2), ts DATETIME(6))");
            }
            sa.execute("INSERT INTO ck.t VALUES (1, 'x', 1.5, '2024-01-01 00:00:00.5'), (2, NULL, 2, NULL), (3, 'ü', -3, NULL)");
            sb.execute("INSERT INTO ck.t VALUES (3, 'ü', -3, NULL)");
            sb.execute("INSERT INTO ck.t VALUES (2, NULL, 2, NULL), (1, 'x', 1.5, '2024-01-01 00:00:00.5')");
            String ca = rows(sa, "CHECKSUM TABLE ck.t").get(0).get(1);
            String cb = rows(sb, "CHECKSUM TABLE ck.t").get(0).get(1);
            assertEquals(ca, cb);
            sb.execute("UPDATE ck.t SET v = 'y' WHERE id = 1");
            assertNotEquals(ca, rows(sb, "CHECKSUM TABLE ck.t").get(0).get(1));
            List<String> missing = rows(sa, "CHECKSUM TABLE ck.nope").get(0);
            assertEquals("ck.nope", missing.get(0));
            assertNull(missing.get(1));
        }
    }

    @Test
    void systemVariablesFollowMysqlScopesAndErrors() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertEquals("67108864", one(s, "SELECT @@global.max_allowed_packet"));
            assertEquals("1", one(s, "SELECT @@autocommit"));
            assertEquals(server.instance().serverUuid(), one(s, "SELECT @@server_uuid"));
            assertEquals(Integer.toString(server.port()), one(s, "SELECT @@port"));
            assertTrue(one(s, "SELECT VERSION()").startsWith("8.4."));
            assertError(1193, "HY000", () -> s.executeQuery("SELECT @@nope"));
            assertError(1193, "HY000", () -> s.execute("SET nope = 1"));
            assertError(1238, "HY000", () -> s.execute("SET GLOBAL server_uuid = 'x'"));
            assertError(1238, "HY000", () -> s.execute("SET GLOBAL version = 'x'"));
            assertError(1229, "HY000", () -> s.execute("SET SESSION read_only = 1"));
            assertError(1238, "HY000", () -> s.execute("SET GLOBAL warning_count = 1"));
            assertError(1228, "HY000", () -> s.execute("SET GLOBAL sql_log_bin = 0"));
            assertError(1231, "42000", () -> s.execute("SET autocommit = 'maybe'"));
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES', @x = 5");
            assertEquals("ANSI_QUOTES", one(s, "SELECT @@session.sql_mode"));
            assertEquals("5", one(s, "SELECT @x"));
            s.execute("SET GLOBAL max_connections = 300");
            assertEquals("300", one(s, "SELECT @@global.max_connections"));
            assertEquals(List.of(List.of("max_connections", "300")),
                    rows(s, "SHOW GLOBAL VARIABLES LIKE 'max_connections'"));
            assertEquals(List.of(List.of("server_id", "1")), rows(s, "SHOW VARIABLES WHERE Variable_name = 'server_id'"));
            assertFalse(rows(s, "SHOW GLOBAL STATUS LIKE 'Uptime'").isEmpty());
            s.execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
            assertEquals("utf8mb4_bin", one(s, "SELECT @@collation_connection"));
            try (ResultSet rs = s.executeQuery("SELECT @@version_comment, @@session.auto_increment_increment")) {
                assertEquals("@@version_comment", rs.getMetaData().getColumnLabel(1));
                assertEquals("@@session.auto_increment_increment", rs.getMetaData().getColumnLabel(2));
            }
        }
    }

    @Test
    void showStatementsAndInformationSchema() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sh");
            s.execute("USE sh");
            s.execute("CREATE TABLE t1 (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(30) NOT NULL DEFAULT '',"
                    + " n INT, PRIMARY KEY (id), UNIQUE KEY uk_name (name), KEY k_n (n))");
            s.execute("CREATE VIEW v1 AS SELECT id FROM t1");
            assertTrue(rows(s, "SHOW DATABASES").contains(List.of("sh")));
            assertEquals(List.of(List.of("t1", "BASE TABLE"), List.of("v1", "VIEW")), rows(s, "SHOW FULL TABLES"));
            assertEquals(List.of(List.of("t1")), rows(s, "SHOW TABLES LIKE 't%'"));
            List<List<String>> cols = rows(s, "SHOW COLUMNS FROM t1");
            assertEquals(java.util.Arrays.asList("id", "int", "NO", "PRI", null, "auto_increment"), cols.get(0));
            assertEquals(List.of("name", "varchar(30)", "NO", "UNI", "", ""), cols.get(1));
            assertEquals(java.util.Arrays.asList("n", "int", "YES", "MUL", null, ""), cols.get(2));
            assertEquals(cols, rows(s, "DESCRIBE t1"));
            List<List<String>> idx = rows(s, "SHOW INDEX FROM t1");
            assertEquals(List.of("PRIMARY", "uk_name", "k_n"), idx.stream().map(r -> r.get(2)).toList());
            String ddl = rows(s, "SHOW CREATE TABLE t1").get(0).get(1);
            assertTrue(ddl.startsWith("CREATE TABLE `t1` (\n  `id` int NOT NULL AUTO_INCREMENT,"), ddl);
            assertTrue(ddl.contains("UNIQUE KEY `uk_name` (`name`)"), ddl);
            assertTrue(ddl.contains("KEY `k_n` (`n`)"), ddl);
            assertTrue(rows(s, "SHOW CREATE DATABASE sh").get(0).get(1).startsWith("CREATE DATABASE `sh`"));
            assertEquals("t1", rows(s, "SHOW TABLE STATUS LIKE 't1'").get(0).get(0));
            assertEquals(List.of(List.of("sh")), rows(s,
                    "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'sh'"));
            assertEquals(List.of(List.of("t1", "BASE TABLE"), List.of("v1", "VIEW")), rows(s,
                    "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'sh' ORDER BY 1"));
            assertEquals(List.of(List.of("uk_name", "name")), rows(s, "SELECT index_name, column_name"
                    + " FROM information_schema.statistics WHERE table_schema = 'sh' AND non_unique = 0 AND index_name <> 'PRIMARY'"));
            assertError(1146, "42S02", () -> s.executeQuery("SHOW COLUMNS FROM nope"));
            assertError(1049, "42000", () -> s.executeQuery("SHOW TABLES FROM nope"));
        }
    }

    @Test
    void warningsLastInsertIdAndProcesslist() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             Connection other = server.connect(); Statement so = other.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS w");
            s.execute("CREATE DATABASE IF NOT EXISTS w");
            assertEquals(List.of(List.of("Note", "1007", "Can't create database 'w'; database exists")),
                    rows(s, "SHOW WARNINGS"));
            s.execute("CREATE TABLE w.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO w.t (v) VALUES (1), (2), (3)");
            assertEquals("1", one(s, "SELECT LAST_INSERT_ID()"));
            long otherId = Long.parseLong(one(so, "SELECT CONNECTION_ID()"));
            List<List<String>> pl = rows(s, "SHOW PROCESSLIST");
            assertTrue(pl.stream().anyMatch(r -> r.get(0).equals(Long.toString(otherId))), pl.toString());
            assertEquals("1", one(s, "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + otherId));
            s.execute("KILL " + otherId);
            assertError(0, "08S01", () -> so.executeQuery("SELECT 1").next());
            assertError(1094, "HY000", () -> s.execute("KILL 999999"));
        }
    }

    /** What monitoring and admin tools read: performance_schema's variable and status tables, Com_ counters, InnoDB settings. */
    @Test
    void variablesStatusAndCountersAsToolsReadThem() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            assertEquals(List.of(List.of("innodb_buffer_pool_size", "134217728"), List.of("server_id", "1")),
                    rows(s, "SELECT * FROM performance_schema.global_variables"
                            + " WHERE VARIABLE_NAME IN ('server_id', 'innodb_buffer_pool_size') ORDER BY 1"));
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            assertEquals("ANSI_QUOTES", one(s, "SELECT VARIABLE_VALUE FROM performance_schema.session_variables"
                    + " WHERE VARIABLE_NAME = 'sql_mode'"));
            s.execute("SET SESSION sql_mode = DEFAULT");
            long before = Long.parseLong(one(s, "SELECT VARIABLE_VALUE FROM performance_schema.global_status"
                    + " WHERE VARIABLE_NAME = 'Com_create_db'"));
            s.execute("CREATE DATABASE counted");
            s.execute("DROP DATABASE counted");
            assertEquals(before + 1, Long.parseLong(rows(s, "SHOW GLOBAL STATUS LIKE 'Com_create_db'").get(0).get(1)));
            assertEquals(List.of("Com_drop_db"), rows(s, "SHOW STATUS LIKE 'Com_drop_d_'").stream().map(r -> r.get(0)).toList());
            assertEquals("InnoDB", one(s, "SHOW ENGINE INNODB STATUS"));
            assertEquals(List.of(), rows(s, "SHOW OPEN TABLES"));
            assertError(1305, "42000", () -> s.executeQuery("SHOW CREATE PROCEDURE nosuch"));
        }
    }

    @Test
    void purgeBinaryLogsBeforeTakesAnyDatetimeExpression() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            int files = rows(s, "SHOW BINARY LOGS").size();
            s.execute("PURGE BINARY LOGS BEFORE NOW() - INTERVAL 1 DAY");
            assertEquals(files, rows(s, "SHOW BINARY LOGS").size(), "nothing is a day old");
            s.execute("PURGE BINARY LOGS BEFORE DATE_ADD(NOW(), INTERVAL 1 HOUR)");
            assertEquals(1, rows(s, "SHOW BINARY LOGS").size(), "all but the active log");
            assertError(1210, "HY000", () -> s.execute("PURGE BINARY LOGS BEFORE 'not a time'"));
        }
    }

    @Test
    void sqlPreparedStatementsRunWithUserVariables() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS ps");
            s.execute("CREATE TABLE ps.t (id INT PRIMARY KEY, name VARCHAR(20))");
            s.execute("INSERT INTO ps.t VALUES (1, 'x'), (2, 'it''s')");
            s.execute("SET @x = 2");
            s.execute("PREPARE byId FROM 'SELECT name FROM ps.t WHERE id = ?'");
            assertEquals("it's", one(s, "EXECUTE byId USING @x"));
            s.execute("SET @q = 'INSERT INTO ps.t VALUES (?, ?)', @id = 3, @name = 'a''b?'");
            s.execute("PREPARE ins FROM @q");
            s.execute("EXECUTE ins USING @id, @name");
            assertEquals("a'b?", one(s, "SELECT name FROM ps.t WHERE id = 3"));
            s.execute("DEALLOCATE PREPARE byId");
            assertError(1243, "HY000", () -> s.executeQuery("EXECUTE byId USING @x"));
            assertError(1210, "HY000", () -> s.execute("EXECUTE ins USING @id"));
            assertError(1064, "42000", () -> s.execute("PREPARE bad FROM 'SELEC 1'"));
            s.execute("DROP PREPARE ins");
        }
    }

    /** A byte string stored into a BIT column is its bits, big-endian, as mysqldump's output relies on. */
    @Test
    void byteStringsAndHexLiteralsStoreIntoBitColumns() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS bits");
            s.execute("CREATE TABLE bits.b (id INT PRIMARY KEY, f BIT(1), g BIT(16))");
            // '\\0' is a NUL byte (in SQL: '\0'); 'AB' is 0x4142.
            s.execute("INSERT INTO bits.b VALUES (1, 0x01, X'0102'), (2, '\\0', 'AB'), (3, b'0', 258)");
            s.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
            s.execute("INSERT INTO bits.b (g, id, f) VALUES (0x00FF, 4, _binary '\\0')");
            s.execute("SET SESSION sql_mode = DEFAULT");
            assertEquals(List.of(List.of("1", "1", "258"), List.of("2", "0", "16706"), List.of("3", "0", "258"),
                    List.of("4", "0", "255")), rows(s, "SELECT id, f + 0, g + 0 FROM bits.b ORDER BY id"));
        }
    }

    static String createText(Statement s, String table) throws SQLException {
        return rows(s, "SHOW CREATE TABLE " + table).get(0).get(1);
    }

    /** CREATE TABLE ... LIKE copies the whole definition: NOT NULL, defaults, AUTO_INCREMENT, keys, collations. */
    @Test
    void createTableLikeCopiesTheWholeDefinition() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE cl");
            s.execute("CREATE DATABASE cl2");
            s.execute("USE cl");
            s.execute("CREATE TABLE p (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL DEFAULT 'x',"
                    + " code CHAR(10), bin VARCHAR(10) COLLATE utf8mb4_bin, note TEXT, ts TIMESTAMP(3) NULL,"
                    + " qty INT, UNIQUE KEY uq (name), KEY k (qty))");
            s.execute("INSERT INTO p (name, qty) VALUES ('a', 1)");
            s.execute("CREATE TABLE p2 LIKE p");
            String source = createText(s, "p");
            assertTrue(source.contains("UNIQUE KEY `uq`"), source);
            assertTrue(source.contains(" AUTO_INCREMENT=2 "), source);
            // As MySQL's, a copy starts its own AUTO_INCREMENT counter.
            source = source.replace(" AUTO_INCREMENT=2 ", " ");
            assertEquals(source.replace("CREATE TABLE `p`", "CREATE TABLE `p2`"), createText(s, "p2"));
            assertEquals("0", one(s, "SELECT COUNT(*) FROM p2"), "no rows are copied");
            s.execute("INSERT INTO p2 (code, bin, qty) VALUES ('abc', 'abc', 5)");
            assertEquals(List.of(List.of("1", "x", "1", "0")), rows(s, "SELECT id, name, code = 'ABC', bin = 'ABC' FROM p2"));
            s.execute("INSERT INTO p2 (name) VALUES ('Y')");
            assertError(1062, "23000", () -> s.execute("INSERT INTO p2 (name) VALUES ('y')"));
            assertEquals(List.of("PRIMARY", "uq", "k"),
                    rows(s, "SHOW INDEX FROM p2").stream().map(r -> r.get(2)).toList());
            assertError(1050, "42S01", () -> s.execute("CREATE TABLE p2 LIKE p"));
            s.execute("CREATE TABLE IF NOT EXISTS p2 LIKE p");
            assertEquals("1050", rows(s, "SHOW WARNINGS").get(0).get(1));
            s.execute("CREATE TABLE cl2.q LIKE cl.p");
            assertEquals(source.replace("CREATE TABLE `p`", "CREATE TABLE `q`"), createText(s, "cl2.q"));
            s.execute("CREATE TABLE cl2.r (LIKE p)");
            assertEquals(source.replace("CREATE TABLE `p`", "CREATE TABLE `r`"), createText(s, "cl2.r"));
            assertError(1146, "42S02", () -> s.execute("CREATE TABLE p3 LIKE nosuch"));
            s.execute("CREATE TEMPORARY TABLE tp LIKE p");
            s.execute("INSERT INTO tp (qty) VALUES (7)");
            assertEquals(List.of(List.of("1", "x", "7")), rows(s, "SELECT id, name, qty FROM tp"));
            assertError(1062, "23000", () -> s.execute("INSERT INTO tp (name) VALUES ('X')"));
            s.execute("CREATE VIEW pv AS SELECT id FROM p");
            assertError(1347, "HY000", () -> s.execute("CREATE TABLE p3 LIKE pv"));
            // Generated columns stay generated, with the same expression.
            s.execute("CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT AS (a * 2) STORED,"
                    + " c VARCHAR(10) GENERATED ALWAYS AS (CONCAT('x', a)) VIRTUAL, KEY kb (b))");
            s.execute("CREATE TABLE g2 LIKE g");
            s.execute("INSERT INTO g2 (id, a) VALUES (1, 5)");
            assertEquals(List.of(List.of("1", "5", "10", "x5")), rows(s, "SELECT * FROM g2"));
            assertEquals("1", one(s, "SELECT COUNT(*) FROM g2 WHERE c = 'X5'"));
        }
    }

    /** FOUND_ROWS(): the rows the last SELECT sent, or with SQL_CALC_FOUND_ROWS the rows it would have without LIMIT. */
    @Test
    void foundRowsCountsTheLastSelect() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE fr");
            s.execute("USE fr");
            s.execute("CREATE TABLE p (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO p VALUES (1, 10), (2, 20), (3, 30)");
            assertEquals(1, rows(s, "SELECT SQL_CALC_FOUND_ROWS * FROM p LIMIT 1").size());
            assertEquals("3", one(s, "SELECT FOUND_ROWS()"));
            assertEquals(List.of(List.of("2")), rows(s, "SELECT SQL_CALC_FOUND_ROWS id FROM p WHERE id > 1 ORDER BY id DESC LIMIT 1, 1"));
            assertEquals("2", one(s, "SELECT FOUND_ROWS()"));
            assertEquals(2, rows(s, "SELECT * FROM p LIMIT 2").size());
            assertEquals("2", one(s, "SELECT FOUND_ROWS()"));
            assertEquals("1", one(s, "SELECT FOUND_ROWS()"), "the previous SELECT FOUND_ROWS() sent one row");
            assertEquals(0, rows(s, "SELECT * FROM p WHERE id > 5").size());
            assertEquals("0", one(s, "SELECT FOUND_ROWS()"));
        }
        // Prepared on the server, the LIMIT a parameter too.
        try (Connection c = server.connectMysql(null, "useServerPrepStmts=true"); Statement s = c.createStatement();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT SQL_CALC_FOUND_ROWS id FROM fr.p WHERE id >= ? LIMIT ?")) {
            ps.setInt(1, 2);
            ps.setInt(2, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertFalse(rs.next());
            }
            assertEquals("2", one(s, "SELECT FOUND_ROWS()"));
        }
    }

    /** EXPLAIN of a statement: MySQL's traditional columns, one row per table. */
    @Test
    void explainShowsOneRowPerTable() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ex");
            s.execute("USE ex");
            s.execute("CREATE TABLE p (id INT PRIMARY KEY, v INT, KEY kv (v))");
            s.execute("CREATE TABLE q (id INT PRIMARY KEY, pid INT)");
            s.execute("INSERT INTO p VALUES (1, 10), (2, 20), (3, 30)");
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM p WHERE id = 2")) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) names.add(md.getColumnLabel(i));
                assertEquals(List.of("id", "select_type", "table", "partitions", "type", "possible_keys", "key", "key_len",
                        "ref", "rows", "filtered", "Extra"), names);
            }
            List<List<String>> r = rows(s, "EXPLAIN SELECT * FROM p WHERE id = 2");
            assertEquals(1, r.size());
            assertEquals(List.of("1", "SIMPLE", "p", "const", "PRIMARY", "1"),
                    List.of(r.get(0).get(0), r.get(0).get(1), r.get(0).get(2), r.get(0).get(4), r.get(0).get(6), r.get(0).get(9)));
            r = rows(s, "EXPLAIN FORMAT=TRADITIONAL SELECT * FROM p");
            // filtered is a FLOAT (100.00 on the wire): Connector/J reads it as a number.
            assertEquals(Arrays.asList("1", "SIMPLE", "p", null, "ALL", null, null, null, null, "3", "100.0", null), r.get(0));
            r = rows(s, "DESCRIBE SELECT * FROM p JOIN q ON q.pid = p.id");
            assertEquals(List.of("p", "q"), r.stream().map(x -> x.get(2)).sorted().toList());
            r = rows(s, "EXPLAIN SELECT * FROM p AS a WHERE a.v = 20");
            assertEquals(List.of("a", "ref", "kv"), List.of(r.get(0).get(2), r.get(0).get(4), r.get(0).get(6)));
            r = rows(s, "EXPLAIN UPDATE p SET v = 1 WHERE id = 1");
            assertEquals(List.of("UPDATE", "p"), List.of(r.get(0).get(1), r.get(0).get(2)));
            assertError(1235, "42000", () -> s.executeQuery("EXPLAIN FORMAT=JSON SELECT * FROM p"));
            assertError(1235, "42000", () -> s.executeQuery("EXPLAIN ANALYZE SELECT * FROM p"));
            assertEquals(List.of("id", "v"), rows(s, "DESCRIBE p").stream().map(x -> x.get(0)).toList());
            assertEquals(List.of("id", "v"), rows(s, "EXPLAIN p").stream().map(x -> x.get(0)).toList());
        }
    }

    /** As in MySQL, CREATE TABLE ... LIKE copies the keys but not the foreign keys. */
    @Test
    void createTableLikeLeavesForeignKeysOut() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS fkl");
            s.execute("CREATE TABLE fkl.parent (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE fkl.child (id INT PRIMARY KEY, pid INT, CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES fkl.parent (id))");
            s.execute("CREATE TABLE fkl.child2 LIKE fkl.child");
            String copy = createText(s, "fkl.child2");
            assertTrue(copy.contains("KEY `fk_p` (`pid`)") && !copy.contains("FOREIGN KEY"), copy);
            s.execute("INSERT INTO fkl.child2 VALUES (1, 42)");
        }
    }

    /**
     * MySQL names a CREATE TABLE's unnamed foreign keys {@code <table>_ibfk_<n>} and their
     * indexes after the first column; DROP FOREIGN KEY takes that name.
     */
    @Test
    void unnamedForeignKeysAreNamedAsMysqlNamesThem() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS fkn");
            s.execute("CREATE TABLE fkn.p (a INT, b INT, PRIMARY KEY (a, b))");
            s.execute("CREATE TABLE fkn.q (id INT PRIMARY KEY)");
            s.execute("CREATE TABLE fkn.c (id INT PRIMARY KEY, x INT, y INT, z INT,"
                    + " FOREIGN KEY (x, y) REFERENCES fkn.p (a, b) ON UPDATE CASCADE,"
                    + " CONSTRAINT to_q FOREIGN KEY (z) REFERENCES fkn.q (id), FOREIGN KEY (id) REFERENCES fkn.q (id))");
            String text = createText(s, "fkn.c");
            assertTrue(text.contains("  KEY `x` (`x`,`y`),\n  KEY `to_q` (`z`),\n")
                    && text.contains("  CONSTRAINT `c_ibfk_1` FOREIGN KEY (`x`,`y`) REFERENCES `p` (`a`,`b`) ON UPDATE CASCADE,\n")
                    && text.contains("  CONSTRAINT `c_ibfk_2` FOREIGN KEY (`id`) REFERENCES `q` (`id`),\n"), text);
            assertEquals(List.of(List.of("c_ibfk_1", "p"), List.of("c_ibfk_2", "q"), List.of("to_q", "q")),
                    rows(s, "SELECT CONSTRAINT_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS"
                            + " WHERE CONSTRAINT_SCHEMA = 'fkn' ORDER BY 1"));
            // The message ends with the key's actions, as MySQL's does.
            java.sql.SQLException violation = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.execute("INSERT INTO fkn.c VALUES (1, 5, 5, NULL)"));
            assertEquals(1452, violation.getErrorCode());
            assertTrue(violation.getMessage().endsWith("a foreign key constraint fails (`fkn`.`c`, CONSTRAINT `c_ibfk_1`"
                    + " FOREIGN KEY (`x`, `y`) REFERENCES `p` (`a`, `b`) ON UPDATE CASCADE)"), violation.getMessage());
            s.execute("ALTER TABLE fkn.c DROP FOREIGN KEY c_ibfk_1");
            assertEquals(List.of(List.of("c_ibfk_2"), List.of("to_q")), rows(s, "SELECT CONSTRAINT_NAME FROM"
                    + " information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'fkn' AND CONSTRAINT_TYPE = 'FOREIGN KEY' ORDER BY 1"));
            s.execute("CREATE TABLE fkn.c2 LIKE fkn.c");
            assertTrue(createText(s, "fkn.c2").contains("  KEY `to_q` (`z`)\n"), createText(s, "fkn.c2"));
        }
    }

    /** Tools size tables by TABLE_ROWS and Cardinality; a view has no storage figures (NULL). */
    @Test
    void tableRowsAndIndexCardinalityAreEstimated() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS est");
            s.execute("CREATE TABLE est.t (id INT PRIMARY KEY, u INT, k INT, UNIQUE KEY uu (u), KEY kk (k, u))");
            s.execute("INSERT INTO est.t SELECT x, x, x % 3 FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 40) SELECT x FROM r) q");
            s.execute("CREATE VIEW est.v AS SELECT id FROM est.t");
            assertEquals(List.of(List.of("t", "40", "10", "InnoDB"), Arrays.asList("v", null, null, null)),
                    rows(s, "SELECT TABLE_NAME, TABLE_ROWS, VERSION, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'est' ORDER BY 1"));
            assertEquals("40", rows(s, "SHOW TABLE STATUS FROM est LIKE 't'").get(0).get(4));
            List<List<String>> index = rows(s, "SHOW INDEX FROM est.t");
            assertEquals(List.of("PRIMARY", "40"), List.of(index.get(0).get(2), index.get(0).get(6)));
            assertEquals(List.of("uu", "40"), List.of(index.get(1).get(2), index.get(1).get(6)));
            long k1 = Long.parseLong(index.get(2).get(6));
            long k2 = Long.parseLong(index.get(3).get(6));
            assertTrue(k1 > 0 && k1 <= k2 && k2 <= 40, index.toString());
            assertEquals(List.of(List.of("PRIMARY", "40"), List.of("kk", String.valueOf(k1)), List.of("kk", String.valueOf(k2)),
                    List.of("uu", "40")), rows(s, "SELECT INDEX_NAME, CARDINALITY FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = 'est' ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX"));
        }
    }

    /**
     * MySQL 8 labels information_schema's columns in capitals however the query spells them (an
     * alias stays as written), and lists its engine, character sets and collations there as SHOW does.
     */
    @Test
    void informationSchemaColumnsAreLabelledInCapitalsAndListTheCharsets() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT table_name, Table_Schema AS ts FROM information_schema.tables LIMIT 1")) {
                assertEquals("TABLE_NAME", rs.getMetaData().getColumnLabel(1));
                assertEquals("ts", rs.getMetaData().getColumnLabel(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM information_schema.ENGINES")) {
                assertEquals("ENGINE", rs.getMetaData().getColumnLabel(1));
                assertTrue(rs.next());
                assertEquals(List.of("InnoDB", "DEFAULT"), List.of(rs.getString(1), rs.getString(2)));
            }
            assertEquals(rows(s, "SHOW COLLATION").stream().map(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2)).sorted().toList(),
                    rows(s, "SELECT CONCAT(COLLATION_NAME, '/', CHARACTER_SET_NAME, '/', ID) FROM information_schema.COLLATIONS")
                            .stream().map(r -> r.get(0)).sorted().toList());
            assertEquals(List.of(List.of("utf8mb4_0900_ai_ci", "4")), rows(s, "SELECT DEFAULT_COLLATE_NAME, MAXLEN"
                    + " FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'"));
        }
    }

    /** Runbooks look for long transactions in information_schema.INNODB_TRX. */
    @Test
    void innodbTrxListsTheOpenTransactions() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             Connection other = server.connect(); Statement o = other.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS trx");
            s.execute("CREATE TABLE IF NOT EXISTS trx.t (id INT PRIMARY KEY)");
            String me = rows(s, "SELECT CONNECTION_ID()").get(0).get(0);
            String query = "SELECT trx_mysql_thread_id, trx_state, trx_isolation_level, TIMESTAMPDIFF(SECOND, trx_started, NOW()) < 60"
                    + " FROM information_schema.INNODB_TRX";
            assertEquals(List.of(), rows(o, query));
            s.execute("BEGIN");
            s.execute("INSERT INTO trx.t VALUES (1)");
            assertEquals(List.of(List.of(me, "RUNNING", "REPEATABLE READ", "1")), rows(o, query));
            s.execute("COMMIT");
            assertEquals(List.of(), rows(o, query));
        }
    }

    /** MySQL returns a JSON column's document normalized: keys shorter first then by bytes, its own spacing. */
    @Test
    void jsonColumnsReturnNormalizedDocuments() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS js");
            s.execute("CREATE TABLE js.d (id INT PRIMARY KEY, doc JSON)");
            s.execute("INSERT INTO js.d VALUES (1, '{\"b\":1,\"aa\":{\"y\":true,\"x\":null},\"a\":[1,2.50]}')");
            assertEquals("{\"a\": [1, 2.50], \"b\": 1, \"aa\": {\"x\": null, \"y\": true}}", one(s, "SELECT doc FROM js.d"));
            assertEquals("[1, 2.50]", one(s, "SELECT JSON_EXTRACT(doc, '$.a') FROM js.d"));
        }
    }
}
