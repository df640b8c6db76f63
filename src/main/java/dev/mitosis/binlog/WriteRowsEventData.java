package dev.mitosis.binlog;

import java.util.List;
import java.util.function.LongFunction;

/** WRITE_ROWS_EVENT v2 (30): inserted rows, one after-image each. */
public record WriteRowsEventData(TableMapEventData table, int flags, List<Row> rows) implements EventData {
    public WriteRowsEventData {
        rows = List.copyOf(rows);
    }

    @Override
    public EventType type() {
        return EventType.WRITE_ROWS;
    }

    @Override
    public void write(BinlogOutput out) {
        RowsEventCodec.writeHead(out, table, flags, 1);
        rows.forEach(row -> RowsEventCodec.writeImage(out, table, row));
    }

    public static WriteRowsEventData read(BinlogInput in, LongFunction<TableMapEventData> tables) {
        RowsEventCodec.Head head = RowsEventCodec.readHead(in, tables, 1);
        return new WriteRowsEventData(head.table(), head.flags(), RowsEventCodec.readImages(in, head.table()));
    }
}
