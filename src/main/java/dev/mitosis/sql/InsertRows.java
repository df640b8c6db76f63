package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an {@code INSERT [IGNORE] ... VALUES (...), (...)} as one plain INSERT each. H2
 * skips an INSERT IGNORE's duplicate rows without saying which, where MySQL warns (1062) for
 * each: run one row at a time, each duplicate is the error MySQL turns into that warning.
 */
public final class InsertRows {
    private InsertRows() {}

    /**
     * One {@code INSERT INTO t [(columns)] VALUES (row)} per row, in order; null unless the
     * statement is an INSERT ... VALUES without ON DUPLICATE KEY UPDATE or a row alias.
     */
    public static List<String> split(String mysql) {
        Tokens tk;
        try {
            tk = new Tokens(mysql);
        } catch (SqlSyntaxException e) {
            return null;
        }
        if (!tk.is(0, "INSERT")) return null;
        int i = 1;
        while (tk.is(i, "LOW_PRIORITY") || tk.is(i, "DELAYED") || tk.is(i, "HIGH_PRIORITY") || tk.is(i, "IGNORE")) i++;
        if (tk.is(i, "INTO")) i++;
        int target = i;
        int values = -1;
        for (int k = i; k < tk.size; k = tk.skip(k)) {
            if (tk.is(k, "VALUES") || tk.is(k, "VALUE")) {
                values = k;
                break;
            }
            if (tk.is(k, "SELECT") || tk.is(k, "SET") || tk.is(k, "TABLE") || tk.is(k, "WITH")) return null;
        }
        if (values < 0) return null;
        int end = tk.size;
        if (tk.isSymbol(end - 1, ";")) end--;
        String head = "INSERT INTO " + tk.text(target, values) + " VALUES ";
        List<String> rows = new ArrayList<>();
        for (int k = values + 1; k < end; ) {
            if (!tk.isSymbol(k, "(")) return null; // ON DUPLICATE KEY UPDATE, AS alias, or not a row
            int close = tk.match[k];
            rows.add(head + tk.text(k, close + 1));
            k = close + 1;
            if (k < end) {
                if (!tk.isSymbol(k, ",")) return null;
                k++;
            }
        }
        return rows.isEmpty() ? null : rows;
    }

    /** The translation of an INSERT IGNORE as a plain INSERT: a duplicate fails instead of being skipped. */
    public static String withoutIgnore(String h2Insert) {
        String ignore = "INSERT IGNORE INTO";
        return h2Insert.startsWith(ignore) ? "INSERT INTO" + h2Insert.substring(ignore.length()) : h2Insert;
    }
}
