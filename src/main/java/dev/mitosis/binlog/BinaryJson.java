package dev.mitosis.binlog;

import dev.mitosis.sql.JsonFunctions;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL's binary JSON, the form a JSON column takes in row events (binlog-format.md §15): a type
 * byte, then the value. Objects and arrays use the small form (2-byte counts, sizes and offsets)
 * unless they need the large one; scalars that fit an entry are inlined in it; keys are ordered
 * shorter first, then by their bytes, as MySQL stores them. Integers take the smallest integer
 * type, other numbers are DOUBLEs, as MySQL parses JSON text, unless a DOUBLE would lose their
 * digits (2.50, as a DECIMAL put in a document keeps them): those are opaque DECIMALs.
 */
final class BinaryJson {
    private static final int SMALL_OBJECT = 0x00, LARGE_OBJECT = 0x01, SMALL_ARRAY = 0x02, LARGE_ARRAY = 0x03;
    private static final int LITERAL = 0x04, INT16 = 0x05, UINT16 = 0x06, INT32 = 0x07, UINT32 = 0x08;
    private static final int INT64 = 0x09, UINT64 = 0x0A, DOUBLE = 0x0B, STRING = 0x0C, OPAQUE = 0x0F;
    private static final int NULL_LITERAL = 0x00, TRUE_LITERAL = 0x01, FALSE_LITERAL = 0x02;
    /** The field type of an opaque DECIMAL value (MYSQL_TYPE_NEWDECIMAL). */
    private static final int NEWDECIMAL_FIELD = 246;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private BinaryJson() {}

    /** JSON text to binary JSON; text that is not JSON is refused (IllegalArgumentException). */
    static byte[] encode(String text) {
        Encoded e = encodeValue(JsonFunctions.parse(text));
        Buf out = new Buf();
        out.write(e.type);
        out.bytes(e.bytes);
        return out.toByteArray();
    }

    /** Binary JSON to JSON text, as MySQL prints it. */
    static String decode(byte[] bytes) {
        if (bytes.length == 0) return "null";
        return JsonFunctions.write(read(bytes, bytes[0] & 0xFF, 1, bytes.length));
    }

    // ---- encoding --------------------------------------------------------------------------

    private record Scalar(int type, long bits) {}

    private record Encoded(int type, byte[] bytes) {}

    /** A literal or an integer small enough for a value entry ({@code large}: 4 bytes, else 2); else null. */
    private static Scalar inlined(Object v, boolean large) {
        if (v == JsonFunctions.JSON_NULL) return new Scalar(LITERAL, NULL_LITERAL);
        if (v instanceof Boolean b) return new Scalar(LITERAL, b ? TRUE_LITERAL : FALSE_LITERAL);
        BigInteger i = integer(v);
        if (i == null || i.bitLength() > 31) return null;
        long n = i.longValue();
        if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) return new Scalar(INT16, n);
        return large ? new Scalar(INT32, n) : null;
    }

    /** The integer a JSON number is, or null for a fraction, one past 64 bits, or a non-number. */
    private static BigInteger integer(Object v) {
        if (!(v instanceof BigDecimal d) || d.scale() > 0) return null;
        BigInteger i = d.toBigIntegerExact();
        return i.bitLength() <= 63 || i.signum() > 0 && i.compareTo(UINT64_MAX) <= 0 ? i : null;
    }

    /** A value's type and its bytes after the type byte. */
    private static Encoded encodeValue(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            boolean object = v instanceof Map<?, ?>;
            byte[] small = container(v, false);
            if (small.length <= 0xFFFF) return new Encoded(object ? SMALL_OBJECT : SMALL_ARRAY, small);
            return new Encoded(object ? LARGE_OBJECT : LARGE_ARRAY, container(v, true));
        }
        Buf b = new Buf();
        if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            b.varLength(utf8.length);
            b.bytes(utf8);
            return new Encoded(STRING, b.toByteArray());
        }
        Scalar literal = inlined(v, false);
        if (literal != null && literal.type == LITERAL) {
            b.le(literal.bits, 1);
            return new Encoded(LITERAL, b.toByteArray());
        }
        BigInteger i = integer(v);
        if (i == null) {
            BigDecimal d = (BigDecimal) v;
            double x = d.doubleValue();
            if (BigDecimal.valueOf(x).toPlainString().equals(d.toPlainString()) || d.scale() > 30 || d.precision() > 65) {
                b.le(Double.doubleToLongBits(x), 8);
                return new Encoded(DOUBLE, b.toByteArray());
            }
            // 2.50 as a DOUBLE would come back as 2.5: a DECIMAL keeps its digits, as MySQL's JSON does for one.
            int scale = Math.max(0, d.scale());
            int precision = Math.max(Math.max(d.precision(), scale), 1);
            BinlogOutput decimal = new BinlogOutput();
            decimal.int1(precision);
            decimal.int1(scale);
            DecimalBinary.write(decimal, d, precision, scale);
            byte[] data = decimal.toByteArray();
            b.le(NEWDECIMAL_FIELD, 1);
            b.varLength(data.length);
            b.bytes(data);
            return new Encoded(OPAQUE, b.toByteArray());
        }
        int bits = i.bitLength();
        int type = bits <= 15 ? INT16 : bits <= 31 ? INT32 : bits <= 63 ? INT64 : UINT64;
        b.le(i.longValue(), type == INT16 ? 2 : type == INT32 ? 4 : 8);
        return new Encoded(type, b.toByteArray());
    }

    /** An object or array: count, size, key entries, value entries, keys, then the values not inlined. */
    private static byte[] container(Object v, boolean large) {
        int word = large ? 4 : 2;
        List<byte[]> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : sortedKeys(m).entrySet()) {
                keys.add(e.getKey().getBytes(StandardCharsets.UTF_8));
                values.add(e.getValue());
            }
        } else {
            values.addAll((List<?>) v);
        }
        int n = values.size();
        int header = 2 * word + keys.size() * (word + 2) + n * (1 + word);
        Buf tail = new Buf();
        Buf entries = new Buf();
        for (byte[] k : keys) {
            entries.le(header + tail.size(), word);
            entries.le(k.length, 2);
            tail.bytes(k);
        }
        for (Object e : values) {
            Scalar s = inlined(e, large);
            if (s != null) {
                entries.le(s.type, 1);
                entries.le(s.bits, word);
            } else {
                Encoded x = encodeValue(e);
                entries.le(x.type, 1);
                entries.le(header + tail.size(), word);
                tail.bytes(x.bytes);
            }
        }
        Buf b = new Buf();
        b.le(n, word);
        b.le(header + tail.size(), word);
        b.bytes(entries.toByteArray());
        b.bytes(tail.toByteArray());
        return b.toByteArray();
    }

    /** Keys ordered as MySQL stores them: shorter first (in bytes), then by their bytes. */
    private static Map<String, Object> sortedKeys(Map<?, ?> m) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) keys.add((String) k);
        keys.sort((x, y) -> {
            byte[] a = x.getBytes(StandardCharsets.UTF_8);
            byte[] c = y.getBytes(StandardCharsets.UTF_8);
            return a.length != c.length ? Integer.compare(a.length, c.length) : java.util.Arrays.compareUnsigned(a, c);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) out.put(k, m.get(k));
        return out;
    }

    // ---- decoding --------------------------------------------------------------------------

    private static Object read(byte[] b, int type, int at, int end) {
        switch (type) {
            case SMALL_OBJECT, LARGE_OBJECT, SMALL_ARRAY, LARGE_ARRAY -> {
                boolean large = type == LARGE_OBJECT || type == LARGE_ARRAY;
                boolean object = type == SMALL_OBJECT || type == LARGE_OBJECT;
                int word = large ? 4 : 2;
                int n = (int) le(b, at, word);
                int entries = at + 2 * word;
                int valueEntries = entries + (object ? n * (word + 2) : 0);
                Map<String, Object> map = new LinkedHashMap<>();
                List<Object> list = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    int entry = valueEntries + k * (1 + word);
                    int valueType = b[entry] & 0xFF;
                    Object value;
                    if (valueType == LITERAL || valueType == INT16 || valueType == UINT16
                            || large && (valueType == INT32 || valueType == UINT32)) {
                        value = read(b, valueType, entry + 1, end);
                    } else {
                        value = read(b, valueType, at + (int) le(b, entry + 1, word), end);
                    }
                    if (object) {
                        int keyEntry = entries + k * (word + 2);
                        int keyAt = at + (int) le(b, keyEntry, word);
                        int keyLength = (int) le(b, keyEntry + word, 2);
                        map.put(new String(b, keyAt, keyLength, StandardCharsets.UTF_8), value);
                    } else {
                        list.add(value);
                    }
                }
                return object ? map : list;
            }
            case LITERAL -> {
                int l = b[at] & 0xFF;
                return l == TRUE_LITERAL ? Boolean.TRUE : l == FALSE_LITERAL ? Boolean.FALSE : JsonFunctions.JSON_NULL;
            }
            case INT16 -> { return BigDecimal.valueOf((short) le(b, at, 2)); }
            case UINT16 -> { return BigDecimal.valueOf(le(b, at, 2)); }
            case INT32 -> { return BigDecimal.valueOf((int) le(b, at, 4)); }
            case UINT32 -> { return BigDecimal.valueOf(le(b, at, 4)); }
            case INT64 -> { return BigDecimal.valueOf(le(b, at, 8)); }
            case UINT64 -> { return new BigDecimal(new BigInteger(Long.toUnsignedString(le(b, at, 8)))); }
            case DOUBLE -> { return BigDecimal.valueOf(Double.longBitsToDouble(le(b, at, 8))); }
            case STRING -> {
                long[] length = varLength(b, at);
                return new String(b, (int) length[1], (int) length[0], StandardCharsets.UTF_8);
            }
            case OPAQUE -> {
                long[] length = varLength(b, at + 1);
                int data = (int) length[1];
                if ((b[at] & 0xFF) == NEWDECIMAL_FIELD) {
                    return DecimalBinary.read(new BinlogInput(b, data + 2, (int) length[0] - 2), b[data] & 0xFF, b[data + 1] & 0xFF);
                }
                return new String(b, data, (int) length[0], StandardCharsets.ISO_8859_1);
            }
            default -> throw new IllegalArgumentException("binary JSON type " + type);
        }
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) v = v << 8 | (b[at + k] & 0xFF);
        return v;
    }

    /** {length, offset of the bytes}: 7 bits per byte, high bit set while more follow. */
    private static long[] varLength(byte[] b, int at) {
        long length = 0;
        int shift = 0;
        int p = at;
        while (true) {
            int x = b[p++] & 0xFF;
            length |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) break;
            shift += 7;
        }
        return new long[] {length, p};
    }

    private static final class Buf extends ByteArrayOutputStream {
        void le(long v, int n) {
            for (int k = 0; k < n; k++) write((int) (v >>> (8 * k)));
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void varLength(long length) {
            do {
                int x = (int) (length & 0x7F);
                length >>>= 7;
                write(length != 0 ? x | 0x80 : x);
            } while (length != 0);
        }
    }
}
