package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * MySQL 8.4 lexer. Comments are dropped; the content of executable comments ({@code /*! ... *}{@code /},
 * {@code /*!80000 ... *}{@code /}) is lexed as SQL when its version is at most {@link #SERVER_VERSION}.
 * Adjacent string literals are merged, as MySQL concatenates them. One pass, no regexes: it runs on
 * every statement.
 */
public final class Lexer {
    /** Version number compared with executable comments' versions (8.4.0). */
    public static final int SERVER_VERSION = 80400;

    /**
     * Whether {@code word} occurs in the text in any case (inside strings and comments too): a
     * cheap test that spares lexing a statement a rule cannot apply to.
     */
    public static boolean mentions(String sql, String word) {
        int n = word.length();
        // Words start with a letter: its lower case is the first character's with bit 0x20 set,
        // so most positions are passed over without a case-insensitive comparison.
        char first = Character.toLowerCase(word.charAt(0));
        for (int i = 0, last = sql.length() - n; i <= last; i++) {
            if ((sql.charAt(i) | 0x20) == first && sql.regionMatches(true, i, word, 0, n)) return true;
        }
        return false;
    }

    private final String sql;
    private final int length;
    private int pos;
    /** Inside an executable comment, whose closing "*}{@code /" must be skipped. */
    private boolean inExecutableComment;

    public Lexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /** All tokens of {@code sql}, ending with an EOF token. */
    public static List<Token> tokenize(String sql) {
        Lexer lexer = new Lexer(sql);
        List<Token> tokens = new ArrayList<>(Math.max(8, sql.length() / 4));
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.type != TokenType.EOF);
        return tokens;
    }

    /** The next token; EOF at the end. */
    public Token next() {
        skipSpaceAndComments();
        if (pos >= length) return new Token(TokenType.EOF, "", length, length);
        int start = pos;
        char c = sql.charAt(pos);
        switch (c) {
            case '\'', '"' -> { return string(start, null); }
            case '`' -> { return quotedIdentifier(start); }
            case '?' -> { pos++; return new Token(TokenType.PARAMETER, "?", start, pos); }
            case '@' -> { return variable(start); }
            default -> { }
        }
        if (c >= '0' && c <= '9') return number(start);
        if (c == '.' && pos + 1 < length && isDigit(sql.charAt(pos + 1)) && !afterName(start)) {
            return number(start);
        }
        if (isIdentifierChar(c)) return word(start);
        return operator(start);
    }

    private void skipSpaceAndComments() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                pos++;
            } else if (c == '#') {
                skipLine();
            } else if (c == '-' && pos + 1 < length && sql.charAt(pos + 1) == '-'
                    && (pos + 2 == length || Character.isWhitespace(sql.charAt(pos + 2))
                        || Character.isISOControl(sql.charAt(pos + 2)))) {
                skipLine();
            } else if (c == '/' && pos + 1 < length && sql.charAt(pos + 1) == '*') {
                blockComment();
            } else if (c == '*' && inExecutableComment && pos + 1 < length && sql.charAt(pos + 1) == '/') {
                inExecutableComment = false;
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipLine() {
        while (pos < length && sql.charAt(pos) != '\n') pos++;
    }

    private void blockComment() {
        int start = pos;
        pos += 2;
        if (pos < length && sql.charAt(pos) == '!' && !inExecutableComment) {
            pos++;
            int versionStart = pos;
            while (pos < length && isDigit(sql.charAt(pos))) pos++;
            int digits = pos - versionStart;
            // MySQL reads a 5- or 6-digit version; the content is SQL when the server is at least that version.
            if (digits == 0 || (digits >= 5 && Integer.parseInt(sql, versionStart, versionStart + Math.min(digits, 6), 10) <= SERVER_VERSION)) {
                inExecutableComment = true;
                return;
            }
        }
        int close = sql.indexOf("*/", pos);
        if (close < 0) throw new SqlSyntaxException(sql, start);
        pos = close + 2;
    }

    private Token string(int start, String introducer) {
        StringBuilder value = null;
        int segmentStart;
        int tokenEnd;
        while (true) {
            char quote = sql.charAt(pos);
            pos++;
            segmentStart = pos;
            StringBuilder sb = value == null ? null : value;
            // Fast path: no escapes, no doubled quotes.
            int p = pos;
            while (p < length) {
                char ch = sql.charAt(p);
                if (ch == quote || ch == '\\') break;
                p++;
            }
            if (p >= length) throw new SqlSyntaxException(sql, start);
            if (sql.charAt(p) == quote && (p + 1 >= length || sql.charAt(p + 1) != quote) && sb == null) {
                value = null;
                pos = p + 1;
                tokenEnd = pos;
                String text = sql.substring(segmentStart, p);
                if (!nextIsAdjacentString()) return new Token(TokenType.STRING, text, start, tokenEnd, introducer);
                value = new StringBuilder(text);
                continue;
            }
            if (sb == null) sb = new StringBuilder();
            pos = segmentStart;
            while (true) {
                if (pos >= length) throw new SqlSyntaxException(sql, start);
                char ch = sql.charAt(pos++);
                if (ch == quote) {
                    if (pos < length && sql.charAt(pos) == quote) {
                        sb.append(quote);
                        pos++;
                        continue;
                    }
                    break;
                }
                if (ch == '\\' && pos < length) {
                    appendEscape(sb, sql.charAt(pos++));
                    continue;
                }
                sb.append(ch);
            }
            value = sb;
            tokenEnd = pos;
            if (!nextIsAdjacentString()) return new Token(TokenType.STRING, value.toString(), start, tokenEnd, introducer);
        }
    }

    /** MySQL concatenates adjacent literals: 'a' 'b' is 'ab'. Positions pos at the next quote if so. */
    private boolean nextIsAdjacentString() {
        int p = pos;
        while (p < length && Character.isWhitespace(sql.charAt(p))) p++;
        if (p < length && (sql.charAt(p) == '\'' || sql.charAt(p) == '"')) {
            pos = p;
            return true;
        }
        return false;
    }

    private static void appendEscape(StringBuilder sb, char e) {
        switch (e) {
            case '0' -> sb.append('\0');
            case 'b' -> sb.append('\b');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'Z' -> sb.append('\u001A');
            // Kept with the backslash so LIKE still sees an escaped wildcard.
            case '%', '_' -> sb.append('\\').append(e);
            default -> sb.append(e);
        }
    }

    private Token quotedIdentifier(int start) {
        pos++;
        StringBuilder sb = null;
        int segment = pos;
        while (true) {
            int close = sql.indexOf('`', pos);
            if (close < 0) throw new SqlSyntaxException(sql, start);
            if (close + 1 < length && sql.charAt(close + 1) == '`') {
                if (sb == null) sb = new StringBuilder();
                sb.append(sql, segment, close + 1);
                pos = close + 2;
                segment = pos;
                continue;
            }
            pos = close + 1;
            String name = sb == null ? sql.substring(segment, close) : sb.append(sql, segment, close).toString();
            return new Token(TokenType.QUOTED_IDENTIFIER, name, start, pos);
        }
    }

    private Token variable(int start) {
        pos++;
        boolean system = pos < length && sql.charAt(pos) == '@';
        if (system) pos++;
        if (pos < length) {
            char c = sql.charAt(pos);
            if (!system && (c == '\'' || c == '"')) {
                Token quoted = string(pos, null);
                return new Token(TokenType.USER_VARIABLE, quoted.text, start, pos);
            }
            if (c == '`') {
                Token quoted = quotedIdentifier(pos);
                return new Token(system ? TokenType.SYSTEM_VARIABLE : TokenType.USER_VARIABLE, quoted.text, start, pos);
            }
        }
        int nameStart = pos;
        while (pos < length && (isIdentifierChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) pos++;
        if (pos == nameStart) throw new SqlSyntaxException(sql, start);
        return new Token(system ? TokenType.SYSTEM_VARIABLE : TokenType.USER_VARIABLE,
                sql.substring(nameStart, pos), start, pos);
    }

    private Token number(int start) {
        char c = sql.charAt(pos);
        if (c == '0' && pos + 1 < length) {
            char kind = sql.charAt(pos + 1);
            if (kind == 'x' || kind == 'b') {
                int p = pos + 2;
                while (p < length && (kind == 'x' ? isHexDigit(sql.charAt(p)) : (sql.charAt(p) == '0' || sql.charAt(p) == '1'))) p++;
                if (p > pos + 2 && (p >= length || !isIdentifierChar(sql.charAt(p)))) {
                    pos = p;
                    return new Token(kind == 'x' ? TokenType.HEX_STRING : TokenType.BIT_STRING,
                            sql.substring(start + 2, p), start, p);
                }
            }
        }
        while (pos < length && isDigit(sql.charAt(pos))) pos++;
        TokenType type = TokenType.INTEGER;
        if (pos < length && sql.charAt(pos) == '.') {
            type = TokenType.DECIMAL;
            pos++;
            while (pos < length && isDigit(sql.charAt(pos))) pos++;
        }
        if (pos < length && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < length && (sql.charAt(p) == '+' || sql.charAt(p) == '-')) p++;
            if (p < length && isDigit(sql.charAt(p))) {
                pos = p;
                while (pos < length && isDigit(sql.charAt(pos))) pos++;
                type = TokenType.FLOAT;
            }
        }
        if (type == TokenType.INTEGER && pos < length && isIdentifierChar(sql.charAt(pos))) {
            // MySQL identifiers may start with digits: 1abc
            return word(start);
        }
        return new Token(type, sql.substring(start, pos), start, pos);
    }

    private Token word(int start) {
        while (pos < length && isIdentifierChar(sql.charAt(pos))) pos++;
        if (pos < length) {
            char c = sql.charAt(pos);
            int len = pos - start;
            if (c == '\'') {
                char first = sql.charAt(start);
                if (len == 1 && (first == 'x' || first == 'X')) return quotedBits(start, TokenType.HEX_STRING);
                if (len == 1 && (first == 'b' || first == 'B')) return quotedBits(start, TokenType.BIT_STRING);
                if (len == 1 && (first == 'n' || first == 'N')) return string(start, null);
            }
            if (sql.charAt(start) == '_' && len > 1) {
                int p = pos;
                while (p < length && Character.isWhitespace(sql.charAt(p))) p++;
                if (p < length && (sql.charAt(p) == '\'' || sql.charAt(p) == '"')) {
                    String charset = sql.substring(start + 1, pos);
                    pos = p;
                    return string(start, charset);
                }
            }
        }
        return new Token(TokenType.IDENTIFIER, sql.substring(start, pos), start, pos);
    }

    private Token quotedBits(int start, TokenType type) {
        int close = sql.indexOf('\'', pos + 1);
        if (close < 0) throw new SqlSyntaxException(sql, start);
        String digits = sql.substring(pos + 1, close);
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            boolean ok = type == TokenType.HEX_STRING ? isHexDigit(d) : (d == '0' || d == '1');
            if (!ok) throw new SqlSyntaxException(sql, start);
        }
        if (type == TokenType.HEX_STRING && digits.length() % 2 != 0) throw new SqlSyntaxException(sql, start);
        pos = close + 1;
        return new Token(type, digits, start, pos);
    }

    private static final String[] THREE_CHAR_OPERATORS = {"<=>", "->>"};
    private static final String[] TWO_CHAR_OPERATORS = {"<=", ">=", "<>", "!=", ":=", "&&", "||", "->", "<<", ">>"};

    private Token operator(int start) {
        for (String op : THREE_CHAR_OPERATORS) {
            if (sql.startsWith(op, pos)) {
                pos += 3;
                return new Token(TokenType.OPERATOR, op, start, pos);
            }
        }
        for (String op : TWO_CHAR_OPERATORS) {
            if (sql.startsWith(op, pos)) {
                pos += 2;
                return new Token(TokenType.OPERATOR, op, start, pos);
            }
        }
        char c = sql.charAt(pos);
        if ("=<>!~&|^+-*/%(),.;:{}".indexOf(c) < 0) throw new SqlSyntaxException(sql, start);
        pos++;
        return new Token(TokenType.OPERATOR, String.valueOf(c), start, pos);
    }

    /** A dot right after a name is a qualifier (t.5 is not the number .5). */
    private boolean afterName(int start) {
        return start > 0 && (isIdentifierChar(sql.charAt(start - 1)) || sql.charAt(start - 1) == '`');
    }

    static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
