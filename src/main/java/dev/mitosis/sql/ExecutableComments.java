package dev.mitosis.sql;

/**
 * Opens MySQL's executable comments in a statement's text: {@code /*!40101 SET NAMES utf8 *}{@code /}
 * becomes {@code  SET NAMES utf8 } when the version is at most {@link Lexer#SERVER_VERSION} (or
 * absent) and disappears otherwise. Dump tools (mysqldump, mariadb-dump) send whole statements in
 * such comments; opening them once, before a statement is classified, lets every statement of ours
 * and every translator see plain SQL. Quoted text and ordinary comments are left as they are.
 */
public final class ExecutableComments {
    private ExecutableComments() {}

    /** The text with its executable comments opened; the same instance when it has none. */
    public static String expand(String sql) {
        if (!sql.contains("/*!")) return sql;
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        boolean inside = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = StatementSplitter.quotedEnd(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                if (!inside && i + 2 < n && sql.charAt(i + 2) == '!') {
                    int versionStart = i + 3;
                    int j = versionStart;
                    while (j < n && Character.isDigit(sql.charAt(j))) j++;
                    int digits = j - versionStart;
                    if (digits == 0 || (digits >= 5 && Integer.parseInt(sql, versionStart,
                            versionStart + Math.min(digits, 6), 10) <= Lexer.SERVER_VERSION)) {
                        out.append(' ');
                        inside = true;
                        i = j;
                        continue;
                    }
                }
                // An ordinary comment is kept; an executable one for a later version goes.
                boolean executable = i + 2 < n && sql.charAt(i + 2) == '!';
                int close = sql.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                if (executable) out.append(' ');
                else out.append(sql, i, end);
                i = end;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i)
                    && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int newline = sql.indexOf('\n', i);
                int end = newline < 0 ? n : newline;
                out.append(sql, i, end);
                i = end;
            } else if (inside && c == '*' && sql.startsWith("*/", i)) {
                out.append(' ');
                inside = false;
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
