package dev.mitosis.binlog;

import static dev.mitosis.binlog.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Exact bytes and positions of the events every file and transaction starts with (binlog-format.md). */
class EventGoldenBytesTest {
    static final long TIMESTAMP = 1_700_000_000L;           // 00 f1 53 65
    static final String UUID_A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    /** Compares everything but the CRC, then checks the CRC against java.util.zip.CRC32 independently. */
    static void assertEvent(byte[] expectedWithoutCrc, byte[] actual) {
        assertEquals(expectedWithoutCrc.length + 4, actual.length, "event length");
        assertEquals(Hex.of(expectedWithoutCrc), Hex.of(Arrays.copyOf(actual, expectedWithoutCrc.length)));
        CRC32 crc = new CRC32();
        byte[] covered = expectedWithoutCrc.clone();
        covered[17] &= (byte) ~EventHeader.FLAG_BINLOG_IN_USE;   // only ever set on the FDE
        crc.update(covered);
        long stored = new BinlogInput(actual, actual.length - 4, 4).int4();
        assertEquals(crc.getValue(), stored, "CRC32");
    }

    @Test
    void formatDescriptionEventIsMysql84Shape() {
        EventWriter writer = EventWriter.forNewFile(ChecksumAlgorithm.CRC32);
        byte[] fde = writer.next(TIMESTAMP, 1, EventHeader.FLAG_BINLOG_IN_USE,
                FormatDescriptionEventData.mysql84("8.4.3", TIMESTAMP, ChecksumAlgorithm.CRC32));
        byte[] expected = bytes(
                "00 f1 53 65",                   // timestamp
                "0f",                            // type FORMAT_DESCRIPTION
                "01 00 00 00",                   // server_id 1
                "7b 00 00 00",                   // event_length 123
                "7f 00 00 00",                   // log_pos 127 = 4 + 123
                "01 00",                         // flags LOG_EVENT_BINLOG_IN_USE_F
                "04 00",                         // binlog_version 4
                "38 2e 34 2e 33", Hex.zeros(45), // server_version "8.4.3" NUL-padded to 50
                "00 f1 53 65",                   // create_timestamp
                "13",                            // event_header_length 19
                "00 0d 00 08 00 00 00 00 04 00", // post-header lengths, types 1..10
                "04 00 00 00 63 00 04 1a 08 00", // types 11..20: FDE's own entry 0x63 = 57 + 42
                "00 00 00 00 00 02 00 00 00 0a", // types 21..30: v1 rows entries 0 in 8.4
                "0a 0a 2a 2a 00 12 34 00 0a 28", // types 31..40
                "00 00",                         // types 41..42
                "01");                           // checksum_alg CRC32
        assertEvent(expected, fde);
        assertEquals(127, writer.position());
    }

    @Test
    void fdeCrcIgnoresInUseFlagSoClearingItNeedsNoRecompute() {
        byte[] open = EventWriter.encodeAt(4, TIMESTAMP, 1, EventHeader.FLAG_BINLOG_IN_USE,
                FormatDescriptionEventData.mysql84("8.4.3", 0, ChecksumAlgorithm.CRC32), ChecksumAlgorithm.CRC32);
        byte[] closed = EventWriter.encodeAt(4, TIMESTAMP, 1, 0,
                FormatDescriptionEventData.mysql84("8.4.3", 0, ChecksumAlgorithm.CRC32), ChecksumAlgorithm.CRC32);
        assertEquals(0x01, open[17]);
        open[17] = 0;
        assertArrayEquals(closed, open);
    }

    @Test
    void fdeCarriesCrcEvenWhenChecksumsAreOff() {
        EventWriter writer = EventWriter.forNewFile(ChecksumAlgorithm.NONE);
        byte[] fde = writer.next(TIMESTAMP, 1, 0, FormatDescriptionEventData.mysql84("8.4.3", 0, ChecksumAlgorithm.NONE));
        assertEquals(123, fde.length);
        assertEquals(0, fde[fde.length - 5]);                       // alg byte NONE at event_length - 5
        byte[] previous = writer.next(TIMESTAMP, 1, 0, new PreviousGtidsEventData(GtidSet.EMPTY));
        assertEquals(27, previous.length);                          // no CRC on the other events
        assertEquals(154, writer.position());
    }

    @Test
    void emptyPreviousGtidsEndsAt158() {
        EventWriter writer = new EventWriter(ChecksumAlgorithm.CRC32, 127);
        byte[] event = writer.next(TIMESTAMP, 1, 0, new PreviousGtidsEventData(GtidSet.EMPTY));
        assertEvent(bytes(
                "00 f1 53 65",                   // timestamp
                "23",                            // type PREVIOUS_GTIDS (35)
                "01 00 00 00",                   // server_id
                "1f 00 00 00",                   // event_length 31
                "9e 00 00 00",                   // log_pos 158
                "00 00",                         // flags
                "00 00 00 00 00 00 00 00"),      // n_sids 0
                event);
        assertEquals(158, writer.position());
    }

    @Test
    void localGtidEventIs79Bytes() {
        GtidEventData gtid = GtidEventData.local(Gtid.parse(UUID_A + ":42"), 0, 3, 4, 1_700_000_000_123_456L,
                1000, 80403);
        byte[] event = EventWriter.encodeAt(158, TIMESTAMP, 1, 0, gtid, ChecksumAlgorithm.CRC32);
        assertEvent(bytes(
                "00 f1 53 65",                   // timestamp
                "21",                            // type GTID (33)
                "01 00 00 00",                   // server_id
                "4f 00 00 00",                   // event_length 79
                "ed 00 00 00",                   // log_pos 237 = 158 + 79
                "00 00",                         // flags
                "00",                            // gtid_flags: row-based only
                "3e 11 fa 47 71 ca 11 e1 9e 33 c8 0a a9 42 95 62", // source UUID in text order
                "2a 00 00 00 00 00 00 00",       // gno 42
                "02",                            // lt_type LOGICAL_TIMESTAMP
                "03 00 00 00 00 00 00 00",       // last_committed 3
                "04 00 00 00 00 00 00 00",       // sequence_number 4
                "40 22 20 18 24 0a 06",          // immediate_commit_timestamp (bit 55 clear: original equal)
                "fc e8 03",                      // transaction_length 1000, packed
                "13 3a 01 00"),                  // immediate_server_version 80403 (bit 31 clear)
                event);
    }

    @Test
    void relayedGtidEventCarriesOriginalFields() {
        GtidEventData gtid = new GtidEventData(GtidEventData.FLAG_MAY_HAVE_SBR, java.util.UUID.fromString(UUID_A), 7,
                0, 1, 1_700_000_000_123_456L, 1_699_999_999_000_000L, 200, 80403, 80036);
        BinlogOutput out = new BinlogOutput();
        gtid.write(out);
        assertEquals(Hex.of(bytes(
                "01",                            // FLAG_MAY_HAVE_SBR
                "3e 11 fa 47 71 ca 11 e1 9e 33 c8 0a a9 42 95 62",
                "07 00 00 00 00 00 00 00",       // gno 7
                "02",
                "00 00 00 00 00 00 00 00",       // last_committed 0
                "01 00 00 00 00 00 00 00",       // sequence_number 1
                "40 22 20 18 24 0a 86",          // immediate, bit 55 set: original follows
                "c0 fd 0e 18 24 0a 06",          // original_commit_timestamp
                "c8",                            // transaction_length 200 (one byte)
                "13 3a 01 80",                   // immediate version, bit 31 set: original follows
                "a4 38 01 00")),                 // original_server_version 80036
                Hex.of(out.toByteArray()));
        assertEquals(gtid, GtidEventData.read(new BinlogInput(out.toByteArray())));
        assertEquals(out.size(), gtid.dataLength());
    }

    @Test
    void transactionLengthCountsItsOwnPackedSize() {
        GtidEventData base = GtidEventData.local(Gtid.parse(UUID_A + ":1"), 0, 0, 1, 0, 0, 80403);
        // Small transaction: 77-byte GTID event (1-byte length) + 100 other bytes.
        assertEquals(177, base.withTransactionLengthOf(100, ChecksumAlgorithm.CRC32).transactionLength());
        // 250 - 77 + ... : total 250 still fits the 1-byte form; 251 needs 3 bytes, so the GTID event grows to 79.
        assertEquals(250, base.withTransactionLengthOf(173, ChecksumAlgorithm.CRC32).transactionLength());
        assertEquals(253, base.withTransactionLengthOf(174, ChecksumAlgorithm.CRC32).transactionLength());
        GtidEventData sized = base.withTransactionLengthOf(1000, ChecksumAlgorithm.CRC32);
        byte[] event = EventWriter.encodeAt(4, 0, 1, 0, sized, ChecksumAlgorithm.CRC32);
        assertEquals(1000 + event.length, sized.transactionLength());
    }

    @Test
    void xidEventIs31Bytes() {
        byte[] event = EventWriter.encodeAt(1000, TIMESTAMP, 1, 0, new XidEventData(0x1234), ChecksumAlgorithm.CRC32);
        assertEvent(bytes(
                "00 f1 53 65",                   // timestamp
                "10",                            // type XID (16)
                "01 00 00 00",                   // server_id
                "1f 00 00 00",                   // event_length 31
                "07 04 00 00",                   // log_pos 1031
                "00 00",                         // flags
                "34 12 00 00 00 00 00 00"),      // xid
                event);
    }

    @Test
    void queryBeginWithMysqlDefaultStatusVars() {
        QueryEventData begin = QueryEventData.begin(9, QueryStatusVars.mysqlDefaults(), "d");
        byte[] event = EventWriter.encodeAt(237, TIMESTAMP, 1, 0, begin, ChecksumAlgorithm.CRC32);
        assertEvent(bytes(
                "00 f1 53 65",                   // timestamp
                "02",                            // type QUERY
                "01 00 00 00",                   // server_id
                "45 00 00 00",                   // event_length 69
                "32 01 00 00",                   // log_pos 306 = 237 + 69
                "00 00",                         // flags
                "09 00 00 00",                   // thread_id 9
                "00 00 00 00",                   // exec_time
                "01",                            // db_len
                "00 00",                         // error_code
                "1a 00",                         // status_vars_len 26
                "00 00 00 00 00",                // Q_FLAGS2_CODE = 0
                "01 20 00 a0 45 00 00 00 00",    // Q_SQL_MODE_CODE = 0x45A00020 (8.0 default)
                "06 03 73 74 64",                // Q_CATALOG_NZ_CODE "std"
                "04 ff 00 ff 00 ff 00",          // Q_CHARSET_CODE 255/255/255
                "64 00",                         // db "d" + NUL
                "42 45 47 49 4e"),               // "BEGIN"
                event);
    }

    @Test
    void queryStatusVarsAreWrittenInMysqlOrderWhateverTheInputOrder() {
        QueryStatusVars vars = QueryStatusVars.of(
                new QueryStatusVar.DdlLoggedWithXid(5),
                new QueryStatusVar.UpdatedDbNames(java.util.List.of("d")),
                new QueryStatusVar.Charset(255, 255, 255),
                new QueryStatusVar.AutoIncrement(2, 1),
                QueryStatusVar.Catalog.STD,
                new QueryStatusVar.TimeZone("+00:00"),
                new QueryStatusVar.SqlMode(0),
                new QueryStatusVar.Flags2(0));
        BinlogOutput out = new BinlogOutput();
        vars.write(out);
        assertEquals(Hex.of(bytes(
                "00 00 00 00 00",                // flags2
                "01 00 00 00 00 00 00 00 00",    // sql_mode
                "06 03 73 74 64",                // catalog
                "03 02 00 01 00",                // auto_increment increment 2, offset 1
                "04 ff 00 ff 00 ff 00",          // charset
                "05 06 2b 30 30 3a 30 30",       // time zone "+00:00"
                "0c 01 64 00",                   // updated db names: 1, "d" NUL
                "11 05 00 00 00 00 00 00 00")),  // ddl xid 5
                Hex.of(out.toByteArray()));
        assertEquals(vars, QueryStatusVars.read(new BinlogInput(out.toByteArray())));
    }

    @Test
    void rotateAndStop() {
        byte[] rotate = EventWriter.encodeAt(500, TIMESTAMP, 1, 0, new RotateEventData(4, "binlog.000002"),
                ChecksumAlgorithm.CRC32);
        assertEvent(bytes(
                "00 f1 53 65", "04", "01 00 00 00",
                "2c 00 00 00",                   // event_length 44 = 19 + 8 + 13 + 4
                "20 02 00 00",                   // log_pos 544
                "00 00",
                "04 00 00 00 00 00 00 00",       // position 4
                "62 69 6e 6c 6f 67 2e 30 30 30 30 30 32"), // "binlog.000002", no NUL
                rotate);
        byte[] stop = EventWriter.encodeAt(500, TIMESTAMP, 1, 0, new StopEventData(), ChecksumAlgorithm.CRC32);
        assertEvent(bytes("00 f1 53 65", "03", "01 00 00 00", "17 00 00 00", "0b 02 00 00", "00 00"), stop);
    }

    @Test
    void fakeRotateAndHeartbeatsTakeExplicitLogPos() {
        byte[] fake = EventWriter.encodeWithLogPos(0, 0, 1, EventHeader.FLAG_ARTIFICIAL,
                new RotateEventData(4, "binlog.000001"), ChecksumAlgorithm.NONE);
        assertEquals(Hex.of(bytes(
                "00 00 00 00", "04", "01 00 00 00",
                "28 00 00 00",                   // 40 bytes, no CRC
                "00 00 00 00",                   // log_pos 0
                "20 00",                         // LOG_EVENT_ARTIFICIAL_F
                "04 00 00 00 00 00 00 00",
                "62 69 6e 6c 6f 67 2e 30 30 30 30 30 31")), Hex.of(fake));
        byte[] heartbeat = EventWriter.encodeWithLogPos(4096, 0, 1, 0, new HeartbeatEventData("binlog.000001"),
                ChecksumAlgorithm.NONE);
        assertEquals(Hex.of(bytes(
                "00 00 00 00", "1b", "01 00 00 00", "20 00 00 00",
                "00 10 00 00",                   // log_pos = synced position 4096
                "00 00",
                "62 69 6e 6c 6f 67 2e 30 30 30 30 30 31")), Hex.of(heartbeat));
        BinlogOutput v2 = new BinlogOutput();
        new HeartbeatV2EventData("binlog.000001", 70000).write(v2);
        assertEquals(Hex.of(bytes(
                "01 0d 62 69 6e 6c 6f 67 2e 30 30 30 30 30 31", // 1: file name
                "02 04 fd 70 11 01",             // 2: packed position 70000 (4 bytes packed)
                "00")),                          // end mark
                Hex.of(v2.toByteArray()));
        assertEquals(new HeartbeatV2EventData("binlog.000001", 70000),
                HeartbeatV2EventData.read(new BinlogInput(v2.toByteArray())));
    }
}
