package dev.mitosis.binlog;

/** A decoded event: its header and data; {@code checksum} is the stored CRC32 or -1 if none. */
public record BinlogEvent(EventHeader header, EventData data, long checksum) {
    public long startPosition() {
        return header.logPos() - header.eventLength();
    }
}
