package dev.mitosis.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** MySQL's text form of a value in a text-protocol row. */
final class ValueText {
    private ValueText() {}

    static byte[] bytes(Object v, int decimals) {
        if (v instanceof byte[] b) return b;
        return string(v, decimals).getBytes(StandardCharsets.UTF_8);
    }

    static String string(Object v, int decimals) {
        if (v instanceof String s) return s;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) return v.toString();
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double d) return doubleText(d);
        if (v instanceof Float f) return floatText(f);
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof LocalDateTime t) return dateTime(t, decimals);
        if (v instanceof LocalDate d) return date(d);
        if (v instanceof LocalTime t) return time(t, decimals);
        if (v instanceof OffsetDateTime t) return dateTime(t.toLocalDateTime(), decimals);
        if (v instanceof Duration d) return duration(d, decimals);
        return String.valueOf(v);
    }

    static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        String s = Double.toString(d);
        return javaToMysqlFloat(s, Math.abs(d));
    }

    static String floatText(float f) {
        if (f == Math.rint(f) && Math.abs(f) < 1e7) return Long.toString((long) f);
        return javaToMysqlFloat(Float.toString(f), Math.abs(f));
    }

    private static String javaToMysqlFloat(String s, double abs) {
        int e = s.indexOf('E');
        if (e < 0) return s;
        if (abs >= 1e-5 && abs < 1e15) return new BigDecimal(s).stripTrailingZeros().toPlainString();
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        return mantissa + "e" + s.substring(e + 1);
    }

    static String date(LocalDate d) {
        int y = d.getYear();
        return pad(y, 4) + "-" + pad(d.getMonthValue(), 2) + "-" + pad(d.getDayOfMonth(), 2);
    }

    static String time(LocalTime t, int fsp) {
        return pad(t.getHour(), 2) + ":" + pad(t.getMinute(), 2) + ":" + pad(t.getSecond(), 2)
                + fraction(t.getNano(), fsp);
    }

    static String dateTime(LocalDateTime t, int fsp) {
        return date(t.toLocalDate()) + " " + time(t.toLocalTime(), fsp);
    }

    static String duration(Duration d, int fsp) {
        boolean neg = d.isNegative();
        Duration a = d.abs();
        long h = a.toHours();
        return (neg ? "-" : "") + pad(h, 2) + ":" + pad(a.toMinutesPart(), 2) + ":" + pad(a.toSecondsPart(), 2)
                + fraction(a.toNanosPart(), fsp);
    }

    private static String fraction(int nanos, int fsp) {
        if (fsp <= 0 || fsp > 6) return "";
        String micros = pad(nanos / 1000, 6);
        return "." + micros.substring(0, fsp);
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        if (s.length() >= width) return s;
        return "0".repeat(width - s.length()) + s;
    }
}
