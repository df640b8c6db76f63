package dev.mitosis.binlog;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The shared layout of rows events v2 (binlog-format.md §14): table id, flags, extra data length
 * (2 = none), width, column bitmaps, then row images of a NULL bitmap and the non-NULL values.
 * Only full images (binlog_row_image=FULL) are supported.
 */
final class RowsEventCodec {
    private static final int NO_EXTRA_DATA = 2;

    private RowsEventCodec() {}

    static void writeHead(BinlogOutput out, TableMapEventData table, int flags, int imageCount) {
        int width = table.columns().size();
        BitSet all = new BitSet();
        all.set(0, width);
        out.int6(table.tableId()).int2(flags).int2(NO_EXTRA_DATA).packedInt(width);
        for (int i = 0; i < imageCount; i++) {
            out.bitmapLsbFirst(all, width);
        }
    }

    static void writeImage(BinlogOutput out, TableMapEventData table, Row row) {
        List<ColumnDef> columns = table.columns();
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("Row has " + row.size() + " values but " + table.database() + "."
                    + table.table() + " has " + columns.size() + " columns");
        }
        BitSet nulls = new BitSet();
        for (int i = 0; i < columns.size(); i++) {
            if (row.isNull(i)) {
                if (!columns.get(i).nullable()) {
                    throw new IllegalArgumentException("NULL in NOT NULL column " + columns.get(i).name());
                }
                nulls.set(i);
            }
        }
        out.bitmapLsbFirst(nulls, columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (!row.isNull(i)) {
                RowValueCodec.write(out, columns.get(i), row.get(i));
            }
        }
    }

    /** Table id, flags and table map of a rows event whose head has been read. */
    record Head(TableMapEventData table, int flags) {}

    static Head readHead(BinlogInput in, LongFunction<TableMapEventData> tables, int imageCount) {
        long tableId = in.int6();
        int flags = in.int2();
        int extraLength = in.int2();
        in.skip(extraLength - NO_EXTRA_DATA);
        int width = in.packedLength();
        TableMapEventData table = tables.apply(tableId);
        if (table == null) {
            throw new BinlogFormatException("Rows event for table id " + tableId + " without a preceding TABLE_MAP");
        }
        if (width != table.columns().size()) {
            throw new BinlogFormatException("Rows event width " + width + " but table map has "
                    + table.columns().size() + " columns");
        }
        for (int i = 0; i < imageCount; i++) {
            if (in.bitmapLsbFirst(width).cardinality() != width) {
                throw new BinlogFormatException("Partial row images (binlog_row_image != FULL) are not supported");
            }
        }
        return new Head(table, flags);
    }

    static Row readImage(BinlogInput in, TableMapEventData table) {
        List<ColumnDef> columns = table.columns();
        BitSet nulls = in.bitmapLsbFirst(columns.size());
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            if (!nulls.get(i)) {
                values[i] = RowValueCodec.read(in, columns.get(i));
            }
        }
        return Row.of(values);
    }

    static List<Row> readImages(BinlogInput in, TableMapEventData table) {
        List<Row> rows = new ArrayList<>();
        while (in.hasRemaining()) {
            rows.add(readImage(in, table));
        }
        return rows;
    }
}
