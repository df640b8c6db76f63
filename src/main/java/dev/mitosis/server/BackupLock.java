package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.util.concurrent.TimeUnit;

/**
 * MySQL's backup lock between DDL and clone on a donor: DDL statements share it; a clone takes
 * it alone while it fixes its snapshot point (waiting at most clone_ddl_timeout for running DDL),
 * and with clone_block_ddl=ON keeps it until the clone ends, so DDL waits (at most its
 * lock_wait_timeout) meanwhile. A clone waiting for it holds back new DDL. Unlike a JDK lock, the
 * clone's side may be released by another thread than the one that took it (the snapshot ends
 * on whichever connection finishes the clone, or when it expires).
 */
final class BackupLock {
    /** DDL statements entered so far: with {@code running}, tells whether DDL ran while a statement did. */
    private long ddlEntered;
    /** The running DDL statements, by the number they entered with (see {@link #awaitDdlEnteredBy}). */
    private final java.util.TreeSet<Long> running = new java.util.TreeSet<>();
    private long waitsTimedOut;
    /** See {@link #ddlMark}: read by every data statement, so kept where it needs no monitor. */
    private volatile long ddlMark;
    private boolean clone;
    private int cloneWaiting;
    /** This thread's nesting of DDL entries, and the number its outermost one entered with. */
    private final ThreadLocal<long[]> depthAndNumber = ThreadLocal.withInitial(() -> new long[2]);

    /** Enters a DDL statement, waiting for a clone as long as {@code lockWaitTimeout} (the variable's text) says. */
    void enterDdl(String lockWaitTimeout) throws MysqlException {
        enterDdl(seconds(lockWaitTimeout));
    }

    /** lock_wait_timeout's text in seconds; its default when the text is not a number. */
    static long seconds(String lockWaitTimeout) {
        try {
            return Long.parseLong(lockWaitTimeout);
        } catch (RuntimeException e) {
            return 31536000; // lock_wait_timeout's default
        }
    }

    /** Enters a DDL statement, waiting at most {@code timeoutSeconds} for a clone; 1205 on timeout. */
    void enterDdl(long timeoutSeconds) throws MysqlException {
        long[] d = depthAndNumber.get();
        if (d[0] > 0) {
            d[0]++;
            return;
        }
        synchronized (this) {
            await(() -> !clone && cloneWaiting == 0, timeoutSeconds);
            ddlEntered++;
            ddlMark = -1;
            running.add(ddlEntered);
            d[1] = ddlEntered;
        }
        d[0] = 1;
    }

    void exitDdl() {
        long[] d = depthAndNumber.get();
        if (--d[0] > 0) return;
        synchronized (this) {
            running.remove(d[1]);
            if (running.isEmpty()) ddlMark = ddlEntered;
            notifyAll();
        }
    }

    /**
     * A mark of DDL activity: two equal marks, the first taken while no DDL was running, mean
     * that no DDL statement ran in between.
     */
    long ddlMark() {
        return ddlMark;
    }

    /** How many DDL statements have entered so far: for {@link #awaitDdlEnteredBy}. */
    synchronized long ddlEntered() {
        return ddlEntered;
    }

    /**
     * Waits, at most {@code timeoutMillis}, until the DDL statements that had entered by
     * {@code entered} (see {@link #ddlEntered}) have ended; later ones do not hold it up, so
     * other sessions' steady DDL cannot keep it waiting.
     */
    synchronized void awaitDdlEnteredBy(long entered, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!running.isEmpty() && running.first() <= entered) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                waitsTimedOut++;
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** How many {@link #awaitDdlEnteredBy} calls gave up waiting: a wait that should not happen often. */
    synchronized long waitsTimedOut() {
        return waitsTimedOut;
    }

    /** Takes the lock for a clone, waiting at most {@code timeoutSeconds} for running DDL; 1205 on timeout. */
    void acquireForClone(long timeoutSeconds) throws MysqlException {
        synchronized (this) {
            cloneWaiting++;
            try {
                await(() -> !clone && running.isEmpty(), timeoutSeconds);
                clone = true;
            } finally {
                cloneWaiting--;
                notifyAll();
            }
        }
    }

    synchronized void releaseForClone() {
        clone = false;
        notifyAll();
    }

    private void await(java.util.function.BooleanSupplier free, long timeoutSeconds) throws MysqlException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, timeoutSeconds));
        while (!free.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw ErrorCode.ER_LOCK_WAIT_TIMEOUT.exception();
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            }
        }
    }
}
