package dev.mitosis.binlog;

/** The part of an event after the common header and before the checksum, one implementation per type. */
public interface EventData {
    EventType type();

    /** The header's type code; differs from {@code type().code()} only for undecoded events. */
    default int typeCode() {
        return type().code();
    }

    /** Writes post-header and body. */
    void write(BinlogOutput out);
}
