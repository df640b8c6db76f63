package dev.mitosis.sql;

/** The LIMIT clause of a query, for SELECT SQL_CALC_FOUND_ROWS (FOUND_ROWS() counts the rows without it). */
public final class SelectLimit {
    private SelectLimit() { }

    /**
     * The statement without its outermost LIMIT clause (LIMIT n, LIMIT n, m or LIMIT n OFFSET m),
     * what follows it kept (FOR UPDATE, INTO ...); the statement itself when it has none.
     */
    public static String without(String sql) {
        Tokens tk = new Tokens(sql);
        int limit = -1;
        for (int i = 0; i < tk.size; i = tk.skip(i)) {
            if (tk.t[i].is("LIMIT")) limit = i;
        }
        if (limit < 0) return sql;
        int end = limit + 2;
        if (tk.isSymbol(end, ",") || tk.is(end, "OFFSET")) end += 2;
        int from = tk.t[limit].start;
        int to = end < tk.size ? tk.t[end].start : sql.length();
        return sql.substring(0, from) + " " + sql.substring(Math.min(to, sql.length()));
    }
}
