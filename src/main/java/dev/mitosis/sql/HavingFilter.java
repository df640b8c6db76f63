package dev.mitosis.sql;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * MySQL's HAVING without GROUP BY and without aggregates: a filter on the result rows in which a
 * name is first a select-list alias (Connector/J's DatabaseMetaData.getTables sends
 * {@code ... CASE ... END AS TABLE_TYPE ... HAVING TABLE_TYPE IN (...)}). H2 would make such a
 * query an aggregate; the translator writes its QUALIFY instead, where names are columns first, so
 * the alias references are first replaced by the aliased expressions.
 */
final class HavingFilter {
    static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT",
            "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP",
            "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "ANY_VALUE");

    private HavingFilter() {}

    /** True when the HAVING at {@code having} filters rows: its query has no GROUP BY and no aggregate. */
    static boolean filtersRows(Tokens tk, int having) {
        int select = selectOf(tk, having);
        if (select < 0) return false;
        int end = clauseEnd(tk, having);
        for (int k = select + 1; k < end; k++) {
            Token t = tk.t[k];
            if (t.type == TokenType.IDENTIFIER && tk.isSymbol(k + 1, "(") && AGGREGATES.contains(Keywords.upper(t.text))) {
                return false;
            }
        }
        return true;
    }

    /** The statement with alias references in row-filtering HAVING clauses replaced by their expressions. */
    static String inlineAliases(String sql) {
        if (!Lexer.mentions(sql, "HAVING")) return sql;
        Tokens tk = new Tokens(sql);
        StringBuilder out = null;
        int copied = 0;
        for (int h = 0; h < tk.size; h++) {
            if (!tk.is(h, "HAVING") || !filtersRows(tk, h)) continue;
            Map<String, int[]> aliases = aliases(tk, selectOf(tk, h), h);
            int end = clauseEnd(tk, h);
            for (int k = h + 1; k < end; k++) {
                Token t = tk.t[k];
                boolean name = t.type == TokenType.IDENTIFIER || t.type == TokenType.QUOTED_IDENTIFIER;
                if (!name || tk.isSymbol(k + 1, "(") || tk.isSymbol(k + 1, ".") || tk.isSymbol(k - 1, ".")) continue;
                int[] expr = aliases.get(Keywords.upper(t.text));
                if (expr == null) continue;
                if (out == null) out = new StringBuilder(sql.length() + 64);
                out.append(sql, copied, t.start).append('(').append(sql, tk.t[expr[0]].start, tk.t[expr[1] - 1].end).append(')');
                copied = t.end;
            }
        }
        return out == null ? sql : out.append(sql, copied, sql.length()).toString();
    }

    /** The SELECT of the query level the token at {@code at} is in, or -1 when that level has GROUP BY. */
    private static int selectOf(Tokens tk, int at) {
        for (int k = at - 1; k >= 0; k--) {
            Token t = tk.t[k];
            if (t.isSymbol(")") && tk.match[k] >= 0) {
                k = tk.match[k];
            } else if (t.isSymbol("(")) {
                return -1;
            } else if (t.is("GROUP") && tk.is(k + 1, "BY")) {
                return -1;
            } else if (t.is("SELECT")) {
                return k;
            }
        }
        return -1;
    }

    /** The index after the HAVING clause's condition. */
    private static int clauseEnd(Tokens tk, int having) {
        int end = having + 1;
        while (end < tk.size && !tk.isSymbol(end, ")") && !tk.is(end, "ORDER") && !tk.is(end, "LIMIT")
                && !tk.is(end, "UNION") && !tk.is(end, "WINDOW") && !tk.isSymbol(end, ";")) {
            end = tk.isSymbol(end, "(") && tk.match[end] >= 0 ? tk.match[end] + 1 : end + 1;
        }
        return end;
    }

    /** Select-list aliases given with AS, upper-cased, to their expressions' token ranges. */
    private static Map<String, int[]> aliases(Tokens tk, int select, int having) {
        Map<String, int[]> out = new HashMap<>();
        int start = select + 1;
        for (int k = start; k < having; k++) {
            Token t = tk.t[k];
            boolean itemEnd = t.isSymbol(",") || t.is("FROM");
            if (!itemEnd) {
                if (t.isSymbol("(") && tk.match[k] >= 0) k = tk.match[k];
                continue;
            }
            if (k - start >= 3 && tk.is(k - 2, "AS")) {
                out.putIfAbsent(Keywords.upper(tk.t[k - 1].text), new int[] {start, k - 2});
            }
            if (t.is("FROM")) break;
            start = k + 1;
        }
        return out;
    }
}
