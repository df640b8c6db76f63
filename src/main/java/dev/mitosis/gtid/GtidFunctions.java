package dev.mitosis.gtid;

import dev.mitosis.engine.RowCapture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * GTID_SUBSET(), GTID_SUBTRACT() and WAIT_FOR_EXECUTED_GTID_SET() as engine functions (CREATE
 * ALIAS in a hidden schema); {@link #rewrite} points MySQL's calls at them.
 */
public final class GtidFunctions {
    private static final String[] NAMES = {"gtid_subset", "gtid_subtract", "wait_for_executed_gtid_set"};
    private static final String[] METHODS = {"subset", "subtract", "waitFor"};

    private GtidFunctions() {}

    /** A MySQL error raised inside a function; the server reports its code and text as they are. */
    public static final class MysqlFunctionError extends SQLException {
        public MysqlFunctionError(int code, String state, String message) {
            super(message, state, code);
        }
    }

    public static void install(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            for (int i = 0; i < NAMES.length; i++) {
                s.execute("CREATE ALIAS IF NOT EXISTS " + schema + "." + NAMES[i] + " FOR '"
                        + GtidFunctions.class.getName() + "." + METHODS[i] + "'");
            }
        }
    }

    /** Qualifies calls of the GTID functions with {@code schema}; other text is left alone. */
    public static String rewrite(String sql, String schema) {
        if (!containsIgnoreCase(sql, "gtid_")) return sql;
        StringBuilder out = null;
        int copied = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int e = i + 1;
                while (e < n) {
                    char d = sql.charAt(e);
                    if (d == '\\' && c != '`') {
                        e += 2;
                        continue;
                    }
                    if (d == c) {
                        if (e + 1 < n && sql.charAt(e + 1) == c) {
                            e += 2;
                            continue;
                        }
                        break;
                    }
                    e++;
                }
                i = Math.min(n, e + 1);
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int e = i;
                while (e < n && (Character.isLetterOrDigit(sql.charAt(e)) || sql.charAt(e) == '_')) e++;
                String word = sql.substring(i, e).toLowerCase(Locale.ROOT);
                int p = e;
                while (p < n && Character.isWhitespace(sql.charAt(p))) p++;
                boolean qualified = i > 0 && sql.charAt(i - 1) == '.';
                if (!qualified && p < n && sql.charAt(p) == '(' && isFunction(word)) {
                    if (out == null) out = new StringBuilder(n + 32);
                    out.append(sql, copied, i).append(schema).append('.').append(word);
                    copied = e;
                }
                i = e;
                continue;
            }
            i++;
        }
        if (out == null) return sql;
        return out.append(sql, copied, n).toString();
    }

    private static boolean isFunction(String word) {
        for (String f : NAMES) if (f.equals(word)) return true;
        return false;
    }

    private static boolean containsIgnoreCase(String s, String w) {
        int n = w.length();
        for (int i = 0; i + n <= s.length(); i++) if (s.regionMatches(true, i, w, 0, n)) return true;
        return false;
    }

    static GtidSet parseSet(String text) throws SQLException {
        try {
            return GtidSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MysqlFunctionError(1772, "HY000", "Malformed GTID set specification '" + text + "'.");
        }
    }

    public static Integer subset(String a, String b) throws SQLException {
        if (a == null || b == null) return null;
        return parseSet(b).containsAll(parseSet(a)) ? 1 : 0;
    }

    public static String subtract(String a, String b) throws SQLException {
        if (a == null || b == null) return null;
        return parseSet(a).subtract(parseSet(b)).toString();
    }

    public static Integer waitFor(Connection conn, String set, Double timeout) throws SQLException {
        if (set == null) return null;
        GtidSet wanted = parseSet(set);
        RowCapture capture = RowCapture.of(conn);
        if (capture == null || !(capture.owner() instanceof GtidState state)) {
            throw new MysqlFunctionError(1105, "HY000", "WAIT_FOR_EXECUTED_GTID_SET is not available here");
        }
        if (timeout != null && timeout < 0) {
            throw new MysqlFunctionError(1210, "HY000", "Incorrect arguments to WAIT_FOR_EXECUTED_GTID_SET.");
        }
        try {
            return state.waitFor(wanted, timeout == null ? 0 : timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MysqlFunctionError(1317, "70100", "Query execution was interrupted");
        }
    }

    public static Integer waitFor(Connection conn, String set) throws SQLException {
        return waitFor(conn, set, null);
    }
}
