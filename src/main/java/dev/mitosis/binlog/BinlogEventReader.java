package dev.mitosis.binlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a sequence of events from one file or stream. Stateful like a replica: it learns the
 * checksum algorithm from each FORMAT_DESCRIPTION event and remembers table maps by id for the rows
 * events that follow. Verifies CRC32 trailers when present.
 */
public final class BinlogEventReader {
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private ChecksumAlgorithm checksum;

    /** @param checksum the algorithm until the first FDE (the negotiated one for a stream; any for a file) */
    public BinlogEventReader(ChecksumAlgorithm checksum) {
        this.checksum = checksum;
    }

    public ChecksumAlgorithm checksum() {
        return checksum;
    }

    /** Decodes every event of a whole binlog file (magic bytes first). */
    public static List<BinlogEvent> readFile(byte[] file) {
        byte[] magic = EventWriter.magic();
        if (file.length < magic.length || !Arrays.equals(file, 0, magic.length, magic, 0, magic.length)) {
            throw new BinlogFormatException("Not a binlog file: missing magic bytes FE 62 69 6E");
        }
        BinlogEventReader reader = new BinlogEventReader(ChecksumAlgorithm.NONE);
        List<BinlogEvent> events = new ArrayList<>();
        int pos = magic.length;
        while (pos < file.length) {
            BinlogEvent event = reader.read(file, pos);
            events.add(event);
            pos += (int) event.header().eventLength();
        }
        return events;
    }

    /** Decodes the event starting at {@code off}; its length comes from its header. */
    public BinlogEvent read(byte[] buf, int off) {
        if (buf.length - off < EventHeader.LENGTH) {
            throw new BinlogFormatException("Truncated event header at " + off);
        }
        EventHeader header = EventHeader.read(new BinlogInput(buf, off, EventHeader.LENGTH));
        long length = header.eventLength();
        if (length < EventHeader.LENGTH || length > buf.length - off) {
            throw new BinlogFormatException("Event at " + off + " claims length " + length + " but "
                    + (buf.length - off) + " bytes remain");
        }
        boolean isFde = header.typeCode() == EventType.FORMAT_DESCRIPTION.code();
        int trailer = isFde ? 4 : checksum.trailerLength();
        int bodyLength = (int) length - EventHeader.LENGTH - trailer;
        if (bodyLength < 0) {
            throw new BinlogFormatException("Event at " + off + " too short for its checksum");
        }
        long storedCrc = -1;
        if (trailer > 0) {
            int crcAt = off + (int) length - 4;
            storedCrc = new BinlogInput(buf, crcAt, 4).int4();
            long computed = EventWriter.crc(buf, off, (int) length - 4);
            if (computed != storedCrc) {
                throw new BinlogFormatException("CRC32 mismatch in event type " + header.typeCode() + " at " + off
                        + ": stored " + Long.toHexString(storedCrc) + ", computed " + Long.toHexString(computed));
            }
        }
        BinlogInput body = new BinlogInput(buf, off + EventHeader.LENGTH, bodyLength);
        EventDataReader reader = EventDataReaders.forType(header.typeCode());
        EventData data = reader == null
                ? new UnknownEventData(header.typeCode(), body.bytes(bodyLength))
                : reader.read(body, tableMaps::get);
        if (data instanceof FormatDescriptionEventData fde) {
            checksum = fde.checksum();
        } else if (data instanceof TableMapEventData tableMap) {
            tableMaps.put(tableMap.tableId(), tableMap);
        }
        return new BinlogEvent(header, data, storedCrc);
    }
}
