package dev.mitosis.sql;

import java.util.List;

/** The tokens of one statement (EOF excluded) with matching parentheses precomputed. */
final class Tokens {
    final String sql;
    final Token[] t;
    /** For "(" the index of its ")" and the reverse; -1 for other tokens. */
    final int[] match;
    final int size;
    private static final Token END = new Token(TokenType.EOF, "", -1, -1);

    Tokens(String sql) {
        this.sql = sql;
        List<Token> list = Lexer.tokenize(sql);
        size = list.size() - 1;
        t = list.toArray(new Token[0]);
        match = new int[size];
        int[] stack = new int[16];
        int depth = 0;
        for (int i = 0; i < size; i++) {
            match[i] = -1;
            Token tok = t[i];
            if (tok.type != TokenType.OPERATOR) continue;
            if (tok.text.equals("(")) {
                if (depth == stack.length) stack = java.util.Arrays.copyOf(stack, depth * 2);
                stack[depth++] = i;
            } else if (tok.text.equals(")")) {
                if (depth == 0) throw new SqlSyntaxException(sql, tok.start);
                int open = stack[--depth];
                match[open] = i;
                match[i] = open;
            }
        }
        if (depth > 0) throw new SqlSyntaxException(sql, sql.length());
        if (size > 0 && t[size - 1].isSymbol(";")) {
            // A trailing ';' is allowed on a single statement.
        }
    }

    Token get(int i) { return i < size && i >= 0 ? t[i] : END; }

    boolean is(int i, String keyword) { return get(i).is(keyword); }

    boolean isSymbol(int i, String symbol) { return get(i).isSymbol(symbol); }

    /** Syntax error at token {@code i} (or at the end). */
    SqlSyntaxException error(int i) {
        return new SqlSyntaxException(sql, i < size ? t[i].start : sql.length());
    }

    /** Index of the first top-level token in [from, to) that is the keyword, or -1. */
    int findKeyword(int from, int to, String keyword) {
        for (int i = from; i < to; i++) {
            if (t[i].is(keyword)) return i;
            if (match[i] > i) i = match[i];
        }
        return -1;
    }

    /** Skips a parenthesised group starting at i, or one token. */
    int skip(int i) {
        return i < size && match[i] > i ? match[i] + 1 : i + 1;
    }

    /** Source text of tokens [from, to). */
    String text(int from, int to) {
        if (from >= to) return "";
        return sql.substring(t[from].start, t[to - 1].end);
    }
}
