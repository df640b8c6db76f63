package dev.mitosis.binlog;

import dev.mitosis.gtid.GtidSet;

/** PREVIOUS_GTIDS_LOG_EVENT (35): gtid_executed when the file was created, in binary form (§10, §11.3). */
public record PreviousGtidsEventData(GtidSet gtids) implements EventData {
    @Override
    public EventType type() {
        return EventType.PREVIOUS_GTIDS;
    }

    @Override
    public void write(BinlogOutput out) {
        out.bytes(gtids.toBinary());
    }

    public static PreviousGtidsEventData read(BinlogInput in) {
        byte[] body = in.bytes(in.remaining());
        return new PreviousGtidsEventData(GtidSet.fromBinary(body, 0, body.length));
    }
}
