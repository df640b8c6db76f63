package dev.mitosis.binlog;

/**
 * HEARTBEAT_LOG_EVENT_V2 (41), stream only (§16): TLVs of packed integers, {@code 01} file name,
 * {@code 02} 64-bit position, {@code 00} end mark.
 */
public record HeartbeatV2EventData(String logFile, long position) implements EventData {
    private static final int END = 0;
    private static final int LOG_FILENAME = 1;
    private static final int LOG_POSITION = 2;

    @Override
    public EventType type() {
        return EventType.HEARTBEAT_V2;
    }

    @Override
    public void write(BinlogOutput out) {
        out.packedInt(LOG_FILENAME).packedString(logFile);
        out.packedInt(LOG_POSITION).packedInt(BinlogOutput.packedIntSize(position)).packedInt(position);
        out.packedInt(END);
    }

    public static HeartbeatV2EventData read(BinlogInput in) {
        String file = "";
        long position = 0;
        while (in.hasRemaining()) {
            int field = (int) in.packedInt();
            if (field == END) {
                break;
            }
            BinlogInput value = in.slice(in.packedLength());
            switch (field) {
                case LOG_FILENAME -> file = value.utf8Rest();
                case LOG_POSITION -> position = value.packedInt();
                default -> { } // unknown fields are skipped by their length
            }
        }
        return new HeartbeatV2EventData(file, position);
    }
}
