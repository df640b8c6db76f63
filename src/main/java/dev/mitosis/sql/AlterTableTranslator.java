package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ALTER TABLE t spec, spec, ...: one H2 statement per specification; storage options are no-ops. */
final class AlterTableTranslator {
    private AlterTableTranslator() { }

    static List<String> translate(Tokens tk) {
        int i = 2;
        QualifiedName table = QualifiedName.parse(tk, i);
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        List<String> out = new ArrayList<>(2);
        Set<String> indexNames = new HashSet<>();
        int j = table.end();
        while (j < end) {
            int specEnd = j;
            while (specEnd < end && !tk.isSymbol(specEnd, ",")) specEnd = tk.skip(specEnd);
            spec(tk, j, specEnd, table, indexNames, out);
            j = specEnd + 1;
        }
        return out;
    }

    private static SqlWriter alter(QualifiedName table, int capacity) {
        SqlWriter w = new SqlWriter(capacity);
        w.word("ALTER TABLE");
        table.write(w);
        return w;
    }

    private static void spec(Tokens tk, int j, int to, QualifiedName table, Set<String> indexNames, List<String> out) {
        Token t = tk.get(j);
        if (t.is("ADD")) {
            add(tk, j + 1, to, table, indexNames, out);
        } else if (t.is("DROP")) {
            drop(tk, j + 1, table, out);
        } else if (t.is("MODIFY") || t.is("CHANGE")) {
            int k = tk.is(j + 1, "COLUMN") ? j + 2 : j + 1;
            SqlWriter w = alter(table, 128);
            ExpressionTranslator x = new ExpressionTranslator(tk, w);
            if (t.is("CHANGE")) {
                w.word("CHANGE COLUMN").identifier(tk.get(k).text);
                k++;
            } else {
                w.word("MODIFY COLUMN");
            }
            List<String> before = new ArrayList<>(0);
            ColumnDefinition.Parsed col = ColumnDefinition.write(x, k, positionStart(tk, k, to), before, false);
            writePosition(tk, col.end(), to, w);
            out.addAll(before);
            out.add(w.toString());
        } else if (t.is("RENAME")) {
            SqlWriter w = alter(table, 96);
            if (tk.is(j + 1, "COLUMN")) {
                w.word("ALTER COLUMN").identifier(tk.get(j + 2).text).word("RENAME TO").identifier(tk.get(j + 4).text);
            } else if (tk.is(j + 1, "INDEX") || tk.is(j + 1, "KEY")) {
                w = new SqlWriter(96);
                w.word("ALTER INDEX");
                table.writeSibling(w, IndexNames.h2Name(table.name(), tk.get(j + 2).text));
                w.word("RENAME TO").identifier(IndexNames.h2Name(table.name(), tk.get(j + 4).text));
            } else {
                int k = tk.is(j + 1, "TO") || tk.is(j + 1, "AS") ? j + 2 : j + 1;
                w.word("RENAME TO").identifier(QualifiedName.parse(tk, k).name());
            }
            out.add(w.toString());
        } else if (t.is("ALTER")) {
            int k = tk.is(j + 1, "COLUMN") ? j + 2 : j + 1;
            SqlWriter w = alter(table, 96);
            w.word("ALTER COLUMN").identifier(tk.get(k).text);
            if (tk.is(k + 1, "SET") && tk.is(k + 2, "DEFAULT")) {
                w.word("SET DEFAULT");
                new ExpressionTranslator(tk, w).translate(k + 3, to);
            } else if (tk.is(k + 1, "DROP") && tk.is(k + 2, "DEFAULT")) {
                w.word("DROP DEFAULT");
            } else {
                return; // SET VISIBLE / INVISIBLE
            }
            out.add(w.toString());
        } else {
            tableOptions(tk, j, to, table, out);
        }
        // ENGINE=, CHARSET=, ALGORITHM=, LOCK=, FORCE, ORDER BY, CONVERT TO ...: storage, no-op.
    }

    /** The table options that change what MySQL shows or does: AUTO_INCREMENT = n and COMMENT = 'text'. */
    private static void tableOptions(Tokens tk, int j, int to, QualifiedName table, List<String> out) {
        for (int k = j; k < to; k++) {
            int v = tk.isSymbol(k + 1, "=") ? k + 2 : k + 1;
            if (v >= to) break;
            if (tk.is(k, "AUTO_INCREMENT") && tk.get(v).type == TokenType.INTEGER) {
                // The engine function finds the AUTO_INCREMENT column, which this text does not name.
                // It returns NULL, which SET assigns by removing the variable: no result set, no trace.
                SqlWriter w = new SqlWriter(96);
                w.word("SET @\"mitosis_alter\" = \"" + MysqlFunctions.SCHEMA + "\".\"" + MysqlFunctions.ALIAS_PREFIX
                        + "alter_auto_increment\"(");
                w.glueNext();
                if (table.schema() == null) w.word("NULL");
                else w.string(table.schema());
                w.word(",").string(table.name()).word(", " + tk.get(v).text + ")");
                out.add(w.toString());
                k = v;
            } else if (tk.is(k, "COMMENT") && tk.get(v).type == TokenType.STRING) {
                SqlWriter w = new SqlWriter(96);
                w.word("COMMENT ON TABLE");
                table.write(w);
                w.word("IS").string(tk.get(v).text);
                out.add(w.toString());
                k = v;
            }
        }
    }

    private static void add(Tokens tk, int j, int to, QualifiedName table, Set<String> indexNames, List<String> out) {
        if (tk.is(j, "COLUMN")) j++;
        Token t = tk.get(j);
        boolean keyLike = t.is("KEY") || t.is("INDEX") || t.is("UNIQUE") || t.is("FULLTEXT") || t.is("SPATIAL")
                || t.is("PRIMARY") || t.is("FOREIGN") || t.is("CONSTRAINT") || t.is("CHECK");
        if (tk.isSymbol(j, "(") && !keyLike) {
            // ADD (col def, col def)
            int close = tk.match[j];
            int k = j + 1;
            while (k < close) {
                int e = k;
                while (e < close && !tk.isSymbol(e, ",")) e = tk.skip(e);
                addColumn(tk, k, e, table, out);
                k = e + 1;
            }
            return;
        }
        if (!keyLike) {
            addColumn(tk, j, to, table, out);
            return;
        }
        List<String> before = new ArrayList<>(0);
        List<String> after = new ArrayList<>(1);
        SqlWriter w = alter(table, 128);
        w.word("ADD");
        int mark = w.length();
        CreateTableTranslator.Definition d = CreateTableTranslator.definition(new ExpressionTranslator(tk, w), j, to, table, indexNames, before, after, false, null);
        out.addAll(before);
        if (d.intoTable() && w.length() > mark) out.add(w.toString());
        out.addAll(after);
    }

    private static void addColumn(Tokens tk, int j, int to, QualifiedName table, List<String> out) {
        SqlWriter w = alter(table, 128);
        w.word("ADD COLUMN");
        List<String> before = new ArrayList<>(0);
        List<String> after = new ArrayList<>(0);
        ExpressionTranslator x = new ExpressionTranslator(tk, w);
        int defEnd = positionStart(tk, j, to);
        CreateTableTranslator.definition(x, j, defEnd, table, new HashSet<>(), before, after, false, null);
        writePosition(tk, defEnd, to, w);
        out.addAll(before);
        out.add(w.toString());
        out.addAll(after);
    }

    /** Index of FIRST / AFTER col at the end of a column spec, or {@code to}. */
    private static int positionStart(Tokens tk, int from, int to) {
        for (int k = from; k < to; k = tk.skip(k)) {
            if (tk.t[k].is("FIRST") && k + 1 == to) return k;
            if (tk.t[k].is("AFTER") && k + 2 == to) return k;
        }
        return to;
    }

    private static void writePosition(Tokens tk, int k, int to, SqlWriter w) {
        if (k >= to) return;
        if (tk.is(k, "FIRST")) w.word("FIRST");
        else if (tk.is(k, "AFTER")) w.word("AFTER").identifier(tk.get(k + 1).text);
        else throw tk.error(k);
    }

    private static void drop(Tokens tk, int j, QualifiedName table, List<String> out) {
        Token t = tk.get(j);
        if (t.is("PRIMARY") && tk.is(j + 1, "KEY")) {
            out.add(alter(table, 64).word("DROP PRIMARY KEY").toString());
        } else if (t.is("INDEX") || t.is("KEY")) {
            SqlWriter w = new SqlWriter(64).word("DROP INDEX");
            table.writeSibling(w, IndexNames.h2Name(table.name(), tk.get(j + 1).text));
            out.add(w.toString());
        } else if (t.is("FOREIGN") || t.is("CONSTRAINT") || t.is("CHECK")) {
            int k = t.is("FOREIGN") ? j + 2 : j + 1;
            SqlWriter w = alter(table, 64).word("DROP CONSTRAINT");
            table.writeSibling(w, IndexNames.h2Name(table.name(), tk.get(k).text));
            out.add(w.toString());
        } else {
            int k = t.is("COLUMN") ? j + 1 : j;
            out.add(alter(table, 64).word("DROP COLUMN").identifier(tk.get(k).text).toString());
        }
    }
}
