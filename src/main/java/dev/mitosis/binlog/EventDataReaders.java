package dev.mitosis.binlog;

import java.util.EnumMap;
import java.util.Map;

/** The registry of readers by event type; types without a reader decode as {@link UnknownEventData}. */
public final class EventDataReaders {
    private static final Map<EventType, EventDataReader> READERS = new EnumMap<>(EventType.class);

    static {
        READERS.put(EventType.FORMAT_DESCRIPTION, (in, tables) -> FormatDescriptionEventData.read(in));
        READERS.put(EventType.PREVIOUS_GTIDS, (in, tables) -> PreviousGtidsEventData.read(in));
        READERS.put(EventType.GTID, (in, tables) -> GtidEventData.read(in));
        READERS.put(EventType.ANONYMOUS_GTID, (in, tables) -> GtidEventData.read(in));
        READERS.put(EventType.QUERY, (in, tables) -> QueryEventData.read(in));
        READERS.put(EventType.TABLE_MAP, (in, tables) -> TableMapEventData.read(in));
        READERS.put(EventType.WRITE_ROWS, WriteRowsEventData::read);
        READERS.put(EventType.UPDATE_ROWS, UpdateRowsEventData::read);
        READERS.put(EventType.DELETE_ROWS, DeleteRowsEventData::read);
        READERS.put(EventType.XID, (in, tables) -> XidEventData.read(in));
        READERS.put(EventType.ROTATE, (in, tables) -> RotateEventData.read(in));
        READERS.put(EventType.STOP, (in, tables) -> StopEventData.read(in));
        READERS.put(EventType.HEARTBEAT, (in, tables) -> HeartbeatEventData.read(in));
        READERS.put(EventType.HEARTBEAT_V2, (in, tables) -> HeartbeatV2EventData.read(in));
    }

    private EventDataReaders() {}

    /** The reader for a type code, or null when this codec does not decode it. */
    public static EventDataReader forType(int typeCode) {
        EventType type = EventType.byCode(typeCode);
        return type == null ? null : READERS.get(type);
    }
}
