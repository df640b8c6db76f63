package dev.mitosis.replication;

import dev.mitosis.binlog.BinlogApplier;
import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.DeleteRowsEventData;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.binlog.TableMapEventData;
import dev.mitosis.binlog.UpdateRowsEventData;
import dev.mitosis.binlog.WriteRowsEventData;
import dev.mitosis.gtid.GtidSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's applier: the coordinator of its workers (replica_parallel_workers, 0 = one worker
 * numbered 0, as MySQL's single-threaded applier). It hands queued transactions to workers in
 * relay log order, starting each once the source transaction it depends on has committed here
 * (the write-set last_committed / sequence_number of its GTID event), so independent
 * transactions apply in parallel and share the binary log's group commits. Workers commit in
 * relay log order (replica_preserve_commit_order). An error stops the applier with MySQL's code
 * and text; the failed transaction and the ones after it are kept for the next START REPLICA.
 */
final class Applier implements Runnable, ApplierWorker.Coordinator {
    private static final Logger log = LoggerFactory.getLogger(Applier.class);

    private final ReplicaHost host;
    private final Channel ch;
    private final TransactionQueue queue;
    private final long lastApplyOrder;
    private volatile boolean stop;

    private CommitOrder order;
    /** Idle workers, the most recently busy first (its statements and caches are warm). */
    private final java.util.concurrent.LinkedBlockingDeque<ApplierWorker> idle = new java.util.concurrent.LinkedBlockingDeque<>();
    /** Transactions handed out and given back uncommitted, by commit index. */
    private final java.util.TreeMap<Long, ReceivedTransaction> givenBack = new java.util.TreeMap<>();
    private boolean multiThreaded;
    private long reportedIndex;
    private ApplierWorker failedWorker;
    private ApplierWorker.Job failedJob;
    private SQLException failure;

    Applier(ReplicaHost host, Channel ch, TransactionQueue queue, long lastApplyOrder) {
        this.host = host;
        this.ch = ch;
        this.queue = queue;
        this.lastApplyOrder = lastApplyOrder;
    }

    void requestStop() {
        stop = true;
        CommitOrder o = order;
        if (o != null) o.wakeAll();
    }

    @Override
    public void run() {
        ch.sqlRunning = true;
        ch.sqlError(0, "");
        int configured = host.parallelWorkers();
        multiThreaded = configured > 0;
        order = new CommitOrder(lastApplyOrder);
        reportedIndex = lastApplyOrder;
        java.util.concurrent.atomic.AtomicLong ddlEpoch = new java.util.concurrent.atomic.AtomicLong();
        List<ApplierWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(1, configured); i++) {
                workers.add(new ApplierWorker(host, ch, order, this, multiThreaded ? i + 1 : 0, host.transactionRetries(),
                        ddlEpoch));
            }
        } catch (SQLException e) {
            for (ApplierWorker w : workers) w.finish();
            ch.sqlError(1105, "Replica applier could not start: " + e.getMessage());
            log.warn("Replica applier of channel '{}' failed to start", ch.name(), e);
            ch.sqlRunning = false;
            return;
        }
        List<WorkerStatus> statuses = new ArrayList<>();
        for (ApplierWorker w : workers) {
            statuses.add(w.status);
            Thread th = new Thread(w, "mitosis-replica-worker-" + (ch.name().isEmpty() ? "default" : ch.name()) + "-"
                    + w.status.id);
            th.setDaemon(true);
            threads.add(th);
            idle.add(w);
        }
        ch.workers = List.copyOf(statuses);
        for (Thread th : threads) th.start();
        try {
            dispatch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (ApplierWorker w : workers) w.finish();
            for (Thread th : threads) {
                try {
                    th.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                // Kept for the next START REPLICA, in relay log order, as MySQL keeps them in the relay log.
                queue.returnAll(new ArrayList<>(givenBack.values()));
                givenBack.clear();
                if (failure != null) reportFailure();
            }
            ch.sqlRunning = false;
            ch.sqlStage = "";
        }
    }

    private void dispatch() throws InterruptedException {
        long lastSequence = -1;
        String lastFile = null;
        while (!stop && !order.failed()) {
            ReceivedTransaction t = queue.poll(200, TimeUnit.MILLISECONDS);
            if (t == null) {
                if (order.drained()) {
                    ch.caughtUp = true;
                    ch.sqlStage = "Replica has read all relay log; waiting for more updates";
                }
                continue;
            }
            ch.caughtUp = false;
            ch.sqlStage = "Reading event from the relay log";
            ReplicationStatements.Until until = ch.until;
            boolean untilSet = until.kind() != ReplicationStatements.UntilKind.NONE;
            if (until.kind() == ReplicationStatements.UntilKind.SQL_BEFORE_GTIDS && t.gtid() != null
                    && GtidSet.parse(until.gtids()).contains(t.gtid())) {
                giveBackUndispatched(t);
                order.await(order::drained, () -> false);
                return;
            }
            if (!delay(t)) {
                giveBackUndispatched(t);
                return;
            }
            long sequence = t.sequenceNumber();
            long dependsOn = t.lastCommitted();
            // A new run of sequence numbers (new source log, a restart, no logical clock): wait for all.
            boolean newRun = sequence <= 0 || sequence <= lastSequence || !t.sourceFile().equals(lastFile) || untilSet;
            ch.sqlStage = "Waiting for dependent transaction to commit";
            boolean ready = newRun ? order.await(order::drained, () -> stop) : order.await(() -> order.mayStart(dependsOn), () -> stop);
            if (!ready) {
                giveBackUndispatched(t);
                return;
            }
            if (newRun) order.startSequence(sequence);
            ch.sqlStage = "Waiting for Replica Worker queue";
            ApplierWorker w = null;
            while (w == null) {
                w = idle.pollFirst(50, TimeUnit.MILLISECONDS);
                if (w == null && (stop || order.failed())) {
                    giveBackUndispatched(t);
                    return;
                }
            }
            w.assign(new ApplierWorker.Job(order.next(), t));
            lastSequence = sequence;
            lastFile = t.sourceFile();
            if (untilSet) {
                if (!order.await(order::drained, () -> false)) return;
                if (until.kind() == ReplicationStatements.UntilKind.SQL_AFTER_GTIDS
                        && host.gtids().executed().containsAll(GtidSet.parse(until.gtids()))) {
                    return;
                }
                if (until.kind() == ReplicationStatements.UntilKind.SOURCE_LOG && t.sourceFile().equals(until.file())
                        && t.endPosition() >= until.pos()) {
                    return;
                }
            }
        }
    }

    /** A transaction taken from the queue but never handed to a worker. */
    private synchronized void giveBackUndispatched(ReceivedTransaction t) {
        // Indexes of handed-out transactions are all lower; this one goes after them.
        givenBack.put(Long.MAX_VALUE, t);
    }

    @Override
    public synchronized void giveBack(ApplierWorker.Job job) {
        givenBack.put(job.index(), job.tx());
    }

    @Override
    public synchronized void failed(ApplierWorker worker, ApplierWorker.Job job, SQLException error) {
        givenBack.put(job.index(), job.tx());
        if (failedJob == null || job.index() < failedJob.index()) {
            failedWorker = worker;
            failedJob = job;
            failure = error;
        }
        order.failed(job.index());
    }

    @Override
    public synchronized void committed(ApplierWorker worker, ApplierWorker.Job job, long startMicros) {
        ReceivedTransaction t = job.tx();
        long end = System.currentTimeMillis() * 1000;
        WorkerStatus s = worker.status;
        s.lastAppliedGtid = t.gtid() == null ? "" : t.gtid().toString();
        s.lastAppliedOriginalCommitMicros = t.originalCommitMicros();
        s.lastAppliedImmediateCommitMicros = t.immediateCommitMicros();
        s.lastAppliedStartMicros = startMicros;
        s.lastAppliedEndMicros = end;
        if (job.index() <= reportedIndex) return;
        // Workers may report out of order; the channel shows the latest in commit order.
        reportedIndex = job.index();
        ch.lastAppliedOriginalCommitMicros = t.originalCommitMicros();
        ch.lastAppliedImmediateCommitMicros = t.immediateCommitMicros();
        ch.lastAppliedStartMicros = startMicros;
        ch.lastAppliedEndMicros = end;
        ch.lastAppliedGtid = s.lastAppliedGtid;
        ch.relaySourceLogFile = t.sourceFile();
        ch.execSourceLogPos = t.endPosition();
        ch.relayLogFile = t.relayFile();
        ch.relayLogPos = t.relayEnd();
    }

    @Override
    public void idle(ApplierWorker worker) {
        idle.addFirst(worker);
    }

    /** Last_SQL_Error as MySQL words it: the detail alone single-threaded, else the coordinator's wrapper. */
    private void reportFailure() {
        SQLException raw = failure;
        ReceivedTransaction t = failedJob.tx();
        SQLException e = raw instanceof BinlogApplier.RowNotFoundException ? raw : host.mysqlError(raw, null);
        int errno = e.getErrorCode() == 0 ? 1105 : e.getErrorCode();
        String detail = describe(t, e);
        WorkerStatus w = failedWorker.status;
        w.lastErrno = errno;
        w.lastErrorMicros = System.currentTimeMillis() * 1000;
        String gtid = t.gtid() == null ? "ANONYMOUS" : t.gtid().toString();
        String at = "Worker " + w.id + " failed executing transaction '" + gtid + "' at source log " + t.sourceFile()
                + ", end_log_pos " + t.endPosition();
        w.lastError = multiThreaded ? at + "; " + detail : detail;
        ch.sqlError(errno, multiThreaded ? "Coordinator stopped because there were error(s) in the worker(s). The most"
                + " recent failure being: " + at + ". See error log and/or"
                + " performance_schema.replication_applier_status_by_worker table for more details about this failure or"
                + " others, if any." : detail);
        log.warn("Replica channel '{}' applier stopped: {}", ch.name(), w.lastError);
    }

    /** SOURCE_DELAY: wait until the transaction is that old; false if stopped meanwhile. */
    private boolean delay(ReceivedTransaction t) {
        long delay = ch.config().delay();
        if (delay <= 0 || t.originalCommitMicros() == 0) return true;
        long due = t.originalCommitMicros() / 1000 + delay * 1000;
        ch.sqlStage = "Waiting until SOURCE_DELAY seconds after source executed event";
        while (!stop && System.currentTimeMillis() < due) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, due - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stop;
    }

    /** Last_SQL_Error as a single-threaded MySQL applier words it. */
    private static String describe(ReceivedTransaction t, SQLException e) {
        String at = "the event's source log " + t.sourceFile() + ", end_log_pos " + t.endPosition();
        QueryEventData ddl = t.ddl();
        if (ddl != null) {
            return "Error '" + e.getMessage() + "' on query. Default database: '" + ddl.database() + "'. Query: '"
                    + ddl.sql() + "'";
        }
        String kind = "Write_rows";
        String table = "?";
        for (BinlogEvent ev : t.events()) {
            if (ev.data() instanceof TableMapEventData m) table = m.database() + "." + m.table();
            if (ev.data() instanceof UpdateRowsEventData) kind = "Update_rows";
            if (ev.data() instanceof DeleteRowsEventData) kind = "Delete_rows";
            if (ev.data() instanceof WriteRowsEventData) kind = "Write_rows";
        }
        if (e instanceof BinlogApplier.RowNotFoundException nf) {
            return "Could not execute " + nf.kind + " event on table " + nf.database + "." + nf.table + "; Can't find record in '"
                    + nf.table + "', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND; " + at;
        }
        if (e.getErrorCode() == 1062) {
            return "Could not execute " + kind + " event on table " + table + "; " + e.getMessage()
                    + ", Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; " + at;
        }
        if (e.getErrorCode() == 1146) return "Error executing row event: '" + e.getMessage() + "'";
        return "Could not execute " + kind + " event on table " + table + "; " + e.getMessage() + ", Error_code: "
                + e.getErrorCode() + "; " + at;
    }
}
