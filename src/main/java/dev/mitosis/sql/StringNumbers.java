package dev.mitosis.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strings compared with numbers. MySQL compares a string with a number as two DOUBLEs, reading
 * the string's leading number ('12abc' is 12, 'x' is 0) with warning 1292; the engine converts
 * the string to the number's type and fails on the first one that is not a number. As with
 * {@link TemporalColumns}, only a statement the engine rejected that way ({@link #rejected}) is
 * translated again with the column types: then a text column compared with a number literal, and
 * a string literal that is not a number compared with a numeric column, go through
 * {@link #FUNCTION} or {@link #CONSTANT}, which read MySQL's number and warn as MySQL does.
 */
final class StringNumbers {
    /** A text column's value: a warning for each value that is not a number. */
    static final String FUNCTION = ExpressionTranslator.FN + "\"mysql_string_number\"(";
    /** A string literal: its warning once per statement, however often the engine evaluates it. */
    static final String CONSTANT = ExpressionTranslator.FN + "\"mysql_string_constant\"(";
    /** H2's DATA_CONVERSION_ERROR_1. */
    private static final int DATA_CONVERSION_ERROR = 22018;
    /** H2's TYPES_ARE_NOT_COMPARABLE_2: an ENUM compared with a number. */
    private static final int TYPES_ARE_NOT_COMPARABLE = 90110;
    private static final Pattern LEADING_NUMBER =
            Pattern.compile("^\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private StringNumbers() {}

    /**
     * Whether the engine failed to convert a value (which a string compared with a number can
     * cause) or to compare an ENUM with a number (MySQL compares its index).
     */
    static boolean rejected(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && (s.getErrorCode() == DATA_CONVERSION_ERROR || s.getErrorCode() == TYPES_ARE_NOT_COMPARABLE)) {
                return true;
            }
        }
        return false;
    }

    /** CHAR, VARCHAR and TEXT columns (not ENUM or SET, which MySQL compares with numbers by index). */
    static boolean isText(MysqlType t) {
        if (t == null || t.binary()) return false;
        return switch (t.realType()) {
            case VARCHAR, VAR_STRING, STRING, TINY_BLOB, BLOB, MEDIUM_BLOB, LONG_BLOB -> true;
            default -> false;
        };
    }

    static boolean isNumber(MysqlType t) {
        if (t == null) return false;
        return switch (t.realType()) {
            case TINY, SHORT, LONG, INT24, LONGLONG, DECIMAL, NEWDECIMAL, FLOAT, DOUBLE, YEAR -> true;
            default -> false;
        };
    }

    /** The leading number of a string as MySQL reads it, as text ("12abc": "12"), or null if there is none. */
    static String leadingNumber(String s) {
        Matcher m = LEADING_NUMBER.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** Whether MySQL reads all of the string as a number (surrounding spaces allowed): no warning. */
    static boolean isWholeNumber(String s) {
        Matcher m = LEADING_NUMBER.matcher(s);
        return m.find() && s.substring(m.end()).isBlank();
    }

    /** MySQL's DOUBLE of a string: its leading number, 0 when it has none. */
    static double value(String s) {
        String n = leadingNumber(s);
        if (n == null) return 0;
        try {
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
