package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.mitosis.testing.SqlAssertions.assertError;

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
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** Real JDBC drivers (MySQL Connector/J 9, MariaDB Connector/J 3), server-side PS on and off. */
@ExtendWith(SharedServer.class)
class ConnectorJTest {
    static TestInstance server;

    static Stream<Arguments> drivers() {
        return Stream.of(
                Arguments.of("mysql", "useServerPrepStmts=true"),
                Arguments.of("mysql", "useServerPrepStmts=false"),
                Arguments.of("mariadb", "useServerPrepStmts=true"),
                Arguments.of("mariadb", "useServerPrepStmts=false"));
    }

    private static Connection connect(String driver, String opts, String db) throws SQLException {
        String url = driver.equals("mysql") ? server.mysqlUrl(db, opts) : server.mariadbUrl(db, opts);
        return DriverManager.getConnection(url, "root", "");
    }

    private static String dbName(String driver, String opts) {
        return "cj_" + driver + "_" + (opts.endsWith("true") ? "ps" : "text");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("drivers")
    void ddlDmlTransactionsAndErrors(String driver, String opts) throws Exception {
        String db = dbName(driver, opts);
        try (Connection c = connect(driver, opts, null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
            s.execute("USE " + db);
            s.execute("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                    + " amount DECIMAL(10,2), created DATETIME(6), UNIQUE KEY uk_name (name))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (name, amount, created) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "alpha");
                ps.setBigDecimal(2, new java.math.BigDecimal("12.34"));
                ps.setObject(3, java.time.LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123456000));
                assertEquals(1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(1, keys.getLong(1));
                }
            }
            s.execute("INSERT INTO t (name, amount) VALUES ('beta', 1.5), ('gamma', NULL)");
            try (ResultSet rs = s.executeQuery("SELECT id, name, amount, created FROM t ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("alpha", rs.getString("name"));
                assertEquals(new java.math.BigDecimal("12.34"), rs.getBigDecimal("amount"));
                assertEquals(java.time.LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123456000),
                        rs.getObject("created", java.time.LocalDateTime.class));
                assertTrue(rs.next());
                assertEquals("beta", rs.getString(2));
                assertTrue(rs.next());
                rs.getBigDecimal(3);
                assertTrue(rs.wasNull());
                assertFalse(rs.next());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("beta", rs.getString(1));
                }
            }

            // A transaction rolled back leaves nothing behind.
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t (name) VALUES ('rolled-back')");
            s.executeUpdate("UPDATE t SET amount = 99 WHERE name = 'alpha'");
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(amount) FROM t")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
                assertEquals(new java.math.BigDecimal("13.84"), rs.getBigDecimal(2));
            }

            // Errors arrive with MySQL's codes and SQLSTATEs.
            assertError(1062, "23000", () -> s.execute("INSERT INTO t (id, name) VALUES (1, 'dup')"));
            assertError(1062, "23000", () -> s.execute("INSERT INTO t (name) VALUES ('alpha')"));
            SQLException missing = assertError(1146, "42S02", () -> s.executeQuery("SELECT * FROM no_such_table"));
            // MariaDB Connector/J puts "(conn=N) " in front.
            assertTrue(missing.getMessage().endsWith("Table '" + db + ".no_such_table' doesn't exist"), missing.getMessage());
            assertError(1064, "42000", () -> s.execute("SELEKT 1"));
            assertError(1049, "42000", () -> s.execute("USE no_such_db"));
            assertError(1007, "HY000", () -> s.execute("CREATE DATABASE " + db));
            assertError(1008, "HY000", () -> s.execute("DROP DATABASE no_such_db"));
            assertError(1050, "42S01", () -> s.execute("CREATE TABLE t (id INT)"));
            assertError(1054, "42S22", () -> s.executeQuery("SELECT no_such_column FROM t"));
            assertError(1193, "HY000", () -> s.executeQuery("SELECT @@no_such_variable"));
            assertError(1048, "23000", () -> s.execute("INSERT INTO t (name) VALUES (NULL)"));
            // ... and the connection is still fine afterwards.
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
            s.execute("DROP DATABASE " + db);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("drivers")
    void twentyMegabyteBlobRoundTrip(String driver, String opts) throws Exception {
        String db = dbName(driver, opts) + "_blob";
        byte[] blob = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(blob);
        try (Connection c = connect(driver, opts, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db);
            s.execute("USE " + db);
            s.execute("CREATE TABLE b (id INT PRIMARY KEY, data LONGBLOB)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setBytes(2, blob);
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM b WHERE id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(blob, rs.getBytes(1));
                }
            }
            s.execute("DROP DATABASE " + db);
        }
    }

    /** What ORMs and tools read through DatabaseMetaData (Hibernate's schema validation, Flyway, DBeaver). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("drivers")
    void databaseMetaDataDescribesTablesColumnsAndKeys(String driver, String opts) throws Exception {
        String db = dbName(driver, opts) + "_meta";
        try (Connection c = connect(driver, opts, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db);
            s.execute("CREATE TABLE " + db + ".users (id BIGINT PRIMARY KEY AUTO_INCREMENT, email VARCHAR(100) NOT NULL,"
                    + " UNIQUE KEY uq_email (email))");
            s.execute("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, user_id BIGINT, total DECIMAL(10,2),"
                    + " CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES " + db + ".users (id))");
            s.execute("CREATE VIEW " + db + ".big_orders AS SELECT id FROM " + db + ".orders WHERE total > 100");
            java.sql.DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(db, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
            }
            assertEquals(List.of("orders:TABLE", "users:TABLE"), tables);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(db, null, "orders", "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getInt("COLUMN_SIZE")
                            + ":" + rs.getString("IS_NULLABLE"));
                }
            }
            assertEquals(List.of("id:4:10:NO", "user_id:-5:19:YES", "total:3:10:YES"), columns);
            try (ResultSet rs = md.getPrimaryKeys(db, null, "users")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
            }
            List<String> unique = new ArrayList<>();
            try (ResultSet rs = md.getIndexInfo(db, null, "users", true, false)) {
                while (rs.next()) unique.add(rs.getString("INDEX_NAME") + ":" + rs.getString("COLUMN_NAME"));
            }
            assertEquals(List.of("PRIMARY:id", "uq_email:email"), unique);
            try (ResultSet rs = md.getImportedKeys(db, null, "orders")) {
                assertTrue(rs.next());
                assertEquals("users.id -> orders.user_id (fk_user)", rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME")
                        + " -> " + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + " (" + rs.getString("FK_NAME") + ")");
                assertFalse(rs.next());
            }
            s.execute("DROP DATABASE " + db);
        }
    }

    /** BIT values travel as MySQL sends them, (M+7)/8 bytes: BIT(1) is how Hibernate stores a boolean. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("drivers")
    void bitColumnsReadAsBooleansAndBytes(String driver, String opts) throws Exception {
        String db = dbName(driver, opts) + "_bit";
        try (Connection c = connect(driver, opts, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db);
            s.execute("USE " + db);
            s.execute("CREATE TABLE flags (id INT PRIMARY KEY, active BIT(1), mask BIT(12))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flags VALUES (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setBoolean(2, false);
                ps.setInt(3, 0xABC);
                ps.executeUpdate();
                ps.setInt(1, 2);
                ps.setBoolean(2, true);
                ps.setInt(3, 1);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT active, mask, mask + 0 FROM flags WHERE id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(false, rs.getBoolean(1));
                    assertEquals(Boolean.FALSE, rs.getObject(1), "BIT(1) is a Boolean to JDBC");
                    assertArrayEquals(new byte[] {0x0A, (byte) 0xBC}, rs.getBytes(2));
                    assertEquals(0xABC, rs.getLong(2));
                    assertEquals(0xABC, rs.getLong(3));
                }
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(true, rs.getBoolean(1));
                    assertArrayEquals(new byte[] {0x00, 0x01}, rs.getBytes(2));
                }
            }
            s.execute("DROP DATABASE " + db);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("drivers")
    void wrongPasswordIsRefusedWith1045AndTheServerCarriesOn(String driver, String opts) throws Exception {
        String url = driver.equals("mysql") ? server.mysqlUrl(null, opts) : server.mariadbUrl(null, opts);
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "root", "wrong"));
        assertEquals(1045, e.getErrorCode(), e.getMessage());
        assertTrue(e.getMessage().contains("Access denied for user 'root'@'localhost' (using password: YES)"), e.getMessage());
        SQLException unknown = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "nobody", ""));
        assertEquals(1045, unknown.getErrorCode(), unknown.getMessage());
        try (Connection c = connect(driver, opts, null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
    }
}
