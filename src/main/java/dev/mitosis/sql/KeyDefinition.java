package dev.mitosis.sql;

import java.util.List;
import java.util.Set;

/**
 * Index and key parts of CREATE TABLE and ALTER TABLE: KEY/INDEX/UNIQUE/FULLTEXT become
 * {@code CREATE [UNIQUE] INDEX "table.name"}; prefix lengths, USING BTREE and index options are
 * dropped. MySQL names an unnamed key after its first column.
 */
final class KeyDefinition {
    private KeyDefinition() { }

    /**
     * Parses [name] [USING x] (parts) [options] at i and adds the CREATE INDEX; returns the end.
     * Without a name the index takes {@code defaultName} (a CONSTRAINT's), else its first column's.
     */
    static int index(Tokens tk, int i, int to, QualifiedName table, boolean unique, String defaultName,
                     Set<String> usedNames, List<String> out) {
        String name = defaultName;
        if (!tk.isSymbol(i, "(") && !tk.is(i, "USING")) {
            name = QualifiedName.lower(tk.get(i).text);
            i++;
        }
        if (tk.is(i, "USING")) i += 2;
        if (!tk.isSymbol(i, "(")) throw tk.error(i);
        int close = tk.match[i];
        SqlWriter parts = new SqlWriter(64);
        String firstColumn = keyParts(tk, i, close, parts);
        if (name == null) name = uniqueName(firstColumn, usedNames);
        usedNames.add(name);
        SqlWriter w = new SqlWriter(96);
        w.word(unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
        table.writeSibling(w, IndexNames.h2Name(table.name(), name));
        w.word("ON");
        table.write(w);
        w.word(parts.toString());
        out.add(w.toString());
        return skipIndexOptions(tk, close + 1, to);
    }

    private static String uniqueName(String base, Set<String> used) {
        if (!used.contains(base)) return base;
        int n = 2;
        while (used.contains(base + "_" + n)) n++;
        return base + "_" + n;
    }

    /** Writes ("a" ASC, "b") from MySQL's key parts, returning the first column's name. */
    static String keyParts(Tokens tk, int open, int close, SqlWriter w) {
        w.word("(").glueNext();
        String first = null;
        int j = open + 1;
        boolean firstPart = true;
        while (j < close) {
            Token col = tk.t[j];
            if (!col.isName()) throw tk.error(j);
            if (!firstPart) w.closing(",");
            String name = QualifiedName.lower(col.text);
            if (first == null) first = name;
            w.identifier(name);
            j++;
            if (tk.isSymbol(j, "(")) j = tk.match[j] + 1;
            if (tk.is(j, "ASC") || tk.is(j, "DESC")) { w.word(Keywords.upper(tk.t[j].text)); j++; }
            if (j < close && !tk.isSymbol(j, ",")) throw tk.error(j);
            j++;
            firstPart = false;
        }
        w.closing(")");
        return first;
    }

    static int skipIndexOptions(Tokens tk, int j, int to) {
        while (j < to) {
            if (tk.is(j, "USING") || tk.is(j, "COMMENT") || tk.is(j, "WITH") && tk.is(j + 1, "PARSER")) {
                j += tk.is(j, "WITH") ? 3 : 2;
            } else if (tk.is(j, "KEY_BLOCK_SIZE") || tk.is(j, "ALGORITHM") || tk.is(j, "LOCK")) {
                j += tk.isSymbol(j + 1, "=") ? 3 : 2;
            } else if (tk.is(j, "VISIBLE") || tk.is(j, "INVISIBLE")) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }
}
