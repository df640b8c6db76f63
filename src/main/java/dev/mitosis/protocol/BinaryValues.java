package dev.mitosis.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** The binary protocol's value encoding, for prepared statement parameters and result rows. */
public final class BinaryValues {
    private BinaryValues() {}

    /** Writes a non-NULL value as the given column type expects. */
    public static void write(PayloadWriter w, int type, Object v) {
        switch (type) {
            case FieldType.TINY -> w.int1((int) toLong(v));
            case FieldType.SHORT, FieldType.YEAR -> w.int2((int) toLong(v));
            case FieldType.LONG, FieldType.INT24 -> w.int4(toLong(v));
            case FieldType.LONGLONG -> w.int8(toLong(v));
            case FieldType.FLOAT -> w.int4(Float.floatToIntBits(((Number) v).floatValue()) & 0xFFFFFFFFL);
            case FieldType.DOUBLE -> w.int8(Double.doubleToLongBits(((Number) v).doubleValue()));
            case FieldType.DATE, FieldType.DATETIME, FieldType.TIMESTAMP -> writeDateTime(w, v);
            case FieldType.TIME -> writeTime(w, v);
            default -> {
                if (v instanceof byte[] b) w.lenencBytes(b);
                else if (v instanceof BigDecimal d) w.lenencString(d.toPlainString());
                else w.lenencString(v.toString());
            }
        }
    }

    private static long toLong(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof BigInteger b) return b.longValue();
        if (v instanceof BigDecimal d) return d.toBigInteger().longValue();
        if (v instanceof Number n) return n.longValue();
        return Long.parseLong(v.toString());
    }

    private static void writeDateTime(PayloadWriter w, Object v) {
        LocalDateTime t;
        if (v instanceof LocalDate d) {
            w.int1(4).int2(d.getYear()).int1(d.getMonthValue()).int1(d.getDayOfMonth());
            return;
        }
        t = (LocalDateTime) v;
        int micros = t.getNano() / 1000;
        boolean hasTime = t.getHour() != 0 || t.getMinute() != 0 || t.getSecond() != 0 || micros != 0;
        w.int1(micros != 0 ? 11 : hasTime ? 7 : 4).int2(t.getYear()).int1(t.getMonthValue()).int1(t.getDayOfMonth());
        if (hasTime || micros != 0) w.int1(t.getHour()).int1(t.getMinute()).int1(t.getSecond());
        if (micros != 0) w.int4(micros);
    }

    private static void writeTime(PayloadWriter w, Object v) {
        boolean neg = false;
        long days, hours, minutes, seconds;
        int micros;
        if (v instanceof Duration d) {
            neg = d.isNegative();
            Duration a = d.abs();
            days = a.toDays();
            hours = a.toHoursPart();
            minutes = a.toMinutesPart();
            seconds = a.toSecondsPart();
            micros = a.toNanosPart() / 1000;
        } else {
            LocalTime t = (LocalTime) v;
            days = 0;
            hours = t.getHour();
            minutes = t.getMinute();
            seconds = t.getSecond();
            micros = t.getNano() / 1000;
        }
        if (days == 0 && hours == 0 && minutes == 0 && seconds == 0 && micros == 0) {
            w.int1(0);
            return;
        }
        w.int1(micros != 0 ? 12 : 8).int1(neg ? 1 : 0).int4(days).int1((int) hours).int1((int) minutes)
         .int1((int) seconds);
        if (micros != 0) w.int4(micros);
    }

    /** Reads one parameter value sent by a client with the given type and unsigned flag. */
    public static Object read(PayloadReader r, int type, boolean unsigned) {
        switch (type) {
            case FieldType.NULL:
                return null;
            case FieldType.TINY: {
                int b = r.readInt1();
                return (long) (unsigned ? b : (byte) b);
            }
            case FieldType.SHORT:
            case FieldType.YEAR: {
                int s = r.readInt2();
                return (long) (unsigned ? s : (short) s);
            }
            case FieldType.LONG:
            case FieldType.INT24: {
                long i = r.readInt4();
                return unsigned ? i : (long) (int) i;
            }
            case FieldType.LONGLONG: {
                long l = r.readInt8();
                if (unsigned && l < 0) return new BigInteger(Long.toUnsignedString(l));
                return l;
            }
            case FieldType.FLOAT:
                return (double) Float.intBitsToFloat((int) r.readInt4());
            case FieldType.DOUBLE:
                return Double.longBitsToDouble(r.readInt8());
            case FieldType.DATE:
            case FieldType.DATETIME:
            case FieldType.TIMESTAMP:
                return readDateTime(r, type == FieldType.DATE);
            case FieldType.TIME:
                return readTime(r);
            case FieldType.DECIMAL:
            case FieldType.NEWDECIMAL: {
                String s = r.readLenencString();
                return new BigDecimal(s);
            }
            case FieldType.TINY_BLOB:
            case FieldType.MEDIUM_BLOB:
            case FieldType.LONG_BLOB:
            case FieldType.BLOB:
            case FieldType.GEOMETRY:
            case FieldType.BIT:
                return r.readLenencBytes();
            default: {
                // Text, unless the bytes are not UTF-8 (a byte[] bound as a string type).
                byte[] b = r.readLenencBytes();
                if (b == null) return null;
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(b)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    return b;
                }
            }
        }
    }

    private static Object readDateTime(PayloadReader r, boolean dateOnly) {
        int len = r.readInt1();
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
        if (len >= 4) {
            year = r.readInt2();
            month = r.readInt1();
            day = r.readInt1();
        }
        if (len >= 7) {
            hour = r.readInt1();
            minute = r.readInt1();
            second = r.readInt1();
        }
        if (len >= 11) micros = (int) r.readInt4();
        if (len == 0 || month == 0 || day == 0) return "0000-00-00 00:00:00";
        if (dateOnly || len == 4) return LocalDate.of(year, month, day);
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
    }

    private static Object readTime(PayloadReader r) {
        int len = r.readInt1();
        if (len == 0) return LocalTime.MIDNIGHT;
        boolean neg = r.readInt1() != 0;
        long days = r.readInt4();
        int hour = r.readInt1(), minute = r.readInt1(), second = r.readInt1();
        int micros = len >= 12 ? (int) r.readInt4() : 0;
        if (!neg && days == 0) return LocalTime.of(hour, minute, second, micros * 1000);
        Duration d = Duration.ofDays(days).plusHours(hour).plusMinutes(minute).plusSeconds(second)
                .plusNanos(micros * 1000L);
        return neg ? d.negated() : d;
    }
}
