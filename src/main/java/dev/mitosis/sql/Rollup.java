package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GROUP BY g1, ..., gn WITH ROLLUP}, which H2 lacks, as the UNION ALL of the query grouped
 * by g1..gk for k = n down to 0, the rolled-up expressions NULL and {@code GROUPING(gi)} 1 in the
 * select list and HAVING (outside aggregate arguments), ordered as MySQL returns a rollup: each
 * group's rows, then its super-aggregate row, the grand total last. As in MySQL, an empty input
 * gives no rows, not a grand total. A MySQL-to-MySQL rewrite: the result is translated as usual.
 */
final class Rollup {
    private Rollup() {}

    private static final String ITEM = "mitosis_rollup_c";
    private static final String ORDER = "mitosis_rollup_o";
    private static final String ROLLED = "mitosis_rollup_g";

    /** The statement with its first WITH ROLLUP expanded, or {@code sql} unchanged when it has none. */
    static String expand(String sql) throws MysqlException {
        if (!Lexer.mentions(sql, "ROLLUP")) return sql;
        Tokens tk = new Tokens(sql);
        int rollup = -1;
        for (int i = 1; i < tk.size; i++) {
            if (tk.is(i, "ROLLUP") && tk.is(i - 1, "WITH")) {
                rollup = i;
                break;
            }
        }
        if (rollup < 0) return sql;
        for (int i = 0; i < tk.size; i++) {
            if (tk.t[i].type == TokenType.PARAMETER) throw unsupported("WITH ROLLUP with parameters");
        }
        Query q = Query.parse(tk, rollup);
        return sql.substring(0, tk.t[q.select].start) + q.expanded() + sql.substring(q.endOffset());
    }

    private static MysqlException unsupported(String what) {
        return ErrorCode.ER_NOT_SUPPORTED_YET.exception(what);
    }

    /** One query level: SELECT items FROM ... GROUP BY groups WITH ROLLUP [HAVING] [ORDER BY] [LIMIT]. */
    private record Query(Tokens tk, int select, int itemsFrom, int from, List<int[]> items, List<String> labels,
                         List<int[]> groups, int having, int havingEnd, int orderBy, int limit, int end) {

        static Query parse(Tokens tk, int rollup) throws MysqlException {
            int with = rollup - 1;
            // The level's bounds: the parentheses around WITH ROLLUP, or the statement.
            int lo = 0;
            int hi = tk.size;
            for (int k = with - 1; k >= 0; k--) {
                if (tk.isSymbol(k, ")") && tk.match[k] >= 0) {
                    k = tk.match[k];
                } else if (tk.isSymbol(k, "(")) {
                    lo = k + 1;
                    hi = tk.match[k];
                    break;
                }
            }
            if (hi > lo && tk.isSymbol(hi - 1, ";")) hi--;
            int select = -1;
            int groupBy = -1;
            int from = -1;
            for (int k = lo; k < with; k = tk.skip(k)) {
                if (tk.is(k, "SELECT") || tk.is(k, "UNION")) {
                    select = tk.is(k, "SELECT") ? k : -1;
                    from = -1;
                } else if (tk.is(k, "FROM") && from < 0) {
                    from = k;
                } else if (tk.is(k, "GROUP") && tk.is(k + 1, "BY")) {
                    groupBy = k;
                }
            }
            if (select < 0 || groupBy < 0 || from < 0) throw tk.error(rollup);
            int itemsFrom = select + 1;
            while (tk.is(itemsFrom, "ALL") || tk.is(itemsFrom, "DISTINCT") || tk.is(itemsFrom, "DISTINCTROW")
                    || tk.is(itemsFrom, "HIGH_PRIORITY") || tk.is(itemsFrom, "STRAIGHT_JOIN")
                    || tk.is(itemsFrom, "SQL_SMALL_RESULT") || tk.is(itemsFrom, "SQL_BIG_RESULT")
                    || tk.is(itemsFrom, "SQL_BUFFER_RESULT") || tk.is(itemsFrom, "SQL_NO_CACHE")) {
                itemsFrom++;
            }
            List<int[]> items = split(tk, itemsFrom, from);
            List<String> labels = new ArrayList<>();
            for (int[] item : items) {
                if (tk.isSymbol(item[1] - 1, "*")) throw unsupported("WITH ROLLUP with *");
                labels.add(label(tk, item));
            }
            List<int[]> groups = split(tk, groupBy + 2, with);
            int having = -1;
            int havingEnd = -1;
            int orderBy = -1;
            int limit = -1;
            int k = rollup + 1;
            int end = k;
            for (; k < hi; k = tk.skip(k)) {
                if (tk.is(k, "HAVING") && having < 0 && orderBy < 0) having = k;
                else if (tk.is(k, "ORDER") && tk.is(k + 1, "BY") && orderBy < 0) orderBy = k;
                else if (tk.is(k, "LIMIT") && limit < 0) limit = k;
                else if (tk.is(k, "UNION") || tk.is(k, "FOR") || tk.is(k, "LOCK") || tk.is(k, "INTO")) break;
                if (having >= 0 && havingEnd < 0 && (orderBy >= 0 || limit >= 0)) havingEnd = orderBy >= 0 ? orderBy : limit;
                end = tk.skip(k);
            }
            if (having >= 0 && havingEnd < 0) havingEnd = end;
            // Group by a select-list alias or position: the group is that item's expression.
            List<int[]> resolved = new ArrayList<>();
            for (int[] g : groups) {
                int[] expr = {g[0], g[1]};
                if (g[1] - g[0] == 1 && tk.t[g[0]].type == TokenType.INTEGER) {
                    int n = Integer.parseInt(tk.t[g[0]].text);
                    if (n < 1 || n > items.size()) throw tk.error(g[0]);
                    expr = expressionOf(items.get(n - 1));
                } else if (g[1] - g[0] == 1 && isName(tk.t[g[0]])) {
                    for (int[] item : items) {
                        if (item[2] >= 0 && Keywords.upper(tk.t[item[2]].text).equals(Keywords.upper(tk.t[g[0]].text))) {
                            expr = expressionOf(item);
                        }
                    }
                }
                resolved.add(expr);
            }
            return new Query(tk, select, itemsFrom, from, items, labels, resolved, having, havingEnd, orderBy, limit, end);
        }

        int endOffset() {
            return end < tk.size ? tk.t[end].start : tk.sql.length();
        }

        String expanded() throws MysqlException {
            int n = groups.size();
            StringBuilder b = new StringBuilder("SELECT ");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(ITEM).append(i + 1).append(" AS `").append(labels.get(i).replace("`", "``")).append('`');
            }
            b.append(" FROM (");
            String modifiers = tk.text(select + 1, itemsFrom);
            String whereAndFrom = tk.text(from, firstGroupToken());
            for (int level = n; level >= 0; level--) {
                if (level < n) b.append(" UNION ALL ");
                b.append("SELECT ").append(modifiers).append(modifiers.isEmpty() ? "" : " ");
                for (int i = 0; i < items.size(); i++) {
                    int[] e = expressionOf(items.get(i));
                    b.append(i > 0 ? ", " : "").append(rolledUp(e[0], e[1], level)).append(" AS ").append(ITEM).append(i + 1);
                }
                for (int g = 0; g < n; g++) {
                    b.append(", ").append(g < level ? tk.text(groups.get(g)[0], groups.get(g)[1]) : "NULL")
                            .append(" AS ").append(ORDER).append(g + 1)
                            .append(", ").append(g < level ? 0 : 1).append(" AS ").append(ROLLED).append(g + 1);
                }
                b.append(' ').append(whereAndFrom);
                if (level > 0) {
                    b.append(" GROUP BY ");
                    for (int g = 0; g < level; g++) b.append(g > 0 ? ", " : "").append(tk.text(groups.get(g)[0], groups.get(g)[1]));
                }
                String condition = having < 0 ? null : rolledUp(having + 1, havingEnd, level);
                // Grouped by nothing, an aggregate gives a row even for no input; a rollup gives none.
                if (level == 0) condition = condition == null ? "COUNT(*) > 0" : "(" + condition + ") AND COUNT(*) > 0";
                if (condition != null) b.append(" HAVING ").append(condition);
            }
            b.append(") AS mitosis_rollup ORDER BY ");
            if (orderBy >= 0) {
                b.append(orderItems());
            } else {
                for (int g = 0; g < n; g++) {
                    b.append(g > 0 ? ", " : "").append(ROLLED).append(g + 1).append(", ").append(ORDER).append(g + 1);
                }
            }
            if (limit >= 0) b.append(' ').append(tk.text(limit, end));
            return b.toString();
        }

        private int firstGroupToken() {
            for (int k = from; k < tk.size; k = tk.skip(k)) {
                if (tk.is(k, "GROUP") && tk.is(k + 1, "BY")) return k;
            }
            return tk.size;
        }

        /** The user's ORDER BY on the output: items by position, alias or text; group expressions by value. */
        private String orderItems() throws MysqlException {
            int to = limit >= 0 ? limit : end;
            StringBuilder b = new StringBuilder();
            for (int[] o : split(tk, orderBy + 2, to)) {
                int exprEnd = o[1];
                String direction = "";
                if (tk.is(exprEnd - 1, "ASC") || tk.is(exprEnd - 1, "DESC")) {
                    direction = " " + Keywords.upper(tk.t[exprEnd - 1].text);
                    exprEnd--;
                }
                String target = null;
                if (exprEnd - o[0] == 1 && tk.t[o[0]].type == TokenType.INTEGER) {
                    int n = Integer.parseInt(tk.t[o[0]].text);
                    if (n >= 1 && n <= items.size()) target = ITEM + n;
                }
                for (int i = 0; target == null && i < items.size(); i++) {
                    int[] e = expressionOf(items.get(i));
                    boolean byAlias = exprEnd - o[0] == 1 && isName(tk.t[o[0]])
                            && Keywords.upper(labels.get(i)).equals(Keywords.upper(tk.t[o[0]].text));
                    if (byAlias || same(o[0], exprEnd, e[0], e[1])) target = ITEM + (i + 1);
                }
                for (int g = 0; target == null && g < groups.size(); g++) {
                    if (same(o[0], exprEnd, groups.get(g)[0], groups.get(g)[1])) target = ORDER + (g + 1);
                }
                if (target == null) throw unsupported("WITH ROLLUP ordered by an expression not selected");
                b.append(b.length() > 0 ? ", " : "").append(target).append(direction);
            }
            return b.toString();
        }

        /** Tokens [from, to) with the groups past {@code level} made NULL outside aggregate arguments. */
        private String rolledUp(int from, int to, int level) throws MysqlException {
            StringBuilder b = new StringBuilder();
            int copied = tk.t[from].start;
            for (int k = from; k < to; ) {
                Token t = tk.t[k];
                if (t.type == TokenType.IDENTIFIER && tk.isSymbol(k + 1, "(") && HavingFilter.AGGREGATES.contains(Keywords.upper(t.text))) {
                    k = tk.match[k + 1] + 1;
                    continue;
                }
                if (t.is("GROUPING") && tk.isSymbol(k + 1, "(")) {
                    int close = tk.match[k + 1];
                    int g = groupAt(k + 2, close);
                    if (g < 0) throw unsupported("GROUPING of an expression not in GROUP BY");
                    b.append(tk.sql, copied, t.start).append(g < level ? '0' : '1');
                    copied = tk.t[close].end;
                    k = close + 1;
                    continue;
                }
                int matched = 0;
                for (int g = level; g < groups.size() && matched == 0; g++) {
                    matched = matchLength(k, to, groups.get(g));
                }
                if (matched > 0) {
                    b.append(tk.sql, copied, t.start).append("NULL");
                    copied = tk.t[k + matched - 1].end;
                    k += matched;
                    continue;
                }
                k++;
            }
            return b.append(tk.sql, copied, tk.t[to - 1].end).toString();
        }

        private int groupAt(int from, int to) {
            for (int g = 0; g < groups.size(); g++) {
                if (same(from, to, groups.get(g)[0], groups.get(g)[1])) return g;
            }
            return -1;
        }

        /**
         * How many tokens from {@code k} are the group expression (a column also matches with a
         * qualifier on either side), or 0. A qualified or called name is not a bare column.
         */
        private int matchLength(int k, int to, int[] group) {
            int len = group[1] - group[0];
            if (k > 0 && tk.isSymbol(k - 1, ".")) return 0;
            if (k + len <= to && same(k, k + len, group[0], group[1]) && !tk.isSymbol(k + len, ".") && !tk.isSymbol(k + len, "(")) {
                return len;
            }
            int col = group[1] - 1;
            boolean groupIsColumn = isName(tk.t[col]) && (len == 1 || len == 3 && tk.isSymbol(group[0] + 1, "."));
            if (!groupIsColumn) return 0;
            // "t.a" here for group "a", or "a" here for group "t.a".
            if (len == 1 && k + 3 <= to && isName(tk.t[k]) && tk.isSymbol(k + 1, ".") && sameToken(k + 2, col)
                    && !tk.isSymbol(k + 3, ".")) {
                return 3;
            }
            if (len == 3 && sameToken(k, col) && !tk.isSymbol(k + 1, ".") && !tk.isSymbol(k + 1, "(")) return 1;
            return 0;
        }

        private boolean same(int a, int aEnd, int b, int bEnd) {
            if (aEnd - a != bEnd - b) return false;
            for (int i = 0; i < aEnd - a; i++) {
                if (!sameToken(a + i, b + i)) return false;
            }
            return true;
        }

        private boolean sameToken(int a, int b) {
            Token x = tk.t[a];
            Token y = tk.t[b];
            if (isName(x) && isName(y)) return x.text.equalsIgnoreCase(y.text);
            return x.type == y.type && x.text.equals(y.text);
        }
    }

    private static boolean isName(Token t) {
        return t.type == TokenType.IDENTIFIER || t.type == TokenType.QUOTED_IDENTIFIER;
    }

    /** Comma-separated parts of [from, to) as {start, end of the expression, alias token or -1}. */
    static List<int[]> split(Tokens tk, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k = k == to ? k + 1 : tk.skip(k)) {
            if (k == to || tk.isSymbol(k, ",")) {
                if (k > start) out.add(withAlias(tk, start, k));
                start = k + 1;
            }
        }
        return out;
    }

    /** An item "expr [AS] alias": the alias is a name after AS, or a name right after an expression's end. */
    private static int[] withAlias(Tokens tk, int start, int end) {
        Token last = tk.t[end - 1];
        if (end - start >= 3 && tk.is(end - 2, "AS") && (isName(last) || last.type == TokenType.STRING)) {
            return new int[] {start, end - 2, end - 1};
        }
        Token before = end - start >= 2 ? tk.t[end - 2] : null;
        boolean expressionEnds = before != null && (before.isSymbol(")") || isName(before) || before.type == TokenType.STRING
                || before.type == TokenType.INTEGER || before.type == TokenType.DECIMAL);
        if (expressionEnds && isName(last) && !tk.isSymbol(end - 2, ".") && !last.is("END") && !last.is("ASC")
                && !last.is("DESC") && !(before != null && isName(before) && isOperatorWord(before))) {
            return new int[] {start, end - 1, end - 1};
        }
        return new int[] {start, end, -1};
    }

    /** Words that join two expressions, after which a name is an operand, not an alias. */
    private static boolean isOperatorWord(Token t) {
        return t.is("AND") || t.is("OR") || t.is("NOT") || t.is("XOR") || t.is("DIV") || t.is("MOD") || t.is("IS")
                || t.is("LIKE") || t.is("IN") || t.is("BETWEEN") || t.is("DISTINCT") || t.is("REGEXP") || t.is("ELSE")
                || t.is("THEN") || t.is("WHEN") || t.is("CASE") || t.is("BINARY") || t.is("INTERVAL");
    }

    private static int[] expressionOf(int[] item) {
        return new int[] {item[0], item[1]};
    }

    /** The column's name as MySQL labels it: the alias, a column's own name, else the expression as written. */
    private static String label(Tokens tk, int[] item) {
        if (item[2] >= 0) return tk.t[item[2]].text;
        int len = item[1] - item[0];
        if (len == 1 && isName(tk.t[item[0]])) return tk.t[item[0]].text;
        if (len == 3 && isName(tk.t[item[0] + 2]) && tk.isSymbol(item[0] + 1, ".")) return tk.t[item[0] + 2].text;
        return tk.text(item[0], item[1]);
    }
}
