package dev.mitosis.server;

/** Interim translation until the full dialect front end lands: quoting and executable comments. */
final class MinimalTranslator {
    private MinimalTranslator() {}

    static String translate(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '`') {
                int e = SqlScan.skipQuoted(sql, i);
                String inner = sql.substring(i + 1, Math.max(i + 1, e - 1)).replace("``", "`");
                out.append('"').append(inner.toLowerCase(java.util.Locale.ROOT).replace("\"", "\"\"")).append('"');
                i = e;
            } else if (c == '\'') {
                int e = SqlScan.skipQuoted(sql, i);
                out.append(unescape(sql.substring(i + 1, Math.max(i + 1, e - 1))));
                i = e;
            } else if (c == '"') {
                int e = SqlScan.skipQuoted(sql, i);
                out.append(unescape(sql.substring(i + 1, Math.max(i + 1, e - 1)).replace("\"\"", "\"")));
                i = e;
            } else if (c == '/' && i + 2 < n && sql.charAt(i + 1) == '*' && sql.charAt(i + 2) == '!') {
                int e = sql.indexOf("*/", i + 3);
                int j = i + 3;
                while (j < n && Character.isDigit(sql.charAt(j))) j++;
                out.append(' ').append(translate(sql.substring(j, e < 0 ? n : e))).append(' ');
                i = e < 0 ? n : e + 2;
            } else {
                int j = SqlScan.skipComment(sql, i);
                if (j != i) {
                    out.append(' ');
                    i = j;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    /** A MySQL string body (backslash escapes, doubled quotes) as a standard SQL literal. */
    private static String unescape(String body) {
        StringBuilder b = new StringBuilder(body.length() + 2).append('\'');
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '0' -> b.append('\0');
                    case 'b' -> b.append('\b');
                    case 'Z' -> b.append((char) 26);
                    case '\'' -> b.append("''");
                    default -> b.append(e);
                }
            } else if (c == '\'') {
                b.append("''");
                if (i + 1 < body.length() && body.charAt(i + 1) == '\'') i++;
            } else {
                b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
