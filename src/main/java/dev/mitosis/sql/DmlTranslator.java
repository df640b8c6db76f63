package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import java.util.ArrayList;
import java.util.List;

/**
 * INSERT, UPDATE and DELETE: the parts of their syntax H2 lacks, the rest through
 * {@link ExpressionTranslator}.
 */
final class DmlTranslator {
    private DmlTranslator() { }

    /** INSERT [modifiers] [IGNORE] [INTO] t [(cols)] VALUES|VALUE|SET|SELECT ... [ON DUPLICATE KEY UPDATE ...] */
    static boolean insert(ExpressionTranslator x) throws MysqlException {
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
        if (tk.is(i, "VALUE") || tk.is(i, "VALUES") || tk.is(i, "SET")
                || tk.isSymbol(i, "(") && (tk.is(tk.match[i] + 1, "VALUE") || tk.is(tk.match[i] + 1, "VALUES"))) {
            int as = tk.findKeyword(i, bodyEnd, "AS");
            if (as > 0) {
                rowAlias(x, i, as, bodyEnd);
                bodyEnd = as;
            }
        }
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
            x.onDuplicateKeyUpdate = true;
            x.translate(onDuplicate + 4, end);
            x.onDuplicateKeyUpdate = false;
        }
        return ignore;
    }

    /**
     * VALUES (...) AS alias [(col, ...)] (MySQL 8.0.19): the alias's columns are the inserted
     * row's, H2's VALUES(col); column aliases name the INSERT's columns in order.
     * {@code columns} is where the column list (if any) starts, [as, end) the alias.
     */
    private static void rowAlias(ExpressionTranslator x, int columns, int as, int end) throws MysqlException {
        Tokens tk = x.tk;
        Token alias = tk.get(as + 1);
        if (!alias.isName()) throw tk.error(as + 1);
        x.rowAlias = QualifiedName.lower(alias.text);
        int j = as + 2;
        if (tk.isSymbol(j, "(")) {
            int close = tk.match[j];
            if (!tk.isSymbol(columns, "(") || tk.is(columns, "VALUES")) {
                throw new MysqlException(ErrorCode.ER_NOT_SUPPORTED_YET,
                        ErrorCode.ER_NOT_SUPPORTED_YET.format("column aliases of a row alias without the INSERT's column list"));
            }
            List<String> names = names(tk, columns + 1, tk.match[columns]);
            List<String> aliases = names(tk, j + 1, close);
            if (names.size() != aliases.size()) {
                throw new MysqlException(ErrorCode.ER_WRONG_VALUE_COUNT_ON_ROW,
                        ErrorCode.ER_WRONG_VALUE_COUNT_ON_ROW.format(1));
            }
            x.rowColumns = new java.util.HashMap<>();
            for (int k = 0; k < names.size(); k++) x.rowColumns.put(aliases.get(k), names.get(k));
            j = close + 1;
        }
        if (j != end) throw tk.error(j);
    }

    /** name, name, ... in [from, to), lower-case. */
    private static List<String> names(Tokens tk, int from, int to) {
        List<String> names = new ArrayList<>();
        for (int k = from; k < to; k += 2) {
            if (!tk.get(k).isName()) throw tk.error(k);
            names.add(QualifiedName.lower(tk.t[k].text));
            if (k + 1 < to && !tk.isSymbol(k + 1, ",")) throw tk.error(k + 1);
        }
        return names;
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
    static boolean update(ExpressionTranslator x) throws MysqlException {
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
        if (set > 0 && isMultiTable(tk, i, set)) {
            multiTableUpdate(x, i, set, end);
            return ignore;
        }
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

    /** Table references [from, set) that join: a JOIN or a top-level comma. */
    private static boolean isMultiTable(Tokens tk, int from, int set) {
        if (tk.isSymbol(from, "(")) return true;
        for (int j = from; j < set; j = tk.skip(j)) {
            Token t = tk.t[j];
            if (t.isSymbol(",") || t.is("JOIN") || t.is("STRAIGHT_JOIN")) return true;
        }
        return false;
    }

    private static final String ROWID = "\"mitosis_rowid\"";
    private static final String ROW_NUMBER = "\"mitosis_n\"";
    private static final String SOURCE = "\"mitosis_src\"";
    private static final String TARGET = "\"mitosis_target\"";

    /**
     * UPDATE refs SET [t.]col = expr, ... [WHERE ...]: H2 has no joined UPDATE, so the joined rows
     * are a MERGE's source, one per target row (MySQL updates a row once however many rows it
     * joins; H2's MERGE would reject the second match), the assignments computed there:
     * <pre>
     * MERGE INTO t target USING (SELECT * FROM (SELECT q._ROWID_ rowid, expr1 v1, ...,
     *     ROW_NUMBER() OVER (PARTITION BY q._ROWID_) n FROM refs WHERE ...) WHERE n = 1) src
     *   ON target._ROWID_ = src.rowid WHEN MATCHED THEN UPDATE SET col = src.v1, ...
     * </pre>
     * where q is how the refs name the target. The assignments come before the refs in the
     * output, so parameters in the refs (JOIN ... ON a = ?) with parameters in the assignments
     * would change order: that form is refused. One target table only.
     */
    private static void multiTableUpdate(ExpressionTranslator x, int i, int set, int end) throws MysqlException {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        int where = tk.findKeyword(set, end, "WHERE");
        int order = tk.findKeyword(set, end, "ORDER");
        if (order >= 0) throw new MysqlException(ErrorCode.ER_WRONG_USAGE, ErrorCode.ER_WRONG_USAGE.format("UPDATE", "ORDER BY"));
        int limit = tk.findKeyword(set, end, "LIMIT");
        if (limit >= 0) throw new MysqlException(ErrorCode.ER_WRONG_USAGE, ErrorCode.ER_WRONG_USAGE.format("UPDATE", "LIMIT"));
        int assignmentsEnd = where >= 0 ? where : end;
        // Assignments: [[schema.]qualifier.]column = expr, split at top-level commas.
        List<int[]> assignments = new ArrayList<>();
        String qualifier = null;
        int qualifierAt = -1;
        int from = set + 1;
        for (int j = from; j <= assignmentsEnd; j = j < assignmentsEnd ? tk.skip(j) : j + 1) {
            if (j < assignmentsEnd && !tk.isSymbol(j, ",")) continue;
            int eq = from;
            while (eq < j && !tk.isSymbol(eq, "=")) eq++;
            if (eq >= j || eq == from || (eq - from) % 2 == 0) throw tk.error(from);
            if (eq - from >= 3) {
                String q = QualifiedName.lower(tk.t[eq - 3].text);
                if (qualifier == null) {
                    qualifier = q;
                    qualifierAt = eq - 3;
                } else if (!qualifier.equals(q)) {
                    throw new MysqlException(ErrorCode.ER_NOT_SUPPORTED_YET,
                            ErrorCode.ER_NOT_SUPPORTED_YET.format("multi-table UPDATE setting columns of more than one table"));
                }
            }
            assignments.add(new int[] {eq - 1, eq + 1, j, from});
            from = j + 1;
        }
        QualifiedName owner = qualifier == null ? null : new QualifiedName(qualifierAt >= 2 && tk.isSymbol(qualifierAt - 1, ".")
                ? QualifiedName.lower(tk.t[qualifierAt - 2].text) : null, qualifier, qualifierAt + 1);
        for (int[] a : assignments) {
            if (a[3] == a[0] && x.columns == null) x.needsColumns = true;
        }
        if (x.columns != null) {
            // With the column types, an unqualified column is the table's that has it (without
            // them, the first table's).
            for (int[] a : assignments) {
                if (a[3] != a[0]) continue;
                String column = QualifiedName.lower(tk.t[a[0]].text);
                List<TableRefs.Named> having = x.columns.having(column);
                if (having.size() > 1) {
                    throw new MysqlException(ErrorCode.ER_NON_UNIQ_ERROR, ErrorCode.ER_NON_UNIQ_ERROR.format(column, "field list"));
                }
                if (having.isEmpty()) continue;
                TableRefs.Named n = having.get(0);
                QualifiedName named = n.alias() != null ? new QualifiedName(null, QualifiedName.lower(n.alias()), -1)
                        : new QualifiedName(n.ref().schema() == null ? null : QualifiedName.lower(n.ref().schema()),
                                QualifiedName.lower(n.ref().table()), -1);
                if (owner == null) {
                    owner = named;
                } else if (!owner.name().equals(named.name())) {
                    throw new MysqlException(ErrorCode.ER_NOT_SUPPORTED_YET,
                            ErrorCode.ER_NOT_SUPPORTED_YET.format("multi-table UPDATE setting columns of more than one table"));
                }
            }
        }
        boolean refParameters = false;
        boolean setParameters = false;
        for (int j = i; j < assignmentsEnd; j++) {
            if (tk.t[j].type == TokenType.PARAMETER) {
                if (j < set) refParameters = true;
                else setParameters = true;
            }
        }
        if (refParameters && setParameters) {
            throw new MysqlException(ErrorCode.ER_NOT_SUPPORTED_YET,
                    ErrorCode.ER_NOT_SUPPORTED_YET.format("parameters in both the joined tables and SET of a multi-table UPDATE"));
        }
        // The target as the refs name it (its alias, or [schema.]table), and the table behind it.
        QualifiedName written;
        if (owner == null) {
            QualifiedName first = QualifiedName.parse(tk, tk.isSymbol(i, "(") ? i + 1 : i);
            int a = first.end();
            if (tk.is(a, "AS")) a++;
            Token alias = tk.get(a);
            written = alias.isName() && !Keywords.isReserved(alias) && !alias.is("SET")
                    ? new QualifiedName(null, QualifiedName.lower(alias.text), a + 1) : first;
        } else {
            written = owner;
        }
        QualifiedName real = resolveAlias(tk, written, i, set);
        w.word("MERGE INTO");
        real.write(w);
        w.word(TARGET).word("USING (SELECT * FROM (SELECT");
        written.write(w);
        w.open(".").word("_ROWID_ AS").word(ROWID);
        for (int k = 0; k < assignments.size(); k++) {
            int[] a = assignments.get(k);
            w.closing(",");
            x.translate(a[1], a[2]);
            w.word("AS").word("\"mitosis_" + (k + 1) + "\"");
        }
        w.closing(",").word("ROW_NUMBER() OVER (PARTITION BY");
        written.write(w);
        w.open(".").word("_ROWID_) AS").word(ROW_NUMBER).word("FROM");
        x.translate(i, set);
        if (where >= 0) x.translate(where, end);
        w.closing(")").word("WHERE").word(ROW_NUMBER).word("= 1)").word(SOURCE).word("ON").word(TARGET)
                .open(".").word("_ROWID_ =").word(SOURCE).open(".").word(ROWID).word("WHEN MATCHED THEN UPDATE SET");
        for (int k = 0; k < assignments.size(); k++) {
            if (k > 0) w.closing(",");
            w.identifier(tk.t[assignments.get(k)[0]].text).word("=").word(SOURCE).open(".")
                    .word("\"mitosis_" + (k + 1) + "\"");
        }
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
