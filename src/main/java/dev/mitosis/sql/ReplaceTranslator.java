package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * REPLACE [INTO] t [(cols)] VALUES ... | SET ... | SELECT ...: H2's REPLACE is a MERGE on the
 * primary key only, so the rows' source becomes a query and {@link ReplaceExecutor} deletes the
 * conflicting rows on every unique key before inserting each row, as MySQL does.
 */
final class ReplaceTranslator {
    private ReplaceTranslator() { }

    static Translation translate(Tokens tk, TemporalColumns typedColumns) {
        int i = 1;
        while (tk.is(i, "LOW_PRIORITY") || tk.is(i, "DELAYED")) i++;
        if (tk.is(i, "INTO")) i++;
        QualifiedName table = QualifiedName.parse(tk, i);
        i = table.end();
        int end = tk.isSymbol(tk.size - 1, ";") ? tk.size - 1 : tk.size;
        List<String> columns = new ArrayList<>();
        if (tk.isSymbol(i, "(") && !tk.is(i + 1, "SELECT")) {
            int close = tk.match[i];
            for (int k = i + 1; k < close; k += 2) columns.add(QualifiedName.lower(tk.t[k].text));
            i = close + 1;
        }
        SqlWriter w = new SqlWriter(tk.sql.length());
        ExpressionTranslator x = new ExpressionTranslator(tk, w);
        x.columns = typedColumns;
        if (tk.is(i, "VALUES") || tk.is(i, "VALUE")) {
            w.word("VALUES");
            x.translate(i + 1, end);
        } else if (tk.is(i, "SET")) {
            w.word("SELECT");
            int k = i + 1;
            boolean first = true;
            while (k < end) {
                int e = k;
                while (e < end && !tk.isSymbol(e, ",")) e = tk.skip(e);
                columns.add(QualifiedName.lower(tk.t[k].text));
                if (!tk.isSymbol(k + 1, "=")) throw tk.error(k + 1);
                if (!first) w.closing(",");
                x.translate(k + 2, e);
                first = false;
                k = e + 1;
            }
        } else {
            x.translate(i, end);
        }
        ReplaceCommand command = new ReplaceCommand(table.schema(), table.name(), List.copyOf(columns), w.toString());
        return new Translation(StatementKind.REPLACE, List.of(w.toString()), w.parameters, table.name(), Set.of(), command);
    }
}
