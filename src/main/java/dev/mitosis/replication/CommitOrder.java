package dev.mitosis.replication;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The order of a parallel applier (replica_preserve_commit_order=ON): transactions are numbered
 * as the coordinator hands them out, enter the binary log's commit pipeline in that order (one
 * "turn" at a time) and so commit in it. The coordinator schedules on what has committed: a
 * transaction may start once the source transaction it depends on (its last_committed) has.
 *
 * <p>Waiters are woken one by one (park/unpark): with a shared monitor every turn would wake
 * every worker, which costs more CPU than the turn itself once there are many workers.
 */
final class CommitOrder {
    /** Index of the last transaction handed out (written by the coordinator only). */
    private volatile long dispatched;
    /** Index whose turn it is to enter the commit pipeline. */
    private volatile long turn;
    /** Every transaction up to this index has committed (or has been skipped). */
    private volatile long committed;
    /** The source sequence_number of the transaction at {@link #committed}. */
    private volatile long committedSequence;
    /** The first index that failed; later ones give up instead of committing. */
    private volatile long failedAt = Long.MAX_VALUE;

    /** Workers waiting for their turn or for everything before them to commit, by their index. */
    private final ConcurrentHashMap<Long, Thread> waiters = new ConcurrentHashMap<>();
    /** The coordinator, while it waits for a commit. */
    private volatile Thread coordinator;

    CommitOrder(long lastIndex) {
        dispatched = lastIndex;
        turn = lastIndex + 1;
        committed = lastIndex;
    }

    long next() {
        return ++dispatched;
    }

    /** All handed-out transactions have committed. */
    boolean drained() {
        return committed == dispatched;
    }

    /** A transaction depending on source sequence number {@code lastCommitted} may start. */
    synchronized boolean mayStart(long lastCommitted) {
        return committed == dispatched || committedSequence >= lastCommitted;
    }

    /**
     * A new run of sequence numbers (a new source binary log, a restart): called with nothing
     * in flight, so what the source numbered before {@code sequence} is all committed here.
     */
    synchronized void startSequence(long sequence) {
        committedSequence = sequence - 1;
    }

    /** True once it is {@code index}'s turn; waits up to the timeout for it (false if not yet). */
    boolean awaitTurn(long index, long millis) throws InterruptedException {
        return awaitWorker(index, millis, () -> turn == index);
    }

    /** True once everything before {@code index} has committed; waits up to the timeout for it. */
    boolean awaitCommittedBefore(long index, long millis) throws InterruptedException {
        return awaitWorker(index, millis, () -> committed >= index - 1);
    }

    private boolean awaitWorker(long index, long millis, BooleanSupplier done) throws InterruptedException {
        if (done.getAsBoolean()) return true;
        waiters.put(index, Thread.currentThread());
        try {
            if (done.getAsBoolean() || failedAt < index) return done.getAsBoolean();
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
            if (Thread.interrupted()) throw new InterruptedException();
            return done.getAsBoolean();
        } finally {
            waiters.remove(index);
        }
    }

    /**
     * Coordinator: waits until {@code condition} holds; false if a transaction failed or
     * {@code stop} holds first.
     */
    boolean await(BooleanSupplier condition, BooleanSupplier stop) throws InterruptedException {
        coordinator = Thread.currentThread();
        try {
            while (!condition.getAsBoolean()) {
                if (failed() || stop.getAsBoolean()) return false;
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
                if (Thread.interrupted()) throw new InterruptedException();
            }
            return true;
        } finally {
            coordinator = null;
        }
    }

    boolean committedBefore(long index) {
        return committed >= index - 1;
    }

    boolean failedBefore(long index) {
        return failedAt < index;
    }

    boolean failed() {
        return failedAt != Long.MAX_VALUE;
    }

    /** The transaction at {@code index} has its place in the log: the next one may enter. */
    void passTurn(long index) {
        boolean passed;
        synchronized (this) {
            passed = turn == index;
            if (passed) turn = index + 1;
        }
        if (passed) wake(index + 1);
    }

    /** The transaction at {@code index} has committed; those before it had already. */
    void committed(long index, long sequence) {
        synchronized (this) {
            if (index > committed) {
                committedSequence = sequence;
                committed = index;
            }
            if (turn == index) turn = index + 1;
        }
        wake(index + 1);
        Thread c = coordinator;
        if (c != null) LockSupport.unpark(c);
    }

    void failed(long index) {
        synchronized (this) {
            if (index < failedAt) failedAt = index;
        }
        wakeAll();
    }

    /** Wakes every waiter (stop requested, a failure). */
    void wakeAll() {
        for (Thread t : waiters.values()) LockSupport.unpark(t);
        Thread c = coordinator;
        if (c != null) LockSupport.unpark(c);
    }

    private void wake(long index) {
        Thread t = waiters.get(index);
        if (t != null) LockSupport.unpark(t);
    }
}
