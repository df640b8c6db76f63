package dev.mitosis.binlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Year;

/**
 * Encodes one non-NULL column value of a row image from a Java value and decodes it back
 * (binlog-format.md §15). Written from any sensible Java type; read back as (like JDBC):
 * <ul>
 *   <li>TINYINT/SMALLINT/MEDIUMINT/INT: Integer, INT UNSIGNED: Long, BIGINT: Long, BIGINT UNSIGNED: BigInteger</li>
 *   <li>FLOAT: Float, DOUBLE: Double, DECIMAL: BigDecimal with the column's scale</li>
 *   <li>YEAR: Integer (0 or 1901..2155), DATE: LocalDate, DATETIME: LocalDateTime, TIMESTAMP: Instant,
 *       TIME: Duration (may be negative or over 24 hours)</li>
 *   <li>CHAR/VARCHAR/TEXT: String when the collation is known and not binary, else byte[]; BINARY,
 *       VARBINARY, BLOB, GEOMETRY: byte[]; JSON: its text (MySQL's binary JSON in the event)</li>
 *   <li>ENUM: Integer (1-based index), SET: Long (member bitmap), BIT: Long</li>
 * </ul>
 */
final class RowValueCodec {

    private RowValueCodec() {}

    static void write(BinlogOutput out, ColumnDef column, Object value) {
        switch (column.realType()) {
            case TINY -> writeInteger(out, column, value, 1);
            case SHORT -> writeInteger(out, column, value, 2);
            case INT24 -> writeInteger(out, column, value, 3);
            case LONG -> writeInteger(out, column, value, 4);
            case LONGLONG -> writeInteger(out, column, value, 8);
            case FLOAT -> out.int4(Float.floatToIntBits(number(column, value).floatValue()));
            case DOUBLE -> out.int8(Double.doubleToLongBits(number(column, value).doubleValue()));
            case NEWDECIMAL -> DecimalBinary.write(out, decimal(column, value), column.precision(), column.scale());
            case YEAR -> writeYear(out, column, value);
            case DATE -> TemporalValues.writeDate(out, as(LocalDate.class, column, value));
            case DATETIME2 -> TemporalValues.writeDatetime(out, as(LocalDateTime.class, column, value), column.fsp());
            case TIMESTAMP2 -> TemporalValues.writeTimestamp(out, as(Instant.class, column, value), column.fsp());
            case TIME2 -> TemporalValues.writeTime(out, duration(column, value), column.fsp());
            case STRING -> writeChar(out, column, value);
            case VARCHAR -> writeLengthPrefixed(out, column, bytes(column, value), column.maxByteLength() < 256 ? 1 : 2);
            case BLOB, GEOMETRY -> writeLengthPrefixed(out, column, bytes(column, value), column.lengthBytes());
            case JSON -> writeJson(out, column, value);
            case ENUM, SET -> out.intLE(number(column, value).longValue(), column.packLength());
            case BIT -> writeBit(out, column, value);
            default -> throw unsupported(column);
        }
    }

    static Object read(BinlogInput in, ColumnDef column) {
        return switch (column.realType()) {
            case TINY -> readSmallInteger(in, column, 1);
            case SHORT -> readSmallInteger(in, column, 2);
            case INT24 -> readSmallInteger(in, column, 3);
            case LONG -> column.unsigned() ? (Object) in.int4() : (Object) (int) in.int4();
            case LONGLONG -> column.unsigned() ? new BigInteger(Long.toUnsignedString(in.int8())) : (Object) in.int8();
            case FLOAT -> Float.intBitsToFloat((int) in.int4());
            case DOUBLE -> Double.longBitsToDouble(in.int8());
            case NEWDECIMAL -> DecimalBinary.read(in, column.precision(), column.scale());
            case YEAR -> {
                int stored = in.int1();
                yield stored == 0 ? 0 : 1900 + stored;
            }
            case DATE -> TemporalValues.readDate(in);
            case DATETIME2 -> TemporalValues.readDatetime(in, column.fsp());
            case TIMESTAMP2 -> TemporalValues.readTimestamp(in, column.fsp());
            case TIME2 -> TemporalValues.readTime(in, column.fsp());
            case STRING, VARCHAR -> text(column, in.bytes((int) in.intLE(column.maxByteLength() < 256 ? 1 : 2)));
            case BLOB -> text(column, in.bytes((int) in.intLE(column.lengthBytes())));
            case JSON -> BinaryJson.decode(in.bytes((int) in.intLE(column.lengthBytes())));
            case GEOMETRY -> in.bytes((int) in.intLE(column.lengthBytes()));
            case ENUM -> (int) in.intLE(column.packLength());
            case SET -> in.intLE(column.packLength());
            case BIT -> in.intBE((column.bitWidth() + 7) / 8);
            default -> throw unsupported(column);
        };
    }

    private static void writeInteger(BinlogOutput out, ColumnDef column, Object value, int bytes) {
        BigInteger integer = integer(column, value);
        int bits = 8 * bytes;
        BigInteger min = column.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = column.unsigned()
                ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (integer.compareTo(min) < 0 || integer.compareTo(max) > 0) {
            throw new IllegalArgumentException("Value " + value + " out of range for " + describe(column));
        }
        out.intLE(integer.longValue(), bytes);
    }

    private static Object readSmallInteger(BinlogInput in, ColumnDef column, int bytes) {
        long raw = in.intLE(bytes);
        if (column.unsigned()) {
            return (int) raw;
        }
        int shift = 64 - 8 * bytes;
        return (int) ((raw << shift) >> shift);
    }

    private static void writeYear(BinlogOutput out, ColumnDef column, Object value) {
        int year = value instanceof Year y ? y.getValue() : number(column, value).intValue();
        if (year != 0 && (year < 1901 || year > 2155)) {
            throw new IllegalArgumentException("YEAR out of range 1901..2155: " + year);
        }
        out.int1(year == 0 ? 0 : year - 1900);
    }

    /** CHAR keeps no trailing pad spaces in the row image; BINARY keeps its bytes as they are. */
    private static void writeChar(BinlogOutput out, ColumnDef column, Object value) {
        byte[] bytes = bytes(column, value);
        int length = bytes.length;
        if (!Collations.isBinary(column.collation())) {
            while (length > 0 && bytes[length - 1] == ' ') {
                length--;
            }
        }
        if (length > column.maxByteLength()) {
            throw new IllegalArgumentException(length + " bytes exceed " + describe(column));
        }
        out.intLE(length, column.maxByteLength() < 256 ? 1 : 2).bytes(bytes, 0, length);
    }

    private static void writeLengthPrefixed(BinlogOutput out, ColumnDef column, byte[] bytes, int prefixBytes) {
        long limit = column.realType() == ColumnType.VARCHAR ? column.maxByteLength() : (1L << (8 * prefixBytes)) - 1;
        if (bytes.length > limit) {
            throw new IllegalArgumentException(bytes.length + " bytes exceed " + describe(column));
        }
        out.intLE(bytes.length, prefixBytes).bytes(bytes);
    }

    /** JSON text (a String, or UTF-8 bytes as the engine gives it) as MySQL's binary JSON. */
    private static void writeJson(BinlogOutput out, ColumnDef column, Object value) {
        if (!(value instanceof String) && !(value instanceof byte[])) throw wrongType(column, value, "JSON text");
        String text = value instanceof String s ? s : new String((byte[]) value, StandardCharsets.UTF_8);
        byte[] binary;
        try {
            binary = BinaryJson.encode(text);
        } catch (IllegalArgumentException notJson) {
            // Never lose a row over it: text the engine took for JSON travels as a JSON string.
            binary = BinaryJson.encode(dev.mitosis.sql.JsonFunctions.write(text));
        }
        writeLengthPrefixed(out, column, binary, column.lengthBytes());
    }

    private static void writeBit(BinlogOutput out, ColumnDef column, Object value) {
        long bits = value instanceof Boolean b ? (b ? 1 : 0) : number(column, value).longValue();
        int width = column.bitWidth();
        if (width < 64 && (bits >>> width) != 0) {
            throw new IllegalArgumentException("Value " + value + " does not fit " + describe(column));
        }
        out.intBE(bits, (width + 7) / 8);
    }

    private static Object text(ColumnDef column, byte[] bytes) {
        int collation = column.collation();
        if (collation == 0 || Collations.isBinary(collation)) {
            return bytes;
        }
        return new String(bytes, Collations.javaCharset(collation));
    }

    /** Strings are encoded in the column's charset (UTF-8 for binary columns); byte[] is taken as is. */
    private static byte[] bytes(ColumnDef column, Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            int collation = column.collation();
            return collation == 0 || Collations.isBinary(collation)
                    ? text.getBytes(StandardCharsets.UTF_8)
                    : text.getBytes(Collations.javaCharset(collation));
        }
        throw wrongType(column, value, "String or byte[]");
    }

    private static BigInteger integer(ColumnDef column, Object value) {
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("Value " + value + " is not an integer for " + describe(column));
            }
        }
        if (value instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (value instanceof Double || value instanceof Float) {
            throw wrongType(column, value, "an integral Number");
        }
        return BigInteger.valueOf(number(column, value).longValue());
    }

    private static BigDecimal decimal(ColumnDef column, Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return BigDecimal.valueOf(number(column, value).longValue());
    }

    private static Duration duration(ColumnDef column, Object value) {
        if (value instanceof LocalTime time) {
            return Duration.ofNanos(time.toNanoOfDay());
        }
        return as(Duration.class, column, value);
    }

    private static Number number(ColumnDef column, Object value) {
        return as(Number.class, column, value);
    }

    private static <T> T as(Class<T> kind, ColumnDef column, Object value) {
        if (!kind.isInstance(value)) {
            throw wrongType(column, value, kind.getSimpleName());
        }
        return kind.cast(value);
    }

    private static IllegalArgumentException wrongType(ColumnDef column, Object value, String expected) {
        return new IllegalArgumentException(describe(column) + " needs " + expected + ", got "
                + value.getClass().getSimpleName());
    }

    private static UnsupportedOperationException unsupported(ColumnDef column) {
        return new UnsupportedOperationException("Column type " + column.realType() + " is not supported in row images");
    }

    private static String describe(ColumnDef column) {
        return "column " + (column.name() == null ? "?" : column.name()) + " (" + column.realType()
                + (column.unsigned() ? " UNSIGNED" : "") + ")";
    }
}
