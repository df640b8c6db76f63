package dev.mitosis.binlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MySQL's binary DECIMAL (binlog-format.md §15): digits in groups of nine, each group big-endian in
 * 4 bytes, partial groups in fewer bytes; the integer part's partial group comes first, the
 * fraction's last. Negative values are stored with every byte inverted; the first byte's top bit is
 * flipped so the bytes sort like the numbers.
 */
final class DecimalBinary {
    private static final int DIGITS_PER_GROUP = 9;
    private static final int[] BYTES_FOR_DIGITS = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private DecimalBinary() {}

    static int size(int precision, int scale) {
        return partSize(precision - scale) + partSize(scale);
    }

    private static int partSize(int digits) {
        return digits / DIGITS_PER_GROUP * 4 + BYTES_FOR_DIGITS[digits % DIGITS_PER_GROUP];
    }

    static void write(BinlogOutput out, BigDecimal value, int precision, int scale) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(value + " has more than " + scale + " fraction digits");
        }
        String digits = scaled.unscaledValue().abs().toString();
        if (digits.length() > precision) {
            throw new IllegalArgumentException(value + " does not fit DECIMAL(" + precision + "," + scale + ")");
        }
        digits = "0".repeat(Math.max(0, precision - digits.length())) + digits;
        int integerDigits = precision - scale;
        BinlogOutput groups = new BinlogOutput(size(precision, scale));
        String integerPart = digits.substring(0, integerDigits);
        int lead = integerDigits % DIGITS_PER_GROUP;
        writeGroup(groups, integerPart.substring(0, lead));
        for (int i = lead; i < integerDigits; i += DIGITS_PER_GROUP) {
            writeGroup(groups, integerPart.substring(i, i + DIGITS_PER_GROUP));
        }
        String fraction = digits.substring(integerDigits);
        for (int i = 0; i < scale; i += DIGITS_PER_GROUP) {
            writeGroup(groups, fraction.substring(i, Math.min(scale, i + DIGITS_PER_GROUP)));
        }
        byte[] bytes = groups.toByteArray();
        if (scaled.signum() < 0) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
        }
        bytes[0] ^= (byte) 0x80;
        out.bytes(bytes);
    }

    static BigDecimal read(BinlogInput in, int precision, int scale) {
        byte[] bytes = in.bytes(size(precision, scale));
        boolean negative = (bytes[0] & 0x80) == 0;
        bytes[0] ^= (byte) 0x80;
        if (negative) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
        }
        BinlogInput groups = new BinlogInput(bytes);
        StringBuilder digits = new StringBuilder(precision);
        int integerDigits = precision - scale;
        int lead = integerDigits % DIGITS_PER_GROUP;
        readGroup(groups, lead, digits);
        for (int i = lead; i < integerDigits; i += DIGITS_PER_GROUP) {
            readGroup(groups, DIGITS_PER_GROUP, digits);
        }
        for (int i = 0; i < scale; i += DIGITS_PER_GROUP) {
            readGroup(groups, Math.min(DIGITS_PER_GROUP, scale - i), digits);
        }
        BigDecimal value = new BigDecimal(new BigInteger(digits.isEmpty() ? "0" : digits.toString()), scale);
        return negative ? value.negate() : value;
    }

    private static void writeGroup(BinlogOutput out, String digits) {
        if (!digits.isEmpty()) {
            out.intBE(Integer.parseInt(digits), BYTES_FOR_DIGITS[digits.length()]);
        }
    }

    private static void readGroup(BinlogInput in, int digitCount, StringBuilder digits) {
        if (digitCount == 0) {
            return;
        }
        long group = in.intBE(BYTES_FOR_DIGITS[digitCount]);
        String text = Long.toString(group);
        if (text.length() > digitCount) {
            throw new BinlogFormatException("Decimal group " + group + " has more than " + digitCount + " digits");
        }
        digits.append("0".repeat(digitCount - text.length())).append(text);
    }
}
