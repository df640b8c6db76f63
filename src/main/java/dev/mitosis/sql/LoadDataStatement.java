package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code LOAD DATA [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE 'file' [REPLACE | IGNORE]
 * INTO TABLE t [CHARACTER SET cs] [{FIELDS | COLUMNS} [TERMINATED BY 's'] [[OPTIONALLY] ENCLOSED BY
 * 'c'] [ESCAPED BY 'c']] [LINES [STARTING BY 's'] [TERMINATED BY 's']] [IGNORE n {LINES | ROWS}]
 * [(col_or_@var, ...)] [SET col = expr, ...]}, with MySQL's defaults for what is left out.
 *
 * @param targets   the column list: column names, or "@name" for a user variable; empty for all
 *                  columns in table order
 * @param sets      the SET clause: column name and expression text (MySQL syntax)
 * @param duplicate what a duplicate key does: ERROR, IGNORE or REPLACE
 */
public record LoadDataStatement(boolean local, String file, Duplicate duplicate, String database, String table,
                                String charset, String fieldsTerminatedBy, String enclosedBy, String escapedBy,
                                String linesStartingBy, String linesTerminatedBy, long ignoreLines,
                                List<String> targets, List<Assignment> sets) {
    public enum Duplicate { ERROR, IGNORE, REPLACE }

    public record Assignment(String column, String expression) {}

    /** Parses the statement; {@code currentDb} qualifies an unqualified table (null: none selected). */
    public static LoadDataStatement parse(String sql, String currentDb) {
        List<Token> t = Lexer.tokenize(sql);
        Cursor c = new Cursor(sql, t);
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
        String charset = null;
        if (c.accept("CHARACTER")) {
            c.expect("SET");
            charset = c.nameOrString();
        } else if (c.accept("CHARSET")) {
            charset = c.nameOrString();
        }
        String fields = "\t";
        String enclosed = "";
        String escaped = "\\";
        if (c.accept("FIELDS") || c.accept("COLUMNS")) {
            boolean any = false;
            while (true) {
                if (c.accept("TERMINATED")) {
                    c.expect("BY");
                    fields = c.string();
                } else if (c.accept("OPTIONALLY") || c.peek("ENCLOSED")) {
                    c.expect("ENCLOSED");
                    c.expect("BY");
                    enclosed = c.singleCharacter("ENCLOSED BY");
                } else if (c.accept("ESCAPED")) {
                    c.expect("BY");
                    escaped = c.singleCharacter("ESCAPED BY");
                } else {
                    break;
                }
                any = true;
            }
            if (!any) throw c.error();
        }
        String starting = "";
        String lines = "\n";
        if (c.accept("LINES")) {
            boolean any = false;
            while (true) {
                if (c.accept("STARTING")) {
                    c.expect("BY");
                    starting = c.string();
                } else if (c.accept("TERMINATED")) {
                    c.expect("BY");
                    lines = c.string();
                } else {
                    break;
                }
                any = true;
            }
            if (!any) throw c.error();
        }
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
        if (fields.isEmpty() && enclosed.isEmpty()) {
            // MySQL reads fixed-width rows then; not supported.
            throw new SqlSyntaxException(sql, 0);
        }
        return new LoadDataStatement(local, file, duplicate, db, table, charset, fields, enclosed, escaped, starting,
                lines, ignore, List.copyOf(targets), List.copyOf(sets));
    }

    /** A token cursor with MySQL's syntax error (1064) at the first token that does not fit. */
    private static final class Cursor {
        private final String sql;
        private final List<Token> t;
        private int i;

        Cursor(String sql, List<Token> t) {
            this.sql = sql;
            this.t = t;
        }

        SqlSyntaxException error() {
            return new SqlSyntaxException(sql, t.get(Math.min(i, t.size() - 1)).start);
        }

        Token next() {
            return t.get(i++);
        }

        boolean peek(String word) {
            return t.get(i).is(word);
        }

        boolean peekType(TokenType type) {
            return t.get(i).type == type;
        }

        boolean accept(String word) {
            if (!t.get(i).is(word)) return false;
            i++;
            return true;
        }

        void expect(String word) {
            if (!accept(word)) throw error();
        }

        boolean acceptSymbol(String symbol) {
            if (!t.get(i).isSymbol(symbol)) return false;
            i++;
            return true;
        }

        void expectSymbol(String symbol) {
            if (!acceptSymbol(symbol)) throw error();
        }

        boolean atEnd() {
            return t.get(i).type == TokenType.EOF;
        }

        String string() {
            if (t.get(i).type != TokenType.STRING) throw error();
            return next().text;
        }

        String singleCharacter(String clause) {
            String s = string();
            // MySQL takes the first character of a longer ENCLOSED BY or ESCAPED BY string.
            return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
        }

        String name() {
            if (!t.get(i).isName()) throw error();
            return next().text;
        }

        String nameOrString() {
            if (t.get(i).type == TokenType.STRING) return next().text.toLowerCase(Locale.ROOT);
            return name().toLowerCase(Locale.ROOT);
        }

        long integer() {
            if (t.get(i).type != TokenType.INTEGER) throw error();
            return Long.parseLong(next().text);
        }

        void skipParenthesized() {
            expectSymbol("(");
            int depth = 1;
            while (depth > 0) {
                Token k = next();
                if (k.type == TokenType.EOF) throw error();
                if (k.isSymbol("(")) depth++;
                if (k.isSymbol(")")) depth--;
            }
        }

        /** The source text of an expression: up to a comma or the end outside parentheses. */
        String expressionText() {
            int start = t.get(i).start;
            int depth = 0;
            int end = start;
            while (true) {
                Token k = t.get(i);
                if (k.type == TokenType.EOF || depth == 0 && (k.isSymbol(",") || k.isSymbol(";"))) break;
                if (k.isSymbol("(")) depth++;
                if (k.isSymbol(")")) depth--;
                end = k.end;
                i++;
            }
            if (end == start) throw error();
            return sql.substring(start, end);
        }
    }
}
