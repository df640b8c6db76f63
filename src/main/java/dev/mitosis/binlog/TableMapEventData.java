package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * TABLE_MAP_EVENT (19), binlog-format.md §13: binds a table id to a table and its column types for
 * the rows events that follow. Writes the optional metadata MySQL writes with
 * binlog_row_metadata=MINIMAL (signedness, charsets) plus column names when
 * {@code columnNamesLogged} (part of FULL).
 */
public record TableMapEventData(long tableId, int flags, String database, String table, List<ColumnDef> columns,
        boolean columnNamesLogged) implements EventData {

    /** TM_BIT_LEN_EXACT_F, which MySQL always sets. */
    public static final int FLAG_BIT_LEN_EXACT = 0x0001;
    /** Reserved by MySQL; never a real table id. */
    public static final long RESERVED_TABLE_ID = 0xFFFFFFFFFFFFL;

    public TableMapEventData {
        if (tableId < 0 || tableId >= RESERVED_TABLE_ID) {
            throw new IllegalArgumentException("Invalid table id " + tableId);
        }
        columns = List.copyOf(columns);
        if (columnNamesLogged && columns.stream().anyMatch(c -> c.name() == null)) {
            throw new IllegalArgumentException("Column names logged but a column has no name");
        }
    }

    /** A table map as MySQL 8 writes it with the default binlog_row_metadata=MINIMAL. */
    public static TableMapEventData of(long tableId, String database, String table, List<ColumnDef> columns) {
        return new TableMapEventData(tableId, FLAG_BIT_LEN_EXACT, database, table, columns, false);
    }

    public TableMapEventData withColumnNames() {
        return new TableMapEventData(tableId, flags, database, table, columns, true);
    }

    /** This table map as a reader rebuilds it from the event: column names only if they were logged. */
    public TableMapEventData asLogged() {
        if (columnNamesLogged) {
            return this;
        }
        return new TableMapEventData(tableId, flags, database, table,
                columns.stream().map(c -> c.withName(null)).toList(), false);
    }

    @Override
    public EventType type() {
        return EventType.TABLE_MAP;
    }

    @Override
    public void write(BinlogOutput out) {
        out.int6(tableId).int2(flags);
        writeName(out, database);
        writeName(out, table);
        out.packedInt(columns.size());
        BinlogOutput metadata = new BinlogOutput();
        for (ColumnDef column : columns) {
            out.int1(column.type().code());
            metadata.intLE(column.metadata(), column.type().metadataLength());
        }
        out.packedInt(metadata.size()).bytes(metadata.toByteArray());
        BitSet nullable = new BitSet();
        for (int i = 0; i < columns.size(); i++) {
            nullable.set(i, columns.get(i).nullable());
        }
        out.bitmapLsbFirst(nullable, columns.size());
        TableMapOptionalMetadata.write(out, columns, columnNamesLogged);
    }

    public static TableMapEventData read(BinlogInput in) {
        long tableId = in.int6();
        int flags = in.int2();
        String database = readName(in);
        String table = readName(in);
        int columnCount = in.packedLength();
        ColumnType[] types = new ColumnType[columnCount];
        for (int i = 0; i < columnCount; i++) {
            types[i] = ColumnType.byCode(in.int1());
        }
        BinlogInput metadata = in.slice(in.packedLength());
        int[] meta = new int[columnCount];
        for (int i = 0; i < columnCount; i++) {
            meta[i] = (int) metadata.intLE(types[i].metadataLength());
        }
        BitSet nullable = in.bitmapLsbFirst(columnCount);
        List<ColumnDef> columns = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            columns.add(new ColumnDef(null, types[i], meta[i], nullable.get(i), false, 0));
        }
        return TableMapOptionalMetadata.read(in, tableId, flags, database, table, columns);
    }

    private static void writeName(BinlogOutput out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("Name longer than 255 bytes: " + name);
        }
        out.int1(bytes.length).bytes(bytes).int1(0);
    }

    private static String readName(BinlogInput in) {
        String name = in.utf8(in.int1());
        in.int1();
        return name;
    }
}
