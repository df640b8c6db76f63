package dev.mitosis.binlog;

/**
 * The 19-byte v4 common header (binlog-format.md §2). {@code logPos} is the "next position": the
 * offset in the file where the following event starts (0 in artificial events).
 */
public record EventHeader(long timestamp, int typeCode, long serverId, long eventLength, long logPos, int flags) {
    public static final int LENGTH = 19;

    public static final int FLAG_BINLOG_IN_USE = 0x0001;
    public static final int FLAG_THREAD_SPECIFIC = 0x0004;
    public static final int FLAG_SUPPRESS_USE = 0x0008;
    public static final int FLAG_ARTIFICIAL = 0x0020;
    public static final int FLAG_RELAY_LOG = 0x0040;
    public static final int FLAG_IGNORABLE = 0x0080;
    public static final int FLAG_NO_FILTER = 0x0100;
    public static final int FLAG_MTS_ISOLATE = 0x0200;

    /** Null for codes MySQL does not define. */
    public EventType type() {
        return EventType.byCode(typeCode);
    }

    public void write(BinlogOutput out) {
        out.int4(timestamp).int1(typeCode).int4(serverId).int4(eventLength).int4(logPos).int2(flags);
    }

    public static EventHeader read(BinlogInput in) {
        return new EventHeader(in.int4(), in.int1(), in.int4(), in.int4(), in.int4(), in.int2());
    }
}
