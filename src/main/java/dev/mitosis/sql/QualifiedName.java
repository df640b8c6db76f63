package dev.mitosis.sql;

import java.util.Locale;

/** [schema.]name from the token stream, lower-cased (see {@link SqlWriter} for the rule). */
record QualifiedName(String schema, String name, int end) {
    static QualifiedName parse(Tokens tk, int i) {
        Token first = tk.get(i);
        if (!first.isName()) throw tk.error(i);
        if (tk.isSymbol(i + 1, ".")) {
            Token second = tk.get(i + 2);
            if (!second.isName()) throw tk.error(i + 2);
            return new QualifiedName(schemaName(first.text), lower(second.text), i + 3);
        }
        return new QualifiedName(null, lower(first.text), i + 1);
    }

    private static String schemaName(String text) {
        return text.equalsIgnoreCase("information_schema") ? "mitosis_is" : lower(text);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    void write(SqlWriter w) {
        if (schema != null) {
            w.identifier(schema).open(".");
        }
        w.identifier(name);
    }

    /** The same schema with another object name: H2 index and constraint names live in the schema. */
    void writeSibling(SqlWriter w, String objectName) {
        if (schema != null) w.identifier(schema).open(".");
        w.identifier(objectName);
    }
}
