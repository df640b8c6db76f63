package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/** CREATE/DROP INDEX, RENAME TABLE, TRUNCATE, DROP TABLE/VIEW, CREATE/DROP DATABASE, CREATE VIEW. */
final class SchemaObjectTranslator {
    private SchemaObjectTranslator() { }

    private static int end(Tokens tk) {
        return tk.isSymbol(tk.size - 1, ";") ? tk.size - 1 : tk.size;
    }

    /** CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING x] ON t (parts) [options]. */
    static List<String> createIndex(Tokens tk) {
        int i = 1;
        boolean unique = tk.is(i, "UNIQUE");
        if (unique || tk.is(i, "FULLTEXT") || tk.is(i, "SPATIAL")) i++;
        i++; // INDEX
        String name = tk.get(i).text;
        int on = tk.findKeyword(i, tk.size, "ON");
        if (on < 0) throw tk.error(i + 1);
        QualifiedName table = QualifiedName.parse(tk, on + 1);
        if (!tk.isSymbol(table.end(), "(")) throw tk.error(table.end());
        SqlWriter w = new SqlWriter(96);
        w.word(unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
        table.writeSibling(w, IndexNames.h2Name(table.name(), name));
        w.word("ON");
        table.write(w);
        int close = tk.match[table.end()];
        KeyDefinition.keyParts(tk, table.end(), close, w);
        int after = KeyDefinition.skipIndexOptions(tk, close + 1, end(tk));
        if (after < end(tk)) throw tk.error(after);
        return List.of(w.toString());
    }

    /** DROP INDEX name ON t: H2 wants the schema's index name; PRIMARY is the primary key. */
    static List<String> dropIndex(Tokens tk) {
        String name = tk.get(2).text;
        if (!tk.is(3, "ON")) throw tk.error(3);
        QualifiedName table = QualifiedName.parse(tk, 4);
        SqlWriter w = new SqlWriter(64);
        if (name.equalsIgnoreCase("PRIMARY")) {
            w.word("ALTER TABLE");
            table.write(w);
            w.word("DROP PRIMARY KEY");
        } else {
            w.word("DROP INDEX");
            table.writeSibling(w, IndexNames.h2Name(table.name(), name));
        }
        return List.of(w.toString());
    }

    /** RENAME TABLE a TO b [, c TO d]: within one schema, as H2 cannot move a table. */
    static List<String> renameTable(Tokens tk) {
        List<String> out = new ArrayList<>(1);
        int i = tk.is(1, "TABLE") || tk.is(1, "TABLES") ? 2 : 1;
        int end = end(tk);
        while (i < end) {
            QualifiedName from = QualifiedName.parse(tk, i);
            if (!tk.is(from.end(), "TO")) throw tk.error(from.end());
            QualifiedName to = QualifiedName.parse(tk, from.end() + 1);
            SqlWriter w = new SqlWriter(64);
            w.word("ALTER TABLE");
            from.write(w);
            w.word("RENAME TO").identifier(to.name());
            out.add(w.toString());
            i = to.end();
            if (tk.isSymbol(i, ",")) i++;
        }
        return out;
    }

    /** TRUNCATE [TABLE] t: MySQL also restarts AUTO_INCREMENT. */
    static List<String> truncate(Tokens tk) {
        int i = tk.is(1, "TABLE") ? 2 : 1;
        QualifiedName table = QualifiedName.parse(tk, i);
        SqlWriter w = new SqlWriter(64).word("TRUNCATE TABLE");
        table.write(w);
        w.word("RESTART IDENTITY");
        return List.of(w.toString());
    }

    /** DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] a, b [RESTRICT|CASCADE]: one H2 statement each. */
    static List<String> dropTablesOrViews(Tokens tk, String h2Object) {
        int i = tk.is(1, "TEMPORARY") ? 3 : 2;
        boolean ifExists = tk.is(i, "IF") && tk.is(i + 1, "EXISTS");
        if (ifExists) i += 2;
        List<String> out = new ArrayList<>(1);
        int end = end(tk);
        while (i < end && !tk.is(i, "RESTRICT") && !tk.is(i, "CASCADE")) {
            QualifiedName name = QualifiedName.parse(tk, i);
            SqlWriter w = new SqlWriter(64).word("DROP " + h2Object);
            if (ifExists) w.word("IF EXISTS");
            name.write(w);
            // MySQL drops a table that others reference only with FOREIGN_KEY_CHECKS=0; CASCADE would drop their constraints.
            out.add(w.toString());
            i = name.end();
            if (tk.isSymbol(i, ",")) i++;
        }
        return out;
    }

    /** CREATE DATABASE|SCHEMA [IF NOT EXISTS] x [options] and DROP DATABASE|SCHEMA [IF EXISTS] x. */
    static List<String> database(Tokens tk, boolean create) {
        int i = 2;
        boolean condition = create ? tk.is(i, "IF") && tk.is(i + 1, "NOT") && tk.is(i + 2, "EXISTS")
                : tk.is(i, "IF") && tk.is(i + 1, "EXISTS");
        if (condition) i += create ? 3 : 2;
        Token name = tk.get(i);
        if (!name.isName()) throw tk.error(i);
        SqlWriter w = new SqlWriter(64).word(create ? "CREATE SCHEMA" : "DROP SCHEMA");
        if (condition) w.word(create ? "IF NOT EXISTS" : "IF EXISTS");
        w.identifier(name.text);
        if (!create) w.word("CASCADE");
        return List.of(w.toString());
    }

    static String databaseName(Tokens tk) {
        int i = 2;
        while (tk.is(i, "IF") || tk.is(i, "NOT") || tk.is(i, "EXISTS")) i++;
        return QualifiedName.lower(tk.get(i).text);
    }

    /** CREATE [OR REPLACE] [ALGORITHM=..] [DEFINER=..] [SQL SECURITY ..] VIEW v [(cols)] AS select. */
    static List<String> createView(Tokens tk, int[] parameters, boolean alter, TemporalColumns typedColumns) {
        int view = tk.findKeyword(1, tk.size, "VIEW");
        boolean orReplace = alter || (tk.is(1, "OR") && tk.is(2, "REPLACE"));
        QualifiedName name = QualifiedName.parse(tk, view + 1);
        SqlWriter w = new SqlWriter(tk.sql.length() + 32);
        w.word(orReplace ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
        name.write(w);
        int i = name.end();
        ExpressionTranslator x = new ExpressionTranslator(tk, w);
        x.columns = typedColumns;
        if (tk.isSymbol(i, "(")) {
            int close = tk.match[i];
            x.translate(i, close + 1);
            i = close + 1;
        }
        if (!tk.is(i, "AS")) throw tk.error(i);
        int end = end(tk);
        int check = tk.findKeyword(i, end, "WITH");
        if (check >= 0 && tk.is(check + 1, "CHECK") || check >= 0 && tk.is(check + 2, "CHECK")) end = check;
        w.word("AS");
        x.translate(i + 1, end);
        parameters[0] = w.parameters;
        // The view's MySQL text (column list and query) is kept as its comment: SHOW CREATE VIEW,
        // information_schema.VIEWS and dump tools read it back; H2's own text is H2's dialect.
        SqlWriter comment = new SqlWriter(64).word("COMMENT ON TABLE");
        name.write(comment);
        String mysqlText = tk.sql.substring(tk.get(name.end()).start, tk.get(end - 1).end).strip();
        comment.word("IS '" + mysqlText.replace("'", "''") + "'");
        return List.of(w.toString(), comment.toString());
    }
}
