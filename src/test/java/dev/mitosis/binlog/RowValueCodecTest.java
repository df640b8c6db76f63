package dev.mitosis.binlog;

import static dev.mitosis.binlog.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-image encodings of binlog-format.md §15, one value at a time: exact bytes, then the read-back value. */
class RowValueCodecTest {
    static final int UTF8MB4 = Collations.UTF8MB4_0900_AI_CI;

    private static String encode(ColumnDef column, Object value) {
        BinlogOutput out = new BinlogOutput();
        RowValueCodec.write(out, column, value);
        return Hex.of(out.toByteArray());
    }

    private static Object roundTrip(ColumnDef column, Object value) {
        BinlogOutput out = new BinlogOutput();
        RowValueCodec.write(out, column, value);
        BinlogInput in = new BinlogInput(out.toByteArray());
        Object read = RowValueCodec.read(in, column);
        assertEquals(0, in.remaining(), "decoder must consume exactly what the encoder wrote");
        return read;
    }

    private static void assertCodec(ColumnDef column, Object value, String hex, Object expectedRead) {
        assertEquals(Hex.of(bytes(hex)), encode(column, value));
        Object read = roundTrip(column, value);
        if (expectedRead instanceof byte[] expectedBytes) {
            assertArrayEquals(expectedBytes, (byte[]) read);
        } else {
            assertEquals(expectedRead, read);
        }
    }

    private static ColumnDef integer(ColumnType type, boolean unsigned) {
        return ColumnDef.integer("c", type, unsigned, true);
    }

    @Test
    void signedIntegersAreLittleEndianTwosComplement() {
        assertCodec(integer(ColumnType.TINY, false), -128, "80", -128);
        assertCodec(integer(ColumnType.TINY, false), 127, "7f", 127);
        assertCodec(integer(ColumnType.SHORT, false), -2, "fe ff", -2);
        assertCodec(integer(ColumnType.INT24, false), -8388608, "00 00 80", -8388608);
        assertCodec(integer(ColumnType.INT24, false), 8388607, "ff ff 7f", 8388607);
        assertCodec(integer(ColumnType.LONG, false), 0x01020304, "04 03 02 01", 0x01020304);
        assertCodec(integer(ColumnType.LONGLONG, false), Long.MIN_VALUE, "00 00 00 00 00 00 00 80", Long.MIN_VALUE);
    }

    @Test
    void unsignedIntegersUpToTheirExtremes() {
        assertCodec(integer(ColumnType.TINY, true), 255, "ff", 255);
        assertCodec(integer(ColumnType.SHORT, true), 65535, "ff ff", 65535);
        assertCodec(integer(ColumnType.INT24, true), 16777215, "ff ff ff", 16777215);
        assertCodec(integer(ColumnType.LONG, true), 4294967295L, "ff ff ff ff", 4294967295L);
        BigInteger max = new BigInteger("18446744073709551615");
        assertCodec(integer(ColumnType.LONGLONG, true), max, "ff ff ff ff ff ff ff ff", max);
        assertCodec(integer(ColumnType.LONGLONG, true), new BigDecimal(max), "ff ff ff ff ff ff ff ff", max);
        assertCodec(integer(ColumnType.LONGLONG, true), 1L, "01 00 00 00 00 00 00 00", BigInteger.ONE);
    }

    @Test
    void integersOutOfRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> encode(integer(ColumnType.TINY, false), 128));
        assertThrows(IllegalArgumentException.class, () -> encode(integer(ColumnType.TINY, true), 256));
        assertThrows(IllegalArgumentException.class, () -> encode(integer(ColumnType.TINY, true), -1));
        assertThrows(IllegalArgumentException.class,
                () -> encode(integer(ColumnType.LONGLONG, true), new BigInteger("18446744073709551616")));
        assertThrows(IllegalArgumentException.class, () -> encode(integer(ColumnType.LONG, false), 1.5));
        assertThrows(IllegalArgumentException.class, () -> encode(integer(ColumnType.LONG, false), "1"));
    }

    @Test
    void floatingPointIsIeeeLittleEndian() {
        assertCodec(ColumnDef.floatColumn("f", false, true), 1.5f, "00 00 c0 3f", 1.5f);
        assertCodec(ColumnDef.doubleColumn("d", false, true), -2.25, "00 00 00 00 00 00 02 c0", -2.25);
    }

    @ParameterizedTest
    @CsvSource({
        // precision, scale, value, bytes
        "10, 2, 1234.56, 80 00 04 d2 38",            // the reference's example
        "10, 2, -1234.56, 7f ff fb 2d c7",           // negative: every byte inverted
        "10, 2, 0.00, 80 00 00 00 00",
        "10, 2, 99999999.99, 85 f5 e0 ff 63",
        "4, 4, 0.5000, 93 88",                       // no integer digits: 5000 in 2 bytes
        // 20 integer digits: 12 | 345678901 | 234567890 (1+4+4 bytes); fraction 012345678 | 9 (4+1 bytes)
        "30, 10, 12345678901234567890.0123456789, 8c 14 9a a4 35 0d fb 38 d2 00 bc 61 4e 09",
        "18, 9, -1.000000001, 7f ff ff fe ff ff ff fe",  // one full group each side, inverted
    })
    void decimalGroupsOfNineDigits(int precision, int scale, String value, String hex) {
        ColumnDef column = ColumnDef.decimal("d", precision, scale, false, true);
        assertCodec(column, new BigDecimal(value), hex, new BigDecimal(value));
        assertEquals(DecimalBinary.size(precision, scale), bytes(hex).length);
    }

    @Test
    void decimalScaleIsPaddedAndOverflowRejected() {
        ColumnDef column = ColumnDef.decimal("d", 10, 2, false, true);
        assertEquals(new BigDecimal("7.00"), roundTrip(column, 7));
        assertEquals(new BigDecimal("7.50"), roundTrip(column, new BigDecimal("7.5")));
        assertThrows(IllegalArgumentException.class, () -> encode(column, new BigDecimal("1.234")));
        assertThrows(IllegalArgumentException.class, () -> encode(column, new BigDecimal("123456789.00")));
    }

    @Test
    void yearIsOffsetFrom1900() {
        ColumnDef year = ColumnDef.year("y", true);
        assertCodec(year, 2024, "7c", 2024);
        assertCodec(year, 1901, "01", 1901);
        assertCodec(year, 2155, "ff", 2155);
        assertCodec(year, 0, "00", 0);
        assertCodec(year, java.time.Year.of(1999), "63", 1999);
        assertThrows(IllegalArgumentException.class, () -> encode(year, 1900));
    }

    @Test
    void dateIsThreeBytesDayMonthYear() {
        // 2024-02-29: 29 | 2 << 5 | 2024 << 9 = 0x0FD05D
        assertCodec(ColumnDef.date("d", true), LocalDate.of(2024, 2, 29), "5d d0 0f", LocalDate.of(2024, 2, 29));
        assertCodec(ColumnDef.date("d", true), LocalDate.of(1000, 1, 1), "21 d0 07", LocalDate.of(1000, 1, 1));
    }

    @Test
    void zeroDateIsRejectedOnRead() {
        assertThrows(UnsupportedOperationException.class,
                () -> RowValueCodec.read(new BinlogInput(bytes("00 00 00")), ColumnDef.date("d", true)));
    }

    @Test
    void datetime2WithEachFractionSize() {
        LocalDateTime value = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000);
        // ymd = ((2024*13+2) << 5) | 29 = 842077; hms = 13<<12 | 45<<6 | 30 = 56158;
        // 0x8000000000 + (842077 << 17 | 56158) = 0x99B2BADB5E
        assertCodec(ColumnDef.datetime("t", 0, true), value, "99 b2 ba db 5e", value.withNano(0));
        assertCodec(ColumnDef.datetime("t", 2, true), value, "99 b2 ba db 5e 0c", value.withNano(120_000_000));
        assertCodec(ColumnDef.datetime("t", 3, true), value, "99 b2 ba db 5e 04 ce", value.withNano(123_000_000)); // 1230 hundred-micros
        assertCodec(ColumnDef.datetime("t", 4, true), value, "99 b2 ba db 5e 04 d2", value.withNano(123_400_000));
        assertCodec(ColumnDef.datetime("t", 6, true), value, "99 b2 ba db 5e 01 e2 40", value);
    }

    @Test
    void timestamp2IsBigEndianEpochSeconds() {
        Instant value = Instant.ofEpochSecond(1_700_000_000L, 654_321_000);
        assertCodec(ColumnDef.timestamp("t", 6, true), value, "65 53 f1 00 09 fb f1", value);
        // fsp 1 keeps 0.6 s, stored in hundredths: 60
        assertCodec(ColumnDef.timestamp("t", 1, true), value, "65 53 f1 00 3c", Instant.ofEpochSecond(1_700_000_000L, 600_000_000));
        assertCodec(ColumnDef.timestamp("t", 0, true), Instant.EPOCH, "00 00 00 00", Instant.EPOCH);
    }

    @Test
    void time2PositiveAndNegative() {
        // 12:34:56 -> 12<<12 | 34<<6 | 56 = 0xC8B8, + 0x800000
        assertCodec(ColumnDef.time("t", 0, true), Duration.parse("PT12H34M56S"), "80 c8 b8", Duration.parse("PT12H34M56S"));
        assertCodec(ColumnDef.time("t", 0, true), LocalTime.of(12, 34, 56), "80 c8 b8", Duration.parse("PT12H34M56S"));
        assertCodec(ColumnDef.time("t", 0, true), Duration.parse("-PT1S"), "7f ff ff", Duration.parse("-PT1S"));
        assertCodec(ColumnDef.time("t", 0, true), Duration.parse("PT838H59M59S"), "b4 6e fb", Duration.parse("PT838H59M59S"));
        // -00:00:01.50 at fsp 2: 0x80000000 - (1 << 8 | 50)
        assertCodec(ColumnDef.time("t", 2, true), Duration.parse("-PT1.5S"), "7f ff fe ce", Duration.parse("-PT1.5S"));
        assertCodec(ColumnDef.time("t", 4, true), Duration.parse("-PT1.5S"), "7f ff fe ec 78", Duration.parse("-PT1.5S"));
        assertCodec(ColumnDef.time("t", 6, true), Duration.parse("PT1.000001S"), "80 00 01 00 00 01", Duration.parse("PT1.000001S"));
        assertCodec(ColumnDef.time("t", 6, true), Duration.parse("-PT1.000001S"), "7f ff fe ff ff ff", Duration.parse("-PT1.000001S"));
        assertThrows(IllegalArgumentException.class, () -> encode(ColumnDef.time("t", 0, true), Duration.ofHours(839)));
    }

    @Test
    void varcharPrefixIsOneOrTwoBytesByMaxByteLength() {
        assertCodec(ColumnDef.varchar("v", 63, UTF8MB4, true), "h\u00e9", "03 68 c3 a9", "h\u00e9");     // 252 max bytes
        assertCodec(ColumnDef.varchar("v", 64, UTF8MB4, true), "h\u00e9", "03 00 68 c3 a9", "h\u00e9");  // 256 max bytes
        assertCodec(ColumnDef.varchar("v", 10, UTF8MB4, true), "\ud83d\ude00", "04 f0 9f 98 80", "\ud83d\ude00");
        assertCodec(ColumnDef.varchar("b", 4, Collations.BINARY, true), bytes("00 ff"), "02 00 ff", bytes("00 ff"));
        assertThrows(IllegalArgumentException.class, () -> encode(ColumnDef.varchar("v", 1, UTF8MB4, true), "\ud83d\ude00x"));
    }

    @Test
    void charStripsPadSpacesButBinaryKeepsZeroPadding() {
        ColumnDef char10 = ColumnDef.charColumn("c", 10, UTF8MB4, true);
        assertEquals(0xFE | 40 << 8, char10.metadata());
        assertCodec(char10, "ab   ", "02 61 62", "ab");
        ColumnDef char100 = ColumnDef.charColumn("c", 100, UTF8MB4, true);   // 400 bytes > 255: 2-byte prefix
        assertCodec(char100, "\u00e9 ", "02 00 c3 a9", "\u00e9");
        assertCodec(ColumnDef.charColumn("b", 4, Collations.BINARY, true), bytes("61 00 00 00"), "04 61 00 00 00",
                bytes("61 00 00 00"));
    }

    @Test
    void charMetadataFoldsHighLengthBitsIntoTypeByte() {
        // sysbench CHAR(120) utf8mb4: 480 bytes -> EE E0; CHAR(60): 240 bytes -> FE F0 (first byte first)
        assertEquals(0xEE | 0xE0 << 8, ColumnDef.charColumn("c", 120, UTF8MB4, false).metadata());
        assertEquals(0xFE | 0xF0 << 8, ColumnDef.charColumn("c", 60, UTF8MB4, false).metadata());
        assertEquals(480, ColumnDef.charColumn("c", 120, UTF8MB4, false).maxByteLength());
        assertEquals(1020, ColumnDef.charColumn("c", 255, UTF8MB4, false).maxByteLength());
        assertEquals(ColumnType.STRING, ColumnDef.charColumn("c", 255, UTF8MB4, false).realType());
    }

    @Test
    void blobAndTextLengthPrefixFromMetadata() {
        assertCodec(ColumnDef.blob("b", 2, true), bytes("01 02 03"), "03 00 01 02 03", bytes("01 02 03"));
        assertCodec(ColumnDef.text("t", 4, UTF8MB4, true), "\u00e9", "02 00 00 00 c3 a9", "\u00e9");
        assertCodec(ColumnDef.text("t", 1, UTF8MB4, true), "", "00", "");
        assertThrows(IllegalArgumentException.class, () -> encode(ColumnDef.blob("b", 1, true), new byte[256]));
    }

    @Test
    void enumSetAndBit() {
        ColumnDef enumColumn = ColumnDef.enumColumn("e", 3, UTF8MB4, true);
        assertEquals(ColumnType.ENUM, enumColumn.realType());
        assertEquals(0xF7 | 1 << 8, enumColumn.metadata());
        assertCodec(enumColumn, 2, "02", 2);
        assertCodec(ColumnDef.enumColumn("e", 300, UTF8MB4, true), 258, "02 01", 258);
        ColumnDef setColumn = ColumnDef.setColumn("s", 10, UTF8MB4, true);
        assertEquals(ColumnType.SET, setColumn.realType());
        assertCodec(setColumn, 0x205L, "05 02", 0x205L);
        assertEquals(8, ColumnDef.setColumn("s", 40, UTF8MB4, true).packLength());
        ColumnDef bit10 = ColumnDef.bit("b", 10, true);
        assertEquals(2 | 1 << 8, bit10.metadata());
        assertCodec(bit10, 0x2AAL, "02 aa", 0x2AAL);
        assertCodec(ColumnDef.bit("b", 1, true), true, "01", 1L);
        assertThrows(IllegalArgumentException.class, () -> encode(bit10, 0x400L));
    }

    @Test
    void jsonTravelsAsMysqlBinaryJson() {
        ColumnDef json = ColumnDef.json("j", true);
        assertCodec(json, "true", "02 00 00 00 04 01", "true");
        assertCodec(json, "{\"b\": 1, \"a\": [true]}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "1c 00 00 00 00 02 00 1b 00 12 00 01 00 13 00 01 00 02 14 00 05 01 00 61 62 01 00 07 00 04 01 00",
                "{\"a\": [true], \"b\": 1}");
    }
}
