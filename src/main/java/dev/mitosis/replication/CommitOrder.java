package dev.mitosis.replication;

/**
 * The order of a parallel applier (replica_preserve_commit_order=ON): transactions are numbered
 * as the coordinator hands them out, enter the binary log's commit pipeline in that order (one
 * "turn" at a time) and so commit in it. The coordinator schedules on what has committed: a
 * transaction may start once the source transaction it depends on (its last_committed) has.
 */
final class CommitOrder {
    /** Index of the last transaction handed out. */
    private long dispatched;
    /** Index whose turn it is to enter the commit pipeline. */
    private long turn;
    /** Every transaction up to this index has committed (or has been skipped). */
    private long committed;
    /** The source sequence_number of the transaction at {@link #committed}. */
    private long committedSequence;
    /** The first index that failed; later ones give up instead of committing. */
    private long failedAt = Long.MAX_VALUE;

    CommitOrder(long lastIndex) {
        dispatched = lastIndex;
        turn = lastIndex + 1;
        committed = lastIndex;
    }

    synchronized long next() {
        return ++dispatched;
    }

    /** All handed-out transactions have committed. */
    synchronized boolean drained() {
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
    synchronized boolean awaitTurn(long index, long millis) throws InterruptedException {
        if (turn == index) return true;
        wait(millis);
        return turn == index;
    }

    /** True once everything before {@code index} has committed; waits up to the timeout for it. */
    synchronized boolean awaitCommittedBefore(long index, long millis) throws InterruptedException {
        if (committed >= index - 1) return true;
        wait(millis);
        return committed >= index - 1;
    }

    /**
     * Waits until {@code condition} (evaluated under this order's lock) holds; false if a
     * transaction failed or {@code stop} holds first.
     */
    synchronized boolean await(java.util.function.BooleanSupplier condition, java.util.function.BooleanSupplier stop)
            throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (failed() || stop.getAsBoolean()) return false;
            wait(50);
        }
        return true;
    }

    synchronized boolean isTurn(long index) {
        return turn == index;
    }

    synchronized boolean committedBefore(long index) {
        return committed >= index - 1;
    }

    synchronized boolean failedBefore(long index) {
        return failedAt < index;
    }

    synchronized boolean failed() {
        return failedAt != Long.MAX_VALUE;
    }

    /** The transaction at {@code index} has its place in the log: the next one may enter. */
    synchronized void passTurn(long index) {
        if (turn == index) {
            turn = index + 1;
            notifyAll();
        }
    }

    /** The transaction at {@code index} has committed; those before it had already. */
    synchronized void committed(long index, long sequence) {
        if (index > committed) {
            committed = index;
            committedSequence = sequence;
        }
        passTurn(index);
        notifyAll();
    }

    synchronized void failed(long index) {
        if (index < failedAt) failedAt = index;
        notifyAll();
    }

    /** Wakes every waiter (stop requested). */
    synchronized void wakeAll() {
        notifyAll();
    }
}
