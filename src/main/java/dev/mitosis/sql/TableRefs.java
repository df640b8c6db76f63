package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a statement touches, for privilege checks: one pass over the tokens, no parse tree.
 * Each reference says whether the statement reads it ({@link Role#READ}), acts on it as its
 * object ({@link Role#TARGET}: the INSERT/UPDATE/DELETE table, the table created, altered,
 * dropped, indexed), or creates it under a new name ({@link Role#NEW_NAME}: RENAME).
 * Only called for accounts whose global privileges do not already cover the statement.
 */
public final class TableRefs {
    public enum Role { READ, TARGET, NEW_NAME }

    /** schema is null when the statement does not qualify the name (the current database). */
    public record Ref(String schema, String table, Role role) {}

    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL",
            "STRAIGHT_JOIN", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "SET",
            "FOR", "LOCK", "WINDOW", "INTO", "VALUES", "SELECT", "USE", "FORCE", "IGNORE", "PARTITION", "FULL", "OUTER",
            "AS", "WITH", "RETURNING", "VALUE", "TABLE", "LIKE", "READ", "WRITE", "LOW_PRIORITY", "QUICK", "EXTENDED",
            "NO_WRITE_TO_BINLOG", "LOCAL", "TO", "RENAME", "ADD", "DROP", "MODIFY", "CHANGE", "ALTER", "ENGINE");

    private final Token[] t;
    private final int n;
    private final List<Ref> out = new ArrayList<>();
    /** The alias of each reference in {@link #out} (same index), null when it has none. */
    private final List<String> aliases = new ArrayList<>();
    private final Set<String> cteNames = new HashSet<>();

    private TableRefs(String sql) {
        List<Token> list = Lexer.tokenize(sql);
        int size = list.size() - 1;
        if (size > 0 && list.get(size - 1).isSymbol(";")) size--;
        this.t = list.toArray(new Token[0]);
        this.n = size;
    }

    /** The table references of a statement of the given kind; empty when it names none. */
    public static List<Ref> of(String sql, StatementKind kind) {
        TableRefs r = new TableRefs(sql);
        try {
            r.extract(kind);
        } catch (RuntimeException e) {
            // A statement we cannot follow: the engine will reject it; report what was found.
        }
        return r.out;
    }

    /** A table reference with the alias it goes by in the statement (null when it has none). */
    record Named(Ref ref, String alias) {}

    /**
     * The table references with their aliases, for resolving column names; a statement that
     * cannot be followed gives what was found.
     */
    static List<Named> named(String sql, StatementKind kind) {
        TableRefs r = new TableRefs(sql);
        try {
            r.extract(kind);
        } catch (RuntimeException e) {
            // as in of()
        }
        List<Named> named = new ArrayList<>(r.out.size());
        for (int k = 0; k < r.out.size(); k++) named.add(new Named(r.out.get(k), r.aliases.get(k)));
        return named;
    }

    private Token at(int i) {
        return i < n ? t[i] : t[t.length - 1];
    }

    private boolean is(int i, String kw) {
        return at(i).is(kw);
    }

    private void extract(StatementKind kind) {
        switch (kind) {
            case SELECT, INSERT, REPLACE, UPDATE, DELETE -> dml(kind);
            case CREATE_TABLE -> {
                int i = skipTo(1, "TABLE") + 1;
                if (is(i, "IF")) i += 3;
                i = name(i, Role.TARGET);
                if (is(i, "LIKE")) name(i + 1, Role.READ);
                else if (at(i).isSymbol("(") && at(i + 1).is("LIKE")) name(i + 2, Role.READ);
                scan(i, Role.READ, -1);
            }
            case ALTER_TABLE -> {
                int i = name(skipTo(1, "TABLE") + 1, Role.TARGET);
                for (int j = i; j < n; j++) {
                    if (is(j, "RENAME") && !is(j + 1, "COLUMN") && !is(j + 1, "INDEX") && !is(j + 1, "KEY")) {
                        int k = j + 1;
                        if (is(k, "TO") || is(k, "AS")) k++;
                        name(k, Role.NEW_NAME);
                    }
                }
            }
            case DROP_TABLE, DROP_VIEW -> {
                int i = skipTo(1, kind == StatementKind.DROP_VIEW ? "VIEW" : "TABLE");
                if (i >= n) i = skipTo(1, "TABLES");
                i++;
                if (is(i, "IF")) i += 2;
                nameList(i, Role.TARGET);
            }
            case TRUNCATE_TABLE -> name(is(1, "TABLE") ? 2 : 1, Role.TARGET);
            case RENAME_TABLE -> {
                int i = is(1, "TABLE") || is(1, "TABLES") ? 2 : 1;
                while (i < n) {
                    i = name(i, Role.TARGET);
                    if (!is(i, "TO")) break;
                    i = name(i + 1, Role.NEW_NAME);
                    if (!at(i).isSymbol(",")) break;
                    i++;
                }
            }
            case CREATE_INDEX, DROP_INDEX -> name(skipTo(1, "ON") + 1, Role.TARGET);
            case CREATE_VIEW, ALTER_VIEW -> {
                int i = name(skipTo(1, "VIEW") + 1, Role.TARGET);
                scan(i, Role.READ, -1);
            }
            case TABLE_MAINTENANCE -> nameList(skipTo(1, "TABLE") + 1, Role.TARGET);
            default -> { }
        }
    }

    private int skipTo(int from, String kw) {
        for (int i = from; i < n; i++) {
            if (is(i, kw)) return i;
        }
        return n;
    }

    private void dml(StatementKind kind) {
        int i = 0;
        if (is(0, "WITH")) i = ctes(1);
        switch (kind) {
            case INSERT, REPLACE -> {
                int j = i + 1;
                while (is(j, "LOW_PRIORITY") || is(j, "DELAYED") || is(j, "HIGH_PRIORITY") || is(j, "IGNORE")) j++;
                if (is(j, "INTO")) j++;
                j = name(j, Role.TARGET);
                scan(j, Role.READ, -1);
            }
            case UPDATE -> {
                int j = i + 1;
                while (is(j, "LOW_PRIORITY") || is(j, "IGNORE")) j++;
                j = tableList(j, Role.TARGET, true);
                int set = topLevel(j, "SET");
                scan(j, Role.TARGET, set);
                scan(set, Role.READ, -1);
            }
            case DELETE -> {
                int from = topLevel(i, "FROM");
                int using = topLevel(from, "USING");
                int where = topLevel(from, "WHERE");
                int end = Math.min(using, where);
                int j = tableList(from + 1, Role.TARGET, true);
                scan(j, Role.TARGET, end);
                if (using < n) {
                    j = tableList(using + 1, Role.READ, true);
                    scan(j, Role.READ, -1);
                } else {
                    scan(end, Role.READ, -1);
                }
            }
            default -> scan(i, Role.READ, -1);
        }
    }

    /** WITH [RECURSIVE] name [(cols)] AS (query), ...: records the names; returns the index after. */
    private int ctes(int i) {
        if (is(i, "RECURSIVE")) i++;
        while (i < n && at(i).isName()) {
            cteNames.add(at(i).text.toLowerCase(Locale.ROOT));
            i++;
            if (at(i).isSymbol("(")) i = close(i) + 1;
            if (is(i, "AS")) i++;
            if (at(i).isSymbol("(")) {
                int end = close(i);
                scan(i, Role.READ, end + 1);
                i = end + 1;
            }
            if (!at(i).isSymbol(",")) break;
            i++;
        }
        return i;
    }

    private int close(int open) {
        int depth = 0;
        for (int i = open; i < n; i++) {
            if (at(i).isSymbol("(")) depth++;
            else if (at(i).isSymbol(")") && --depth == 0) return i;
        }
        return n;
    }

    /** First index of a keyword at parenthesis depth 0 from i, or n. */
    private int topLevel(int from, String kw) {
        int depth = 0;
        for (int i = from; i < n; i++) {
            Token tok = at(i);
            if (tok.isSymbol("(")) depth++;
            else if (tok.isSymbol(")")) depth--;
            else if (depth == 0 && tok.is(kw)) return i;
        }
        return n;
    }

    /**
     * Walks [from, to) and records tables after FROM and JOIN in query contexts (the statement
     * itself and parenthesised queries; not function arguments such as EXTRACT(YEAR FROM d)).
     */
    private void scan(int from, Role role, int to) {
        int end = to < 0 ? n : Math.min(to, n);
        // query[d]: whether depth d is a query context
        boolean[] query = new boolean[64];
        int depth = 0;
        query[0] = true;
        for (int i = from; i < end; i++) {
            Token tok = at(i);
            if (tok.isSymbol("(")) {
                Token next = at(i + 1);
                Token prev = i > 0 ? at(i - 1) : null;
                boolean q = next.is("SELECT") || next.is("WITH") || next.is("VALUES") || next.isSymbol("(")
                        || prev != null && (prev.is("FROM") || prev.is("JOIN"));
                if (depth + 1 < query.length) query[++depth] = q;
                if (q && next.is("WITH")) i = ctes(i + 2) - 1;
                else if (q && prev != null && (prev.is("FROM") || prev.is("JOIN")) && next.isName() && !next.is("SELECT")) {
                    i = tableList(i + 1, role == Role.TARGET ? Role.TARGET : Role.READ, true) - 1;
                }
                continue;
            }
            if (tok.isSymbol(")")) {
                if (depth > 0) depth--;
                continue;
            }
            if (!query[depth]) continue;
            if (tok.is("FROM")) {
                i = tableList(i + 1, depth == 0 ? role : Role.READ, true) - 1;
            } else if (tok.is("JOIN") || tok.is("STRAIGHT_JOIN")) {
                i = tableList(i + 1, depth == 0 ? role : Role.READ, false) - 1;
            }
        }
    }

    /** table [AS alias] [index hints] [, table ...]: returns the index after. */
    private int tableList(int i, Role role, boolean commas) {
        while (i < n) {
            Token tok = at(i);
            if (tok.is("LATERAL")) return i;
            if (!tok.isName() || tok.is("DUAL") || tok.is("SELECT") || tok.is("WITH")) return i;
            if (at(i + 1).isSymbol("(") ) return i; // table function (JSON_TABLE ...)
            int refs = out.size();
            int after = name(i, role);
            if (after == i) return i;
            i = after;
            if (is(i, "PARTITION") && at(i + 1).isSymbol("(")) i = close(i + 1) + 1;
            String alias = null;
            if (is(i, "AS")) {
                alias = at(i + 1).text;
                i += 2;
            } else if (at(i).isName() && !NOT_ALIAS.contains(at(i).text.toUpperCase(Locale.ROOT))) {
                alias = at(i).text;
                i++;
            }
            if (alias != null && out.size() > refs) aliases.set(refs, alias);
            while ((is(i, "USE") || is(i, "FORCE") || is(i, "IGNORE")) && (is(i + 1, "INDEX") || is(i + 1, "KEY"))) {
                int j = i + 2;
                if (is(j, "FOR")) {
                    j += 2;
                    if (is(j - 1, "GROUP") || is(j - 1, "ORDER")) j++;
                }
                i = at(j).isSymbol("(") ? close(j) + 1 : j;
                if (at(i).isSymbol(",") && (is(i + 1, "USE") || is(i + 1, "FORCE") || is(i + 1, "IGNORE"))) i++;
            }
            if (!commas || !at(i).isSymbol(",")) return i;
            i++;
        }
        return i;
    }

    /** a, b, c: returns the index after. */
    private void nameList(int i, Role role) {
        while (i < n) {
            int after = name(i, role);
            if (after == i || !at(after).isSymbol(",")) return;
            i = after + 1;
        }
    }

    /** [schema.]name at i: records it; returns the index after (i if there is no name). */
    private int name(int i, Role role) {
        Token first = at(i);
        if (!first.isName()) return i;
        if (at(i + 1).isSymbol(".") && at(i + 2).isName()) {
            add(new Ref(first.text, at(i + 2).text, role));
            return i + 3;
        }
        if (first.type == TokenType.IDENTIFIER && cteNames.contains(first.text.toLowerCase(Locale.ROOT))) return i + 1;
        if (first.type == TokenType.QUOTED_IDENTIFIER && cteNames.contains(first.text.toLowerCase(Locale.ROOT))) return i + 1;
        add(new Ref(null, first.text, role));
        return i + 1;
    }

    private void add(Ref ref) {
        out.add(ref);
        aliases.add(null);
    }
}
