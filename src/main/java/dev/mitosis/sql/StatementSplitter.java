package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-statement COM_QUERY text on top-level semicolons. A semicolon inside a string,
 * a quoted identifier or a comment (executable ones included) does not split. Statements are
 * trimmed; empty ones are dropped. Never throws: an unterminated quote runs to the end and the
 * translator reports it.
 */
public final class StatementSplitter {
    private StatementSplitter() { }

    public static List<String> split(String text) {
        List<String> statements = new ArrayList<>(2);
        int length = text.length();
        int start = 0;
        int pos = 0;
        while (pos < length) {
            char c = text.charAt(pos);
            switch (c) {
                case '\'', '"', '`' -> pos = quotedEnd(text, pos);
                case '#' -> pos = skipLine(text, pos);
                case '-' -> pos = isDashComment(text, pos) ? skipLine(text, pos) : pos + 1;
                case '/' -> pos = pos + 1 < length && text.charAt(pos + 1) == '*' ? skipBlock(text, pos) : pos + 1;
                case ';' -> {
                    addTrimmed(statements, text, start, pos);
                    pos++;
                    start = pos;
                }
                default -> pos++;
            }
        }
        addTrimmed(statements, text, start, length);
        return statements;
    }

    private static void addTrimmed(List<String> out, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (end > start) out.add(text.substring(start, end));
    }

    /**
     * The index past the quoted string, identifier or name that starts at pos (its quote is the
     * character there): backslash escapes (not in backquotes) and doubled quotes stay inside.
     */
    public static int quotedEnd(String text, int pos) {
        char quote = text.charAt(pos);
        int length = text.length();
        pos++;
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < length && text.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    return pos + 1;
                }
            } else {
                pos++;
            }
        }
        return length;
    }

    private static boolean isDashComment(String text, int pos) {
        return pos + 1 < text.length() && text.charAt(pos + 1) == '-'
                && (pos + 2 == text.length() || Character.isWhitespace(text.charAt(pos + 2)));
    }

    private static int skipLine(String text, int pos) {
        int nl = text.indexOf('\n', pos);
        return nl < 0 ? text.length() : nl + 1;
    }

    private static int skipBlock(String text, int pos) {
        int close = text.indexOf("*/", pos + 2);
        return close < 0 ? text.length() : close + 2;
    }
}
