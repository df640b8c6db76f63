package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;

/**
 * HEARTBEAT_LOG_EVENT (27), stream only (§16): the current file name; the position the replica is
 * in sync up to travels in the header's log_pos, so write it with {@link EventWriter#encodeWithLogPos}.
 */
public record HeartbeatEventData(String logFile) implements EventData {
    @Override
    public EventType type() {
        return EventType.HEARTBEAT;
    }

    @Override
    public void write(BinlogOutput out) {
        out.bytes(logFile.getBytes(StandardCharsets.UTF_8));
    }

    public static HeartbeatEventData read(BinlogInput in) {
        return new HeartbeatEventData(in.utf8Rest());
    }
}
