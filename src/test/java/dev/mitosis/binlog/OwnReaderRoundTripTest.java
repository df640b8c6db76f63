package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture file read back with our own reader: same headers, same data, checksums verified. */
class OwnReaderRoundTripTest {
    final BinlogFileFixture fixture = new BinlogFileFixture();

    @Test
    void everyEventReadsBackEqual() {
        List<BinlogEvent> events = BinlogEventReader.readFile(fixture.file);
        assertEquals(fixture.events.size(), events.size());
        for (int i = 0; i < events.size(); i++) {
            BinlogFileFixture.Written written = fixture.events.get(i);
            BinlogEvent read = events.get(i);
            assertEquals(written.header(), read.header(), "header " + i);
            assertEquals(written.start(), read.startPosition());
            assertEquals(asLogged(written.data()), read.data(), "data of event " + i + " " + written.data().type());
            assertTrue(read.checksum() >= 0);
        }
    }

    /** What a reader can know: column names only where the table map logged them. */
    private static EventData asLogged(EventData data) {
        return switch (data) {
            case TableMapEventData t -> t.asLogged();
            case WriteRowsEventData w -> new WriteRowsEventData(w.table().asLogged(), w.flags(), w.rows());
            case UpdateRowsEventData u -> new UpdateRowsEventData(u.table().asLogged(), u.flags(), u.rows());
            case DeleteRowsEventData d -> new DeleteRowsEventData(d.table().asLogged(), d.flags(), d.rows());
            default -> data;
        };
    }

    @Test
    void tableMapWithoutNamesReadsBackWithoutNames() {
        TableMapEventData read = (TableMapEventData) BinlogEventReader.readFile(fixture.file).get(4).data();
        assertEquals(null, read.columns().get(0).name());
        assertEquals(BinlogFileFixture.NUMBERS.asLogged(), read);
    }

    @Test
    void rejectsCorruptedChecksumAndMissingMagic() {
        byte[] corrupted = fixture.file.clone();
        corrupted[200] ^= 0x01;
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> BinlogEventReader.readFile(corrupted));
        assertTrue(e.getMessage().contains("CRC32 mismatch"), e.getMessage());
        byte[] noMagic = fixture.file.clone();
        noMagic[0] = 0;
        assertThrows(BinlogFormatException.class, () -> BinlogEventReader.readFile(noMagic));
    }

    @Test
    void rowsWithoutTableMapAreRejected() {
        BinlogEventReader reader = new BinlogEventReader(ChecksumAlgorithm.CRC32);
        int rowsIndex = 0;
        while (!(fixture.events.get(rowsIndex).data() instanceof WriteRowsEventData)) {
            rowsIndex++;
        }
        int start = (int) fixture.events.get(rowsIndex).start();
        assertThrows(BinlogFormatException.class, () -> reader.read(fixture.file, start));
    }

    @Test
    void unknownEventTypesAreKeptAsBytes() {
        byte[] event = EventWriter.encodeAt(4, 0, 1, EventHeader.FLAG_IGNORABLE,
                new UnknownEventData(29, new byte[] {1, 'x'}), ChecksumAlgorithm.CRC32);
        BinlogEvent read = new BinlogEventReader(ChecksumAlgorithm.CRC32).read(event, 0);
        assertEquals(new UnknownEventData(29, new byte[] {1, 'x'}), read.data());
        assertEquals(EventType.ROWS_QUERY, read.header().type());
    }

    @Test
    void checksumlessFileReadsBack() {
        EventWriter writer = EventWriter.forNewFile(ChecksumAlgorithm.NONE);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(EventWriter.magic());
        out.writeBytes(writer.next(1, 1, 0, FormatDescriptionEventData.mysql84("8.4.3", 0, ChecksumAlgorithm.NONE)));
        out.writeBytes(writer.next(1, 1, 0, new XidEventData(5)));
        out.writeBytes(writer.next(1, 1, 0, new StopEventData()));
        List<BinlogEvent> events = BinlogEventReader.readFile(out.toByteArray());
        assertEquals(new XidEventData(5), events.get(1).data());
        assertEquals(-1, events.get(1).checksum());
        assertEquals(new StopEventData(), events.get(2).data());
    }
}
