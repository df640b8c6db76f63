package dev.mitosis.binlog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Row-image encodings of DATE, DATETIME2, TIMESTAMP2 and TIME2 (binlog-format.md §15). Fractions
 * are truncated to the column's fsp; MySQL has already rounded stored values, so this only drops
 * digits the column cannot hold. Zero dates (0000-00-00) have no java.time form and are rejected.
 */
final class TemporalValues {
    private static final long DATETIME_OFFSET = 0x8000000000L;
    private static final long TIME_INT_OFFSET = 0x800000L;
    private static final long MAX_TIME_SECONDS = 838L * 3600 + 59 * 60 + 59;

    private TemporalValues() {}

    static void writeDate(BinlogOutput out, LocalDate date) {
        checkYear(date.getYear());
        out.int3(date.getDayOfMonth() | date.getMonthValue() << 5 | date.getYear() << 9);
    }

    static LocalDate readDate(BinlogInput in) {
        int value = in.int3();
        return toDate(value >> 9, (value >> 5) & 0xF, value & 0x1F);
    }

    static void writeDatetime(BinlogOutput out, LocalDateTime value, int fsp) {
        checkYear(value.getYear());
        long yearMonthDay = ((long) (value.getYear() * 13 + value.getMonthValue()) << 5) | value.getDayOfMonth();
        long hms = value.getHour() << 12 | value.getMinute() << 6 | value.getSecond();
        out.intBE(DATETIME_OFFSET + (yearMonthDay << 17 | hms), 5);
        writeFraction(out, value.getNano() / 1000, fsp);
    }

    static LocalDateTime readDatetime(BinlogInput in, int fsp) {
        long packed = in.intBE(5) - DATETIME_OFFSET;
        long yearMonthDay = packed >> 17;
        long hms = packed & 0x1FFFF;
        long yearMonth = yearMonthDay >> 5;
        LocalDate date = toDate((int) (yearMonth / 13), (int) (yearMonth % 13), (int) (yearMonthDay & 0x1F));
        LocalTime time = LocalTime.of((int) (hms >> 12), (int) (hms >> 6) & 0x3F, (int) hms & 0x3F,
                readFraction(in, fsp) * 1000);
        return LocalDateTime.of(date, time);
    }

    static void writeTimestamp(BinlogOutput out, Instant value, int fsp) {
        long seconds = value.getEpochSecond();
        if (seconds < 0 || seconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("TIMESTAMP out of range: " + value);
        }
        out.intBE(seconds, 4);
        writeFraction(out, value.getNano() / 1000, fsp);
    }

    static Instant readTimestamp(BinlogInput in, int fsp) {
        long seconds = in.intBE(4);
        return Instant.ofEpochSecond(seconds, readFraction(in, fsp) * 1000L);
    }

    /**
     * TIME2: the int part {@code hour<<12 | minute<<6 | second} followed by the fraction units form
     * one big-endian number, offset by {@code 0x800000} in the int part's position; negative times
     * subtract their absolute value from that offset.
     */
    static void writeTime(BinlogOutput out, Duration value, int fsp) {
        Duration abs = value.abs();
        long seconds = abs.getSeconds();
        if (seconds > MAX_TIME_SECONDS) {
            throw new IllegalArgumentException("TIME out of range: " + value);
        }
        long hms = (seconds / 3600) << 12 | ((seconds / 60) % 60) << 6 | seconds % 60;
        int fractionBytes = fractionBytes(fsp);
        long combined = (hms << (8 * fractionBytes)) + fractionUnits(abs.getNano() / 1000, fsp);
        long offset = TIME_INT_OFFSET << (8 * fractionBytes);
        out.intBE(value.isNegative() ? offset - combined : offset + combined, 3 + fractionBytes);
    }

    static Duration readTime(BinlogInput in, int fsp) {
        int fractionBytes = fractionBytes(fsp);
        long offset = TIME_INT_OFFSET << (8 * fractionBytes);
        long signed = in.intBE(3 + fractionBytes) - offset;
        long combined = Math.abs(signed);
        long units = combined & ((1L << (8 * fractionBytes)) - 1);
        long hms = combined >> (8 * fractionBytes);
        long seconds = (hms >> 12) * 3600 + ((hms >> 6) & 0x3F) * 60 + (hms & 0x3F);
        Duration duration = Duration.ofSeconds(seconds, unitsToMicros(units, fsp) * 1000L);
        return signed < 0 ? duration.negated() : duration;
    }

    static int fractionBytes(int fsp) {
        return (fsp + 1) / 2;
    }

    private static void writeFraction(BinlogOutput out, int micros, int fsp) {
        int bytes = fractionBytes(fsp);
        if (bytes > 0) {
            out.intBE(fractionUnits(micros, fsp), bytes);
        }
    }

    private static int readFraction(BinlogInput in, int fsp) {
        int bytes = fractionBytes(fsp);
        return bytes == 0 ? 0 : unitsToMicros(in.intBE(bytes), fsp);
    }

    /** fsp 1-2: hundredths, 3-4: ten-thousandths, 5-6: microseconds; digits beyond fsp dropped. */
    private static long fractionUnits(int micros, int fsp) {
        int truncated = micros - micros % (int) Math.pow(10, 6 - fsp);
        return truncated / unitMicros(fsp);
    }

    private static int unitsToMicros(long units, int fsp) {
        return (int) units * unitMicros(fsp);
    }

    private static int unitMicros(int fsp) {
        return switch (fractionBytes(fsp)) {
            case 1 -> 10_000;
            case 2 -> 100;
            default -> 1;
        };
    }

    private static void checkYear(int year) {
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("Year out of MySQL's range 0..9999: " + year);
        }
    }

    private static LocalDate toDate(int year, int month, int day) {
        if (month == 0 || day == 0) {
            throw new UnsupportedOperationException("Zero date parts (" + year + "-" + month + "-" + day
                    + ") have no java.time representation");
        }
        return LocalDate.of(year, month, day);
    }
}
