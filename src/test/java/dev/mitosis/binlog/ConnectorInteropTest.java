package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import dev.mitosis.gtid.GtidSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A file written by the codec, read by mysql-binlog-connector-java: every header and decoded field
 * must be what was written.
 */
class ConnectorInteropTest {
    static BinlogFileFixture fixture;
    static List<Event> decoded;

    @BeforeAll
    static void readWithConnector() throws IOException {
        fixture = new BinlogFileFixture();
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        decoded = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(new ByteArrayInputStream(fixture.file), deserializer)) {
            for (Event event = reader.readEvent(); event != null; event = reader.readEvent()) {
                decoded.add(event);
            }
        }
    }

    @Test
    void sameEventsAtTheSamePositions() {
        assertEquals(fixture.events.size(), decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            EventHeaderV4 header = decoded.get(i).getHeader();
            BinlogFileFixture.Written written = fixture.events.get(i);
            assertEquals(written.data().type().code(), typeCode(header), "type of event " + i);
            assertEquals(written.start() + written.header().eventLength(), header.getNextPosition(), "log_pos " + i);
            assertEquals(written.header().eventLength(), header.getEventLength());
            assertEquals(BinlogFileFixture.SERVER_ID, header.getServerId());
            assertEquals(BinlogFileFixture.TIMESTAMP * 1000, header.getTimestamp());
        }
        assertEquals(127, ((EventHeaderV4) decoded.get(0).getHeader()).getNextPosition());
        assertEquals(fixture.file.length, ((EventHeaderV4) decoded.get(decoded.size() - 1).getHeader()).getNextPosition());
    }

    private static int typeCode(EventHeaderV4 header) {
        return switch (header.getEventType()) {
            case FORMAT_DESCRIPTION -> 15;
            case PREVIOUS_GTIDS -> 35;
            case GTID -> 33;
            case QUERY -> 2;
            case TABLE_MAP -> 19;
            case EXT_WRITE_ROWS -> 30;
            case EXT_UPDATE_ROWS -> 31;
            case EXT_DELETE_ROWS -> 32;
            case XID -> 16;
            case ROTATE -> 4;
            default -> -1;
        };
    }

    @Test
    void formatDescriptionAndPreviousGtids() {
        com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData fde = decoded.get(0).getData();
        assertEquals(4, fde.getBinlogVersion());
        assertEquals("8.4.3", fde.getServerVersion());
        assertEquals(19, fde.getHeaderLength());
        assertEquals(ChecksumType.CRC32, fde.getChecksumType());
        com.github.shyiko.mysql.binlog.event.PreviousGtidSetEventData previous = decoded.get(1).getData();
        assertEquals(BinlogFileFixture.PREVIOUS, GtidSet.parse(previous.getGtidSet()));
        assertEquals(158 + BinlogFileFixture.PREVIOUS.binarySize() - 8,
                ((EventHeaderV4) decoded.get(1).getHeader()).getNextPosition());
    }

    @Test
    void gtidEventsWithLogicalClockAndTransactionLength() {
        List<Integer> gtidIndexes = indexesOf(GtidEventData.class);
        assertEquals(4, gtidIndexes.size());
        for (int n = 0; n < gtidIndexes.size(); n++) {
            int i = gtidIndexes.get(n);
            GtidEventData ours = (GtidEventData) fixture.events.get(i).data();
            com.github.shyiko.mysql.binlog.event.GtidEventData theirs = decoded.get(i).getData();
            assertEquals(ours.sourceId(), theirs.getMySqlGtid().getServerId());
            assertEquals(ours.gno(), theirs.getMySqlGtid().getTransactionId());
            assertEquals(fixture.gtids.get(n).toString(), theirs.getMySqlGtid().toString());
            assertEquals(ours.flags(), theirs.getFlags());
            assertEquals(n, theirs.getLastCommitted());
            assertEquals(n + 1, theirs.getSequenceNumber());
            assertEquals(ours.immediateCommitTimestamp(), theirs.getImmediateCommitTimestamp());
            assertEquals(ours.immediateCommitTimestamp(), theirs.getOriginalCommitTimestamp());
            assertEquals(BinlogFileFixture.SERVER_VERSION, theirs.getImmediateServerVersion());
            assertEquals(BinlogFileFixture.SERVER_VERSION, theirs.getOriginalServerVersion());
            // transaction_length = bytes from this GTID event to the start of the next transaction.
            long start = fixture.events.get(i).start();
            long end = n + 1 < gtidIndexes.size()
                    ? fixture.events.get(gtidIndexes.get(n + 1)).start()
                    : fixture.events.get(fixture.events.size() - 1).start();
            assertEquals(end - start, theirs.getTransactionLength());
        }
        assertEquals(79, ((EventHeaderV4) decoded.get(gtidIndexes.get(0)).getHeader()).getEventLength());
    }

    @Test
    void queries() {
        List<Integer> queries = indexesOf(QueryEventData.class);
        assertEquals(4, queries.size());
        for (int i : queries) {
            QueryEventData ours = (QueryEventData) fixture.events.get(i).data();
            com.github.shyiko.mysql.binlog.event.QueryEventData theirs = decoded.get(i).getData();
            assertEquals(ours.sql(), theirs.getSql());
            assertEquals("shop", theirs.getDatabase());
            assertEquals(ours.threadId(), theirs.getThreadId());
            assertEquals(0, theirs.getErrorCode());
        }
        com.github.shyiko.mysql.binlog.event.QueryEventData ddl = decoded.get(queries.get(3)).getData();
        assertEquals(BinlogFileFixture.DDL, ddl.getSql());
    }

    @Test
    void tableMaps() {
        for (int i : indexesOf(TableMapEventData.class)) {
            TableMapEventData ours = (TableMapEventData) fixture.events.get(i).data();
            com.github.shyiko.mysql.binlog.event.TableMapEventData theirs = decoded.get(i).getData();
            assertEquals(ours.tableId(), theirs.getTableId());
            assertEquals("shop", theirs.getDatabase());
            assertEquals(ours.table(), theirs.getTable());
            byte[] types = new byte[ours.columns().size()];
            BitSet nullable = new BitSet();
            BitSet unsigned = new BitSet();
            for (int c = 0; c < types.length; c++) {
                ColumnDef column = ours.columns().get(c);
                types[c] = (byte) column.type().code();
                nullable.set(c, column.nullable());
                unsigned.set(c, column.unsigned());
            }
            assertArrayEquals(types, theirs.getColumnTypes());
            assertEquals(nullable, theirs.getColumnNullability());
            assertEquals(unsigned, theirs.getEventMetadata().getSignedness());
            if (ours.columnNamesLogged()) {
                assertEquals(ours.columns().stream().map(ColumnDef::name).toList(),
                        theirs.getEventMetadata().getColumnNames());
                // utf8mb4_0900_ai_ci is the default; character column 2 (tag) is utf8mb4_bin; the BLOB is binary.
                assertEquals(255, theirs.getEventMetadata().getDefaultCharset().getDefaultCharsetCollation());
                assertEquals(Map.of(2, Collations.UTF8MB4_BIN, 4, Collations.BINARY),
                        theirs.getEventMetadata().getDefaultCharset().getCharsetCollations());
                assertEquals(255, theirs.getEventMetadata().getEnumAndSetDefaultCharset().getDefaultCharsetCollation());
            } else {
                assertNull(theirs.getEventMetadata().getColumnNames());
            }
        }
    }

    @Test
    void writeRows() {
        List<Integer> writes = indexesOf(WriteRowsEventData.class);
        assertEquals(2, writes.size());
        for (int i : writes) {
            WriteRowsEventData ours = (WriteRowsEventData) fixture.events.get(i).data();
            com.github.shyiko.mysql.binlog.event.WriteRowsEventData theirs = decoded.get(i).getData();
            assertEquals(ours.table().tableId(), theirs.getTableId());
            assertRows(ours.table(), ours.rows(), theirs.getRows());
        }
    }

    @Test
    void updateRows() {
        int i = indexesOf(UpdateRowsEventData.class).get(0);
        UpdateRowsEventData ours = (UpdateRowsEventData) fixture.events.get(i).data();
        com.github.shyiko.mysql.binlog.event.UpdateRowsEventData theirs = decoded.get(i).getData();
        assertEquals(ours.table().tableId(), theirs.getTableId());
        assertEquals(ours.rows().size(), theirs.getRows().size());
        for (int r = 0; r < ours.rows().size(); r++) {
            Map.Entry<Serializable[], Serializable[]> change = theirs.getRows().get(r);
            assertRow(ours.table(), ours.rows().get(r).before(), change.getKey());
            assertRow(ours.table(), ours.rows().get(r).after(), change.getValue());
        }
    }

    @Test
    void deleteRows() {
        int i = indexesOf(DeleteRowsEventData.class).get(0);
        DeleteRowsEventData ours = (DeleteRowsEventData) fixture.events.get(i).data();
        com.github.shyiko.mysql.binlog.event.DeleteRowsEventData theirs = decoded.get(i).getData();
        assertEquals(ours.table().tableId(), theirs.getTableId());
        assertRows(ours.table(), ours.rows(), theirs.getRows());
    }

    @Test
    void xidsAndRotate() {
        List<Integer> xids = indexesOf(XidEventData.class);
        assertEquals(List.of(1001L, 1002L, 1003L), xids.stream()
                .map(i -> ((com.github.shyiko.mysql.binlog.event.XidEventData) decoded.get(i).getData()).getXid())
                .toList());
        com.github.shyiko.mysql.binlog.event.RotateEventData rotate = decoded.get(decoded.size() - 1).getData();
        assertEquals("binlog.000002", rotate.getBinlogFilename());
        assertEquals(4, rotate.getBinlogPosition());
    }

    private static void assertRows(TableMapEventData table, List<Row> ours, List<Serializable[]> theirs) {
        assertEquals(ours.size(), theirs.size());
        for (int r = 0; r < ours.size(); r++) {
            assertRow(table, ours.get(r), theirs.get(r));
        }
    }

    private static void assertRow(TableMapEventData table, Row ours, Serializable[] theirs) {
        assertEquals(ours.size(), theirs.length);
        for (int c = 0; c < theirs.length; c++) {
            ColumnDef column = table.columns().get(c);
            Object expected = ours.isNull(c) ? null : connectorForm(column, ours.get(c));
            String where = table.table() + "." + column.name() + " = " + ours.get(c);
            if (expected instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) theirs[c], where);
            } else if (expected instanceof BigDecimal decimal) {
                assertInstanceOf(BigDecimal.class, theirs[c], where);
                assertEquals(0, decimal.compareTo((BigDecimal) theirs[c]), where + " but was " + theirs[c]);
            } else {
                assertEquals(expected, theirs[c], where);
            }
        }
    }

    /**
     * How the connector presents a value: integers as signed Integer/Long of the same bits, temporal
     * values as microseconds (UTC), strings and blobs as bytes, BIT as a BitSet.
     */
    private static Object connectorForm(ColumnDef column, Object value) {
        return switch (column.realType()) {
            case TINY -> (int) (byte) ((Number) value).intValue();
            case SHORT -> (int) (short) ((Number) value).intValue();
            case INT24 -> (((Number) value).intValue() << 8) >> 8;
            case LONG -> (int) ((Number) value).longValue();
            case LONGLONG -> value instanceof BigInteger big ? big.longValue() : (Long) value;
            case FLOAT, DOUBLE, NEWDECIMAL, YEAR, ENUM, SET -> value;
            case DATE -> ((LocalDate) value).toEpochDay() * 86_400_000_000L;
            case DATETIME2 -> micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC));
            case TIMESTAMP2 -> micros((Instant) value);
            case TIME2 -> ((Duration) value).toNanos() / 1000;
            case STRING, VARCHAR, BLOB -> value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : value;
            case BIT -> BitSet.valueOf(new long[] {(Long) value});
            default -> throw new AssertionError("no connector form for " + column);
        };
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static List<Integer> indexesOf(Class<? extends EventData> kind) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < fixture.events.size(); i++) {
            if (kind.isInstance(fixture.events.get(i).data())) {
                indexes.add(i);
            }
        }
        assertTrue(!indexes.isEmpty(), "fixture has no " + kind.getSimpleName());
        return indexes;
    }
}
