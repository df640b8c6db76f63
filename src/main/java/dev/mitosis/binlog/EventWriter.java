package dev.mitosis.binlog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Serialises events with a correct header (event_length, log_pos = next position) and CRC32
 * trailer, tracking the position in the file. Writing a FORMAT_DESCRIPTION event switches to the
 * checksum algorithm it declares, as readers do. Not thread-safe: one writer per file.
 */
public final class EventWriter {
    /** Every binlog file starts with these 4 bytes; the first event is at {@link #FIRST_EVENT_POSITION}. */
    private static final byte[] MAGIC = {(byte) 0xFE, 0x62, 0x69, 0x6E};
    public static final long FIRST_EVENT_POSITION = 4;

    private ChecksumAlgorithm checksum;
    private long position;

    public EventWriter(ChecksumAlgorithm checksum, long position) {
        this.checksum = checksum;
        this.position = position;
    }

    /** A writer for a new file, positioned after the magic bytes (which the caller writes first). */
    public static EventWriter forNewFile(ChecksumAlgorithm checksum) {
        return new EventWriter(checksum, FIRST_EVENT_POSITION);
    }

    public static byte[] magic() {
        return MAGIC.clone();
    }

    public long position() {
        return position;
    }

    public ChecksumAlgorithm checksum() {
        return checksum;
    }

    /** Encodes the next event at the current position and advances past it. */
    public byte[] next(long timestamp, long serverId, int flags, EventData data) {
        byte[] event = encodeAt(position, timestamp, serverId, flags, data, checksum);
        position += event.length;
        if (data instanceof FormatDescriptionEventData fde) {
            checksum = fde.checksum();
        }
        return event;
    }

    /** {@link #next} written to a stream; returns the event's start position. */
    public long append(OutputStream out, long timestamp, long serverId, int flags, EventData data) throws IOException {
        long start = position;
        out.write(next(timestamp, serverId, flags, data));
        return start;
    }

    /** {@link #next} put into a buffer; returns the event's start position. */
    public long append(ByteBuffer out, long timestamp, long serverId, int flags, EventData data) {
        long start = position;
        out.put(next(timestamp, serverId, flags, data));
        return start;
    }

    /** An event starting at {@code startPosition}: log_pos = start + length. */
    public static byte[] encodeAt(long startPosition, long timestamp, long serverId, int flags, EventData data,
            ChecksumAlgorithm checksum) {
        return encode(startPosition, true, timestamp, serverId, flags, data, checksum);
    }

    /**
     * An event whose log_pos is given rather than derived: 0 for a fake ROTATE, the synced position
     * for a HEARTBEAT.
     */
    public static byte[] encodeWithLogPos(long logPos, long timestamp, long serverId, int flags, EventData data,
            ChecksumAlgorithm checksum) {
        return encode(logPos, false, timestamp, serverId, flags, data, checksum);
    }

    /** Bytes the event takes in a file with this checksum algorithm (for GTID transaction_length). */
    public static int encodedLength(EventData data, ChecksumAlgorithm checksum) {
        return encodeAt(0, 0, 0, 0, data, checksum).length;
    }

    /** CRC32 of an event's bytes before the trailer; the FDE's is computed with BINLOG_IN_USE cleared. */
    public static long crc(byte[] event, int off, int lengthWithoutTrailer) {
        CRC32 crc = new CRC32();
        if ((event[off + 4] & 0xFF) == EventType.FORMAT_DESCRIPTION.code()) {
            byte[] copy = java.util.Arrays.copyOfRange(event, off, off + lengthWithoutTrailer);
            copy[17] &= (byte) ~EventHeader.FLAG_BINLOG_IN_USE;
            crc.update(copy);
        } else {
            crc.update(event, off, lengthWithoutTrailer);
        }
        return crc.getValue();
    }

    private static byte[] encode(long position, boolean positionIsStart, long timestamp, long serverId, int flags,
            EventData data, ChecksumAlgorithm checksum) {
        BinlogOutput out = new BinlogOutput(128);
        new EventHeader(timestamp, data.typeCode(), serverId, 0, 0, flags).write(out);
        data.write(out);
        // The FDE always carries a CRC, even when it declares NONE (binlog-format.md §3).
        boolean withCrc = data instanceof FormatDescriptionEventData || checksum == ChecksumAlgorithm.CRC32;
        int length = out.size() + (withCrc ? 4 : 0);
        long logPos = positionIsStart ? position + length : position;
        if (logPos > 0xFFFFFFFFL) {
            throw new IllegalStateException("log_pos " + logPos + " does not fit 32 bits; rotate the file earlier");
        }
        out.setInt4(9, length);
        out.setInt4(13, logPos);
        if (withCrc) {
            byte[] body = out.toByteArray();
            out.int4(crc(body, 0, body.length));
        }
        return out.toByteArray();
    }
}
