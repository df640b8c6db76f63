package dev.mitosis.binlog;

/**
 * A column as the binlog sees it: the type code and metadata a table map carries, plus what the
 * optional metadata adds (signedness, collation, name). The server builds these from its catalog
 * with the factories; readers rebuild them from table maps.
 *
 * <p>{@code metadata} holds the table-map metadata bytes as a little-endian number: first byte in
 * bits 0-7, second in bits 8-15 (so VARCHAR's is the max byte length, DECIMAL's is
 * {@code precision | scale << 8}). {@code collation} is 0 for non-character columns and for
 * character columns whose table map did not say. {@code name} is null when not logged.
 */
public record ColumnDef(String name, ColumnType type, int metadata, boolean nullable, boolean unsigned,
        int collation) {

    private static final int CHAR_TYPE_BYTE = 0xFE;

    public ColumnDef {
        int max = switch (type.metadataLength()) {
            case 0 -> 0;
            case 1 -> 0xFF;
            default -> 0xFFFF;
        };
        if (metadata < 0 || metadata > max) {
            throw new IllegalArgumentException("Metadata " + metadata + " out of range for " + type);
        }
        if (type == ColumnType.VAR_STRING) {
            throw new IllegalArgumentException("MySQL never puts VAR_STRING (253) in a table map; use VARCHAR");
        }
    }

    /** TINYINT (TINY), SMALLINT (SHORT), MEDIUMINT (INT24), INT (LONG), BIGINT (LONGLONG). */
    public static ColumnDef integer(String name, ColumnType type, boolean unsigned, boolean nullable) {
        switch (type) {
            case TINY, SHORT, INT24, LONG, LONGLONG -> { }
            default -> throw new IllegalArgumentException("Not an integer type: " + type);
        }
        return new ColumnDef(name, type, 0, nullable, unsigned, 0);
    }

    public static ColumnDef floatColumn(String name, boolean unsigned, boolean nullable) {
        return new ColumnDef(name, ColumnType.FLOAT, 4, nullable, unsigned, 0);
    }

    public static ColumnDef doubleColumn(String name, boolean unsigned, boolean nullable) {
        return new ColumnDef(name, ColumnType.DOUBLE, 8, nullable, unsigned, 0);
    }

    public static ColumnDef decimal(String name, int precision, int scale, boolean unsigned, boolean nullable) {
        if (precision < 1 || precision > 65 || scale < 0 || scale > 30 || scale > precision) {
            throw new IllegalArgumentException("Invalid DECIMAL(" + precision + "," + scale + ")");
        }
        return new ColumnDef(name, ColumnType.NEWDECIMAL, precision | scale << 8, nullable, unsigned, 0);
    }

    public static ColumnDef year(String name, boolean nullable) {
        return new ColumnDef(name, ColumnType.YEAR, 0, nullable, false, 0);
    }

    public static ColumnDef date(String name, boolean nullable) {
        return new ColumnDef(name, ColumnType.DATE, 0, nullable, false, 0);
    }

    public static ColumnDef time(String name, int fsp, boolean nullable) {
        return new ColumnDef(name, ColumnType.TIME2, checkFsp(fsp), nullable, false, 0);
    }

    public static ColumnDef datetime(String name, int fsp, boolean nullable) {
        return new ColumnDef(name, ColumnType.DATETIME2, checkFsp(fsp), nullable, false, 0);
    }

    public static ColumnDef timestamp(String name, int fsp, boolean nullable) {
        return new ColumnDef(name, ColumnType.TIMESTAMP2, checkFsp(fsp), nullable, false, 0);
    }

    /** VARCHAR(maxChars) in {@code collation}; VARBINARY with {@link Collations#BINARY}. */
    public static ColumnDef varchar(String name, int maxChars, int collation, boolean nullable) {
        int maxBytes = maxChars * Collations.maxBytesPerChar(collation);
        if (maxChars < 0 || maxBytes > 0xFFFF) {
            throw new IllegalArgumentException("VARCHAR(" + maxChars + ") too long for the binlog");
        }
        return new ColumnDef(name, ColumnType.VARCHAR, maxBytes, nullable, false, collation);
    }

    /**
     * CHAR(maxChars) in {@code collation}; BINARY with {@link Collations#BINARY}. The byte length's
     * bits 8-9 are folded into the type byte (binlog-format.md §13), so 1020 bytes fit.
     */
    public static ColumnDef charColumn(String name, int maxChars, int collation, boolean nullable) {
        int maxBytes = maxChars * Collations.maxBytesPerChar(collation);
        if (maxChars < 0 || maxChars > 255 || maxBytes > 0x3FF) {
            throw new IllegalArgumentException("CHAR(" + maxChars + ") out of range");
        }
        int first = CHAR_TYPE_BYTE ^ ((maxBytes & 0x300) >> 4);
        return new ColumnDef(name, ColumnType.STRING, first | (maxBytes & 0xFF) << 8, nullable, false, collation);
    }

    /** TINYBLOB..LONGBLOB are 1..4 length bytes. */
    public static ColumnDef blob(String name, int lengthBytes, boolean nullable) {
        return text(name, lengthBytes, Collations.BINARY, nullable);
    }

    /** TINYTEXT..LONGTEXT are 1..4 length bytes. */
    public static ColumnDef text(String name, int lengthBytes, int collation, boolean nullable) {
        if (lengthBytes < 1 || lengthBytes > 4) {
            throw new IllegalArgumentException("BLOB/TEXT length bytes must be 1..4: " + lengthBytes);
        }
        return new ColumnDef(name, ColumnType.BLOB, lengthBytes, nullable, false, collation);
    }

    /** ENUM with {@code valueCount} values; row images carry the 1-based index. */
    public static ColumnDef enumColumn(String name, int valueCount, int collation, boolean nullable) {
        int packLength = valueCount < 256 ? 1 : 2;
        return new ColumnDef(name, ColumnType.STRING, ColumnType.ENUM.code() | packLength << 8, nullable, false,
                collation);
    }

    /** SET with {@code memberCount} members; row images carry the member bitmap. */
    public static ColumnDef setColumn(String name, int memberCount, int collation, boolean nullable) {
        if (memberCount < 1 || memberCount > 64) {
            throw new IllegalArgumentException("SET must have 1..64 members: " + memberCount);
        }
        int bytes = (memberCount + 7) / 8;
        int packLength = bytes > 4 ? 8 : bytes;
        return new ColumnDef(name, ColumnType.STRING, ColumnType.SET.code() | packLength << 8, nullable, false,
                collation);
    }

    public static ColumnDef bit(String name, int bits, boolean nullable) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("BIT(" + bits + ") out of range");
        }
        return new ColumnDef(name, ColumnType.BIT, (bits % 8) | (bits / 8) << 8, nullable, false, 0);
    }

    public static ColumnDef json(String name, boolean nullable) {
        return new ColumnDef(name, ColumnType.JSON, 4, nullable, false, 0);
    }

    public static ColumnDef geometry(String name, boolean nullable) {
        return new ColumnDef(name, ColumnType.GEOMETRY, 4, nullable, false, 0);
    }

    /** The same column as the reader knows it: no name, no collation or signedness unless logged. */
    public ColumnDef withName(String newName) {
        return new ColumnDef(newName, type, metadata, nullable, unsigned, collation);
    }

    public ColumnDef withUnsigned(boolean newUnsigned) {
        return new ColumnDef(name, type, metadata, nullable, newUnsigned, collation);
    }

    public ColumnDef withCollation(int newCollation) {
        return new ColumnDef(name, type, metadata, nullable, unsigned, newCollation);
    }

    /** For type STRING, whether it is CHAR/BINARY, ENUM or SET; otherwise {@link #type()}. */
    public ColumnType realType() {
        if (type != ColumnType.STRING) {
            return type;
        }
        int first = metadata & 0xFF;
        if (first == ColumnType.ENUM.code()) {
            return ColumnType.ENUM;
        }
        if (first == ColumnType.SET.code()) {
            return ColumnType.SET;
        }
        return ColumnType.STRING;
    }

    /** Max byte length of CHAR/BINARY and VARCHAR/VARBINARY. */
    public int maxByteLength() {
        return switch (realType()) {
            case VARCHAR -> metadata;
            case STRING -> {
                int first = metadata & 0xFF;
                yield (metadata >> 8) | (((first & 0x30) ^ 0x30) << 4);
            }
            default -> throw new IllegalStateException(type + " has no max byte length");
        };
    }

    public int precision() {
        return metadata & 0xFF;
    }

    public int scale() {
        return metadata >> 8;
    }

    /** Fractional seconds digits of TIME2/DATETIME2/TIMESTAMP2. */
    public int fsp() {
        return metadata;
    }

    /** Length-prefix bytes of BLOB/TEXT/JSON/GEOMETRY. */
    public int lengthBytes() {
        return metadata;
    }

    /** Row-image bytes of ENUM/SET. */
    public int packLength() {
        return metadata >> 8;
    }

    public int bitWidth() {
        return (metadata >> 8) * 8 + (metadata & 0xFF);
    }

    /** True for the columns the charset optional metadata covers (CHAR, VARCHAR, BLOB/TEXT). */
    boolean isCharacter() {
        ColumnType real = realType();
        return real == ColumnType.STRING || real == ColumnType.VARCHAR || real == ColumnType.BLOB;
    }

    boolean isEnumOrSet() {
        ColumnType real = realType();
        return real == ColumnType.ENUM || real == ColumnType.SET;
    }

    private static int checkFsp(int fsp) {
        if (fsp < 0 || fsp > 6) {
            throw new IllegalArgumentException("Fractional seconds precision must be 0..6: " + fsp);
        }
        return fsp;
    }
}
