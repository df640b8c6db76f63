package dev.mitosis.binlog;

/** MySQL field type codes as they appear in table maps (binlog-format.md §13). */
public enum ColumnType {
    DECIMAL(0),
    TINY(1),
    SHORT(2),
    LONG(3),
    FLOAT(4),
    DOUBLE(5),
    NULL(6),
    TIMESTAMP(7),
    LONGLONG(8),
    INT24(9),
    DATE(10),
    TIME(11),
    DATETIME(12),
    YEAR(13),
    NEWDATE(14),
    VARCHAR(15),
    BIT(16),
    TIMESTAMP2(17),
    DATETIME2(18),
    TIME2(19),
    TYPED_ARRAY(20),
    VECTOR(242),
    INVALID(243),
    BOOL(244),
    JSON(245),
    NEWDECIMAL(246),
    ENUM(247),
    SET(248),
    TINY_BLOB(249),
    MEDIUM_BLOB(250),
    LONG_BLOB(251),
    BLOB(252),
    VAR_STRING(253),
    STRING(254),
    GEOMETRY(255);

    private static final ColumnType[] BY_CODE = new ColumnType[256];

    static {
        for (ColumnType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    ColumnType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ColumnType byCode(int code) {
        ColumnType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (type == null) {
            throw new BinlogFormatException("Unknown column type " + code);
        }
        return type;
    }

    /** Bytes of table-map metadata for this type (a reader must know them to walk the block). */
    int metadataLength() {
        return switch (this) {
            case FLOAT, DOUBLE, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, JSON, GEOMETRY, TIME2, DATETIME2,
                    TIMESTAMP2, VECTOR -> 1;
            case NEWDECIMAL, VARCHAR, VAR_STRING, STRING, BIT, ENUM, SET -> 2;
            default -> 0;
        };
    }

    /** The columns MySQL lists in the SIGNEDNESS optional metadata (YEAR is not one). */
    boolean isNumeric() {
        return switch (this) {
            case TINY, SHORT, INT24, LONG, LONGLONG, FLOAT, DOUBLE, NEWDECIMAL -> true;
            default -> false;
        };
    }
}
