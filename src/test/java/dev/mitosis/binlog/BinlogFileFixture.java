package dev.mitosis.binlog;

import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete binlog file written with the codec: magic, FDE, PREVIOUS_GTIDS, three row-based
 * transactions covering every supported column type, a DDL transaction and a closing ROTATE.
 * Keeps what it wrote so tests can compare any reader's output with it.
 */
final class BinlogFileFixture {
    static final String SERVER_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String OTHER_UUID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    static final long SERVER_ID = 7;
    static final long TIMESTAMP = 1_700_000_000L;
    static final int SERVER_VERSION = 80403;
    static final int UTF8MB4 = Collations.UTF8MB4_0900_AI_CI;

    static final GtidSet PREVIOUS = GtidSet.parse(SERVER_UUID + ":1-10," + OTHER_UUID + ":1-5:7");

    /** Numeric columns only (12 of them: SIGNEDNESS needs two bytes). */
    static final TableMapEventData NUMBERS = TableMapEventData.of(101, "shop", "numbers", List.of(
            ColumnDef.integer("id", ColumnType.LONG, false, false),
            ColumnDef.integer("u8", ColumnType.TINY, true, true),
            ColumnDef.integer("u16", ColumnType.SHORT, true, true),
            ColumnDef.integer("u24", ColumnType.INT24, true, true),
            ColumnDef.integer("u32", ColumnType.LONG, true, true),
            ColumnDef.integer("u64", ColumnType.LONGLONG, true, true),
            ColumnDef.integer("s64", ColumnType.LONGLONG, false, true),
            ColumnDef.integer("s8", ColumnType.TINY, false, true),
            ColumnDef.decimal("price", 10, 2, false, true),
            ColumnDef.decimal("big", 30, 10, false, true),
            ColumnDef.floatColumn("f", false, true),
            ColumnDef.doubleColumn("d", false, true)));

    /**
     * Strings and temporal types. YEAR comes last: mysql-binlog-connector-java counts YEAR in
     * SIGNEDNESS (MySQL does not), and at the end it cannot shift the other columns' bits.
     */
    static final TableMapEventData THINGS = TableMapEventData.of(102, "shop", "things", List.of(
            ColumnDef.integer("id", ColumnType.LONG, false, false),
            ColumnDef.charColumn("code", 10, UTF8MB4, true),
            ColumnDef.varchar("name", 100, UTF8MB4, true),
            ColumnDef.varchar("tag", 20, Collations.UTF8MB4_BIN, true),
            ColumnDef.text("notes", 2, UTF8MB4, true),
            ColumnDef.blob("data", 2, true),
            ColumnDef.date("born", true),
            ColumnDef.datetime("seen", 6, true),
            ColumnDef.timestamp("changed", 6, true),
            ColumnDef.time("dur", 0, true),
            ColumnDef.time("dur6", 6, true),
            ColumnDef.enumColumn("size", 3, UTF8MB4, true),
            ColumnDef.setColumn("flags", 10, UTF8MB4, true),
            ColumnDef.bit("bits", 12, true),
            ColumnDef.year("yr", true))).withColumnNames();

    static final Row NUMBERS_MAX = Row.of(1, 255, 65535, 16777215, 4294967295L,
            new BigInteger("18446744073709551615"), Long.MAX_VALUE, 127,
            new BigDecimal("99999999.99"), new BigDecimal("12345678901234567890.0123456789"),
            3.5f, Math.PI);
    static final Row NUMBERS_MIN = Row.of(2, 0, 0, 0, 0L, BigInteger.ZERO, Long.MIN_VALUE, -128,
            new BigDecimal("-99999999.99"), new BigDecimal("-0.0000000001"), -1.25e-3f, -Double.MAX_VALUE);
    static final Row NUMBERS_NULLS = Row.of(3, null, null, null, null, null, null, null, null, null, null, null);
    static final Row NUMBERS_MAX_UPDATED = Row.of(1, 128, 32768, 8388608, 2147483648L,
            new BigInteger("9223372036854775808"), -1L, -1, new BigDecimal("0.01"), new BigDecimal("0E-10"),
            0.0f, -0.5);

    static final Row THING_FULL = Row.of(1, "h\u00e9llo", "\u65e5\u672c\u8a9e \ud83d\ude00 na\u00efve",
            "Tag", "notes \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 " + "x".repeat(300), new byte[] {0, 1, (byte) 0xFF, 0x7F},
            LocalDate.of(1999, 12, 31), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000),
            Instant.ofEpochSecond(1_700_000_000L, 123_456_000), Duration.parse("PT838H59M59S"),
            Duration.parse("PT12H34M56.000789S"), 3, 0x201L, 0xABCL, 2155);
    static final Row THING_NULLS = Row.of(2, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);
    static final Row THING_SMALL = Row.of(3, "", "", "", "", new byte[0], LocalDate.of(1970, 1, 1),
            LocalDateTime.of(1970, 1, 1, 0, 0), Instant.ofEpochSecond(1), Duration.ZERO, Duration.ZERO, 1, 0L, 0L,
            1901);

    static final String DDL = "CREATE TABLE shop.`r\u00e9sum\u00e9` (id INT PRIMARY KEY) /* \u00fc */";

    /** One event as written: where it starts and what it holds. */
    record Written(long start, EventHeader header, EventData data) {}

    final List<Written> events = new ArrayList<>();
    final List<Gtid> gtids = new ArrayList<>();
    final byte[] file;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EventWriter writer = EventWriter.forNewFile(ChecksumAlgorithm.CRC32);
    private long sequenceNumber;

    BinlogFileFixture() {
        out.writeBytes(EventWriter.magic());
        append(EventHeader.FLAG_BINLOG_IN_USE,
                FormatDescriptionEventData.mysql84("8.4.3", TIMESTAMP, ChecksumAlgorithm.CRC32));
        append(0, new PreviousGtidsEventData(PREVIOUS));
        QueryStatusVars session = QueryStatusVars.mysqlDefaults();
        transaction(11, 0, List.of(
                QueryEventData.begin(42, session, "shop"),
                NUMBERS,
                new WriteRowsEventData(NUMBERS, RowsEventFlags.STMT_END, List.of(NUMBERS_MAX, NUMBERS_MIN, NUMBERS_NULLS)),
                new XidEventData(1001)));
        transaction(12, 0, List.of(
                QueryEventData.begin(42, session, "shop"),
                THINGS,
                new WriteRowsEventData(THINGS, RowsEventFlags.STMT_END, List.of(THING_FULL, THING_NULLS, THING_SMALL)),
                NUMBERS,
                new UpdateRowsEventData(NUMBERS, RowsEventFlags.STMT_END, List.of(
                        new UpdateRowsEventData.Change(NUMBERS_MAX, NUMBERS_MAX_UPDATED),
                        new UpdateRowsEventData.Change(NUMBERS_NULLS, NUMBERS_MIN))),
                new XidEventData(1002)));
        transaction(13, 0, List.of(
                QueryEventData.begin(43, session, "shop"),
                THINGS,
                new DeleteRowsEventData(THINGS, RowsEventFlags.STMT_END, List.of(THING_FULL, THING_NULLS)),
                new XidEventData(1003)));
        transaction(14, GtidEventData.FLAG_MAY_HAVE_SBR, List.of(
                new QueryEventData(44, 0, 0, session.with(
                        new QueryStatusVar.UpdatedDbNames(List.of("shop")),
                        new QueryStatusVar.DdlLoggedWithXid(1004),
                        new QueryStatusVar.DefaultCollationForUtf8mb4(255),
                        new QueryStatusVar.SqlRequirePrimaryKey(false)), "shop", DDL)));
        append(0, new RotateEventData(4, "binlog.000002"));
        file = out.toByteArray();
    }

    /** GTID event with logical clock and transaction_length covering the given events. */
    private void transaction(long gno, int gtidFlags, List<EventData> body) {
        long bodyLength = 0;
        for (EventData data : body) {
            bodyLength += EventWriter.encodedLength(data, writer.checksum());
        }
        sequenceNumber++;
        Gtid gtid = Gtid.parse(SERVER_UUID + ":" + gno);
        gtids.add(gtid);
        GtidEventData gtidEvent = GtidEventData.local(gtid, gtidFlags, sequenceNumber - 1, sequenceNumber,
                TIMESTAMP * 1_000_000 + gno, 0, SERVER_VERSION).withTransactionLengthOf(bodyLength, writer.checksum());
        append(0, gtidEvent);
        body.forEach(data -> append(0, data));
    }

    private void append(int flags, EventData data) {
        long start = writer.position();
        byte[] bytes = writer.next(TIMESTAMP, SERVER_ID, flags, data);
        out.writeBytes(bytes);
        events.add(new Written(start, EventHeader.read(new BinlogInput(bytes, 0, EventHeader.LENGTH)), data));
    }
}
