package dev.mitosis.binlog;

import java.util.Arrays;

/** An event this codec does not decode; its body is kept so it can be relayed unchanged. */
public final class UnknownEventData implements EventData {
    private final int typeCode;
    private final byte[] body;

    public UnknownEventData(int typeCode, byte[] body) {
        this.typeCode = typeCode;
        this.body = body.clone();
    }

    @Override
    public int typeCode() {
        return typeCode;
    }

    public byte[] body() {
        return body.clone();
    }

    /** {@link EventType#UNKNOWN} when the code is not a MySQL type. */
    @Override
    public EventType type() {
        EventType type = EventType.byCode(typeCode);
        return type == null ? EventType.UNKNOWN : type;
    }

    @Override
    public void write(BinlogOutput out) {
        out.bytes(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownEventData other && typeCode == other.typeCode && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return typeCode * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownEvent{type=" + typeCode + ", " + body.length + " bytes}";
    }
}
