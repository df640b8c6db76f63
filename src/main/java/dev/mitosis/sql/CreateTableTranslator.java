package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CREATE [TEMPORARY] TABLE [IF NOT EXISTS] t (definitions) [options] | LIKE s | [AS] SELECT.
 * Produces the CREATE TABLE, then one CREATE INDEX per secondary key (H2 index names are per
 * schema, see {@link IndexNames}), then the AUTO_INCREMENT start if given.
 */
final class CreateTableTranslator {
    private CreateTableTranslator() { }

    static List<String> translate(Tokens tk, boolean[] temporaryOut, int[] parameters) {
        List<String> before = new ArrayList<>(1);
        List<String> after = new ArrayList<>(2);
        SqlWriter w = new SqlWriter(tk.sql.length() + 64);
        ExpressionTranslator x = new ExpressionTranslator(tk, w);
        int i = 1;
        boolean temporary = tk.is(i, "TEMPORARY");
        if (temporary) i++;
        temporaryOut[0] = temporary;
        i++; // TABLE
        boolean ifNotExists = tk.is(i, "IF") && tk.is(i + 1, "NOT") && tk.is(i + 2, "EXISTS");
        if (ifNotExists) i += 3;
        QualifiedName table = QualifiedName.parse(tk, i);
        i = table.end();
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        w.word(temporary ? "CREATE LOCAL TEMPORARY TABLE" : "CREATE TABLE");
        if (ifNotExists) w.word("IF NOT EXISTS");
        table.write(w);
        if (tk.is(i, "LIKE") || (tk.isSymbol(i, "(") && tk.is(i + 1, "LIKE"))) {
            QualifiedName source = QualifiedName.parse(tk, tk.is(i, "LIKE") ? i + 1 : i + 2);
            w.word("AS SELECT * FROM");
            source.write(w);
            w.word("WITH NO DATA");
            return List.of(w.toString());
        }
        String autoIncrementColumn = null;
        if (tk.isSymbol(i, "(") && !tk.is(i + 1, "SELECT")) {
            int close = tk.match[i];
            boolean caseSensitive = binaryTableCollation(tk, close + 1, end);
            w.word("(").glueNext();
            Set<String> indexNames = new HashSet<>();
            ConstraintNames names = new ConstraintNames(temporary);
            boolean first = true;
            int j = i + 1;
            while (j < close) {
                int itemEnd = j;
                while (itemEnd < close && !tk.isSymbol(itemEnd, ",")) itemEnd = tk.skip(itemEnd);
                if (!first && w.length() > 0 && definitionWritesToTable(tk, j)) w.closing(",");
                Definition written = definition(x, j, itemEnd, table, indexNames, before, after, caseSensitive, names);
                if (written.intoTable()) first = false;
                if (written.column() != null && written.column().autoIncrement()) autoIncrementColumn = written.column().name();
                j = itemEnd + 1;
            }
            w.closing(")");
            i = close + 1;
        }
        String autoIncrementStart = null;
        String tableComment = null;
        while (i < end) {
            if (tk.is(i, "AS") || tk.is(i, "SELECT") || tk.isSymbol(i, "(")) {
                w.word("AS");
                x.translate(tk.is(i, "AS") ? i + 1 : i, end);
                break;
            }
            if (tk.is(i, "PARTITION")) break;
            if (tk.is(i, "AUTO_INCREMENT")) {
                int v = tk.isSymbol(i + 1, "=") ? i + 2 : i + 1;
                autoIncrementStart = tk.get(v).text;
            }
            if (tk.is(i, "COMMENT")) {
                int v = tk.isSymbol(i + 1, "=") ? i + 2 : i + 1;
                if (tk.get(v).type == TokenType.STRING) tableComment = tk.get(v).text;
            }
            i = skipTableOption(tk, i);
        }
        parameters[0] = w.parameters;
        List<String> out = new ArrayList<>(before.size() + 1 + after.size() + 1);
        out.addAll(before);
        out.add(w.toString());
        for (String index : after) {
            // IF NOT EXISTS of an existing table: its indexes are there (or not) as they are.
            if (ifNotExists && index.startsWith("CREATE UNIQUE INDEX ")) {
                index = "CREATE UNIQUE INDEX IF NOT EXISTS " + index.substring("CREATE UNIQUE INDEX ".length());
            } else if (ifNotExists && index.startsWith("CREATE INDEX ")) {
                index = "CREATE INDEX IF NOT EXISTS " + index.substring("CREATE INDEX ".length());
            }
            out.add(index);
        }
        if (tableComment != null && !tableComment.isEmpty()) {
            // The table's remarks hold its MySQL COMMENT (a view's hold its MySQL text).
            SqlWriter comment = new SqlWriter(64);
            comment.word("COMMENT ON TABLE");
            table.write(comment);
            comment.word("IS").string(tableComment);
            out.add(comment.toString());
        }
        if (autoIncrementStart != null && autoIncrementColumn != null) {
            SqlWriter restart = new SqlWriter(64);
            restart.word("ALTER TABLE");
            table.write(restart);
            restart.word("ALTER COLUMN").identifier(autoIncrementColumn).word("RESTART WITH " + autoIncrementStart);
            out.add(restart.toString());
        }
        return out;
    }

    /** What one definition produced: text in the column list, and the column if it was one. */
    record Definition(boolean intoTable, ColumnDefinition.Parsed column) {
        static final Definition TABLE_PART = new Definition(true, null);
        static final Definition INDEX = new Definition(false, null);
    }

    private static boolean definitionWritesToTable(Tokens tk, int j) {
        return !(tk.is(j, "KEY") || tk.is(j, "INDEX") || tk.is(j, "UNIQUE") || tk.is(j, "FULLTEXT")
                || tk.is(j, "SPATIAL") || (tk.is(j, "CONSTRAINT") && uniqueAfterConstraint(tk, j)));
    }

    private static boolean uniqueAfterConstraint(Tokens tk, int j) {
        int k = j + 1;
        if (!tk.is(k, "UNIQUE") && !tk.is(k, "PRIMARY") && !tk.is(k, "FOREIGN") && !tk.is(k, "CHECK")) k++;
        return tk.is(k, "UNIQUE");
    }

    /**
     * Names MySQL gives a CREATE TABLE's unnamed constraints, each kind numbered in order:
     * {@code <table>_chk_<n>} for CHECKs and {@code <table>_ibfk_<n>} for foreign keys (which
     * DROP FOREIGN KEY and the constraint-violation messages then name as MySQL does).
     */
    static final class ConstraintNames {
        private final boolean temporary;
        private int checks;
        private int foreignKeys;

        /** A temporary table's constraints live in its session, where COMMENT ON cannot reach them. */
        ConstraintNames(boolean temporary) {
            this.temporary = temporary;
        }

        String nextCheck(String table) {
            return QualifiedName.lower(table) + "_chk_" + ++checks;
        }

        String nextForeignKey(String table) {
            return QualifiedName.lower(table) + "_ibfk_" + ++foreignKeys;
        }
    }

    /** The CHECK's MySQL expression, kept as the constraint's comment for SHOW CREATE TABLE and information_schema. */
    private static String checkText(Tokens tk, QualifiedName table, String name, int from, int to) {
        SqlWriter w = new SqlWriter(96);
        w.word("COMMENT ON CONSTRAINT");
        table.writeSibling(w, IndexNames.h2Name(table.name(), name));
        w.word("IS").string(tk.sql.substring(tk.get(from).start, tk.get(to).start).strip());
        return w.toString();
    }

    /**
     * Writes one definition into the column list, or an index into {@code after}. Unnamed
     * constraints are named by {@code names} (null: the engine names them).
     */
    static Definition definition(ExpressionTranslator x, int j, int to, QualifiedName table, Set<String> indexNames,
                              List<String> before, List<String> after, boolean caseSensitive, ConstraintNames names) {
        Tokens tk = x.tk;
        SqlWriter w = x.w;
        String constraint = null;
        if (tk.is(j, "CONSTRAINT")) {
            if (!tk.is(j + 1, "PRIMARY") && !tk.is(j + 1, "UNIQUE") && !tk.is(j + 1, "FOREIGN") && !tk.is(j + 1, "CHECK")) {
                constraint = QualifiedName.lower(tk.t[j + 1].text);
                j += 2;
            } else {
                j++;
            }
        }
        Token t = tk.get(j);
        if (t.is("PRIMARY") && tk.is(j + 1, "KEY")) {
            int k = j + 2;
            if (tk.is(k, "USING")) k += 2;
            w.word("PRIMARY KEY");
            int close = tk.match[k];
            KeyDefinition.keyParts(tk, k, close, w);
            return Definition.TABLE_PART;
        }
        if (t.is("KEY") || t.is("INDEX") || t.is("FULLTEXT") || t.is("SPATIAL")) {
            int k = (t.is("FULLTEXT") || t.is("SPATIAL")) && (tk.is(j + 1, "KEY") || tk.is(j + 1, "INDEX")) ? j + 2 : j + 1;
            KeyDefinition.index(tk, k, to, table, false, null, indexNames, after);
            return Definition.INDEX;
        }
        if (t.is("UNIQUE")) {
            int k = tk.is(j + 1, "KEY") || tk.is(j + 1, "INDEX") ? j + 2 : j + 1;
            KeyDefinition.index(tk, k, to, table, true, constraint, indexNames, after);
            return Definition.INDEX;
        }
        if (t.is("FOREIGN") && tk.is(j + 1, "KEY")) {
            int k = j + 2;
            if (!tk.isSymbol(k, "(")) k++; // index name, unused by H2
            if (constraint == null && names != null) constraint = names.nextForeignKey(table.name());
            if (constraint != null) {
                w.word("CONSTRAINT");
                w.identifier(IndexNames.h2Name(table.name(), constraint));
            }
            w.word("FOREIGN KEY");
            int close = tk.match[k];
            KeyDefinition.keyParts(tk, k, close, w);
            if (!tk.is(close + 1, "REFERENCES")) throw tk.error(close + 1);
            QualifiedName ref = QualifiedName.parse(tk, close + 2);
            w.word("REFERENCES");
            ref.write(w);
            int r = ref.end();
            if (tk.isSymbol(r, "(")) {
                int rc = tk.match[r];
                KeyDefinition.keyParts(tk, r, rc, w);
                r = rc + 1;
            }
            while (r < to) {
                if (tk.is(r, "MATCH")) { r += 2; continue; }
                if (!tk.is(r, "ON")) throw tk.error(r);
                int len = ColumnDefinition.referentialActionLength(tk, r + 2);
                w.word("ON").word(Keywords.upper(tk.t[r + 1].text));
                for (int a = 0; a < len; a++) w.word(Keywords.upper(tk.t[r + 2 + a].text));
                r += 2 + len;
            }
            return Definition.TABLE_PART;
        }
        if (t.is("CHECK") && tk.isSymbol(j + 1, "(")) {
            if (constraint == null && names != null) constraint = names.nextCheck(table.name());
            if (constraint != null) {
                w.word("CONSTRAINT");
                w.identifier(IndexNames.h2Name(table.name(), constraint));
                if (names == null || !names.temporary) after.add(checkText(tk, table, constraint, j + 2, tk.match[j + 1]));
            }
            w.word("CHECK (").glueNext();
            x.translate(j + 2, tk.match[j + 1]);
            w.closing(")");
            return Definition.TABLE_PART;
        }
        ColumnDefinition.Parsed column = ColumnDefinition.write(x, j, to, before, caseSensitive);
        for (int[] check : column.checks()) {
            // A column's CHECK is a table constraint in H2 (and in MySQL's catalog).
            String name = names == null ? null : names.nextCheck(table.name());
            SqlWriter add = new SqlWriter(96);
            add.word("ALTER TABLE");
            table.write(add);
            add.word("ADD");
            if (name != null) add.word("CONSTRAINT IF NOT EXISTS").identifier(IndexNames.h2Name(table.name(), name));
            add.word("CHECK (").glueNext();
            new ExpressionTranslator(tk, add).translate(check[0], check[1]);
            add.closing(")");
            after.add(add.toString());
            if (name != null && !names.temporary) after.add(checkText(tk, table, name, check[0], check[1]));
        }
        if (column.unique()) {
            String name = column.name();
            indexNames.add(name);
            SqlWriter idx = new SqlWriter(64);
            idx.word("CREATE UNIQUE INDEX");
            table.writeSibling(idx, IndexNames.h2Name(table.name(), name));
            idx.word("ON");
            table.write(idx);
            idx.word("(").glueNext().identifier(name).closing(")");
            after.add(idx.toString());
        }
        return new Definition(true, column);
    }

    /** Whether the table options in [from, to) make text case-sensitive by default (COLLATE=x_bin, CHARSET=binary). */
    private static boolean binaryTableCollation(Tokens tk, int from, int to) {
        String collation = TypeTranslator.collateClause(tk, from, to);
        if (collation != null) return TypeTranslator.isCaseSensitive(collation);
        for (int k = from; k < to; k++) {
            if (tk.is(k, "CHARSET") || (tk.is(k, "CHARACTER") && tk.is(k + 1, "SET"))) {
                int v = k + (tk.is(k, "CHARSET") ? 1 : 2);
                if (tk.isSymbol(v, "=")) v++;
                if (tk.is(v, "binary")) return true;
            }
        }
        return false;
    }

    /** Table options are MySQL's storage business: skipped ([DEFAULT] CHARSET=x, ENGINE=x, ...). */
    static int skipTableOption(Tokens tk, int i) {
        if (tk.isSymbol(i, ",")) return i + 1;
        if (tk.is(i, "DEFAULT")) i++;
        if (tk.is(i, "CHARACTER") && tk.is(i + 1, "SET")) i++;
        i++;
        if (tk.isSymbol(i, "=")) i++;
        return i + 1;
    }
}
