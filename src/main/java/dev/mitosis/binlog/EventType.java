package dev.mitosis.binlog;

/** Binlog event type codes (binlog-format.md §4). */
public enum EventType {
    UNKNOWN(0),
    START_V3(1),
    QUERY(2),
    STOP(3),
    ROTATE(4),
    INTVAR(5),
    SLAVE(7),
    APPEND_BLOCK(9),
    DELETE_FILE(11),
    RAND(13),
    USER_VAR(14),
    FORMAT_DESCRIPTION(15),
    XID(16),
    BEGIN_LOAD_QUERY(17),
    EXECUTE_LOAD_QUERY(18),
    TABLE_MAP(19),
    WRITE_ROWS_V1(23),
    UPDATE_ROWS_V1(24),
    DELETE_ROWS_V1(25),
    INCIDENT(26),
    HEARTBEAT(27),
    IGNORABLE(28),
    ROWS_QUERY(29),
    WRITE_ROWS(30),
    UPDATE_ROWS(31),
    DELETE_ROWS(32),
    GTID(33),
    ANONYMOUS_GTID(34),
    PREVIOUS_GTIDS(35),
    TRANSACTION_CONTEXT(36),
    VIEW_CHANGE(37),
    XA_PREPARE(38),
    PARTIAL_UPDATE_ROWS(39),
    TRANSACTION_PAYLOAD(40),
    HEARTBEAT_V2(41),
    GTID_TAGGED(42);

    private static final EventType[] BY_CODE = new EventType[256];

    static {
        for (EventType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null for codes MySQL does not define. */
    public static EventType byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
