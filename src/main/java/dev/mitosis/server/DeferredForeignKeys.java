package dev.mitosis.server;

import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * Foreign keys of tables created while a session has foreign_key_checks=OFF. MySQL then accepts
 * a key whose parent table does not exist yet and rows without their parents: mysqldump writes
 * tables in name order, children before parents, and loads them with the checks off. The engine
 * checks both, so such a CREATE TABLE runs without its FOREIGN KEY clauses, and the session adds
 * them (ALTER TABLE ... ADD ...) when it turns the checks back on, as a dump does at its end.
 */
final class DeferredForeignKeys {
    private final List<String> pending = new ArrayList<>();

    /** A CREATE TABLE without its foreign keys, and the ALTER TABLE statements that add them. */
    record Split(String createTable, List<String> addForeignKeys) {}

    /** The split of a CREATE TABLE (...) with FOREIGN KEY clauses; null when it has none. */
    static Split split(String sql) {
        if (!Lexer.mentions(sql, "FOREIGN")) return null;
        List<Token> t = Lexer.tokenize(sql);
        int i = 0;
        if (!t.get(i).is("CREATE")) return null;
        while (i < t.size() && !t.get(i).is("TABLE")) i++;
        i++;
        if (t.get(i).is("IF")) i += 3;
        int nameStart = i;
        i += t.get(i + 1).isSymbol(".") ? 3 : 1;
        String table = sql.substring(t.get(nameStart).start, t.get(i - 1).end);
        if (!t.get(i).isSymbol("(")) return null;
        StringBuilder kept = new StringBuilder(sql.length());
        List<String> keys = new ArrayList<>();
        int copied = 0;
        int depth = 0;
        int elementStart = i + 1;
        int separator = -1; // the comma before the current element
        for (int k = i; k < t.size() && t.get(k).type != TokenType.EOF; k++) {
            Token tok = t.get(k);
            if (tok.isSymbol("(")) {
                depth++;
                continue;
            }
            if (tok.isSymbol(")")) depth--;
            boolean elementEnd = depth == 1 && tok.isSymbol(",") || depth == 0 && tok.isSymbol(")");
            if (!elementEnd) continue;
            if (isForeignKey(t, elementStart)) {
                keys.add("ALTER TABLE " + table + " ADD " + sql.substring(t.get(elementStart).start, t.get(k - 1).end));
                // Drop the element with the comma before it (or after it, for the first element).
                int from = separator >= 0 ? t.get(separator).start : t.get(elementStart).start;
                int to = separator >= 0 || !tok.isSymbol(",") ? t.get(k - 1).end : tok.end;
                kept.append(sql, copied, from);
                copied = to;
            }
            if (depth == 0) break;
            separator = k;
            elementStart = k + 1;
        }
        if (keys.isEmpty()) return null;
        kept.append(sql, copied, sql.length());
        return new Split(kept.toString(), keys);
    }

    private static boolean isForeignKey(List<Token> t, int start) {
        int k = start;
        if (t.get(k).is("CONSTRAINT")) k += t.get(k + 1).is("FOREIGN") ? 1 : 2;
        return t.get(k).is("FOREIGN") && t.get(k + 1).is("KEY");
    }

    void defer(List<String> addForeignKeys) {
        pending.addAll(addForeignKeys);
    }

    /** The ALTER TABLE statements waiting for the checks to come back, in order; the list is emptied. */
    List<String> drain() {
        List<String> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
