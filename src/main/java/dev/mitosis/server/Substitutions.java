package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Replaces what only the server knows before a statement goes to the engine: system variables
 * ({@code @@x}, {@code @@global.x}) and session functions (DATABASE(), USER(), CONNECTION_ID(),
 * LAST_INSERT_ID(), ...) become literals. A bare variable select item keeps MySQL's column name.
 */
final class Substitutions {
    private Substitutions() {}

    interface VariableReader {
        Object read(String scope, String name) throws MysqlException;
    }

    /** Fast check so statements without anything to substitute pass untouched. */
    static boolean mayNeed(String sql) {
        return sql.indexOf("@@") >= 0 || sql.indexOf('(') >= 0 || containsIgnoreCase(sql, "current_user");
    }

    static String apply(String sql, Session session, VariableReader vars) throws MysqlException {
        if (!mayNeed(sql)) return sql;
        StringBuilder out = null;
        int copied = 0;
        int n = sql.length();
        int i = 0;
        String prevWord = "";
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = SqlScan.skipQuoted(sql, i);
                prevWord = "";
                continue;
            }
            int j = SqlScan.skipComment(sql, i);
            if (j != i) {
                i = j;
                continue;
            }
            if (c == '@' && i + 1 < n && sql.charAt(i + 1) == '@') {
                int start = i;
                int e = i + 2;
                while (e < n && (Character.isLetterOrDigit(sql.charAt(e)) || sql.charAt(e) == '_' || sql.charAt(e) == '.')) e++;
                String full = sql.substring(start, e);
                String ref = full.substring(2).toLowerCase(Locale.ROOT);
                String scope = "";
                int dot = ref.indexOf('.');
                if (dot > 0) {
                    scope = ref.substring(0, dot);
                    ref = ref.substring(dot + 1);
                }
                Object value = vars.read(scope, ref);
                String literal = literal(value);
                if (isBareSelectItem(prevWord, sql, e)) {
                    literal = literal + " AS `" + full + "`";
                }
                if (out == null) out = new StringBuilder(n + 32);
                out.append(sql, copied, start).append(literal);
                copied = e;
                i = e;
                prevWord = "x";
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                int e = i;
                while (e < n && (Character.isLetterOrDigit(sql.charAt(e)) || sql.charAt(e) == '_' || sql.charAt(e) == '$')) e++;
                String word = sql.substring(start, e);
                boolean qualified = start > 0 && sql.charAt(start - 1) == '.';
                int p = e;
                while (p < n && sql.charAt(p) == ' ') p++;
                String replacement = null;
                int end = e;
                if (!qualified && p < n && sql.charAt(p) == '(') {
                    int q = p + 1;
                    while (q < n && Character.isWhitespace(sql.charAt(q))) q++;
                    if (q < n && sql.charAt(q) == ')') {
                        replacement = functionValue(word.toLowerCase(Locale.ROOT), session);
                        end = q + 1;
                    }
                } else if (!qualified && (word.equalsIgnoreCase("current_user"))) {
                    replacement = literal(session.currentUser());
                }
                if (replacement != null) {
                    if (isBareSelectItem(prevWord, sql, end)) {
                        replacement = replacement + " AS `" + sql.substring(start, end).replace("`", "``") + "`";
                    }
                    if (out == null) out = new StringBuilder(n + 32);
                    out.append(sql, copied, start).append(replacement);
                    copied = end;
                    i = end;
                    prevWord = "x";
                    continue;
                }
                prevWord = word.toUpperCase(Locale.ROOT);
                i = e;
                continue;
            }
            if (c == ',') prevWord = ",";
            else if (!Character.isWhitespace(c)) prevWord = String.valueOf(c);
            i++;
        }
        if (out == null) return sql;
        out.append(sql, copied, n);
        return out.toString();
    }

    private static String functionValue(String fn, Session s) {
        return switch (fn) {
            case "database", "schema" -> literal(s.database());
            case "user", "session_user", "system_user" -> literal(s.userAtHost());
            case "current_user" -> literal(s.currentUser());
            case "connection_id" -> Long.toString(s.id());
            case "version" -> literal(Instance.VERSION);
            case "last_insert_id" -> Long.toString(s.lastInsertId());
            case "row_count" -> Long.toString(s.rowCount());
            default -> null;
        };
    }

    /** SELECT @@x or SELECT a, @@x followed by ',', FROM, LIMIT or the end: no alias given. */
    private static boolean isBareSelectItem(String prev, String sql, int after) {
        if (!prev.equals("SELECT") && !prev.equals(",")) return false;
        int i = after;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
        if (i >= sql.length()) return true;
        char c = sql.charAt(i);
        if (c == ',' || c == ';') return true;
        String rest = sql.substring(i, Math.min(sql.length(), i + 6)).toUpperCase(Locale.ROOT);
        return rest.startsWith("FROM") || rest.startsWith("LIMIT") || rest.startsWith("INTO");
    }

    static String literal(Object v) {
        if (v == null) return "CAST(NULL AS VARCHAR)";
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof BigDecimal) {
            return v.toString();
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }

    private static boolean containsIgnoreCase(String s, String word) {
        return s.toLowerCase(Locale.ROOT).contains(word);
    }
}
