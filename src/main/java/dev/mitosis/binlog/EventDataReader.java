package dev.mitosis.binlog;

import java.util.function.LongFunction;

/** Decodes one event type's post-header and body (checksum already removed). */
@FunctionalInterface
public interface EventDataReader {
    /** @param tables the table maps seen so far, by table id (rows events need them) */
    EventData read(BinlogInput in, LongFunction<TableMapEventData> tables);
}
