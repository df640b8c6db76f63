package dev.mitosis.sql;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** MySQL date and time functions H2 lacks (see {@link MysqlFunctions}). */
public final class DateFunctions {
    private DateFunctions() { }

    private static final long DAYS_0000_TO_1970 = 719528;

    public static LocalDateTime sysdate(Integer precision) {
        LocalDateTime now = LocalDateTime.now();
        return precision == null || precision == 0 ? now.truncatedTo(ChronoUnit.SECONDS) : now.truncatedTo(ChronoUnit.MICROS);
    }

    /** UNIX_TIMESTAMP(): whole seconds since the epoch. */
    public static long unixTimestamp() {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * UNIX_TIMESTAMP(d): seconds since the epoch of {@code d} in the server's zone, its
     * microseconds as the fraction (MySQL: UNIX_TIMESTAMP(NOW(6)) = 1795367898.541059; H2's gave
     * whole seconds as an INT, so multiplying it by 1000000 overflowed); 0 before the epoch.
     */
    public static java.math.BigDecimal unixTimestamp(LocalDateTime d) {
        if (d == null) return null;
        java.time.Instant i = d.atZone(java.time.ZoneId.systemDefault()).toInstant();
        if (i.getEpochSecond() < 0) return java.math.BigDecimal.ZERO;
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(i.getEpochSecond());
        int micros = i.getNano() / 1000;
        return micros == 0 ? s : s.add(java.math.BigDecimal.valueOf(micros, 6));
    }

    public static LocalDateTime utcTimestamp(Integer precision) {
        return MysqlFunctions.nowUtc(precision == null ? 0 : precision);
    }

    public static LocalTime utcTime(Integer precision) {
        return utcTimestamp(precision).toLocalTime();
    }

    public static LocalDate utcDate() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public static Long datediff(LocalDateTime a, LocalDateTime b) {
        if (a == null || b == null) return null;
        return ChronoUnit.DAYS.between(b.toLocalDate(), a.toLocalDate());
    }

    public static Integer weekday(LocalDateTime d) {
        return d == null ? null : d.getDayOfWeek().getValue() - 1;
    }

    public static Long toDays(LocalDateTime d) {
        return d == null ? null : d.toLocalDate().toEpochDay() + DAYS_0000_TO_1970;
    }

    public static LocalDate fromDays(Long days) {
        return days == null ? null : LocalDate.ofEpochDay(days - DAYS_0000_TO_1970);
    }

    public static Long timeToSec(LocalTime t) {
        return t == null ? null : (long) t.toSecondOfDay();
    }

    public static LocalTime secToTime(Long s) {
        return s == null || s < 0 || s >= 86400 ? null : LocalTime.ofSecondOfDay(s);
    }

    public static LocalDate makedate(Integer year, Integer dayOfYear) {
        if (year == null || dayOfYear == null || dayOfYear < 1) return null;
        return LocalDate.of(year, 1, 1).plusDays(dayOfYear - 1);
    }

    public static LocalTime maketime(Integer h, Integer m, Integer s) {
        return h == null || m == null || s == null ? null : LocalTime.of(h, m, s);
    }

    public static Integer microsecond(LocalDateTime d) {
        return d == null ? null : d.getNano() / 1000;
    }

    public static Integer weekofyear(LocalDateTime d) {
        return d == null ? null : d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    /** YEARWEEK(d): mode 0, with the weeks before the year's first counted in the last year's. */
    public static Integer yearweek(LocalDateTime d) {
        return yearweek(d, 0);
    }

    /** YEARWEEK(d, mode): as WEEK's mode, always in the 1-53 range (year and week of the week's year). */
    public static Integer yearweek(LocalDateTime d, Integer mode) {
        if (d == null || mode == null) return null;
        int[] yw = week(d.toLocalDate(), mode | 2);
        return yw[0] * 100 + yw[1];
    }

    public static Integer week(LocalDateTime d) {
        return week(d, 0);
    }

    /**
     * WEEK(d, mode) with MySQL's eight modes: the first day (Sunday for even modes, Monday for
     * odd), the range (0-53 for modes 0, 1, 4, 5; 1-53 for 2, 3, 6, 7) and the first week (the
     * first with 4 or more days of the year for modes 1, 3, 4, 6; else the first holding the first
     * day).
     */
    public static Integer week(LocalDateTime d, Integer mode) {
        return d == null || mode == null ? null : week(d.toLocalDate(), mode)[1];
    }

    /** {year, week} of a date in a WEEK mode; the year is the week's, which for 1-53 modes may be the next or last. */
    static int[] week(LocalDate date, int mode) {
        int m = mode & 7;
        boolean fourDays = m == 1 || m == 3 || m == 4 || m == 6;
        boolean fromOne = (m & 2) != 0;
        int year = date.getYear();
        LocalDate start = firstWeekStart(year, m, fourDays);
        if (date.isBefore(start)) {
            if (!fromOne) return new int[] {year, 0};
            year--;
            start = firstWeekStart(year, m, fourDays);
        } else if (fromOne && fourDays && !date.isBefore(firstWeekStart(year + 1, m, fourDays))) {
            return new int[] {year + 1, 1};
        }
        return new int[] {year, (int) (ChronoUnit.DAYS.between(start, date) / 7) + 1};
    }

    /** The first day of week 1 of {@code year} in mode {@code m}. */
    private static LocalDate firstWeekStart(int year, int m, boolean fourDays) {
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        boolean mondayFirst = m == 1 || m == 3 || m == 5 || m == 7;
        int intoWeek = mondayFirst ? jan1.getDayOfWeek().getValue() - 1 : jan1.getDayOfWeek().getValue() % 7;
        LocalDate weekOfJan1 = jan1.minusDays(intoWeek);
        if (fourDays) return 7 - intoWeek >= 4 ? weekOfJan1 : weekOfJan1.plusDays(7);
        return intoWeek == 0 ? jan1 : weekOfJan1.plusDays(7);
    }

    public static String dateFormat(LocalDateTime d, String format) {
        if (d == null || format == null) return null;
        StringBuilder sb = new StringBuilder(format.length() + 8);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                sb.append(c);
                continue;
            }
            char f = format.charAt(++i);
            switch (f) {
                case 'a' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'b' -> sb.append(d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'c' -> sb.append(d.getMonthValue());
                case 'D' -> sb.append(d.getDayOfMonth()).append(ordinalSuffix(d.getDayOfMonth()));
                case 'd' -> pad(sb, d.getDayOfMonth(), 2);
                case 'e' -> sb.append(d.getDayOfMonth());
                case 'f' -> pad(sb, d.getNano() / 1000, 6);
                case 'H' -> pad(sb, d.getHour(), 2);
                case 'h', 'I' -> pad(sb, hour12(d.getHour()), 2);
                case 'i' -> pad(sb, d.getMinute(), 2);
                case 'j' -> pad(sb, d.getDayOfYear(), 3);
                case 'k' -> sb.append(d.getHour());
                case 'l' -> sb.append(hour12(d.getHour()));
                case 'M' -> sb.append(d.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'm' -> pad(sb, d.getMonthValue(), 2);
                case 'p' -> sb.append(d.getHour() < 12 ? "AM" : "PM");
                case 'r' -> {
                    pad(sb, hour12(d.getHour()), 2);
                    sb.append(':');
                    pad(sb, d.getMinute(), 2);
                    sb.append(':');
                    pad(sb, d.getSecond(), 2);
                    sb.append(d.getHour() < 12 ? " AM" : " PM");
                }
                case 'S', 's' -> pad(sb, d.getSecond(), 2);
                case 'T' -> {
                    pad(sb, d.getHour(), 2);
                    sb.append(':');
                    pad(sb, d.getMinute(), 2);
                    sb.append(':');
                    pad(sb, d.getSecond(), 2);
                }
                case 'U' -> pad(sb, week(d.toLocalDate(), 0)[1], 2);
                case 'u' -> pad(sb, week(d.toLocalDate(), 1)[1], 2);
                case 'V' -> pad(sb, week(d.toLocalDate(), 2)[1], 2);
                case 'v' -> pad(sb, week(d.toLocalDate(), 3)[1], 2);
                case 'X' -> pad(sb, week(d.toLocalDate(), 2)[0], 4);
                case 'W' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'w' -> sb.append(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
                case 'x' -> pad(sb, week(d.toLocalDate(), 3)[0], 4);
                case 'Y' -> pad(sb, d.getYear(), 4);
                case 'y' -> pad(sb, d.getYear() % 100, 2);
                default -> sb.append(f);
            }
        }
        return sb.toString();
    }

    private static int hour12(int h) {
        int v = h % 12;
        return v == 0 ? 12 : v;
    }

    private static String ordinalSuffix(int day) {
        if (day >= 11 && day <= 13) return "th";
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) sb.append('0');
        sb.append(s);
    }

    public static LocalDate strToDateOnly(String s, String format) {
        LocalDateTime d = strToDate(s, format);
        return d == null ? null : d.toLocalDate();
    }

    /** STR_TO_DATE for the common numeric and name specifiers; NULL when the text does not match. */
    public static LocalDateTime strToDate(String s, String format) {
        if (s == null || format == null) return null;
        int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
        boolean pm = false, twelveHour = false;
        int p = 0;
        try {
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%' || i + 1 == format.length()) {
                    if (p >= s.length() || s.charAt(p) != c) {
                        if (Character.isWhitespace(c)) continue;
                        return null;
                    }
                    p++;
                    continue;
                }
                char f = format.charAt(++i);
                int max = switch (f) { case 'Y' -> 4; case 'f' -> 6; case 'j' -> 3; default -> 2; };
                if (f == 'b' || f == 'M' || f == 'p' || f == 'a' || f == 'W') {
                    int e = p;
                    while (e < s.length() && Character.isLetter(s.charAt(e))) e++;
                    String word = s.substring(p, e).toLowerCase(Locale.ROOT);
                    p = e;
                    if (f == 'p') pm = word.equals("pm");
                    if (f == 'b' || f == 'M') month = monthNumber(word);
                    continue;
                }
                int e = p;
                while (e < s.length() && e - p < max && Character.isDigit(s.charAt(e))) e++;
                if (e == p) return null;
                int v = Integer.parseInt(s, p, e, 10);
                if (f == 'f') for (int k = e - p; k < 6; k++) v *= 10;
                p = e;
                switch (f) {
                    case 'Y' -> year = v;
                    case 'y' -> year = v < 70 ? 2000 + v : 1900 + v;
                    case 'm', 'c' -> month = v;
                    case 'd', 'e' -> day = v;
                    case 'H', 'k' -> hour = v;
                    case 'h', 'I', 'l' -> { hour = v; twelveHour = true; }
                    case 'i' -> minute = v;
                    case 'S', 's' -> second = v;
                    case 'f' -> micros = v;
                    default -> { }
                }
            }
            if (twelveHour) hour = hour % 12 + (pm ? 12 : 0);
            return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A value in arithmetic as MySQL takes it: a date or time is its number (DATE 20241122,
     * DATETIME 20240101100000 or with its fractional seconds 20240101100000.123, TIME 101112), an
     * ENUM its index, a number stays itself. For operands whose type the translator cannot know (a derived table's
     * or a CTE's column, see {@link TemporalColumns}).
     */
    public static java.math.BigDecimal temporalNumber(org.h2.value.Value v) {
        // A Value parameter: H2 would pass a date as a serialized JAVA_OBJECT to an Object one.
        switch (v.getValueType()) {
            case org.h2.value.Value.NULL:
                return null;
            case org.h2.value.Value.DATE:
                return java.math.BigDecimal.valueOf(dateNumber(org.h2.util.JSR310Utils.valueToLocalDate(v, null)));
            case org.h2.value.Value.TIME: {
                LocalTime t = org.h2.util.JSR310Utils.valueToLocalTime(v, null);
                return withNanos(timeNumber(t), t.getNano());
            }
            case org.h2.value.Value.TIMESTAMP:
            case org.h2.value.Value.TIMESTAMP_TZ: {
                LocalDateTime t = v.getValueType() == org.h2.value.Value.TIMESTAMP
                        ? org.h2.util.JSR310Utils.valueToLocalDateTime(v, null)
                        : org.h2.util.JSR310Utils.valueToOffsetDateTime(v, null).toLocalDateTime();
                return withNanos(dateNumber(t.toLocalDate()) * 1_000_000L + timeNumber(t.toLocalTime()), t.getNano());
            }
            case org.h2.value.Value.ENUM:
                return java.math.BigDecimal.valueOf(v.getInt());
            default:
                return v.getBigDecimal();
        }
    }

    private static long dateNumber(LocalDate d) {
        return d.getYear() * 10_000L + d.getMonthValue() * 100L + d.getDayOfMonth();
    }

    private static long timeNumber(LocalTime t) {
        return t.getHour() * 10_000L + t.getMinute() * 100L + t.getSecond();
    }

    private static java.math.BigDecimal withNanos(long whole, int nanos) {
        java.math.BigDecimal n = java.math.BigDecimal.valueOf(whole);
        return nanos == 0 ? n : n.add(java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros());
    }

    private static int monthNumber(String word) {
        String[] names = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int k = 0; k < 12; k++) {
            if (word.startsWith(names[k])) return k + 1;
        }
        throw new IllegalArgumentException(word);
    }
}
