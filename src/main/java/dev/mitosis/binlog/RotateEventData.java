package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;

/** ROTATE_EVENT (4): where to continue: the next file's name (no directory) and position, usually 4 (§6). */
public record RotateEventData(long position, String nextFile) implements EventData {
    @Override
    public EventType type() {
        return EventType.ROTATE;
    }

    @Override
    public void write(BinlogOutput out) {
        out.int8(position).bytes(nextFile.getBytes(StandardCharsets.UTF_8));
    }

    public static RotateEventData read(BinlogInput in) {
        return new RotateEventData(in.int8(), in.utf8Rest());
    }
}
