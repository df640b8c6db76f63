package dev.mitosis.sql;

/**
 * One lexical token. {@code start}/{@code end} are offsets in the source text, so callers can
 * quote the original (error messages, column labels, binlog).
 */
public final class Token {
    public final TokenType type;
    /** Decoded value: see {@link TokenType}. */
    public final String text;
    public final int start;
    public final int end;
    /** Character set introducer of a string ({@code _utf8mb4'x'} gives "utf8mb4"), else null. */
    public final String introducer;

    public Token(TokenType type, String text, int start, int end) {
        this(type, text, start, end, null);
    }

    public Token(TokenType type, String text, int start, int end, String introducer) {
        this.type = type;
        this.text = text;
        this.start = start;
        this.end = end;
        this.introducer = introducer;
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean is(String keyword) {
        return type == TokenType.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** True for the operator or punctuation {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return type == TokenType.OPERATOR && text.equals(symbol);
    }

    /** An identifier, quoted or not. */
    public boolean isName() {
        return type == TokenType.IDENTIFIER || type == TokenType.QUOTED_IDENTIFIER;
    }

    public boolean isLiteral() {
        return switch (type) {
            case STRING, HEX_STRING, BIT_STRING, INTEGER, DECIMAL, FLOAT -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return type + "(" + text + ")@" + start;
    }
}
