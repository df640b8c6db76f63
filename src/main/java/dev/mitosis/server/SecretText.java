package dev.mitosis.server;

import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.SqlSyntaxException;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.util.List;

/**
 * Hides passwords in statement text shown by SHOW PROCESSLIST and written anywhere: the literal
 * after IDENTIFIED [WITH p] BY / AS, SET PASSWORD ... =, REPLACE, and SOURCE_PASSWORD = /
 * MASTER_PASSWORD = becomes {@code <secret>}, as MySQL rewrites such statements for its logs.
 */
final class SecretText {
    static final String SECRET = "<secret>";

    private SecretText() {}

    /** Whether statements of this kind (with these leading words) can carry a password. */
    static boolean mayHoldSecret(StatementKind kind, String[] w) {
        return switch (kind) {
            case ACCOUNT_MANAGEMENT, CLONE, REPLICATION -> true;
            case SET -> w[1].equals("PASSWORD");
            default -> false;
        };
    }

    static String mask(String sql) {
        List<Token> tokens;
        try {
            tokens = Lexer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            // Unlexable (an unterminated quote): show nothing after the first quote.
            int q = sql.indexOf('\'');
            int d = sql.indexOf('"');
            int cut = q < 0 ? d : d < 0 ? q : Math.min(q, d);
            return cut < 0 ? sql : sql.substring(0, cut) + SECRET;
        }
        boolean setPassword = tokens.size() > 1 && tokens.get(0).is("SET") && tokens.get(1).is("PASSWORD");
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        for (int k = 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type != TokenType.STRING) continue;
            Token prev = tokens.get(k - 1);
            Token prev2 = k >= 2 ? tokens.get(k - 2) : null;
            boolean secret = prev.is("BY") || prev.is("REPLACE")
                    || prev.is("AS") && identifiedWith(tokens, k - 1)
                    || (prev.isSymbol("=") || prev.is("TO")) && setPassword
                    || prev.isSymbol("=") && prev2 != null && (prev2.is("PASSWORD") || prev2.is("SOURCE_PASSWORD")
                            || prev2.is("MASTER_PASSWORD"));
            if (!secret) continue;
            out.append(sql, copied, t.start).append(SECRET);
            copied = t.end;
        }
        out.append(sql, copied, sql.length());
        return out.toString();
    }

    /** AS at index k belongs to IDENTIFIED WITH plugin AS 'hash'. */
    private static boolean identifiedWith(List<Token> tokens, int k) {
        return k >= 3 && tokens.get(k - 2).is("WITH") && tokens.get(k - 3).is("IDENTIFIED");
    }
}
