package dev.mitosis.sql;

import java.util.List;
import java.util.Locale;

/** A token cursor for hand-written statement parsers: MySQL's syntax error (1064) at the first token that does not fit. */
final class TokenCursor {
    private final String sql;
    private final List<Token> t;
    private int i;

    TokenCursor(String sql, List<Token> t) {
        this(sql, t, 0);
    }

    TokenCursor(String sql, List<Token> t, int at) {
        this.sql = sql;
        this.t = t;
        this.i = at;
    }

    /** Where the current token starts in the text. */
    int offset() {
        return t.get(i).start;
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

    String singleCharacter() {
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
