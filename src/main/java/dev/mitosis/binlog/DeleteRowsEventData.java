package dev.mitosis.binlog;

import java.util.List;
import java.util.function.LongFunction;

/** DELETE_ROWS_EVENT v2 (32): deleted rows, one before-image each. */
public record DeleteRowsEventData(TableMapEventData table, int flags, List<Row> rows) implements EventData {
    public DeleteRowsEventData {
        rows = List.copyOf(rows);
    }

    @Override
    public EventType type() {
        return EventType.DELETE_ROWS;
    }

    @Override
    public void write(BinlogOutput out) {
        RowsEventCodec.writeHead(out, table, flags, 1);
        rows.forEach(row -> RowsEventCodec.writeImage(out, table, row));
    }

    public static DeleteRowsEventData read(BinlogInput in, LongFunction<TableMapEventData> tables) {
        RowsEventCodec.Head head = RowsEventCodec.readHead(in, tables, 1);
        return new DeleteRowsEventData(head.table(), head.flags(), RowsEventCodec.readImages(in, head.table()));
    }
}
