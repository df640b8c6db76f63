package dev.mitosis.server;

import java.util.Locale;

/**
 * Lexical helpers for the server's own statements: leading keywords and quoting,
 * skipping comments, strings and quoted identifiers.
 */
final class SqlScan {
    private SqlScan() {}

    /** Index just past a quoted run starting at i (quote char at i), honouring \ and doubling. */
    static int skipQuoted(String s, int i) {
        return dev.mitosis.sql.StatementSplitter.quotedEnd(s, i);
    }

    /** If a comment starts at i, the index past it; else i. Executable comments are not skipped. */
    static int skipComment(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '#' || (c == '-' && i + 2 < n + 1 && s.startsWith("--", i)
                && (i + 2 == n || Character.isWhitespace(s.charAt(i + 2))))) {
            int e = s.indexOf('\n', i);
            return e < 0 ? n : e + 1;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*' && !(i + 2 < n && s.charAt(i + 2) == '!')) {
            int e = s.indexOf("*/", i + 2);
            return e < 0 ? n : e + 2;
        }
        return i;
    }

    /** True when only whitespace and comments remain. */
    static boolean isBlank(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int j = skipComment(s, i);
            if (j == i) return false;
            i = j;
        }
        return true;
    }

    /** The first n words, upper-cased, skipping comments and opening parentheses. */
    static String[] leadingWords(String s, int n) {
        String[] out = new String[n];
        java.util.Arrays.fill(out, "");
        int i = 0;
        int k = 0;
        int len = s.length();
        while (i < len && k < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
                continue;
            }
            if (c == '/' && i + 2 < len && s.charAt(i + 1) == '*' && s.charAt(i + 2) == '!') {
                i += 3;
                while (i < len && Character.isDigit(s.charAt(i))) i++;
                continue;
            }
            int j = skipComment(s, i);
            if (j != i) {
                i = j;
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_' || c == '@') {
                int start = i;
                while (i < len && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '@' || s.charAt(i) == '.' || s.charAt(i) == '$')) i++;
                out[k++] = s.substring(start, i).toUpperCase(Locale.ROOT);
            } else {
                if (c == '`' || c == '\'' || c == '"') {
                    int e = skipQuoted(s, i);
                    out[k++] = s.substring(i, e);
                    i = e;
                } else {
                    out[k++] = String.valueOf(c);
                    i++;
                }
            }
        }
        return out;
    }

    /** Removes a MySQL identifier's backticks or quotes. */
    static String unquote(String ident) {
        if (ident.length() >= 2) {
            char q = ident.charAt(0);
            if ((q == '`' || q == '"' || q == '\'') && ident.charAt(ident.length() - 1) == q) {
                String inner = ident.substring(1, ident.length() - 1);
                return inner.replace(String.valueOf(q) + q, String.valueOf(q));
            }
        }
        return ident;
    }
}
