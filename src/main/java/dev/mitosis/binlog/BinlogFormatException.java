package dev.mitosis.binlog;

/** Bytes that are not a well-formed binlog event (truncated, bad checksum, unknown encoding). */
public final class BinlogFormatException extends RuntimeException {
    public BinlogFormatException(String message) {
        super(message);
    }
}
