package dev.mitosis.replication;

import dev.mitosis.binlog.BinlogApplier;
import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.DeleteRowsEventData;
import dev.mitosis.binlog.EventData;
import dev.mitosis.binlog.GtidEventData;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.binlog.TableMapEventData;
import dev.mitosis.binlog.UpdateRowsEventData;
import dev.mitosis.binlog.WriteRowsEventData;
import dev.mitosis.binlog.XidEventData;
import dev.mitosis.gtid.Gtid;
import java.util.List;

/**
 * A complete transaction as the receiver queued it: its events (decoded, and as received: header,
 * body and checksum), where it ends in the source's binary log, and its origin (server_id,
 * original commit time and server version).
 */
record ReceivedTransaction(Gtid gtid, List<BinlogEvent> events, List<byte[]> raw, String sourceFile, long endPosition,
                           long originServerId, long originalCommitMicros, long immediateCommitMicros,
                           int originalServerVersion,
                           String relayFile, long relayEnd) {
    /** Bytes of its events as received. */
    long bytes() {
        long n = 0;
        for (byte[] r : raw) n += r.length;
        return n;
    }

    BinlogApplier.Transaction asApplierTransaction() {
        return new BinlogApplier.Transaction(gtid, 0, endPosition, events);
    }

    /** The GTID event's logical clock: the source's sequence_number of the last transaction this one depends on. */
    long lastCommitted() {
        return !events.isEmpty() && events.get(0).data() instanceof GtidEventData g ? g.lastCommitted() : 0;
    }

    /** The GTID event's sequence_number (0 when unknown: then it depends on everything before it). */
    long sequenceNumber() {
        return !events.isEmpty() && events.get(0).data() instanceof GtidEventData g ? g.sequenceNumber() : 0;
    }

    /**
     * The TABLE_MAP and rows events as received, to be logged as they are (log_replica_updates),
     * or null if the transaction has other events or no checksums.
     */
    List<byte[]> rowEventsAsReceived() {
        List<byte[]> out = new java.util.ArrayList<>(raw.size());
        for (int i = 0; i < events.size(); i++) {
            BinlogEvent e = events.get(i);
            EventData d = e.data();
            if (d instanceof GtidEventData || d instanceof XidEventData) continue;
            if (d instanceof QueryEventData q && q.sql().equals("BEGIN")) continue;
            if (!(d instanceof TableMapEventData || d instanceof WriteRowsEventData || d instanceof UpdateRowsEventData
                    || d instanceof DeleteRowsEventData) || e.checksum() < 0) {
                return null;
            }
            out.add(raw.get(i));
        }
        return out;
    }

    QueryEventData ddl() {
        return asApplierTransaction().ddl();
    }
}
