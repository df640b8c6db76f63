package dev.mitosis.binlog;

import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.Uuids;
import java.util.UUID;

/**
 * GTID_LOG_EVENT (33) and ANONYMOUS_GTID_LOG_EVENT (34), binlog-format.md §9. Timestamps are
 * microseconds since the epoch. The original_* fields are written only when they differ from the
 * immediate ones (a replica re-logging a received transaction), which is why a locally originated
 * GTID event is 77 or 79 bytes.
 */
public record GtidEventData(
        int flags,
        UUID sourceId,
        long gno,
        long lastCommitted,
        long sequenceNumber,
        long immediateCommitTimestamp,
        long originalCommitTimestamp,
        long transactionLength,
        int immediateServerVersion,
        int originalServerVersion) implements EventData {

    /** The transaction may contain statement-format events (DDL); 0 for pure row-based DML. */
    public static final int FLAG_MAY_HAVE_SBR = 0x01;
    public static final UUID ANONYMOUS_SOURCE = new UUID(0, 0);

    static final int POST_HEADER_LENGTH = 42;
    private static final int LOGICAL_TIMESTAMP_TYPECODE = 2;
    private static final long ORIGINAL_TIMESTAMP_FOLLOWS = 1L << 55;
    private static final long TIMESTAMP_MASK = ORIGINAL_TIMESTAMP_FOLLOWS - 1;
    private static final int ORIGINAL_VERSION_FOLLOWS = 1 << 31;

    /** A transaction committed here: original fields equal the immediate ones. */
    public static GtidEventData local(Gtid gtid, int flags, long lastCommitted, long sequenceNumber,
            long commitTimestamp, long transactionLength, int serverVersion) {
        return new GtidEventData(flags, gtid.sourceId(), gtid.gno(), lastCommitted, sequenceNumber,
                commitTimestamp, commitTimestamp, transactionLength, serverVersion, serverVersion);
    }

    @Override
    public EventType type() {
        return isAnonymous() ? EventType.ANONYMOUS_GTID : EventType.GTID;
    }

    public boolean isAnonymous() {
        return gno == 0 && ANONYMOUS_SOURCE.equals(sourceId);
    }

    /** Null for an anonymous transaction. */
    public Gtid gtid() {
        return isAnonymous() ? null : new Gtid(sourceId, gno);
    }

    public boolean mayHaveStatementEvents() {
        return (flags & FLAG_MAY_HAVE_SBR) != 0;
    }

    @Override
    public void write(BinlogOutput out) {
        byte[] uuid = new byte[Uuids.BINARY_LENGTH];
        Uuids.write(sourceId, uuid, 0);
        out.int1(flags).bytes(uuid).int8(gno);
        out.int1(LOGICAL_TIMESTAMP_TYPECODE).int8(lastCommitted).int8(sequenceNumber);
        boolean originalTimestampDiffers = originalCommitTimestamp != immediateCommitTimestamp;
        out.intLE(immediateCommitTimestamp | (originalTimestampDiffers ? ORIGINAL_TIMESTAMP_FOLLOWS : 0), 7);
        if (originalTimestampDiffers) {
            out.intLE(originalCommitTimestamp, 7);
        }
        out.packedInt(transactionLength);
        boolean originalVersionDiffers = originalServerVersion != immediateServerVersion;
        out.int4(Integer.toUnsignedLong(immediateServerVersion | (originalVersionDiffers ? ORIGINAL_VERSION_FOLLOWS : 0)));
        if (originalVersionDiffers) {
            out.int4(Integer.toUnsignedLong(originalServerVersion));
        }
    }

    /** Size of this event's post-header and body (no common header, no checksum). */
    public int dataLength() {
        return POST_HEADER_LENGTH + bodyLengthWithout(transactionLength);
    }

    private int bodyLengthWithout(long length) {
        int size = 7 + BinlogOutput.packedIntSize(length) + 4;
        if (originalCommitTimestamp != immediateCommitTimestamp) {
            size += 7;
        }
        if (originalServerVersion != immediateServerVersion) {
            size += 4;
        }
        return size;
    }

    /**
     * This event with transaction_length set to the whole transaction: {@code otherEventsLength}
     * (every other event of the transaction, headers and checksums included) plus this event, whose
     * size depends on the packed length itself.
     */
    public GtidEventData withTransactionLengthOf(long otherEventsLength, ChecksumAlgorithm checksum) {
        long fixed = EventHeader.LENGTH + POST_HEADER_LENGTH + checksum.trailerLength() + otherEventsLength;
        long length = fixed + bodyLengthWithout(0);
        while (true) {
            long next = fixed + bodyLengthWithout(length);
            if (next == length) {
                break;
            }
            length = next;
        }
        return new GtidEventData(flags, sourceId, gno, lastCommitted, sequenceNumber, immediateCommitTimestamp,
                originalCommitTimestamp, length, immediateServerVersion, originalServerVersion);
    }

    public static GtidEventData read(BinlogInput in) {
        int flags = in.int1();
        byte[] uuid = in.bytes(Uuids.BINARY_LENGTH);
        long gno = in.int8();
        long lastCommitted = 0;
        long sequenceNumber = 0;
        if (in.hasRemaining() && in.peek1() == LOGICAL_TIMESTAMP_TYPECODE) {
            in.int1();
            lastCommitted = in.int8();
            sequenceNumber = in.int8();
        }
        long immediate = 0;
        long original = 0;
        if (in.remaining() >= 7) {
            immediate = in.intLE(7);
            original = immediate & TIMESTAMP_MASK;
            if ((immediate & ORIGINAL_TIMESTAMP_FOLLOWS) != 0) {
                immediate &= TIMESTAMP_MASK;
                original = in.intLE(7);
            }
        }
        long transactionLength = in.hasRemaining() ? in.packedInt() : 0;
        int immediateVersion = 0;
        int originalVersion = 0;
        if (in.remaining() >= 4) {
            immediateVersion = (int) in.int4();
            originalVersion = immediateVersion;
            if ((immediateVersion & ORIGINAL_VERSION_FOLLOWS) != 0) {
                immediateVersion &= ~ORIGINAL_VERSION_FOLLOWS;
                originalVersion = (int) in.int4();
            }
        }
        // A trailing commit_group_ticket (group replication only) is ignored.
        return new GtidEventData(flags, Uuids.read(uuid, 0), gno, lastCommitted, sequenceNumber, immediate,
                original, transactionLength, immediateVersion, originalVersion);
    }
}
