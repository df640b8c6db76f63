package dev.mitosis.sql;

import dev.mitosis.protocol.MysqlException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs src/test/resources/sql/*.test: MySQL statements, each followed by MySQL 8.4's expected
 * result, executed through {@link H2Translator} on an in-memory H2 with the engine's settings.
 *
 * <pre>
 * # comment
 * SELECT 5/2;            -- a statement ends with ';' at the end of a line
 * > 2.5000               -- one line per row, values joined by " | ", NULL for null
 * > columns: a | b       -- optional first line: the column labels
 * > update 2             -- update count;  "> ok": DDL or no result;  "> empty": no rows
 * > error 1062           -- MySQL error code, optionally followed by the exact message
 * </pre>
 */
class SqlScriptTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(SqlScriptTest.class.getResource("/sql").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".test")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
        }
    }

    static Connection newDatabase() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:script" + DATABASES.incrementAndGet()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
        MysqlTypes.install(c);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"test\"");
            s.execute("SET SCHEMA \"test\"");
        }
        return c;
    }

    private void run(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        H2Translator translator = new H2Translator();
        StringBuilder failures = new StringBuilder();
        try (Connection c = newDatabase()) {
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) { i++; continue; }
                int startLine = i + 1;
                StringBuilder sql = new StringBuilder();
                while (i < lines.size()) {
                    String l = lines.get(i++);
                    sql.append(sql.length() > 0 ? "\n" : "").append(l);
                    if (l.stripTrailing().endsWith(";")) break;
                }
                List<String> expected = new ArrayList<>();
                while (i < lines.size() && lines.get(i).startsWith(">")) {
                    expected.add(lines.get(i++).substring(1).trim());
                }
                String statement = sql.toString().stripTrailing();
                statement = statement.substring(0, statement.length() - 1);
                String[] h2 = new String[1];
                List<String> actual = execute(c, translator, statement, h2);
                if (!matches(expected, actual)) {
                    failures.append(file.getFileName()).append(':').append(startLine).append(": ").append(statement)
                            .append("\n  H2:       ").append(h2[0])
                            .append("\n  expected: ").append(expected)
                            .append("\n  actual:   ").append(actual).append('\n');
                }
            }
        }
        if (failures.length() > 0) fail("\n" + failures);
    }

    private static boolean matches(List<String> expected, List<String> actual) {
        if (expected.size() == 1 && expected.get(0).startsWith("error") && actual.size() == 1 && actual.get(0).startsWith("error")) {
            return actual.get(0).startsWith(expected.get(0));
        }
        if (!expected.isEmpty() && !expected.get(0).startsWith("columns:") && !actual.isEmpty() && actual.get(0).startsWith("columns:")) {
            return expected.equals(actual.subList(1, actual.size()));
        }
        return expected.equals(actual);
    }

    static List<String> execute(Connection c, H2Translator translator, String mysql, String[] h2Out) {
        try {
            return execute(c, translator.translate(mysql, columns(c)), h2Out);
        } catch (MysqlException e) {
            return List.of("error " + e.code() + " " + e.getMessage());
        } catch (SQLException e) {
            // As the server does: a statement the engine rejects for date or time arithmetic is
            // translated again with its column types.
            try {
                Translation typed = translator.retranslate(mysql, e, columns(c));
                if (typed != null) return execute(c, typed, h2Out);
            } catch (MysqlException m) {
                return List.of("error " + m.code() + " " + m.getMessage());
            } catch (SQLException again) {
                e = again;
            }
            if (h2Out[0] != null) h2Out[0] += "\n  H2 error: " + e.getMessage().split("\n")[0];
            MysqlException m = H2ErrorMapper.map(e, "test");
            return List.of("error " + m.code() + " " + m.getMessage());
        }
    }

    /** Column types from the engine's catalog, as the server's column catalog gives them. */
    static ColumnLookup columns(Connection c) {
        return (schema, table, column) -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT data_type, COALESCE(character_maximum_length,"
                    + " numeric_precision, 0), COALESCE(numeric_scale, datetime_precision, 0),"
                    + " CASE WHEN domain_schema = ? THEN domain_name END FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
                ps.setString(1, MysqlTypes.SCHEMA);
                ps.setString(2, schema == null ? "test" : schema.toLowerCase(java.util.Locale.ROOT));
                ps.setString(3, table.toLowerCase(java.util.Locale.ROOT));
                ps.setString(4, column.toLowerCase(java.util.Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? MysqlType.of(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), null) : null;
                }
            } catch (SQLException e) {
                return null;
            }
        };
    }

    /** Runs a translation: its result, update count or "ok"; engine errors are thrown. */
    private static List<String> execute(Connection c, Translation t, String[] h2Out) throws SQLException, MysqlException {
        List<String> out = new ArrayList<>();
        h2Out[0] = String.join(" ;; ", t.h2());
        switch (t.kind()) {
            case BEGIN -> { c.setAutoCommit(false); out.add("ok"); return out; }
            case COMMIT -> { c.commit(); c.setAutoCommit(true); out.add("ok"); return out; }
            case ROLLBACK -> { c.rollback(); c.setAutoCommit(true); out.add("ok"); return out; }
            case REPLACE -> {
                out.add("update " + ReplaceExecutor.execute(c, t.replace(), new Object[0]));
                return out;
            }
            default -> { }
        }
        try (Statement s = c.createStatement()) {
            boolean hasResult = false;
            for (String h2 : t.h2()) hasResult = s.execute(h2);
            if (t.h2().isEmpty()) {
                out.add("ok");
            } else if (hasResult) {
                render(s.getResultSet(), out);
            } else if (t.kind().implicitCommit || t.kind() == StatementKind.SAVEPOINT
                    || t.kind() == StatementKind.ROLLBACK_TO_SAVEPOINT || t.kind() == StatementKind.RELEASE_SAVEPOINT) {
                out.add("ok");
            } else {
                out.add("update " + s.getUpdateCount());
            }
        }
        return out;
    }

    private static void render(ResultSet rs, List<String> out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder labels = new StringBuilder("columns: ");
        for (int k = 1; k <= n; k++) labels.append(k > 1 ? " | " : "").append(md.getColumnLabel(k));
        out.add(labels.toString());
        int rows = 0;
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int k = 1; k <= n; k++) {
                if (k > 1) row.append(" | ");
                row.append(text(rs, k));
            }
            out.add(row.toString());
            rows++;
        }
        if (rows == 0) out.add("empty");
    }

    /** Roughly MySQL's text-protocol rendering. */
    static String text(ResultSet rs, int k) throws SQLException {
        Object v = rs.getObject(k);
        if (v == null) return "NULL";
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return v.toString();
        }
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return rs.getString(k);
    }
}
