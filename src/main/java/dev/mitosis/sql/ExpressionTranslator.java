package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams MySQL tokens out as H2 SQL, one token at a time with a little expression awareness:
 * it knows where the current operand and multiplicative term started in the output, which is all
 * that the operator rewrites need ({@code /} to MySQL's decimal division, {@code %} and
 * {@code DIV} by zero to NULL, {@code ->} to JSON_EXTRACT). Keywords versus identifiers follow
 * MySQL's reserved-word list; unreserved words are identifiers except in the few places their
 * syntax is recognised here. Statement translators drive it over token ranges.
 */
final class ExpressionTranslator {
    static final String FN = "\"mitosis_fn\".";
    private static final String INFORMATION_SCHEMA_TARGET = "mitosis_is";

    /**
     * MySQL adds, subtracts and multiplies integers in 64 bits (INT + INT is a BIGINT), H2 in the
     * operands' type, so {@code 2147483647 + 1} overflowed. Every binary + - * goes through a
     * BIGINT identity first: {@code a + b} is written {@code a + 0 + b} with a BIGINT zero, which
     * widens integers and leaves DECIMAL and DOUBLE operands as they are.
     */
    private static final String BIGINT_ZERO = "CAST(0 AS BIGINT)";
    private static final String BIGINT_ONE = "CAST(1 AS BIGINT)";

    final Tokens tk;
    final SqlWriter w;
    boolean calcFoundRows;
    /** The translation depends on the column types, which {@link #columns} lacks (see {@link Translation.Flag#COLUMNS}). */
    boolean needsColumns;
    /**
     * Column types for the statement, or null: a translation without them leaves date and time
     * columns in arithmetic to the engine, which rejects them (see {@link TemporalColumns}).
     */
    TemporalColumns columns;

    /**
     * Translating an INSERT's ON DUPLICATE KEY UPDATE: VALUES(col), and the row alias's columns
     * ({@link #rowAlias}.col, or a column alias), are the inserted row's values.
     */
    boolean onDuplicateKeyUpdate;
    /** The INSERT's row alias (VALUES (...) AS new), lower-case, or null. */
    String rowAlias;
    /** Column aliases of the row alias (AS new(a, b)), lower-case, to the columns they name; or null. */
    java.util.Map<String, String> rowColumns;

    ExpressionTranslator(Tokens tokens, SqlWriter writer) {
        this.tk = tokens;
        this.w = writer;
    }

    /** Operand bookkeeping for one parenthesis level, as output offsets. */
    private static final class Frame {
        int termStart = -1;
        int lastPrimaryStart = -1;
        int prefixStart = -1;
        boolean afterOperand;
        boolean multiplicative;
        boolean lastPrimaryIsString;
        /** The last primary is INTERVAL expr unit: the operand it is added to stays a date. */
        boolean lastPrimaryIsInterval;
        /** The last primary is a column already made numeric: a following * needs no BIGINT one. */
        boolean lastPrimaryIsNumericColumn;
        /** The binary + - or * just written, before the operand now being read; 0 if none. */
        char arithmetic;
        /** That operator has an INTERVAL on its left ({@code INTERVAL 1 DAY + d}). */
        boolean afterInterval;
        String pendingSuffix;
    }

    /** Translates tokens [from, to) into the writer. */
    void translate(int from, int to) {
        Frame f = new Frame();
        int i = from;
        while (i < to) i = step(i, to, f);
    }

    private int startOf(Frame f) {
        return f.prefixStart >= 0 ? f.prefixStart : w.length();
    }

    private void primaryDone(Frame f, int start) {
        f.prefixStart = -1;
        if (!f.multiplicative) f.termStart = start;
        f.lastPrimaryStart = start;
        f.afterOperand = true;
        f.multiplicative = false;
        f.lastPrimaryIsString = false;
        f.lastPrimaryIsInterval = false;
        f.lastPrimaryIsNumericColumn = false;
        f.arithmetic = 0;
        f.afterInterval = false;
        if (f.pendingSuffix != null) {
            w.closing(f.pendingSuffix);
            f.pendingSuffix = null;
            f.lastPrimaryStart = f.termStart;
        }
    }

    private static void operatorDone(Frame f, boolean multiplicative) {
        f.afterOperand = false;
        f.multiplicative = multiplicative;
        f.prefixStart = -1;
        f.arithmetic = 0;
        f.afterInterval = false;
    }

    private int step(int i, int to, Frame f) {
        Token t = tk.t[i];
        int start = startOf(f);
        switch (t.type) {
            case PARAMETER -> { w.parameter(); primaryDone(f, start); return i + 1; }
            case STRING -> {
                if (logicalOperand(i)) {
                    // MySQL takes a string operand of OR, AND, XOR, NOT as a number; H2 would
                    // convert it to a BOOLEAN and reject most strings.
                    w.word(truth(t.text) ? "1" : "0");
                    primaryDone(f, start);
                    return i + 1;
                }
                if (i >= 2 && tk.t[i - 1].isSymbol("+") && tk.t[i - 2].type == TokenType.IDENTIFIER
                        && Keywords.TIME_UNITS.contains(Keywords.upper(tk.t[i - 2].text))) {
                    // INTERVAL n unit + 'date': the string is the date.
                    w.word("CAST(").glueNext().string(t.text).closing(" AS " + datetimeType(t.text.strip(),
                            Keywords.upper(tk.t[i - 2].text)) + ")");
                    primaryDone(f, start);
                    return i + 1;
                }
                if (arithmeticOperand(i)) {
                    // MySQL computes with a string's number, as a DOUBLE ('1.5' * 2 is 3, 'a' + 1 is 1);
                    // H2 would convert it to the other operand's type ('1.5' to INTEGER fails).
                    w.word("CAST(" + leadingNumber(t.text) + " AS DOUBLE)");
                    primaryDone(f, start);
                    return i + 1;
                }
                if (columns != null && !StringNumbers.isWholeNumber(t.text) && comparedWithNumericColumn(i)) {
                    // id = '1abc': MySQL compares the string's number (with a warning).
                    w.word(StringNumbers.CONSTANT).glueNext().string(t.text).closing(")");
                    primaryDone(f, start);
                    return i + 1;
                }
                w.string(t.text);
                primaryDone(f, start);
                f.lastPrimaryIsString = true;
                return i + 1;
            }
            case HEX_STRING -> { w.word(hexLiteral(t.text)); primaryDone(f, start); return i + 1; }
            case BIT_STRING -> {
                // b'101' is mostly written into BIT columns, which are integers here.
                w.word(t.text.isEmpty() ? "0" : new java.math.BigInteger(t.text, 2).toString());
                primaryDone(f, start);
                return i + 1;
            }
            case INTEGER, DECIMAL, FLOAT -> { w.word(t.text); primaryDone(f, start); return i + 1; }
            case USER_VARIABLE -> { w.word("@" + t.text); primaryDone(f, start); return i + 1; }
            case SYSTEM_VARIABLE -> {
                w.word(FN + "\"mysql_system_variable\"(").glueNext().string(t.text).closing(")");
                primaryDone(f, start);
                return i + 1;
            }
            case QUOTED_IDENTIFIER -> { return name(i, f, start); }
            case IDENTIFIER -> { return word(i, to, f, start); }
            case OPERATOR -> { return operator(i, to, f, start); }
            default -> throw tk.error(i);
        }
    }

    private static final java.util.Set<String> LOGICAL = java.util.Set.of("OR", "AND", "XOR", "||", "&&");
    private static final java.util.Set<String> OPERAND_BEFORE = java.util.Set.of("(", ",", "NOT", "!", "SELECT",
            "WHERE", "HAVING", "ON", "WHEN", "THEN", "ELSE");
    private static final java.util.Set<String> OPERAND_AFTER = java.util.Set.of(")", ",", ";", "FROM", "AS", "THEN",
            "WHEN", "ELSE", "END", "GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW", "UNION", "INTO");

    /** Whether the string literal at i is a whole operand of a logical operator (OR, AND, XOR, NOT). */
    private boolean logicalOperand(int i) {
        Token before = i > 0 ? tk.t[i - 1] : null;
        Token after = tk.get(i + 1);
        boolean logicalBefore = before != null && (isLogical(before) && !betweenAnd(i - 1) || before.is("NOT") || before.isSymbol("!"));
        boolean logicalAfter = isLogical(after);
        if (!logicalBefore && !logicalAfter) return false;
        boolean operandBefore = before == null || logicalBefore || OPERAND_BEFORE.contains(Keywords.upper(before.text));
        boolean operandAfter = after.type == TokenType.EOF || logicalAfter || OPERAND_AFTER.contains(Keywords.upper(after.text))
                || after.type == TokenType.QUOTED_IDENTIFIER
                || after.type == TokenType.IDENTIFIER && !Keywords.isReserved(after);
        return operandBefore && operandAfter;
    }

    /** Whether the AND at {@code and} is BETWEEN's (x BETWEEN 'a' AND 'b'), by its operand before. */
    private boolean betweenAnd(int and) {
        if (!tk.t[and].is("AND")) return false;
        for (int k = and - 1; k >= 0; k--) {
            Token t = tk.t[k];
            if (t.isSymbol(")") && tk.match[k] >= 0 && tk.match[k] < k) {
                k = tk.match[k];
                continue;
            }
            if (t.is("BETWEEN")) return true;
            if (isLogical(t) || t.isSymbol("(") || t.isSymbol(",") || OPERAND_BEFORE.contains(Keywords.upper(t.text))) {
                return false;
            }
        }
        return false;
    }

    private static boolean isLogical(Token t) {
        return (t.type == TokenType.IDENTIFIER || t.type == TokenType.OPERATOR) && LOGICAL.contains(Keywords.upper(t.text));
    }

    /** A string's truth as MySQL's number of it: its leading number (else 0) is not zero. */
    static boolean truth(String s) {
        int k = 0;
        int n = s.length();
        while (k < n && Character.isWhitespace(s.charAt(k))) k++;
        if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) k++;
        boolean dot = false;
        for (; k < n; k++) {
            char c = s.charAt(k);
            if (c == '.' && !dot) { dot = true; continue; }
            if (c < '0' || c > '9') return false;
            if (c != '0') return true;
        }
        return false;
    }

    static String hexLiteral(String digits) {
        return "X'" + (digits.length() % 2 == 0 ? digits : "0" + digits) + "'";
    }

    // ---- names ----------------------------------------------------------------------------

    /** A name chain a.b.c (or a.*), or an alias when it directly follows an operand. */
    private int name(int i, Frame f, int start) {
        Token t = tk.t[i];
        if (f.afterOperand && !tk.isSymbol(i + 1, ".")) {
            w.alias(t.text);
            operatorDone(f, false);
            return i + 1;
        }
        if (onDuplicateKeyUpdate && rowAlias != null) {
            int end = rowAliasColumn(i);
            if (end > 0) {
                primaryDone(f, start);
                return end;
            }
        }
        int j = i;
        boolean first = true;
        boolean star = false;
        while (true) {
            Token part = tk.get(j);
            if (part.isSymbol("*")) {
                w.closing("*");
                j++;
                star = true;
                break;
            }
            if (!part.isName()) throw tk.error(j);
            if (first && tk.isSymbol(j + 1, ".") && part.text.equalsIgnoreCase("information_schema")) {
                w.identifier(INFORMATION_SCHEMA_TARGET);
            } else {
                w.identifier(part.text);
            }
            first = false;
            j++;
            if (!tk.isSymbol(j, ".")) break;
            w.open(".");
            j++;
        }
        boolean numeric = !star && numericColumn(i, j, f, start);
        if (!numeric && !star && columns != null && comparedWithNumber(i, j)) {
            MysqlType type = columns.type(nameParts(i, j));
            // text_col = 12: MySQL compares the text's number (with a warning for a non-number).
            if (StringNumbers.isText(type)) wrap(start, StringNumbers.FUNCTION, ")");
            // enum_col = 2: MySQL compares the member's index.
            if (type != null && type.realType() == MysqlColumnType.ENUM) wrap(start, "CAST(", " AS INTEGER)");
        }
        boolean pending = f.pendingSuffix != null;
        primaryDone(f, start);
        f.lastPrimaryIsNumericColumn = numeric && !pending;
        return j;
    }

    /**
     * new.col, or a column alias, of the INSERT's row alias at i: written as the inserted value
     * (H2's VALUES(col)); returns the index after it, or -1 when the name is something else.
     */
    private int rowAliasColumn(int i) {
        if (i > 0 && tk.isSymbol(i - 1, ".")) return -1;
        String column = null;
        int end;
        if (tk.isSymbol(i + 1, ".")) {
            if (!QualifiedName.lower(tk.t[i].text).equals(rowAlias) || !tk.get(i + 2).isName() || tk.isSymbol(i + 3, ".")) {
                return -1;
            }
            String name = QualifiedName.lower(tk.t[i + 2].text);
            column = rowColumns == null ? name : rowColumns.get(name);
            if (column == null) return -1;
            end = i + 3;
        } else {
            if (rowColumns == null) return -1;
            // The assigned column (UPDATE a = ..., b = ...) is the table's.
            if (tk.isSymbol(i + 1, "=") && (tk.is(i - 1, "UPDATE") || tk.isSymbol(i - 1, ","))) return -1;
            column = rowColumns.get(QualifiedName.lower(tk.t[i].text));
            if (column == null) return -1;
            end = i + 1;
        }
        insertedValue(column);
        return end;
    }

    /**
     * H2's VALUES(col) of ON DUPLICATE KEY UPDATE, in a function: H2 reparses the assignment
     * from its own rendering, where "(VALUES(" would start a table value constructor.
     */
    void insertedValue(String column) {
        w.word("COALESCE(VALUES(").glueNext();
        w.identifier(column);
        w.closing("))");
    }

    /**
     * A column [i, j) (written from output offset {@code start}) that is an operand of + - *:
     * MySQL takes a date or time as its number, so with the column types a date or time column is
     * written as its number (one of unknown type is converted at run time). Without them, an
     * operand of * gets a BIGINT zero added, for H2 would multiply a TIME (and accepts any other
     * type a * would); a date or time with + or - is rejected by H2 already. True when the column
     * was rewritten to a number.
     */
    private boolean numericColumn(int i, int j, Frame f, int start) {
        Token next = tk.get(j);
        boolean times = next.isSymbol("*") || f.arithmetic == '*';
        boolean arithmetic = times || (next.isSymbol("+") || next.isSymbol("-")) && !tk.is(j + 1, "INTERVAL")
                || f.arithmetic != 0 && !f.afterInterval;
        if (!arithmetic) return false;
        if (columns != null) {
            MysqlType type = columns.type(nameParts(i, j));
            String[] number = type == null ? TemporalColumns.AT_RUN_TIME : TemporalColumns.asNumber(type);
            if (number != null) {
                wrap(start, number[0], number[1]);
                return true;
            }
        }
        if (!times) return false;
        wrap(start, "(", " + " + BIGINT_ZERO + ")");
        return true;
    }

    // ---- strings compared with numbers (only with the column types, see StringNumbers) -------

    private static final java.util.Set<String> COMPARED = java.util.Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "<=>");

    private boolean isComparison(int k) {
        Token t = tk.get(k);
        return t.type == TokenType.OPERATOR && COMPARED.contains(t.text);
    }

    /** A number literal at k, signed or not. */
    private boolean numberAt(int k) {
        Token t = tk.get(k);
        if (t.isSymbol("-") || t.isSymbol("+")) t = tk.get(k + 1);
        return t.type == TokenType.INTEGER || t.type == TokenType.DECIMAL || t.type == TokenType.FLOAT;
    }

    /** The names of the chain [i, j): a, a.b or a.b.c. */
    private List<String> nameParts(int i, int j) {
        List<String> parts = new ArrayList<>(3);
        for (int k = i; k < j; k += 2) parts.add(tk.t[k].text);
        return parts;
    }

    /** Whether the column [i, j) is compared with a number literal: col = 1, 1 < col, col IN (1, 2), col BETWEEN 1 AND 2. */
    private boolean comparedWithNumber(int i, int j) {
        if (isComparison(j) && numberAt(j + 1)) return true;
        int in = tk.is(j, "NOT") ? j + 1 : j;
        if (tk.is(in, "IN") && tk.isSymbol(in + 1, "(")) return listHasNumber(in + 1);
        if (tk.is(in, "BETWEEN")) return numberAt(in + 1);
        if (i >= 2 && isComparison(i - 1) && numberAt(i - 2)) {
            Token before = i >= 3 ? tk.t[i - 3] : null;
            return before == null || !isArithmetic(before);
        }
        return false;
    }

    /** Whether the parenthesized list opening at k holds a number literal. */
    private boolean listHasNumber(int open) {
        int close = tk.match[open];
        if (close < 0) return false;
        for (int k = open + 1; k < close; k++) {
            if ((tk.isSymbol(k - 1, "(") || tk.isSymbol(k - 1, ",")) && numberAt(k)) return true;
        }
        return false;
    }

    /** Whether the string literal at i is compared with a numeric column: col = 's', 's' = col, col IN ('a', 's'). */
    private boolean comparedWithNumericColumn(int i) {
        if (i >= 2 && isComparison(i - 1) && tk.get(i - 2).isName()) return StringNumbers.isNumber(columns.type(chainEndingAt(i - 2)));
        if (isComparison(i + 1) && tk.get(i + 2).isName() && !tk.isSymbol(chainEnd(i + 2), "(")) {
            return StringNumbers.isNumber(columns.type(nameParts(i + 2, chainEnd(i + 2))));
        }
        int k = i;
        while (k >= 2 && tk.isSymbol(k - 1, ",") && tk.t[k - 2].type == TokenType.STRING) k -= 2;
        if (k >= 3 && tk.isSymbol(k - 1, "(") && tk.is(k - 2, "IN")) {
            int name = tk.is(k - 3, "NOT") ? k - 4 : k - 3;
            if (name >= 0 && tk.get(name).isName()) return StringNumbers.isNumber(columns.type(chainEndingAt(name)));
        }
        return false;
    }

    /** The end (exclusive) of the name chain starting at k. */
    private int chainEnd(int k) {
        int j = k + 1;
        while (tk.isSymbol(j, ".") && tk.get(j + 1).isName()) j += 2;
        return j;
    }

    /** The names of the chain whose last name is at k. */
    private List<String> chainEndingAt(int k) {
        int first = k;
        while (first >= 2 && tk.isSymbol(first - 1, ".") && tk.t[first - 2].isName()) first -= 2;
        return nameParts(first, k + 1);
    }

    /** Puts {@code before} and {@code after} around the output from {@code start} (after its leading space). */
    private void wrap(int start, String before, String after) {
        w.insert(start < w.length() && w.out.charAt(start) == ' ' ? start + 1 : start, before);
        w.closing(after);
    }

    private int word(int i, int to, Frame f, int start) {
        Token t = tk.t[i];
        String upper = Keywords.upper(t.text);
        boolean reserved = Keywords.RESERVED.contains(upper);
        if (tk.isSymbol(i + 1, "(") && (!reserved || Keywords.RESERVED_FUNCTIONS.contains(upper))
                && !tk.is(i - 1, "INTO")) {
            return functionCall(i, f, start, upper);
        }
        if (reserved) return keyword(i, to, f, start, upper);
        switch (upper) {
            case "DATE", "TIME", "TIMESTAMP" -> {
                if (tk.get(i + 1).type == TokenType.STRING) {
                    w.word(upper).string(tk.t[i + 1].text);
                    primaryDone(f, start);
                    return i + 2;
                }
            }
            case "OFFSET" -> {
                if (f.afterOperand) return keywordOperator(i, f, t.text);
            }
            case "ESCAPE" -> {
                if (f.afterOperand && tk.get(i + 1).type == TokenType.STRING) return keywordOperator(i, f, t.text);
            }
            case "UNBOUNDED", "PRECEDING", "FOLLOWING", "ROLLUP", "NOWAIT" -> {
                return keywordOperator(i, f, t.text);
            }
            case "CURRENT" -> {
                if (tk.is(i + 1, "ROW")) {
                    w.word("CURRENT ROW");
                    operatorDone(f, false);
                    return i + 2;
                }
            }
            case "SKIP" -> {
                if (tk.is(i + 1, "LOCKED")) {
                    w.word("SKIP LOCKED");
                    operatorDone(f, false);
                    return i + 2;
                }
            }
            case "SQL_NO_CACHE", "SQL_CACHE", "SQL_BUFFER_RESULT", "QUICK" -> {
                if (!f.afterOperand) return i + 1;
            }
            default -> { }
        }
        return name(i, f, start);
    }

    private int keywordOperator(int i, Frame f, String text) {
        w.word(text);
        operatorDone(f, false);
        return i + 1;
    }

    private int keyword(int i, int to, Frame f, int start, String upper) {
        Token t = tk.t[i];
        switch (upper) {
            case "NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_USER", "DEFAULT" -> {
                w.word(t.text);
                primaryDone(f, start);
                return i + 1;
            }
            case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME", "CURRENT_TIME", "UTC_TIMESTAMP", "UTC_DATE", "UTC_TIME" -> {
                w.word(FunctionRules.niladicTime(upper, null));
                primaryDone(f, start);
                return i + 1;
            }
            case "SELECT" -> { return select(i, to, f); }
            case "CASE" -> { return caseExpression(i, to, f, start); }
            case "INTERVAL" -> { return interval(i, f, start); }
            case "DIV" -> { return division(i, f, "\"mysql_intdiv\""); }
            case "MOD" -> { return modulo(i, f); }
            case "BINARY" -> {
                // BINARY expr compares byte for byte: its operand leaves the case-insensitive type
                // (VARCHAR_IGNORECASE) for H2's VARCHAR, which compares with case.
                if (f.afterOperand) throw tk.error(i);
                if (f.prefixStart < 0) f.prefixStart = w.length();
                w.word("CAST(").glueNext();
                f.pendingSuffix = " AS VARCHAR)";
                return i + 1;
            }
            case "DISTINCTROW" -> { return keywordOperator(i, f, "DISTINCT"); }
            case "HAVING" -> { return keywordOperator(i, f, HavingFilter.filtersRows(tk, i) ? "QUALIFY" : t.text); }
            case "SQL_CALC_FOUND_ROWS" -> { calcFoundRows = true; return i + 1; }
            case "HIGH_PRIORITY", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "LOW_PRIORITY", "DELAYED" -> { return i + 1; }
            case "STRAIGHT_JOIN" -> {
                if (f.afterOperand) return keywordOperator(i, f, "JOIN");
                return i + 1;
            }
            case "FORCE", "USE", "IGNORE" -> {
                if (tk.is(i + 1, "INDEX") || tk.is(i + 1, "KEY")) return skipIndexHint(i);
                return keywordOperator(i, f, t.text);
            }
            case "LOCK" -> {
                if (tk.is(i + 1, "IN") && tk.is(i + 2, "SHARE") && tk.is(i + 3, "MODE")) return i + 4;
                return keywordOperator(i, f, t.text);
            }
            case "FOR" -> {
                if (tk.is(i + 1, "SHARE")) {
                    // H2 has no shared row locks; a plain read is the closest (MVCC snapshot).
                    int j = i + 2;
                    if (tk.is(j, "OF")) { j++; while (tk.get(j).isName() || tk.isSymbol(j, ",")) j++; }
                    if (tk.is(j, "NOWAIT")) j++;
                    if (tk.is(j, "SKIP") && tk.is(j + 1, "LOCKED")) j += 2;
                    return j;
                }
                return keywordOperator(i, f, t.text);
            }
            case "COLLATE" -> {
                // expr COLLATE x: a binary or case-sensitive collation compares with case (VARCHAR),
                // a case-insensitive one without (VARCHAR_IGNORECASE); others leave H2's rules.
                String collation = tk.get(i + 1).text.toLowerCase(java.util.Locale.ROOT);
                String type = collation.equals("binary") || collation.endsWith("_bin") || collation.endsWith("_cs") ? "VARCHAR"
                        : collation.endsWith("_ci") ? "VARCHAR_IGNORECASE" : null;
                if (type != null && f.afterOperand && f.lastPrimaryStart >= 0) {
                    w.insert(f.lastPrimaryStart, " CAST(");
                    w.closing(" AS " + type + ")");
                }
                return i + 2;
            }
            case "RLIKE" -> { return keywordOperator(i, f, "REGEXP"); }
            case "XOR" -> { throw tk.error(i); }
            case "END" -> throw tk.error(i);
            default -> {
                return keywordOperator(i, f, t.text);
            }
        }
    }

    /** USE|FORCE|IGNORE INDEX|KEY [FOR JOIN|ORDER BY|GROUP BY] (list): dropped, H2 picks indexes itself. */
    private int skipIndexHint(int i) {
        int j = i + 2;
        if (tk.is(j, "FOR")) {
            j += tk.is(j + 1, "JOIN") ? 2 : 3;
        }
        if (!tk.isSymbol(j, "(")) throw tk.error(j);
        return tk.match[j] + 1;
    }

    private int operator(int i, int to, Frame f, int start) {
        Token t = tk.t[i];
        switch (t.text) {
            case "(" -> {
                int close = tk.match[i];
                w.word("(").glueNext();
                translate(i + 1, close);
                w.closing(")");
                primaryDone(f, start);
                return close + 1;
            }
            case "," -> { w.closing(","); operatorDone(f, false); return i + 1; }
            case "<=>" -> { w.word("IS NOT DISTINCT FROM"); operatorDone(f, false); return i + 1; }
            case "&&" -> { w.word("AND"); operatorDone(f, false); return i + 1; }
            case "||" -> { w.word("OR"); operatorDone(f, false); return i + 1; }
            case "!" -> { w.word("NOT"); operatorDone(f, false); return i + 1; }
            case "/" -> { return division(i, f, "\"mysql_div\""); }
            case "%" -> { return modulo(i, f); }
            case "*" -> {
                if (f.afterOperand) {
                    if (f.lastPrimaryIsNumericColumn) {
                        w.word("*");
                    } else {
                        temporalAsNumber(i, f);
                        w.word("*").word(BIGINT_ONE).word("*");
                    }
                    operatorDone(f, true);
                    f.multiplicative = true;
                    f.arithmetic = '*';
                } else {
                    w.word("*");
                    primaryDone(f, start);
                }
                return i + 1;
            }
            case "~" -> {
                if (f.afterOperand) throw tk.error(i);
                if (f.prefixStart < 0) f.prefixStart = w.length();
                w.word("BITNOT(").glueNext();
                f.pendingSuffix = ")";
                return i + 1;
            }
            case "-", "+" -> {
                if (f.afterOperand) {
                    boolean interval = f.lastPrimaryIsInterval;
                    if (tk.is(i + 1, "INTERVAL")) {
                        if (f.lastPrimaryIsString) castLastStringToDatetime(f, i);
                    } else if (!interval && temporalAsNumber(i, f)) {
                        w.word(t.text).word(BIGINT_ZERO);
                    }
                    w.word(t.text);
                    operatorDone(f, false);
                    f.arithmetic = t.text.charAt(0);
                    f.afterInterval = interval;
                } else {
                    if (f.prefixStart < 0) f.prefixStart = w.length();
                    w.word(t.text).glueNext();
                }
                return i + 1;
            }
            case "->", "->>" -> { return jsonPath(i, f, t.text.length() == 3); }
            case ";" -> {
                if (i + 1 == tk.size) return i + 1;
                throw tk.error(i);
            }
            case ")", "{", "}" -> throw tk.error(i);
            default -> {
                // x = BINARY 'y': the comparison is binary whichever side BINARY is on, so x leaves
                // the case-insensitive type too (BINARY itself casts its own operand).
                if (COMPARISONS.contains(t.text) && tk.is(i + 1, "BINARY") && f.afterOperand && f.lastPrimaryStart >= 0) {
                    w.insert(f.lastPrimaryStart, " CAST(");
                    w.closing(" AS VARCHAR)");
                }
                w.word(t.text);
                operatorDone(f, false);
                return i + 1;
            }
        }
    }

    /** The number MySQL reads from the start of a string: "12abc" is 12, "a" is 0. */
    static String leadingNumber(String text) {
        String n = StringNumbers.leadingNumber(text);
        return n == null ? "0" : n;
    }

    /**
     * A string literal next to +, - , * or %: an arithmetic operand. Not a typed literal (DATE '...'),
     * nor the date of date-and-interval arithmetic ('2024-01-01' + INTERVAL 1 DAY).
     */
    private boolean arithmeticOperand(int i) {
        Token prev = i > 0 ? tk.t[i - 1] : null;
        if (prev != null && (prev.is("DATE") || prev.is("TIME") || prev.is("TIMESTAMP") || prev.is("INTERVAL"))) return false;
        boolean before = prev != null && isArithmetic(prev)
                && !(i >= 2 && tk.t[i - 2].type == TokenType.IDENTIFIER && Keywords.TIME_UNITS.contains(Keywords.upper(tk.t[i - 2].text)));
        boolean after = i + 1 < tk.size && isArithmetic(tk.t[i + 1]) && !tk.is(i + 2, "INTERVAL");
        return before || after;
    }

    private static boolean isArithmetic(Token t) {
        return t.type == TokenType.OPERATOR && (t.text.equals("+") || t.text.equals("-") || t.text.equals("*") || t.text.equals("%"));
    }

    private static final java.util.Set<String> COMPARISONS = java.util.Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

    /** Date and time functions and literals, by the number MySQL makes of them in arithmetic. */
    private static final java.util.Set<String> DATE_VALUED = java.util.Set.of("CURDATE", "CURRENT_DATE", "UTC_DATE",
            "DATE", "MAKEDATE", "LAST_DAY");
    private static final java.util.Set<String> DATETIME_VALUED = java.util.Set.of("NOW", "SYSDATE", "CURRENT_TIMESTAMP",
            "LOCALTIME", "LOCALTIMESTAMP", "UTC_TIMESTAMP", "TIMESTAMP");
    private static final java.util.Set<String> TIME_VALUED = java.util.Set.of("CURTIME", "CURRENT_TIME", "UTC_TIME");
    /** Date or datetime depending on their arguments: left to the engine (which adds days). */
    private static final java.util.Set<String> TEMPORAL_OTHER = java.util.Set.of("DATE_ADD", "DATE_SUB", "ADDDATE",
            "SUBDATE", "STR_TO_DATE", "FROM_UNIXTIME");

    /**
     * A date or time function or literal before the operator at {@code i}: MySQL does arithmetic
     * on its number (20240101, 20240101103000, 103000), the engine cannot add a BIGINT to it.
     * Writes the number in its place where the kind is known; false where it is not.
     */
    private boolean temporalAsNumber(int i, Frame f) {
        Token before = tk.get(i - 1);
        boolean literal = false;
        if (before.isSymbol(")") && tk.match[i - 1] > 0) {
            before = tk.get(tk.match[i - 1] - 1);
        } else if (before.type == TokenType.STRING && i >= 2) {
            before = tk.get(i - 2);
            literal = true;
        } else if (!before.is("CURRENT_DATE") && !before.is("CURRENT_TIMESTAMP") && !before.is("CURRENT_TIME")
                && !before.is("LOCALTIME") && !before.is("LOCALTIMESTAMP")) {
            return true;
        }
        String name = Keywords.upper(before.text);
        if (literal && !name.equals("DATE") && !name.equals("TIMESTAMP")) return true;
        String pattern = DATE_VALUED.contains(name) ? "yyyyMMdd" : DATETIME_VALUED.contains(name) ? "yyyyMMddHHmmss"
                : TIME_VALUED.contains(name) ? "HHmmss" : null;
        if (pattern == null) return !TEMPORAL_OTHER.contains(name);
        w.insert(f.lastPrimaryStart, " CAST(FORMATDATETIME(");
        w.closing(", '" + pattern + "') AS BIGINT)");
        return true;
    }

    /** {@code a / b} becomes {@code div(a, b)}: MySQL's scale (dividend + 4) and NULL on zero. */
    private int division(int i, Frame f, String function) {
        if (!f.afterOperand || f.termStart < 0) throw tk.error(i);
        w.insert(f.termStart, FN + function + "(");
        w.closing(",");
        operatorDone(f, true);
        f.pendingSuffix = ")";
        return i + 1;
    }

    /** MySQL's {@code a % 0} is NULL, H2's raises an error. */
    private int modulo(int i, Frame f) {
        if (!f.afterOperand) throw tk.error(i);
        w.word("%").word("NULLIF(").glueNext();
        operatorDone(f, true);
        f.pendingSuffix = ", 0)";
        return i + 1;
    }

    private int jsonPath(int i, Frame f, boolean unquote) {
        Token path = tk.get(i + 1);
        if (!f.afterOperand || path.type != TokenType.STRING) throw tk.error(i);
        w.insert(f.lastPrimaryStart, FN + (unquote ? "\"mysql_json_unquote\"(" + FN : "") + "\"mysql_json_extract\"(");
        w.closing(",").string(path.text).closing(unquote ? "))" : ")");
        int start = f.lastPrimaryStart;
        f.afterOperand = false;
        f.multiplicative = false;
        primaryDone(f, start);
        return i + 2;
    }

    private static final java.util.Set<String> DATE_UNITS = java.util.Set.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "YEAR_MONTH");

    /**
     * The string before the operator at {@code i} (then INTERVAL) as the value MySQL makes of it: a
     * DATE when it is a date and the interval has no time part, else a DATETIME with the string's
     * fractional digits.
     */
    private void castLastStringToDatetime(Frame f, int i) {
        String text = tk.t[i - 1].type == TokenType.STRING ? tk.t[i - 1].text.strip() : "";
        String unit = null;
        for (int j = i + 2; j < tk.size && unit == null; j = tk.skip(j)) {
            Token u = tk.t[j];
            if (u.type == TokenType.IDENTIFIER && Keywords.TIME_UNITS.contains(Keywords.upper(u.text))) unit = Keywords.upper(u.text);
        }
        w.insert(f.lastPrimaryStart, " CAST(");
        w.closing(" AS " + datetimeType(text, unit) + ")");
    }

    /** The type MySQL gives a string in interval arithmetic with {@code unit}. */
    private static String datetimeType(String text, String unit) {
        if (text.matches("\\d{4}-\\d{1,2}-\\d{1,2}") && unit != null && DATE_UNITS.contains(unit)) return "DATE";
        int dot = text.lastIndexOf('.');
        int fraction = dot > text.lastIndexOf(':') && text.indexOf(':') > 0 ? text.length() - dot - 1 : 0;
        return "TIMESTAMP(" + Math.min(6, fraction) + ")";
    }

    private int caseExpression(int i, int to, Frame f, int start) {
        int depth = 0;
        int j = i;
        for (; j < to; j = tk.skip(j)) {
            if (tk.t[j].is("CASE")) depth++;
            else if (tk.t[j].is("END") && --depth == 0) break;
        }
        if (j >= to) throw tk.error(i);
        w.word("CASE");
        translate(i + 1, j);
        w.word("END");
        primaryDone(f, start);
        return j + 1;
    }

    /** INTERVAL expr unit, as an H2 interval value. */
    private int interval(int i, Frame f, int start) {
        int unitIndex = -1;
        for (int j = i + 2; j < tk.size; j = tk.skip(j)) {
            Token u = tk.t[j];
            if (u.type == TokenType.IDENTIFIER && Keywords.TIME_UNITS.contains(Keywords.upper(u.text))) {
                unitIndex = j;
                break;
            }
        }
        if (unitIndex < 0) throw tk.error(i);
        writeInterval(i + 1, unitIndex, Keywords.upper(tk.t[unitIndex].text));
        primaryDone(f, start);
        f.lastPrimaryIsInterval = true;
        return unitIndex + 1;
    }

    /** Writes the H2 interval for MySQL's INTERVAL [from, to) unit. */
    void writeInterval(int from, int to, String unit) {
        Token single = to - from == 1 ? tk.t[from] : null;
        String h2Unit = switch (unit) {
            case "SECOND_MICROSECOND" -> "SECOND";
            case "MINUTE_SECOND" -> "MINUTE TO SECOND";
            case "MINUTE_MICROSECOND" -> "MINUTE TO SECOND";
            case "HOUR_MINUTE" -> "HOUR TO MINUTE";
            case "HOUR_SECOND", "HOUR_MICROSECOND" -> "HOUR TO SECOND";
            case "DAY_HOUR" -> "DAY TO HOUR";
            case "DAY_MINUTE" -> "DAY TO MINUTE";
            case "DAY_SECOND", "DAY_MICROSECOND" -> "DAY TO SECOND";
            case "YEAR_MONTH" -> "YEAR TO MONTH";
            default -> null;
        };
        if (h2Unit != null) {
            // Compound units only take a literal in MySQL in practice.
            if (single == null || !(single.type == TokenType.STRING || single.isLiteral())) throw tk.error(from);
            w.word("INTERVAL").string(single.text).word(h2Unit);
            return;
        }
        String base = unit;
        String factor = null;
        if (unit.equals("WEEK")) { base = "DAY"; factor = "7"; }
        if (unit.equals("QUARTER")) { base = "MONTH"; factor = "3"; }
        if (unit.equals("MICROSECOND")) { base = "SECOND"; factor = "0.000001"; }
        if (single != null && single.type == TokenType.INTEGER && factor == null) {
            w.word("INTERVAL").string(single.text).word(base);
            return;
        }
        w.word("(CAST(").glueNext();
        translate(from, to);
        w.word("AS").word(base.equals("SECOND") ? "DECIMAL(30,6))" : "BIGINT)");
        if (factor != null) w.word("*").word(factor);
        w.word("* INTERVAL '1'").word(base).closing(")");
    }

    // ---- function calls ---------------------------------------------------------------------

    private int functionCall(int i, Frame f, int start, String upper) {
        int open = i + 1;
        int close = tk.match[open];
        FunctionRules.Rule rule = FunctionRules.get(upper);
        if (onDuplicateKeyUpdate && upper.equals("VALUES")) {
            QualifiedName column = QualifiedName.parse(tk, open + 1);
            if (column.end() != close) throw tk.error(column.end());
            insertedValue(column.name());
        } else if (rule != null) {
            rule.write(this, i, open, close);
        } else {
            w.word(tk.t[i].text).glueNext();
            w.open("(");
            translate(open + 1, close);
            w.closing(")");
        }
        primaryDone(f, start);
        return close + 1;
    }

    /** Top-level comma-separated ranges of (open, close), as {from, to} pairs. */
    List<int[]> arguments(int open, int close) {
        List<int[]> args = new ArrayList<>(4);
        int from = open + 1;
        if (from == close) return args;
        for (int j = from; j < close; j = tk.skip(j)) {
            if (tk.t[j].isSymbol(",")) {
                args.add(new int[] {from, j});
                from = j + 1;
            }
        }
        args.add(new int[] {from, close});
        return args;
    }

    /** Writes {@code name(arg, ...)} with each argument translated. */
    void call(String h2Name, List<int[]> args) {
        w.word(h2Name).glueNext().open("(");
        for (int k = 0; k < args.size(); k++) {
            if (k > 0) w.closing(",");
            translate(args.get(k)[0], args.get(k)[1]);
        }
        w.closing(")");
    }

    // ---- SELECT lists -----------------------------------------------------------------------

    private static final java.util.Set<String> SELECT_LIST_END = java.util.Set.of(
            "FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT",
            "FOR", "LOCK", "WINDOW");

    /**
     * SELECT [modifiers] item, ...: each item gets MySQL's column label. MySQL labels an
     * expression with its text as written and a column with its name as written; H2 would print
     * its own rendering, so such items get an explicit alias.
     */
    private int select(int i, int to, Frame f) {
        w.word(tk.t[i].text);
        operatorDone(f, false);
        int j = i + 1;
        while (j < to) {
            Token m = tk.t[j];
            if (m.is("ALL") || m.is("DISTINCT")) {
                w.word(m.text);
            } else if (m.is("DISTINCTROW")) {
                w.word("DISTINCT");
            } else if (m.is("SQL_CALC_FOUND_ROWS")) {
                calcFoundRows = true;
            } else if (!(m.is("HIGH_PRIORITY") || m.is("STRAIGHT_JOIN") || m.is("SQL_SMALL_RESULT")
                    || m.is("SQL_BIG_RESULT") || m.is("SQL_BUFFER_RESULT") || m.is("SQL_NO_CACHE")
                    || m.is("SQL_CACHE"))) {
                break;
            }
            j++;
        }
        while (j < to) {
            int end = j;
            while (end < to) {
                Token e = tk.t[end];
                if (e.isSymbol(",") || e.isSymbol(";")) break;
                if (e.type == TokenType.IDENTIFIER && SELECT_LIST_END.contains(Keywords.upper(e.text))) break;
                end = tk.skip(end);
            }
            selectItem(j, Math.min(end, to));
            if (end < to && tk.t[end].isSymbol(",")) {
                w.closing(",");
                j = end + 1;
            } else {
                return end;
            }
        }
        return j;
    }

    private void selectItem(int from, int to) {
        if (from >= to) throw tk.error(from);
        int aliasAt = aliasIndex(from, to);
        if (aliasAt >= 0) {
            int exprEnd = tk.is(aliasAt - 1, "AS") ? aliasAt - 1 : aliasAt;
            translate(from, exprEnd);
            w.word("AS").alias(tk.t[aliasAt].text);
            return;
        }
        translate(from, to);
        String label = label(from, to);
        if (label != null) w.word("AS").alias(label);
    }

    /** Index of the item's alias token, or -1. */
    private int aliasIndex(int from, int to) {
        if (to - from < 2) return -1;
        Token last = tk.t[to - 1];
        boolean candidate = last.type == TokenType.QUOTED_IDENTIFIER || last.type == TokenType.STRING
                || (last.type == TokenType.IDENTIFIER && !Keywords.isReserved(last) && !last.is("END"));
        if (!candidate) return -1;
        Token before = tk.t[to - 2];
        if (before.is("AS")) return to - 1;
        if (before.isSymbol(".")) return -1;
        if (last.type == TokenType.STRING && (before.is("DATE") || before.is("TIME") || before.is("TIMESTAMP")
                || before.is("INTERVAL") || before.is("ESCAPE") || before.is("SEPARATOR"))) {
            return -1;
        }
        if (last.type == TokenType.IDENTIFIER && Keywords.TIME_UNITS.contains(Keywords.upper(last.text))) {
            // INTERVAL expr unit: the unit is no alias.
            int value = before.isSymbol(")") && tk.match[to - 2] >= 0 ? tk.match[to - 2] : to - 2;
            if (tk.is(value - 1, "INTERVAL")) return -1;
        }
        boolean operandEnd = before.isLiteral() || before.isSymbol(")") || before.type == TokenType.PARAMETER
                || before.type == TokenType.USER_VARIABLE || before.type == TokenType.SYSTEM_VARIABLE
                || before.type == TokenType.QUOTED_IDENTIFIER || before.is("END") || before.is("NULL")
                || before.is("TRUE") || before.is("FALSE") || (before.isSymbol("*") && starIsOperand(from, to - 2))
                || (before.type == TokenType.IDENTIFIER && !Keywords.isReserved(before));
        return operandEnd ? to - 1 : -1;
    }

    /** Whether the {@code *} at {@code star} is a star ({@code *} or {@code t.*}), not a multiplication. */
    private boolean starIsOperand(int from, int star) {
        return star == from || tk.isSymbol(star - 1, ".");
    }

    /** The label MySQL shows for an unaliased item, or null when H2's is already the same. */
    private String label(int from, int to) {
        Token last = tk.t[to - 1];
        if (last.isSymbol("*")) return null;
        if (to - from == 1 && last.type == TokenType.STRING) return last.text;
        boolean chain = true;
        for (int k = from; k < to; k++) {
            Token p = tk.t[k];
            boolean expected = (k - from) % 2 == 0 ? p.isName() && !(p.type == TokenType.IDENTIFIER && Keywords.isReserved(p)) : p.isSymbol(".");
            if (!expected) { chain = false; break; }
        }
        if (chain && (to - from) % 2 == 1) {
            String name = last.text;
            return name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? null : name;
        }
        String text = tk.text(from, to);
        return text.length() > 256 ? text.substring(0, 256) : text;
    }
}
