package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a rejected literal stands in the engine's statement (H2 quotes its SQL after its
 * message): the column it was meant for and the row, for MySQL's "for column 'c' at row n". In
 * {@code INSERT ... (columns) VALUES (...), ...} and {@code UPDATE ... SET c = v, ...}.
 */
final class ValueLocator {
    private ValueLocator() {}

    /** A column and its 1-based row. */
    record Place(String column, int row) {}

    /** The place of the string literal {@code value} in the statement quoted in {@code message}, or null. */
    static Place locate(String message, String value) {
        int at = message == null ? -1 : message.indexOf("SQL statement:");
        if (at < 0 || value == null) return null;
        String sql = message.substring(at + "SQL statement:".length()).replaceFirst("\\s*\\[\\d+-\\d+]\\s*$", "").strip();
        Tokens tk;
        try {
            tk = new Tokens(sql);
        } catch (RuntimeException e) {
            return null;
        }
        if (tk.is(0, "INSERT") || tk.is(0, "MERGE")) return inInsert(tk, value);
        if (tk.is(0, "UPDATE")) return inUpdate(tk, value);
        return null;
    }

    private static Place inInsert(Tokens tk, String value) {
        int open = -1;
        int values = -1;
        for (int k = 1; k < tk.size; k = tk.skip(k)) {
            if (tk.is(k, "VALUES")) {
                values = k;
                break;
            }
            if (tk.isSymbol(k, "(") && open < 0) open = k;
        }
        if (open < 0 || values < 0) return null;
        List<String> columns = new ArrayList<>();
        for (int[] c : Rollup.split(tk, open + 1, tk.match[open])) columns.add(tk.t[c[0]].text);
        int row = 0;
        for (int k = values + 1; k < tk.size && tk.isSymbol(k, "("); ) {
            row++;
            List<int[]> items = Rollup.split(tk, k + 1, tk.match[k]);
            for (int j = 0; j < items.size() && j < columns.size(); j++) {
                if (isLiteral(tk, items.get(j), value)) return new Place(columns.get(j), row);
            }
            k = tk.match[k] + 1;
            if (tk.isSymbol(k, ",")) k++;
        }
        return null;
    }

    private static Place inUpdate(Tokens tk, String value) {
        int set = tk.findKeyword(1, tk.size, "SET");
        if (set < 0) return null;
        int end = tk.findKeyword(set, tk.size, "WHERE");
        for (int[] a : Rollup.split(tk, set + 1, end < 0 ? tk.size : end)) {
            int eq = a[0] + 1;
            if (tk.isSymbol(eq, "=") && isLiteral(tk, new int[] {eq + 1, a[1]}, value)) return new Place(tk.t[a[0]].text, 1);
        }
        return null;
    }

    /** A string literal, maybe cast (H2 writes some as CAST('x' AS type)), whose text is the value. */
    private static boolean isLiteral(Tokens tk, int[] item, String value) {
        for (int k = item[0]; k < item[1]; k++) {
            Token t = tk.t[k];
            if (t.type == TokenType.STRING && t.text.equals(value)) return true;
            if (!(t.is("CAST") || t.isSymbol("(") || t.isSymbol(")") || t.is("AS") || t.type == TokenType.IDENTIFIER
                    || t.type == TokenType.INTEGER || t.isSymbol(","))) {
                return false;
            }
        }
        return false;
    }
}
