package dev.mitosis.sql;

import dev.mitosis.protocol.MysqlException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2TranslatorTest {
    private final H2Translator translator = new H2Translator();

    private String h2(String mysql) throws MysqlException {
        return translator.translate(mysql).sql();
    }

    @Test
    void sysbenchStatementsTranslateToPlainH2() throws MysqlException {
        assertEquals("SELECT \"c\" FROM \"sbtest1\" WHERE \"id\" = ?", h2("SELECT c FROM sbtest1 WHERE id=?"));
        assertEquals("SELECT \"c\" FROM \"sbtest1\" WHERE \"id\" BETWEEN ? AND ? ORDER BY \"c\"",
                h2("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c"));
        assertEquals("SELECT SUM(\"k\") AS \"SUM(k)\" FROM \"sbtest1\" WHERE \"id\" BETWEEN ? AND ?",
                h2("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?"));
        assertEquals("UPDATE \"sbtest1\" SET \"k\" = \"k\" + CAST(0 AS BIGINT) + 1 WHERE \"id\" = ?", h2("UPDATE sbtest1 SET k=k+1 WHERE id=?"));
        assertEquals("INSERT INTO \"sbtest1\" (\"id\", \"k\", \"c\", \"pad\") VALUES(?, ?, ?, ?)",
                h2("INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)"));
        assertEquals("DELETE FROM \"sbtest1\" WHERE \"id\" = ?", h2("DELETE FROM sbtest1 WHERE id=?"));
        assertEquals(4, translator.translate("INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)").parameterCount());
        assertEquals(StatementKind.BEGIN, translator.translate("BEGIN").kind());
        assertEquals(List.of(), translator.translate("BEGIN").h2());
    }

    @Test
    void translationsAreCachedByText() throws MysqlException {
        Translation first = translator.translate("SELECT c FROM sbtest1 WHERE id=?");
        assertSame(first, translator.translate("SELECT c FROM sbtest1 WHERE id=?"));
    }

    @Test
    void parametersKeepTheirOrderThroughRewrites() throws Exception {
        try (Connection c = SqlScriptTest.newDatabase(); Statement s = c.createStatement()) {
            s.execute(translator.translate("CREATE TABLE t (id INT PRIMARY KEY, k INT, d DATETIME)").sql());
            s.execute("INSERT INTO \"t\" VALUES (1, 10, '2024-01-01 00:00:00'), (2, 20, '2024-01-02 00:00:00'), (3, 30, NULL)");
            Translation t = translator.translate(
                    "UPDATE t SET k = ? / 2, d = DATE_ADD(?, INTERVAL ? DAY) WHERE id > ? ORDER BY id DESC LIMIT ?");
            assertEquals(5, t.parameterCount());
            try (PreparedStatement ps = c.prepareStatement(t.sql())) {
                ps.setInt(1, 5);
                ps.setString(2, "2024-05-01");
                ps.setInt(3, 3);
                ps.setInt(4, 1);
                ps.setInt(5, 1);
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT \"k\", \"d\" FROM \"t\" WHERE \"id\" = 3")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1)); // 5 / 2 = 2.5000, rounded into an INT column as MySQL does
                assertEquals("2024-05-04 00:00:00", rs.getString(2));
            }
        }
    }

    @Test
    void replaceRunsWithParameters() throws Exception {
        try (Connection c = SqlScriptTest.newDatabase(); Statement s = c.createStatement()) {
            for (String ddl : translator.translate("CREATE TABLE r (id INT PRIMARY KEY, u VARCHAR(5), v INT DEFAULT 7, UNIQUE KEY (u))").h2()) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO \"r\" VALUES (1, 'a', 1), (2, 'b', 2)");
            Translation t = translator.translate("REPLACE INTO r (id, u) VALUES (?, ?)");
            assertEquals(StatementKind.REPLACE, t.kind());
            assertEquals(2, t.parameterCount());
            assertEquals(3, ReplaceExecutor.execute(c, t.replace(), new Object[] {1, "b"}));
            try (ResultSet rs = s.executeQuery("SELECT \"id\", \"u\", \"v\" FROM \"r\"")) {
                assertTrue(rs.next());
                assertEquals("1 b 7", rs.getInt(1) + " " + rs.getString(2) + " " + rs.getInt(3));
                assertTrue(!rs.next());
            }
        }
    }

    @Test
    void syntaxErrorsAreMysqlParseErrors() {
        MysqlException e = assertThrows(MysqlException.class, () -> translator.translate("SELECT (1"));
        assertEquals(1064, e.code());
        assertEquals("42000", e.sqlState());
        e = assertThrows(MysqlException.class, () -> translator.translate("SELECT 1 XOR 2 FROM t"));
        assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'XOR 2 FROM t' at line 1",
                e.getMessage());
        e = assertThrows(MysqlException.class, () -> translator.translate("  "));
        assertEquals(1065, e.code());
    }

    @Test
    void ddlProducesIndexesPerTableAndTheAutoIncrementStart() throws MysqlException {
        Translation t = translator.translate("CREATE TABLE x (id INT AUTO_INCREMENT, a INT, PRIMARY KEY (id), KEY (a), KEY (a)) AUTO_INCREMENT=5");
        assertEquals(List.of(
                "CREATE TABLE \"x\" (\"id\" INTEGER AUTO_INCREMENT, \"a\" INTEGER, PRIMARY KEY (\"id\"))",
                "CREATE INDEX \"x.a\" ON \"x\" (\"a\")",
                "CREATE INDEX \"x.a_2\" ON \"x\" (\"a\")",
                "ALTER TABLE \"x\" ALTER COLUMN \"id\" RESTART WITH 5"), t.h2());
        assertEquals(List.of("DROP SCHEMA IF EXISTS \"d\" CASCADE"), translator.translate("DROP DATABASE IF EXISTS d").h2());
        assertEquals(List.of("DROP INDEX \"db\".\"t.i\""), translator.translate("DROP INDEX i ON db.t").h2());
        assertEquals("x", IndexNames.mysqlName("t", "t.x"));
        assertEquals("PRIMARY", IndexNames.mysqlName("t", "PRIMARY_KEY_8"));
    }

    @Test
    void flagsForTheServer() throws MysqlException {
        assertTrue(translator.translate("SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1").has(Translation.Flag.CALC_FOUND_ROWS));
        assertTrue(translator.translate("START TRANSACTION READ ONLY").has(Translation.Flag.READ_ONLY));
        assertTrue(translator.translate("START TRANSACTION WITH CONSISTENT SNAPSHOT").has(Translation.Flag.CONSISTENT_SNAPSHOT));
        assertTrue(translator.translate("INSERT IGNORE INTO t VALUES (1)").has(Translation.Flag.IGNORE));
        assertEquals("s1", translator.translate("ROLLBACK TO s1").name());
        assertEquals(List.of("ROLLBACK TO SAVEPOINT \"s1\""), translator.translate("ROLLBACK WORK TO SAVEPOINT s1").h2());
    }

    /** A DATE column d, DATETIME(3) dt3 and TIME t in table times; every other column is an INT. */
    private static MysqlType type(String schema, String table, String column) {
        if (!table.equalsIgnoreCase("times")) return null;
        return switch (column.toLowerCase(java.util.Locale.ROOT)) {
            case "d" -> MysqlType.of("DATE", 0, 0, null, null);
            case "dt3" -> MysqlType.of("TIMESTAMP", 0, 3, null, null);
            case "t" -> MysqlType.of("TIME", 0, 0, null, null);
            default -> MysqlType.of("INTEGER", 32, 0, null, null);
        };
    }

    private static java.sql.SQLException rejected(String operation) {
        return new java.sql.SQLException("Feature not supported: \"" + operation + "\"; SQL statement:\nSELECT ...", "HYC00", 50100);
    }

    @Test
    void stringsComparedWithNumbersAreReadAsNumbersOnceTheEngineRejectsAConversion() throws MysqlException {
        String sql = "SELECT id FROM times x WHERE x.id = '1abc' OR name = 12 OR 3 < name OR name NOT IN (1, 'a')"
                + " OR id IN ('2', 'b') OR d = '2024-01-01' OR name = 'text' OR id = '7'";
        java.sql.SQLException conversion = new java.sql.SQLException("Data conversion error converting \"x\"", "22018", 22018);
        assertEquals(null, translator.retranslate(sql, new java.sql.SQLException("Syntax error", "42000", 42000), H2TranslatorTest::type));
        ColumnLookup withText = (schema, table, column) -> column.equals("name")
                ? MysqlType.of("CHARACTER VARYING", 10, 0, null, null) : type(schema, table, column);
        assertEquals("SELECT \"id\" FROM \"times\" \"x\" WHERE \"x\".\"id\" = \"mitosis_fn\".\"mysql_string_constant\"('1abc')"
                + " OR \"mitosis_fn\".\"mysql_string_number\"(\"name\") = 12 OR 3 < \"mitosis_fn\".\"mysql_string_number\"(\"name\")"
                + " OR \"mitosis_fn\".\"mysql_string_number\"(\"name\") NOT IN (1, 'a')"
                + " OR \"id\" IN ('2', \"mitosis_fn\".\"mysql_string_constant\"('b')) OR \"d\" = '2024-01-01' OR \"name\" = 'text'"
                + " OR \"id\" = '7'", translator.retranslate(sql, conversion, withText).sql());
        // Nothing to read as a number: the engine's error stands.
        assertEquals(null, translator.retranslate("SELECT id FROM times WHERE id = '7'", conversion, withText));
    }

    @Test
    void dateAndTimeColumnsInArithmeticAreTheirNumbersOnceTheEngineRejectsThem() throws MysqlException {
        // Untyped: integer arithmetic is unchanged; an operand column of * gets a BIGINT zero so
        // that the engine rejects a TIME there (it would multiply the time) as it does DATE + 1.
        assertEquals("SELECT \"d\" + CAST(0 AS BIGINT) + 1 AS \"d + 1\" FROM \"times\"", h2("SELECT d + 1 FROM times"));
        assertEquals("SELECT (\"a\" + CAST(0 AS BIGINT)) * (\"b\" + CAST(0 AS BIGINT)) AS \"a * b\","
                + " 2 * CAST(1 AS BIGINT) * (\"t\".\"c\" + CAST(0 AS BIGINT)) AS \"2 * t.c\" FROM \"t\"", h2("SELECT a * b, 2 * t.c FROM t"));
        String sql = "SELECT d + 1, 1 + x.d, d * 2, dt3 - 1, t * 2, id + 1, d + INTERVAL 1 DAY, INTERVAL 1 DAY + d, d > '2024-01-01'"
                + " FROM times x WHERE id = 1";
        assertEquals(null, translator.retranslate(sql, new java.sql.SQLException("Syntax error", "42000", 42000),
                H2TranslatorTest::type));
        Translation typed = translator.retranslate(sql, rejected("BIGINT + DATE"), H2TranslatorTest::type);
        assertEquals("SELECT CAST(FORMATDATETIME(\"d\", 'yyyyMMdd') AS BIGINT) + CAST(0 AS BIGINT) + 1 AS \"d + 1\","
                + " 1 + CAST(0 AS BIGINT) + CAST(FORMATDATETIME(\"x\".\"d\", 'yyyyMMdd') AS BIGINT) AS \"1 + x.d\","
                + " CAST(FORMATDATETIME(\"d\", 'yyyyMMdd') AS BIGINT) * 2 AS \"d * 2\","
                + " CAST(FORMATDATETIME(\"dt3\", 'yyyyMMddHHmmss.SSS') AS DECIMAL(17, 3)) - CAST(0 AS BIGINT) - 1 AS \"dt3 - 1\","
                + " CAST(FORMATDATETIME(\"t\", 'HHmmss') AS BIGINT) * 2 AS \"t * 2\", \"id\" + CAST(0 AS BIGINT) + 1 AS \"id + 1\","
                + " \"d\" + INTERVAL '1' DAY AS \"d + INTERVAL 1 DAY\", INTERVAL '1' DAY + \"d\" AS \"INTERVAL 1 DAY + d\", \"d\" > '2024-01-01'"
                + " AS \"d > '2024-01-01'\" FROM \"times\" \"x\" WHERE \"id\" = 1", typed.sql());
        // From then on the text is typed straight away; where its columns are not dates nothing changes.
        assertEquals(typed.sql(), translator.translate(sql, H2TranslatorTest::type).sql());
        String noLiteral = sql.replace(", d > '2024-01-01'", "");
        translator.retranslate(noLiteral, rejected("BIGINT + DATE"), H2TranslatorTest::type);
        assertEquals(h2(noLiteral), translator.translate(noLiteral, (schema, table, column) -> MysqlType.of("INTEGER", 32, 0, null, null)).sql());
        // A column no table of the statement types (a derived table's) is converted at run time.
        assertEquals("SELECT \"mitosis_fn\".\"mysql_temporal_number\"(\"x\".\"d\") + CAST(0 AS BIGINT) + 1 AS \"x.d + 1\""
                + " FROM (SELECT \"d\" FROM \"times\") \"x\"", translator.retranslate("SELECT x.d + 1 FROM (SELECT d FROM times) x",
                rejected("BIGINT + DATE"), H2TranslatorTest::type).sql());
        assertEquals(null, translator.retranslate("SELECT k + 1 FROM times", rejected("BIGINT + DATE"),
                (schema, table, column) -> MysqlType.of("INTEGER", 32, 0, null, null)));
        // The sysbench update is never typed.
        assertSame(translator.translate("UPDATE sbtest1 SET k=k+1 WHERE id=?"),
                translator.translate("UPDATE sbtest1 SET k=k+1 WHERE id=?", H2TranslatorTest::type));
    }
}
