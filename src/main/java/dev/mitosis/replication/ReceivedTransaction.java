package dev.mitosis.replication;

import dev.mitosis.binlog.BinlogApplier;
import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.GtidEventData;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.gtid.Gtid;
import java.util.List;

/**
 * A complete transaction as the receiver queued it: its events, where it ends in the source's
 * binary log, and its origin (server_id, original commit time and server version).
 */
record ReceivedTransaction(Gtid gtid, List<BinlogEvent> events, String sourceFile, long endPosition,
                           long originServerId, long originalCommitMicros, long immediateCommitMicros,
                           int originalServerVersion,
                           String relayFile, long relayEnd) {
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

    QueryEventData ddl() {
        return asApplierTransaction().ddl();
    }
}
