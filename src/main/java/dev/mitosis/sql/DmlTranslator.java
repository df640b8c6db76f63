package dev.mitosis.sql;

/**
 * INSERT, UPDATE and DELETE: the parts of their syntax H2 lacks, the rest through
 * {@link ExpressionTranslator}.
 */
final class DmlTranslator {
    private DmlTranslator() { }

    /** INSERT [modifiers] [IGNORE] [INTO] t [(cols)] VALUES|VALUE|SET|SELECT ... [ON DUPLICATE KEY UPDATE ...] */
    static boolean insert(ExpressionTranslator x) {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        int i = 1;
        boolean ignore = false;
        while (tk.is(i, "LOW_PRIORITY") || tk.is(i, "DELAYED") || tk.is(i, "HIGH_PRIORITY") || tk.is(i, "IGNORE")) {
            if (tk.is(i, "IGNORE")) ignore = true;
            i++;
        }
        if (tk.is(i, "INTO")) i++;
        QualifiedName table = QualifiedName.parse(tk, i);
        w.word(ignore ? "INSERT IGNORE INTO" : "INSERT INTO");
        table.write(w);
        i = table.end();
        if (tk.is(i, "PARTITION")) i = tk.skip(i + 1);
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        int onDuplicate = findOnDuplicate(tk, i, end);
        int bodyEnd = onDuplicate < 0 ? end : onDuplicate;
        boolean emptyColumns = tk.isSymbol(i, "(") && tk.match[i] == i + 1;
        if (emptyColumns) i += 2;
        if (tk.is(i, "VALUE") || tk.is(i, "VALUES")) {
            if (emptyColumns || tk.isSymbol(i + 1, "(")) {
                if (tk.isSymbol(i + 1, "(") && tk.match[i + 1] == i + 2 && i + 3 == bodyEnd) {
                    w.word("DEFAULT VALUES");
                    i = bodyEnd;
                }
            }
            if (i < bodyEnd) {
                w.word("VALUES");
                x.translate(i + 1, bodyEnd);
            }
        } else {
            x.translate(i, bodyEnd);
        }
        if (onDuplicate >= 0) {
            w.word("ON DUPLICATE KEY UPDATE");
            x.translate(onDuplicate + 4, end);
        }
        return ignore;
    }

    private static int findOnDuplicate(Tokens tk, int from, int to) {
        for (int j = from; j < to; j = tk.skip(j)) {
            if (tk.t[j].is("ON") && tk.is(j + 1, "DUPLICATE") && tk.is(j + 2, "KEY") && tk.is(j + 3, "UPDATE")) return j;
        }
        return -1;
    }

    /**
     * UPDATE [LOW_PRIORITY] [IGNORE] t SET ... [WHERE] [ORDER BY] [LIMIT]. H2 ignores ORDER BY in
     * UPDATE, so with ORDER BY the rows are chosen by _ROWID_ in a subquery (parameters keep
     * their order: assignments, then WHERE, then LIMIT).
     */
    static boolean update(ExpressionTranslator x) {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        int i = 1;
        boolean ignore = false;
        while (tk.is(i, "LOW_PRIORITY") || tk.is(i, "IGNORE")) {
            if (tk.is(i, "IGNORE")) ignore = true;
            i++;
        }
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        int set = tk.findKeyword(i, end, "SET");
        int order = set < 0 ? -1 : tk.findKeyword(set, end, "ORDER");
        w.word("UPDATE");
        if (order < 0) {
            x.translate(i, end);
            return ignore;
        }
        int where = tk.findKeyword(set, end, "WHERE");
        int assignmentsEnd = where >= 0 ? where : order;
        x.translate(i, assignmentsEnd);
        w.word("WHERE _ROWID_ IN (SELECT _ROWID_ FROM");
        x.translate(i, set);
        x.translate(assignmentsEnd, end);
        w.closing(")");
        return ignore;
    }

    /**
     * DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM t [WHERE] [ORDER BY] [LIMIT]. H2 rejects ORDER BY in
     * DELETE, so that form and the multi-table form {@code DELETE t FROM t JOIN ...} select the
     * victims' _ROWID_ in a subquery.
     */
    static void delete(ExpressionTranslator x) {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        int i = 1;
        while (tk.is(i, "LOW_PRIORITY") || tk.is(i, "QUICK") || tk.is(i, "IGNORE")) i++;
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        if (!tk.is(i, "FROM")) {
            multiTableDelete(x, i, end);
            return;
        }
        QualifiedName table = QualifiedName.parse(tk, i + 1);
        int order = tk.findKeyword(table.end(), end, "ORDER");
        if (order < 0) {
            w.word("DELETE FROM");
            x.translate(i + 1, end);
            return;
        }
        w.word("DELETE FROM");
        table.write(w);
        w.word("WHERE _ROWID_ IN (SELECT _ROWID_ FROM");
        x.translate(i + 1, end);
        w.closing(")");
    }

    /** DELETE target FROM refs [WHERE ...] with a single target table or alias. */
    private static void multiTableDelete(ExpressionTranslator x, int i, int end) {
        Tokens tk = x.tk;
        QualifiedName target = QualifiedName.parse(tk, i);
        int j = target.end();
        if (tk.isSymbol(j, ".") && tk.isSymbol(j + 1, "*")) j += 2;
        if (!tk.is(j, "FROM")) throw tk.error(j);
        QualifiedName real = resolveAlias(tk, target, j + 1, end);
        x.w.word("DELETE FROM");
        real.write(x.w);
        x.w.word("WHERE _ROWID_ IN (SELECT");
        target.write(x.w);
        x.w.open(".").word("_ROWID_ FROM");
        x.translate(j + 1, end);
        x.w.closing(")");
    }

    /** The table behind {@code target} when it is an alias declared in the FROM list. */
    private static QualifiedName resolveAlias(Tokens tk, QualifiedName target, int from, int to) {
        if (target.schema() != null) return target;
        for (int k = from; k < to; k++) {
            Token tok = tk.t[k];
            if (!tok.isName() || Keywords.isReserved(tok)) continue;
            QualifiedName candidate = QualifiedName.parse(tk, k);
            int a = candidate.end();
            if (tk.is(a, "AS")) a++;
            Token alias = tk.get(a);
            if (alias.isName() && QualifiedName.lower(alias.text).equals(target.name())) return candidate;
            k = candidate.end() - 1;
        }
        return target;
    }
}
