package dev.mitosis.binlog;

/** STOP_EVENT (3): clean shutdown; empty body (§6). */
public record StopEventData() implements EventData {
    @Override
    public EventType type() {
        return EventType.STOP;
    }

    @Override
    public void write(BinlogOutput out) {
        // No body.
    }

    public static StopEventData read(BinlogInput in) {
        return new StopEventData();
    }
}
