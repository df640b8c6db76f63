package dev.mitosis.replication;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.binlog.BinlogApplier;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.engine.RowCapture;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One applier worker: applies the transactions the coordinator hands it on its own engine
 * connection, by primary key under their original GTIDs (DDL as statements), records its
 * position in the same engine transaction, and commits in the channel's commit order. A
 * transaction that fails while transactions before it were still uncommitted, or on a lock
 * wait, is rolled back and retried once those have committed (replica_transaction_retries):
 * the write set the source computed may not cover every dependency (foreign keys, triggers).
 */
final class ApplierWorker implements Runnable {
    /** A transaction and its place in the commit order. */
    record Job(long index, ReceivedTransaction tx) {}

    /** What the coordinator learns from its workers. */
    interface Coordinator {
        /** The job was not committed (stop, or an earlier transaction failed): apply it again later. */
        void giveBack(Job job);

        /** The job failed for good. */
        void failed(ApplierWorker worker, Job job, SQLException error);

        /** The job committed. */
        void committed(ApplierWorker worker, Job job, long startMicros);

        /** The worker is free for another job. */
        void idle(ApplierWorker worker);
    }

    /** Waiting this long for our turn, we release our locks: the transaction ahead may need them. */
    private static final long TURN_PATIENCE_MILLIS = 1000;
    /**
     * With auto-positioning the GTIDs say where to resume, so the file/position row is written
     * at most this often (in the transaction it describes); a worker writes its last one when it
     * stops. File/position channels record every transaction.
     */
    private static final long AUTO_POSITION_RECORD_NANOS = 200_000_000L;
    /** H2's lock timeout and deadlock codes: transient, retried. */
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_DEADLOCK = 40001;
    /** MySQL's 1205: replicated DDL waited too long for a clone's backup lock. */
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final ReplicaHost host;
    private final Channel ch;
    private final CommitOrder order;
    private final Coordinator coordinator;
    private final int retries;
    private final java.util.concurrent.atomic.AtomicLong ddlEpoch;
    final WorkerStatus status;

    private final Connection c;
    private final RowCapture capture;
    private final PreparedStatement gtidInsert;
    private final PreparedStatement position;
    private final BinlogApplier rows;
    private long ddlEpochSeen;
    private long positionRecordedNanos;
    /** The last committed job whose position was not written (auto-position), or null. */
    private Job unrecorded;

    /** The mailbox: the coordinator puts a job here only while this worker is idle. */
    private volatile Job job;
    private volatile boolean exit;
    private volatile Thread thread;

    /** A worker that must give its transaction back instead of committing it. */
    private static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** The transaction must be rolled back and applied again after those before it. */
    private static final class Retry extends SQLException {
        Retry() {
            super("waited too long for the preceding transaction to commit", "HY000", H2_LOCK_TIMEOUT);
        }
    }

    ApplierWorker(ReplicaHost host, Channel ch, CommitOrder order, Coordinator coordinator, int id, int retries,
                  java.util.concurrent.atomic.AtomicLong ddlEpoch) throws SQLException {
        this.host = host;
        this.ch = ch;
        this.order = order;
        this.coordinator = coordinator;
        this.retries = retries;
        this.ddlEpoch = ddlEpoch;
        this.status = new WorkerStatus(id);
        this.c = host.engineConnection();
        try {
            c.setAutoCommit(false);
            capture = RowCapture.register(c, host.gtids());
            gtidInsert = c.prepareStatement(GtidState.INSERT_SQL);
            position = ChannelStore.prepareRecordApplied(c);
        } catch (SQLException e) {
            close();
            throw e;
        }
        rows = new BinlogApplier(host.tableSchemas(), (conn, db, sql) -> host.executeDdl(conn, db, sql));
        ddlEpochSeen = ddlEpoch.get();
    }

    // Park/unpark rather than a monitor: the hand-off happens once per transaction, and a
    // monitor's notify made the coordinator spin on it while the worker woke up.
    void assign(Job j) {
        job = j;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Finish the job in hand, then stop. */
    void finish() {
        exit = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private Job take() throws InterruptedException {
        Job j;
        while ((j = job) == null && !exit) {
            LockSupport.park(this);
            if (Thread.interrupted()) throw new InterruptedException();
        }
        job = null;
        return j;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        status.running = true;
        try {
            while (true) {
                Job j;
                try {
                    j = take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (j == null) {
                    recordLastPosition();
                    return;
                }
                process(j);
                coordinator.idle(this);
            }
        } finally {
            status.running = false;
            status.applyingGtid = "";
            capture.unregister();
            close();
        }
    }

    private void close() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // closing anyway
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to keep
        }
    }

    private void process(Job j) {
        ReceivedTransaction t = j.tx();
        long start = System.currentTimeMillis() * 1000;
        status.applyingGtid = t.gtid() == null ? "" : t.gtid().toString();
        status.applyingOriginalCommitMicros = t.originalCommitMicros();
        status.applyingImmediateCommitMicros = t.immediateCommitMicros();
        status.applyingStartMicros = start;
        status.applyingRetries = 0;
        try {
            applyWithRetries(j, start);
        } finally {
            status.applyingGtid = "";
        }
    }

    /** Applies a job, retrying it after transient errors once those before it have committed. */
    private void applyWithRetries(Job j, long start) {
        ReceivedTransaction t = j.tx();
        int attempt = 0;
        while (true) {
            boolean alone = order.committedBefore(j.index());
            boolean[] owned = {false};
            try {
                apply(j, owned);
                status.lastAppliedRetries = attempt;
                coordinator.committed(this, j, start);
                return;
            } catch (Abandoned a) {
                undo(t, owned[0]);
                coordinator.giveBack(j);
                return;
            } catch (SQLException e) {
                undo(t, owned[0]);
                boolean transientError = e.getErrorCode() == H2_LOCK_TIMEOUT || e.getErrorCode() == H2_DEADLOCK
                        || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT;
                if ((transientError || !alone) && attempt < retries) {
                    attempt++;
                    status.applyingRetries = attempt;
                    ch.transactionRetries++;
                    if (!(e instanceof Retry)) {
                        status.lastTransientErrno = e.getErrorCode();
                        status.lastTransientError = e.getMessage();
                        status.lastTransientErrorMicros = System.currentTimeMillis() * 1000;
                    }
                    try {
                        awaitCommittedBefore(j);
                    } catch (Abandoned a) {
                        coordinator.giveBack(j);
                        return;
                    }
                    continue;
                }
                coordinator.failed(this, j, e);
                return;
            }
        }
    }

    private void undo(ReceivedTransaction t, boolean ownedGtid) {
        capture.clear();
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the error that brought us here is what matters
        }
        if (ownedGtid) host.gtids().released(t.gtid());
    }

    private void apply(Job j, boolean[] owned) throws SQLException, Abandoned {
        boolean recorded = applyAndCommit(j, owned);
        unrecorded = recorded ? null : j;
    }

    /** Applies and commits the job; true if its position was written with it. */
    private boolean applyAndCommit(Job j, boolean[] owned) throws SQLException, Abandoned {
        ReceivedTransaction t = j.tx();
        long epoch = ddlEpoch.get();
        if (epoch != ddlEpochSeen) {
            // DDL ran on another worker: our cached statements may name old columns.
            rows.invalidate();
            ddlEpochSeen = epoch;
        }
        Gtid g = t.gtid();
        GtidState gtids = host.gtids();
        if (g != null && !gtids.own(g)) {
            // Already executed here: skip it, as auto-positioning does, keeping the position.
            boolean recorded = recordPosition(j);
            awaitCommittedBefore(j);
            c.commit();
            order.committed(j.index(), t.sequenceNumber());
            return recorded;
        }
        owned[0] = g != null;
        BinaryLog binlog = host.binlog();
        BinaryLog.Origin origin = new BinaryLog.Origin(t.originServerId(), t.originalCommitMicros(),
                t.originalServerVersion());
        QueryEventData ddl = t.ddl();
        if (ddl != null) {
            // The source logged it as depending on everything before it; wait all the same, as
            // the engine commits DDL at once.
            awaitCommittedBefore(j);
            String db = ddl.database().isEmpty() ? null : ddl.database();
            rows.invalidate();
            try {
                host.executeDdl(c, db, ddl.sql());
            } finally {
                ddlEpochSeen = ddlEpoch.incrementAndGet();
            }
            host.ddlApplied();
            boolean recorded = recordPosition(j);
            binlog.commitDdl(c, ddl.sql(), new BinaryLog.TxContext(0, db, g, gtidInsert, origin));
            owned[0] = false;
            order.committed(j.index(), t.sequenceNumber());
            return recorded;
        }
        // Logged as received when it can be (no capture, no re-encoding): the common case.
        List<byte[]> asReceived = binlog != null && g != null ? t.rowEventsAsReceived() : null;
        boolean recorded;
        if (asReceived != null) {
            List<Long> writeSet = new ArrayList<>();
            boolean[] serial = {false};
            capture.setEnabled(false);
            try {
                rows.applyRows(c, t.asApplierTransaction(), (table, row) -> {
                    if (table.primaryKey().length == 0 || table.inForeignKey()) serial[0] = true;
                    else BinaryLog.addWriteSet(writeSet, table, row);
                });
            } finally {
                capture.setEnabled(true);
            }
            recorded = recordPosition(j);
            awaitTurn(j);
            binlog.commitReplicated(c, asReceived, writeSet, serial[0], new BinaryLog.TxContext(0, null, g, gtidInsert, origin),
                    () -> order.passTurn(j.index()));
            owned[0] = false;
            order.committed(j.index(), t.sequenceNumber());
            return recorded;
        }
        capture.statementStart();
        rows.applyRows(c, t.asApplierTransaction());
        recorded = recordPosition(j);
        if (binlog != null) {
            awaitTurn(j);
            binlog.commit(c, capture.changes(), new BinaryLog.TxContext(0, null, g, gtidInsert, origin),
                    () -> order.passTurn(j.index()));
        } else {
            awaitCommittedBefore(j);
            if (g != null) {
                GtidState.bindRow(gtidInsert, g);
                gtidInsert.executeUpdate();
            }
            c.commit();
            if (g != null) gtids.committed(g);
        }
        owned[0] = false;
        capture.clear();
        order.committed(j.index(), t.sequenceNumber());
        return recorded;
    }

    /** Writes the position of {@code j} in its transaction; false if skipped (see AUTO_POSITION_RECORD_NANOS). */
    private boolean recordPosition(Job j) throws SQLException {
        long now = System.nanoTime();
        if (ch.config().autoPosition() && now - positionRecordedNanos < AUTO_POSITION_RECORD_NANOS) return false;
        ReceivedTransaction t = j.tx();
        ChannelStore.recordApplied(position, ch.name(), status.id, t.sourceFile(), t.endPosition(), j.index());
        positionRecordedNanos = now;
        return true;
    }

    private void recordLastPosition() {
        Job j = unrecorded;
        if (j == null) return;
        try {
            ChannelStore.recordApplied(position, ch.name(), status.id, j.tx().sourceFile(), j.tx().endPosition(), j.index());
            c.commit();
        } catch (SQLException e) {
            // Only the reported position is behind; auto-positioning resumes by GTIDs.
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** Until the transaction before ours has its place in the log. */
    private void awaitTurn(Job j) throws Abandoned, Retry {
        long since = System.currentTimeMillis();
        try {
            while (!order.awaitTurn(j.index(), 100)) {
                if (order.failedBefore(j.index())) throw new Abandoned();
                if (System.currentTimeMillis() - since > TURN_PATIENCE_MILLIS && !order.committedBefore(j.index())) {
                    throw new Retry();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** Until every transaction before ours has committed. */
    private void awaitCommittedBefore(Job j) throws Abandoned {
        try {
            while (!order.awaitCommittedBefore(j.index(), 100)) {
                if (order.failedBefore(j.index())) throw new Abandoned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }
}
