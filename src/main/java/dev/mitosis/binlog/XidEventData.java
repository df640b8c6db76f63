package dev.mitosis.binlog;

/** XID_EVENT (16): commit of a transactional-engine transaction; any unique id (§8). */
public record XidEventData(long xid) implements EventData {
    @Override
    public EventType type() {
        return EventType.XID;
    }

    @Override
    public void write(BinlogOutput out) {
        out.int8(xid);
    }

    public static XidEventData read(BinlogInput in) {
        return new XidEventData(in.int8());
    }
}
