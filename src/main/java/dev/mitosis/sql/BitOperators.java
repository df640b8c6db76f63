package dev.mitosis.sql;

import java.util.Set;

/**
 * MySQL's infix bit operators, which H2 lacks: {@code a | b}, {@code a & b}, {@code a ^ b},
 * {@code a << b} and {@code a >> b} become BITOR, BITAND, BITXOR, LSHIFT and RSHIFT of the two
 * operands as BIGINTs, the operands found by MySQL's precedence ({@code ^} above * and /, the
 * shifts below + and -, then &, then |, all above comparisons). A MySQL-to-MySQL rewrite. The
 * results are signed where MySQL's are unsigned: they differ only for negative operands.
 */
final class BitOperators {
    private BitOperators() {}

    /** Words before "(" that are not function names: the parenthesis is an operand of its own. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("IN", "AND", "OR", "NOT", "XOR", "SELECT", "WHERE", "ON",
            "VALUES", "VALUE", "EXISTS", "ANY", "ALL", "SOME", "WHEN", "THEN", "ELSE", "AS", "FROM", "JOIN", "BY",
            "HAVING", "SET", "USING", "INTERVAL", "LIKE", "REGEXP", "RLIKE", "BETWEEN", "IS", "DIV", "MOD", "RETURN",
            "LIMIT", "OFFSET", "UNION", "DISTINCT", "CASE");

    /** The statement with its bit operators as function calls, or {@code sql} itself when it has none. */
    static String rewrite(String sql) {
        if (!mayHoldOperator(sql)) return sql;
        String out = labelled(sql);
        // One operator per pass: the operands of the next are in the rewritten text.
        for (int pass = 0; pass < 10_000; pass++) {
            Tokens tk = new Tokens(out);
            int op = -1;
            for (int i = 0; i < tk.size && op < 0; i++) {
                if (function(tk.t[i]) != null && endsOperand(tk, i - 1)) op = i;
            }
            if (op < 0) return out;
            int level = precedence(tk, op);
            int left = leftOperand(tk, op, level);
            int right = rightOperand(tk, op, level);
            if (left >= op || right <= op + 1) throw tk.error(op);
            out = out.substring(0, tk.t[left].start) + function(tk.t[op]) + "(CAST(" + tk.text(left, op) + " AS SIGNED), CAST("
                    + tk.text(op + 1, right) + " AS SIGNED))" + out.substring(tk.t[right - 1].end);
        }
        return out;
    }

    /**
     * Whether one of the operators' characters stands outside quotes: a cheap scan that spares
     * the lexer the statements without one (bulk INSERTs whose strings hold "&" or "|").
     */
    static boolean mayHoldOperator(String sql) {
        char quote = 0;
        for (int i = 0, n = sql.length(); i < n; i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '|' || c == '&' || c == '^' || (c == '<' || c == '>') && i + 1 < n && sql.charAt(i + 1) == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statement with each unaliased select-list item that holds a bit operator aliased by its
     * text: its column keeps the label MySQL gives it ("flags & 4"), not the rewrite's.
     */
    private static String labelled(String sql) {
        Tokens tk = new Tokens(sql);
        java.util.TreeMap<Integer, String> aliases = new java.util.TreeMap<>(); // offset -> alias to insert there
        for (int select = 0; select < tk.size; select++) {
            if (!tk.is(select, "SELECT")) continue;
            int from = select + 1;
            while (tk.is(from, "DISTINCT") || tk.is(from, "ALL") || tk.is(from, "DISTINCTROW") || tk.is(from, "STRAIGHT_JOIN")
                    || Keywords.upper(tk.get(from).text).startsWith("SQL_") || tk.is(from, "HIGH_PRIORITY")) {
                from++;
            }
            int end = from;
            while (end < tk.size && !tk.is(end, "FROM") && !tk.isSymbol(end, ")") && !tk.is(end, "UNION")
                    && !tk.is(end, "INTO") && !tk.is(end, "ORDER") && !tk.is(end, "LIMIT") && !tk.isSymbol(end, ";")
                    && !tk.is(end, "WHERE") && !tk.is(end, "GROUP") && !tk.is(end, "HAVING") && !tk.is(end, "WINDOW")) {
                end = tk.skip(end);
            }
            for (int[] item : Rollup.split(tk, from, end)) {
                if (item[2] >= 0 || !holdsBitOperator(tk, item[0], item[1])) continue;
                aliases.put(tk.t[item[1] - 1].end, " AS `" + tk.text(item[0], item[1]).replace("`", "``") + "`");
            }
        }
        if (aliases.isEmpty()) return sql;
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int copied = 0;
        for (java.util.Map.Entry<Integer, String> a : aliases.entrySet()) {
            out.append(sql, copied, a.getKey()).append(a.getValue());
            copied = a.getKey();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    private static boolean holdsBitOperator(Tokens tk, int from, int to) {
        for (int i = from; i < to; i++) {
            if (function(tk.t[i]) != null) return true;
        }
        return false;
    }

    private static String function(Token t) {
        if (t.type != TokenType.OPERATOR) return null;
        return switch (t.text) {
            case "|" -> "BITOR";
            case "&" -> "BITAND";
            case "^" -> "BITXOR";
            case "<<" -> "LSHIFT";
            case ">>" -> "RSHIFT";
            default -> null;
        };
    }

    /** How tightly the binary operator at i binds (higher first); 0 for anything that ends an operand. */
    private static int precedence(Tokens tk, int i) {
        Token t = tk.get(i);
        if (t.type == TokenType.IDENTIFIER) return t.is("DIV") || t.is("MOD") ? 6 : 0;
        if (t.type != TokenType.OPERATOR) return 0;
        return switch (t.text) {
            case "^" -> 7;
            case "*", "/", "%" -> 6;
            case "+", "-" -> endsOperand(tk, i - 1) ? 5 : 0;
            case "<<", ">>" -> 4;
            case "&" -> 3;
            case "|" -> 2;
            default -> 0;
        };
    }

    /** Whether the token at i can end an operand (so a following - or + is binary). */
    private static boolean endsOperand(Tokens tk, int i) {
        if (i < 0) return false;
        Token t = tk.t[i];
        return switch (t.type) {
            case OPERATOR -> t.text.equals(")");
            case IDENTIFIER -> !NOT_FUNCTIONS.contains(Keywords.upper(t.text)) || t.is("END");
            default -> true;
        };
    }

    /** The first token of the left operand of the operator at op. */
    private static int leftOperand(Tokens tk, int op, int level) {
        int start = unitStart(tk, op - 1);
        // Left-associative: operators of the same level belong to the left operand.
        while (start - 1 >= 0 && precedence(tk, start - 1) >= level) start = unitStart(tk, start - 2);
        return start;
    }

    /** The index after the right operand of the operator at op. */
    private static int rightOperand(Tokens tk, int op, int level) {
        int end = unitEnd(tk, op + 1);
        while (end < tk.size && precedence(tk, end) > level) end = unitEnd(tk, end + 1);
        return end;
    }

    /** Where the operand ending at token e starts, with its prefix operators. */
    private static int unitStart(Tokens tk, int e) {
        if (e < 0) return 0;
        int s = e;
        Token t = tk.t[e];
        if (t.isSymbol(")") && tk.match[e] >= 0) {
            s = tk.match[e];
            Token before = tk.get(s - 1);
            if ((before.type == TokenType.IDENTIFIER || before.type == TokenType.QUOTED_IDENTIFIER)
                    && !NOT_FUNCTIONS.contains(Keywords.upper(before.text))) {
                s--;
            }
        } else if (t.is("END")) {
            for (int depth = 0; s >= 0; s--) {
                if (tk.t[s].is("END")) depth++;
                else if (tk.t[s].is("CASE") && --depth == 0) break;
            }
        }
        while (s >= 2 && tk.isSymbol(s - 1, ".")) s -= 2; // a qualified name: db.t.c
        while (s >= 1 && (tk.isSymbol(s - 1, "~") || tk.isSymbol(s - 1, "!")
                || (tk.isSymbol(s - 1, "-") || tk.isSymbol(s - 1, "+")) && !endsOperand(tk, s - 2))) {
            s--;
        }
        return Math.max(0, s);
    }

    /** The index after the operand starting at token j, with its prefix operators. */
    private static int unitEnd(Tokens tk, int j) {
        while (j < tk.size && (tk.isSymbol(j, "-") || tk.isSymbol(j, "+") || tk.isSymbol(j, "~") || tk.isSymbol(j, "!")
                || tk.is(j, "BINARY"))) {
            j++;
        }
        if (j >= tk.size) return j;
        Token t = tk.t[j];
        if (t.isSymbol("(")) return tk.match[j] + 1;
        if (t.is("CASE")) {
            for (int depth = 0, k = j; k < tk.size; k++) {
                if (tk.t[k].is("CASE")) depth++;
                else if (tk.t[k].is("END") && --depth == 0) return k + 1;
            }
            return tk.size;
        }
        int k = j + 1;
        while (k + 1 < tk.size && tk.isSymbol(k, ".")) k += 2;
        if (tk.isSymbol(k, "(") && (t.type == TokenType.IDENTIFIER || t.type == TokenType.QUOTED_IDENTIFIER)) {
            return tk.match[k] + 1;
        }
        return k;
    }
}
