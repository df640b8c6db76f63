package dev.mitosis.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** UPDATE_ROWS_EVENT v2 (31): changed rows, before-image then after-image each. */
public record UpdateRowsEventData(TableMapEventData table, int flags, List<Change> rows) implements EventData {
    /** One updated row. */
    public record Change(Row before, Row after) {}

    public UpdateRowsEventData {
        rows = List.copyOf(rows);
    }

    @Override
    public EventType type() {
        return EventType.UPDATE_ROWS;
    }

    @Override
    public void write(BinlogOutput out) {
        RowsEventCodec.writeHead(out, table, flags, 2);
        for (Change change : rows) {
            RowsEventCodec.writeImage(out, table, change.before());
            RowsEventCodec.writeImage(out, table, change.after());
        }
    }

    public static UpdateRowsEventData read(BinlogInput in, LongFunction<TableMapEventData> tables) {
        RowsEventCodec.Head head = RowsEventCodec.readHead(in, tables, 2);
        List<Change> changes = new ArrayList<>();
        while (in.hasRemaining()) {
            Row before = RowsEventCodec.readImage(in, head.table());
            changes.add(new Change(before, RowsEventCodec.readImage(in, head.table())));
        }
        return new UpdateRowsEventData(head.table(), head.flags(), changes);
    }
}
