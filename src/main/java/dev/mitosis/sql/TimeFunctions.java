package dev.mitosis.sql;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * MySQL's arithmetic on time spans (TIMEDIFF, ADDTIME, SUBTIME), months (PERIOD_ADD,
 * PERIOD_DIFF) and time zones (CONVERT_TZ). A MySQL TIME is a signed span up to 838:59:59, which
 * H2's TIME (one day) cannot hold, so spans are computed here and returned as MySQL prints them.
 */
public final class TimeFunctions {
    /** MySQL's TIME range: +-838:59:59.000000. */
    private static final Duration TIME_MAX = Duration.ofSeconds(838 * 3600 + 59 * 60 + 59);
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TimeFunctions() { }

    /** TIME_FORMAT(time, format): DATE_FORMAT's hour, minute, second and AM/PM specifiers on a time of day. */
    public static String timeFormat(java.time.LocalTime t, String format) {
        return t == null ? null : DateFunctions.dateFormat(LocalDateTime.of(java.time.LocalDate.of(0, 1, 1), t), format);
    }

    /** TIMEDIFF(a, b): a - b, both datetimes or both times (NULL when they are of different kinds). */
    public static String timediff(String a, String b) {
        Value x = Value.parse(a);
        Value y = Value.parse(b);
        if (x == null || y == null || (x.dateTime == null) != (y.dateTime == null)) return null;
        Duration d = x.dateTime != null ? Duration.between(y.dateTime, x.dateTime) : x.span.minus(y.span);
        return span(d, Math.max(x.fraction, y.fraction));
    }

    /** ADDTIME(a, span): a datetime or time plus a time span. */
    public static String addtime(String a, String span) {
        return shift(a, span, 1);
    }

    /** SUBTIME(a, span): a datetime or time minus a time span. */
    public static String subtime(String a, String span) {
        return shift(a, span, -1);
    }

    private static String shift(String a, String span, int sign) {
        Value x = Value.parse(a);
        Value s = Value.parse(span);
        if (x == null || s == null || s.dateTime != null) return null;
        Duration by = sign > 0 ? s.span : s.span.negated();
        int fraction = Math.max(x.fraction, s.fraction);
        if (x.dateTime == null) return span(x.span.plus(by), fraction);
        LocalDateTime t = x.dateTime.plus(by);
        return t.format(DATETIME) + fractionText(t.getNano(), fraction);
    }

    /** PERIOD_ADD(P, N): period P (YYMM or YYYYMM) plus N months, as YYYYMM. */
    public static Long periodAdd(Long period, Long months) {
        if (period == null || months == null) return null;
        if (period == 0) return 0L;
        long m = monthsOf(period) + months;
        return Math.floorDiv(m, 12) * 100 + Math.floorMod(m, 12) + 1;
    }

    /** PERIOD_DIFF(P1, P2): months from P2 to P1. */
    public static Long periodDiff(Long p1, Long p2) {
        if (p1 == null || p2 == null) return null;
        return monthsOf(p1) - monthsOf(p2);
    }

    private static long monthsOf(long period) {
        long year = period / 100;
        if (year < 100) year += year < 70 ? 2000 : 1900; // YYMM, as MySQL reads two-digit years
        return year * 12 + period % 100 - 1;
    }

    /**
     * CONVERT_TZ(dt, from, to): zones as offsets ('+05:30'), 'SYSTEM' (UTC here) or region names
     * ('Europe/Paris'); NULL for a zone it does not know, as MySQL.
     */
    public static LocalDateTime convertTz(LocalDateTime t, String from, String to) {
        if (t == null || from == null || to == null) return null;
        try {
            return t.atZone(zone(from)).withZoneSameInstant(zone(to)).toLocalDateTime();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneId zone(String name) {
        String z = name.trim();
        if (z.equalsIgnoreCase("SYSTEM") || z.equalsIgnoreCase("UTC")) return ZoneOffset.UTC;
        if (z.startsWith("+") || z.startsWith("-")) return ZoneOffset.of(z.length() == 5 ? z.charAt(0) + "0" + z.substring(1) : z);
        return ZoneId.of(z);
    }

    /** A span as MySQL prints a TIME: [-]HH:MM:SS[.fraction], clamped to +-838:59:59. */
    private static String span(Duration d, int fraction) {
        if (d.compareTo(TIME_MAX) > 0) d = TIME_MAX;
        if (d.compareTo(TIME_MAX.negated()) < 0) d = TIME_MAX.negated();
        Duration a = d.abs();
        long hours = a.toHours();
        return (d.isNegative() ? "-" : "") + (hours < 10 ? "0" : "") + hours
                + String.format(":%02d:%02d", a.toMinutesPart(), a.toSecondsPart()) + fractionText(a.getNano(), fraction);
    }

    /** Microseconds when an argument had a fraction: MySQL gives text arguments 6 digits. */
    private static String fractionText(int nanos, int digits) {
        return digits == 0 ? "" : String.format(".%06d", nanos / 1000);
    }

    /** A datetime ('2024-01-01 10:00:00[.f]') or a time span ('[-][D ]HH:MM[:SS[.f]]'), with its fraction's digits. */
    private record Value(LocalDateTime dateTime, Duration span, int fraction) {
        static Value parse(String s) {
            if (s == null) return null;
            String t = s.trim();
            int dot = t.lastIndexOf('.');
            int fraction = dot > t.lastIndexOf(':') && dot >= 0 ? Math.min(6, t.length() - dot - 1) : 0;
            try {
                if (t.length() >= 10 && t.charAt(4) == '-') {
                    return new Value(LocalDateTime.parse(t.replace(' ', 'T')), null, fraction);
                }
                return new Value(null, spanOf(t), fraction);
            } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
                return null;
            }
        }

        private static Duration spanOf(String t) {
            boolean negative = t.startsWith("-");
            String u = negative ? t.substring(1) : t;
            long days = 0;
            int space = u.indexOf(' ');
            if (space > 0) {
                days = Long.parseLong(u.substring(0, space));
                u = u.substring(space + 1);
            }
            String[] parts = u.split(":");
            if (parts.length < 2 || parts.length > 3) throw new NumberFormatException(t);
            long nanos = 0;
            String seconds = parts.length == 3 ? parts[2] : "0";
            int dot = seconds.indexOf('.');
            if (dot >= 0) {
                String f = (seconds.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Long.parseLong(f);
                seconds = seconds.substring(0, dot);
            }
            Duration d = Duration.ofDays(days).plusHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusSeconds(Long.parseLong(seconds)).plusNanos(nanos);
            return negative ? d.negated() : d;
        }
    }
}
