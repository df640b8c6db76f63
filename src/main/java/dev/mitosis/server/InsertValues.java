package dev.mitosis.server;

import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Values MySQL converts when an INSERT or REPLACE ... VALUES stores them and the engine would take
 * literally, rewritten in the statement's text:
 * <ul>
 *   <li>0 (or NULL) into the AUTO_INCREMENT column generates the next value (unless sql_mode has
 *       NO_AUTO_VALUE_ON_ZERO); the engine stores 0, so a literal 0 becomes NULL, and parameters
 *       in that position are reported so a bound 0 can be sent as NULL;</li>
 *   <li>a byte string into a BIT column is its bits, big-endian ('\x05' and 0x05 store 5): the
 *       column is a number in the engine, so such literals become that number. Dump tools write
 *       BIT values this way.</li>
 * </ul>
 */
final class InsertValues {
    /**
     * The statement to run, the 0-based indexes of parameters bound to the AUTO_INCREMENT column,
     * and the largest integer literal written into that column (null if none).
     */
    record Result(String sql, int[] parameters, ExplicitAuto explicit) {
        static Result unchanged(String sql) {
            return new Result(sql, new int[0], null);
        }
    }

    /** The largest literal value a statement writes into a table's AUTO_INCREMENT column. */
    record ExplicitAuto(String db, String table, long largest) {}

    /** A table's columns these rules care about. */
    interface Columns {
        /** The AUTO_INCREMENT column, or null. */
        AutoColumn autoIncrement(String db, String table);

        /** The BIT columns: lower-case name to 0-based ordinal (empty when none). */
        Map<String, Integer> bitColumns(String db, String table);
    }

    record AutoColumn(String name, int ordinal) {}

    private InsertValues() {}

    /**
     * @param zeroIsValue sql_mode has NO_AUTO_VALUE_ON_ZERO: 0 is stored as 0
     */
    static Result apply(String sql, String currentDb, Columns columns, boolean zeroIsValue) {
        if (!startsWithInsertOrReplace(sql)) return Result.unchanged(sql);
        // The target table comes first: a short prefix names it, so a table without such columns
        // (most of them) costs no lexing of a long multi-row statement.
        if (sql.length() > PREFIX) {
            try {
                List<Token> head = Lexer.tokenize(sql.substring(0, PREFIX));
                int h = skipToTable(head);
                if (h >= 0) {
                    String[] target = target(head, h, currentDb);
                    if (target != null && (zeroIsValue || columns.autoIncrement(target[0], target[1]) == null)
                            && columns.bitColumns(target[0], target[1]).isEmpty()) {
                        return Result.unchanged(sql);
                    }
                }
            } catch (RuntimeException cutMidToken) {
                // the prefix ended inside a string or comment: read the whole statement
            }
        }
        List<Token> t = Lexer.tokenize(sql);
        int i = skipToTable(t);
        if (i < 0) return Result.unchanged(sql);
        String[] target = target(t, i, currentDb);
        if (target == null) return Result.unchanged(sql);
        String dbName = target[0];
        String tableName = target[1];
        i += t.get(i + 1).isSymbol(".") ? 3 : 1;
        AutoColumn auto = zeroIsValue ? null : columns.autoIncrement(dbName, tableName);
        Map<String, Integer> bits = columns.bitColumns(dbName, tableName);
        if (auto == null && bits.isEmpty()) return Result.unchanged(sql);
        // What each value position holds: the table's ordinals, or the listed columns'.
        List<String> listed = null;
        if (t.get(i).isSymbol("(")) {
            listed = new ArrayList<>();
            i++;
            while (!t.get(i).isSymbol(")")) {
                if (t.get(i).type == TokenType.EOF) return Result.unchanged(sql);
                if (t.get(i).isName()) listed.add(t.get(i).text.toLowerCase(Locale.ROOT));
                i++;
            }
            i++;
        }
        int autoPosition = auto == null ? -1 : listed == null ? auto.ordinal() : listed.indexOf(auto.name().toLowerCase(Locale.ROOT));
        java.util.Set<Integer> bitPositions = new java.util.HashSet<>();
        for (Map.Entry<String, Integer> b : bits.entrySet()) {
            int p = listed == null ? b.getValue() : listed.indexOf(b.getKey());
            if (p >= 0) bitPositions.add(p);
        }
        if (autoPosition < 0 && bitPositions.isEmpty()) return Result.unchanged(sql);
        if (!(t.get(i).is("VALUES") || t.get(i).is("VALUE"))) return Result.unchanged(sql);
        i++;
        int paramsBefore = 0;
        for (int k = 0; k < i; k++) if (t.get(k).type == TokenType.PARAMETER) paramsBefore++;
        List<int[]> replaced = new ArrayList<>(); // token index, kind: 0 = auto zero, 1 = bit bytes
        List<Integer> params = new ArrayList<>();
        long largestAuto = Long.MIN_VALUE;
        int param = paramsBefore;
        while (t.get(i).isSymbol("(")) {
            i++;
            int value = 0;
            int depth = 0;
            int start = i;
            while (true) {
                Token tok = t.get(i);
                if (tok.type == TokenType.EOF) return Result.unchanged(sql);
                if (tok.isSymbol("(")) depth++;
                if (depth == 0 && (tok.isSymbol(",") || tok.isSymbol(")"))) {
                    if (i - start == 1) {
                        Token v = t.get(start);
                        if (value == autoPosition) {
                            if (v.type == TokenType.INTEGER && v.text.equals("0")) replaced.add(new int[] {start, 0});
                            else if (v.type == TokenType.INTEGER) largestAuto = Math.max(largestAuto, parseOrMin(v.text));
                            if (v.type == TokenType.PARAMETER) params.add(param - 1);
                        } else if (bitPositions.contains(value)
                                && (v.type == TokenType.STRING || v.type == TokenType.HEX_STRING)) {
                            replaced.add(new int[] {start, 1});
                        }
                    }
                    if (tok.isSymbol(")")) {
                        i++;
                        break;
                    }
                    value++;
                    start = i + 1;
                } else if (tok.isSymbol(")")) {
                    depth--;
                }
                if (tok.type == TokenType.PARAMETER) param++;
                i++;
            }
            if (!t.get(i).isSymbol(",")) break;
            i++;
        }
        ExplicitAuto explicit = largestAuto > 0 ? new ExplicitAuto(dbName, tableName, largestAuto) : null;
        if (replaced.isEmpty() && params.isEmpty()) return new Result(sql, new int[0], explicit);
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int copied = 0;
        for (int[] r : replaced) {
            Token v = t.get(r[0]);
            out.append(sql, copied, v.start).append(r[1] == 0 ? "NULL" : bitsOf(v));
            copied = v.end;
        }
        out.append(sql, copied, sql.length());
        return new Result(out.toString(), params.stream().mapToInt(Integer::intValue).toArray(), explicit);
    }

    private static long parseOrMin(String integer) {
        try {
            return Long.parseLong(integer);
        } catch (NumberFormatException tooLarge) {
            return Long.MIN_VALUE;
        }
    }

    private static final int PREFIX = 512;

    /** The index of the target table's name after INSERT/REPLACE [modifiers] [INTO], or -1. */
    private static int skipToTable(List<Token> t) {
        int i = 0;
        if (!(t.get(i).is("INSERT") || t.get(i).is("REPLACE"))) return -1;
        i++;
        while (t.get(i).is("LOW_PRIORITY") || t.get(i).is("DELAYED") || t.get(i).is("HIGH_PRIORITY") || t.get(i).is("IGNORE")) i++;
        if (t.get(i).is("INTO")) i++;
        return t.get(i).isName() ? i : -1;
    }

    /** {db, table} in lower case for the name at i ({@code t} or {@code db.t}), or null without a database. */
    private static String[] target(List<Token> t, int i, String currentDb) {
        String db = currentDb;
        String table = t.get(i).text;
        if (t.get(i + 1).isSymbol(".") && t.get(i + 2).isName()) {
            db = table;
            table = t.get(i + 2).text;
        }
        return db == null ? null : new String[] {db.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)};
    }

    /** A byte string literal's bytes as an unsigned big-endian number. */
    private static String bitsOf(Token v) {
        byte[] bytes = v.type == TokenType.HEX_STRING
                ? HexFormat.of().parseHex(v.text.length() % 2 == 0 ? v.text : "0" + v.text)
                : v.text.getBytes(StandardCharsets.UTF_8);
        return new BigInteger(1, bytes).toString();
    }

    /** Skips the lexer for statements that cannot be an INSERT or REPLACE. */
    private static boolean startsWithInsertOrReplace(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "INSERT", 0, 6) || s.regionMatches(true, 0, "REPLACE", 0, 7);
    }
}
