package dev.mitosis.sql;

import java.util.List;

/**
 * One MySQL column definition written as H2's: type, DEFAULT, ON UPDATE, AUTO_INCREMENT,
 * NULL/NOT NULL, PRIMARY KEY, COMMENT. Inline UNIQUE becomes a separate index, named after the
 * column as MySQL does.
 */
final class ColumnDefinition {
    private ColumnDefinition() { }

    /** Facts about the column the caller needs. */
    /** {@code checks}: the column's enforced CHECK expressions, as token ranges [from, to). */
    record Parsed(String name, boolean autoIncrement, boolean unique, int end, List<int[]> checks) { }

    /**
     * Writes "name type ..." for the definition starting at {@code i}, ending before {@code to}.
     * {@code tableCaseSensitive}: the table's default collation is a binary one.
     */
    static Parsed write(ExpressionTranslator x, int i, int to, List<String> preStatements, boolean tableCaseSensitive) {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        Token nameToken = tk.get(i);
        if (!nameToken.isName()) throw tk.error(i);
        String name = QualifiedName.lower(nameToken.text);
        w.identifier(name);
        // COLLATE may also follow the column's other attributes.
        String collation = TypeTranslator.collateClause(tk, i + 1, to);
        boolean caseSensitive = collation == null ? tableCaseSensitive : TypeTranslator.isCaseSensitive(collation);
        TypeTranslator.Result type = TypeTranslator.translate(tk, i + 1, caseSensitive);
        if (type.setDomainDdl() != null) preStatements.add(type.setDomainDdl());
        w.word(type.h2Type());
        int j = type.end();
        String nullability = null;
        boolean autoIncrement = false;
        boolean primary = false;
        boolean unique = false;
        String comment = null;
        int defaultFrom = -1;
        int defaultTo = -1;
        int onUpdateFrom = -1;
        int onUpdateTo = -1;
        int generatedFrom = -1;
        int generatedTo = -1;
        boolean stored = false;
        List<int[]> checks = new java.util.ArrayList<>(0);
        while (j < to) {
            Token t = tk.t[j];
            if (t.is("NOT") && tk.is(j + 1, "NULL")) { nullability = "NOT NULL"; j += 2; }
            else if (t.is("NULL")) { nullability = "NULL"; j++; }
            else if (t.is("DEFAULT")) {
                defaultFrom = j + 1;
                defaultTo = defaultEnd(tk, j + 1, to);
                j = defaultTo;
            } else if (t.is("ON") && tk.is(j + 1, "UPDATE")) {
                onUpdateFrom = j + 2;
                onUpdateTo = defaultEnd(tk, j + 2, to);
                j = onUpdateTo;
            } else if (t.is("AUTO_INCREMENT")) { autoIncrement = true; j++; }
            else if (t.is("PRIMARY") && tk.is(j + 1, "KEY")) { primary = true; j += 2; }
            else if (t.is("KEY")) { primary = true; j++; }
            else if (t.is("UNIQUE")) { unique = true; j += tk.is(j + 1, "KEY") ? 2 : 1; }
            else if (t.is("COMMENT")) { comment = tk.get(j + 1).text; j += 2; }
            else if (t.is("COLLATE") || t.is("COLUMN_FORMAT") || t.is("STORAGE")) j += 2;
            else if (t.is("STORED")) { stored = true; j++; }
            else if (t.is("VISIBLE") || t.is("INVISIBLE") || t.is("VIRTUAL")) j++;
            else if (t.is("GENERATED") && tk.is(j + 1, "ALWAYS")) j += 2;
            else if (t.is("AS") && tk.isSymbol(j + 1, "(")) {
                generatedFrom = j + 2;
                generatedTo = tk.match[j + 1];
                j = generatedTo + 1;
            } else if (t.is("CHECK") && tk.isSymbol(j + 1, "(")) {
                int[] check = {j + 2, tk.match[j + 1]};
                j = tk.match[j + 1] + 1;
                boolean enforced = !tk.is(j, "NOT");
                if (tk.is(j, "NOT")) j++;
                if (tk.is(j, "ENFORCED")) j++;
                if (enforced) checks.add(check);
            } else if (t.is("REFERENCES")) {
                // Column-level REFERENCES is parsed and ignored by MySQL too.
                j = QualifiedName.parse(tk, j + 1).end();
                if (tk.isSymbol(j, "(")) j = tk.match[j] + 1;
                while (tk.is(j, "ON") || tk.is(j, "MATCH")) j += tk.is(j, "MATCH") ? 2 : referentialActionLength(tk, j + 2) + 2;
            } else throw tk.error(j);
        }
        if (generatedFrom >= 0) {
            w.word("GENERATED ALWAYS AS (").glueNext();
            x.translate(generatedFrom, generatedTo);
            w.closing(")");
        }
        if (defaultFrom >= 0) {
            w.word("DEFAULT");
            x.translate(defaultFrom, defaultTo);
        }
        if (onUpdateFrom >= 0) {
            w.word("ON UPDATE");
            x.translate(onUpdateFrom, onUpdateTo);
        }
        if (autoIncrement) w.word("AUTO_INCREMENT");
        if (nullability != null) w.word(nullability);
        if (primary) w.word("PRIMARY KEY");
        String expression = generatedFrom < 0 ? null
                : tk.sql.substring(tk.get(generatedFrom).start, tk.get(generatedTo).start).strip();
        String remarks = new ColumnRemarks(comment == null ? "" : comment, expression, stored).text();
        if (remarks != null) w.word("COMMENT").string(remarks);
        return new Parsed(name, autoIncrement, unique, j, checks);
    }

    static int referentialActionLength(Tokens tk, int j) {
        if (tk.is(j, "SET") || tk.is(j, "NO")) return 2;
        return 1;
    }

    /** A DEFAULT value is one literal, one signed number, a parenthesised expression or a call. */
    private static int defaultEnd(Tokens tk, int j, int to) {
        if (j >= to) throw tk.error(j);
        if (tk.isSymbol(j, "-") || tk.isSymbol(j, "+")) j++;
        Token t = tk.get(j);
        if (t.isSymbol("(")) return tk.match[j] + 1;
        if (t.type == TokenType.IDENTIFIER && tk.isSymbol(j + 1, "(")) return tk.match[j + 1] + 1;
        if ((t.is("DATE") || t.is("TIME") || t.is("TIMESTAMP")) && tk.get(j + 1).type == TokenType.STRING) return j + 2;
        return j + 1;
    }
}
