package dev.mitosis.protocol;

/** One column of a result set's metadata (ColumnDefinition41). */
public record ColumnDefinition41(String schema, String table, String orgTable, String name, String orgName,
                                 int collation, long length, int type, int flags, int decimals) {

    public static ColumnDefinition41 of(String name, int type, int collation, long length, int flags, int decimals) {
        return new ColumnDefinition41("", "", "", name, name, collation, length, type, flags, decimals);
    }

    /** A text column of an emulated result (SHOW ..., variables): VAR_STRING utf8mb4. */
    public static ColumnDefinition41 text(String name, int chars) {
        return of(name, FieldType.VAR_STRING, FieldType.COLLATION_UTF8MB4_0900_AI_CI, chars * 4L, 0, 0);
    }

    public static ColumnDefinition41 bigint(String name) {
        return of(name, FieldType.LONGLONG, FieldType.COLLATION_BINARY, 21, FieldType.BINARY_FLAG, 0);
    }

    public ColumnDefinition41 withTable(String schema, String table) {
        return new ColumnDefinition41(schema, table, table, name, orgName, collation, length, type, flags, decimals);
    }

    public boolean isUnsigned() {
        return (flags & FieldType.UNSIGNED_FLAG) != 0;
    }

    /** Reads one column definition (client side of a result set). */
    public static ColumnDefinition41 read(PayloadReader r) {
        r.readLenencString(); // catalog "def"
        String schema = r.readLenencString();
        String table = r.readLenencString();
        String orgTable = r.readLenencString();
        String name = r.readLenencString();
        String orgName = r.readLenencString();
        r.readLenenc(); // length of the fixed fields, 0x0C
        int collation = r.readInt2();
        long length = r.readInt4();
        int type = r.readInt1();
        int flags = r.readInt2();
        int decimals = r.readInt1();
        return new ColumnDefinition41(schema, table, orgTable, name, orgName, collation, length, type, flags, decimals);
    }

    public PayloadWriter write(PayloadWriter w, boolean withDefault) {
        w.lenencString("def").lenencString(schema).lenencString(table).lenencString(orgTable)
         .lenencString(name).lenencString(orgName).lenenc(0x0C)
         .int2(collation).int4(length).int1(type).int2(flags).int1(decimals).int2(0);
        if (withDefault) w.int1(0xFB);
        return w;
    }
}
