package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code LOAD DATA [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE 'file' [REPLACE | IGNORE]
 * INTO TABLE t [PARTITION (...)] format [IGNORE n {LINES | ROWS}] [(col_or_@var, ...)]
 * [SET col = expr, ...]}; the format is a {@link FileFormat}.
 *
 * @param targets   the column list: column names, or "@name" for a user variable; empty for all
 *                  columns in table order
 * @param sets      the SET clause: column name and expression text (MySQL syntax)
 * @param duplicate what a duplicate key does: ERROR, IGNORE or REPLACE
 */
public record LoadDataStatement(boolean local, String file, Duplicate duplicate, String database, String table,
                                FileFormat format, long ignoreLines, List<String> targets, List<Assignment> sets) {
    public enum Duplicate { ERROR, IGNORE, REPLACE }

    public record Assignment(String column, String expression) {}

    /** Parses the statement; {@code currentDb} qualifies an unqualified table (null: none selected). */
    public static LoadDataStatement parse(String sql, String currentDb) {
        TokenCursor c = new TokenCursor(sql, Lexer.tokenize(sql));
        c.expect("LOAD");
        c.expect("DATA");
        if (!c.accept("LOW_PRIORITY")) c.accept("CONCURRENT");
        boolean local = c.accept("LOCAL");
        c.expect("INFILE");
        String file = c.string();
        Duplicate duplicate = c.accept("REPLACE") ? Duplicate.REPLACE : c.accept("IGNORE") ? Duplicate.IGNORE : Duplicate.ERROR;
        c.expect("INTO");
        c.expect("TABLE");
        String db = currentDb;
        String table = c.name();
        if (c.acceptSymbol(".")) {
            db = table;
            table = c.name();
        }
        if (c.accept("PARTITION")) c.skipParenthesized();
        FileFormat format = FileFormat.parse(c);
        long ignore = 0;
        if (c.accept("IGNORE")) {
            ignore = c.integer();
            if (!c.accept("LINES")) c.expect("ROWS");
        }
        List<String> targets = new ArrayList<>();
        if (c.acceptSymbol("(")) {
            if (!c.acceptSymbol(")")) {
                do {
                    targets.add(c.peekType(TokenType.USER_VARIABLE) ? "@" + c.next().text : c.name());
                } while (c.acceptSymbol(","));
                c.expectSymbol(")");
            }
        }
        List<Assignment> sets = new ArrayList<>();
        if (c.accept("SET")) {
            do {
                String column = c.name();
                if (!c.acceptSymbol("=")) c.expectSymbol(":=");
                sets.add(new Assignment(column, c.expressionText()));
            } while (c.acceptSymbol(","));
        }
        c.acceptSymbol(";");
        if (!c.atEnd()) throw c.error();
        return new LoadDataStatement(local, file, duplicate, db, table, format, ignore, List.copyOf(targets), List.copyOf(sets));
    }
}
