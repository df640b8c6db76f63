package dev.mitosis.server;

import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL generates the next AUTO_INCREMENT value when 0 or NULL is inserted into the column
 * (unless sql_mode has NO_AUTO_VALUE_ON_ZERO); the engine takes 0 literally. This finds the
 * auto-increment column's values in INSERT/REPLACE ... VALUES statements: literal zeros become
 * NULL in the text, and parameters in that position are reported so a bound 0 can be sent as NULL.
 */
final class AutoIncrementZero {
    /** The statement to run and the 0-based indexes of parameters bound to the column. */
    record Result(String sql, int[] parameters) {
        static Result unchanged(String sql) {
            return new Result(sql, new int[0]);
        }
    }

    /** Looks up a table's auto-increment column: its name and ordinal (0-based), or null. */
    interface Columns {
        AutoColumn autoIncrement(String db, String table);
    }

    record AutoColumn(String name, int ordinal) {}

    private AutoIncrementZero() {}

    static Result apply(String sql, String currentDb, Columns columns) {
        List<Token> t = Lexer.tokenize(sql);
        int i = 0;
        if (!(t.get(i).is("INSERT") || t.get(i).is("REPLACE"))) return Result.unchanged(sql);
        i++;
        while (t.get(i).is("LOW_PRIORITY") || t.get(i).is("DELAYED") || t.get(i).is("HIGH_PRIORITY") || t.get(i).is("IGNORE")) i++;
        if (t.get(i).is("INTO")) i++;
        if (!t.get(i).isName()) return Result.unchanged(sql);
        String db = currentDb;
        String table = t.get(i++).text;
        if (t.get(i).isSymbol(".") && t.get(i + 1).isName()) {
            db = table;
            table = t.get(i + 1).text;
            i += 2;
        }
        if (db == null) return Result.unchanged(sql);
        AutoColumn auto = columns.autoIncrement(db.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
        if (auto == null) return Result.unchanged(sql);
        int position = auto.ordinal();
        if (t.get(i).isSymbol("(")) {
            position = -1;
            int col = 0;
            i++;
            while (!t.get(i).isSymbol(")")) {
                if (t.get(i).type == TokenType.EOF) return Result.unchanged(sql);
                if (t.get(i).isName() && t.get(i).text.equalsIgnoreCase(auto.name())) position = col;
                if (t.get(i).isSymbol(",")) col++;
                i++;
            }
            i++;
            if (position < 0) return Result.unchanged(sql);
        }
        if (!(t.get(i).is("VALUES") || t.get(i).is("VALUE"))) return Result.unchanged(sql);
        i++;
        int paramsBefore = 0;
        for (int k = 0; k < i; k++) if (t.get(k).type == TokenType.PARAMETER) paramsBefore++;
        List<Integer> zeroTokens = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        int param = paramsBefore;
        while (t.get(i).isSymbol("(")) {
            i++;
            int value = 0;
            int depth = 0;
            int start = i;
            while (true) {
                Token tok = t.get(i);
                if (tok.type == TokenType.EOF) return Result.unchanged(sql);
                if (tok.isSymbol("(")) depth++;
                if (depth == 0 && (tok.isSymbol(",") || tok.isSymbol(")"))) {
                    if (value == position && i - start == 1) {
                        Token v = t.get(start);
                        if (v.type == TokenType.INTEGER && v.text.equals("0")) zeroTokens.add(start);
                        if (v.type == TokenType.PARAMETER) params.add(param - 1);
                    }
                    if (tok.isSymbol(")")) {
                        i++;
                        break;
                    }
                    value++;
                    start = i + 1;
                } else if (tok.isSymbol(")")) {
                    depth--;
                }
                if (tok.type == TokenType.PARAMETER) param++;
                i++;
            }
            if (!t.get(i).isSymbol(",")) break;
            i++;
        }
        if (zeroTokens.isEmpty() && params.isEmpty()) return Result.unchanged(sql);
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int copied = 0;
        for (int k : zeroTokens) {
            Token z = t.get(k);
            out.append(sql, copied, z.start).append("NULL");
            copied = z.end;
        }
        out.append(sql, copied, sql.length());
        return new Result(out.toString(), params.stream().mapToInt(Integer::intValue).toArray());
    }
}
