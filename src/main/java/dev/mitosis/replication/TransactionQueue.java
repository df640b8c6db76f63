package dev.mitosis.replication;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Complete transactions between a channel's receiver and its applier. The receiver's side is
 * bounded, so a stopped applier holds the receiver back; transactions the applier took and then
 * could not commit (an error, STOP REPLICA) are returned in front of everything else, unbounded,
 * so none is ever dropped while the receiver has refilled the bounded part.
 *
 * <p>The bounded part is bounded in transactions and in bytes (replica_pending_jobs_size_max, as
 * MySQL bounds its workers' queues): a backlog of bulk inserts would otherwise fill the heap.
 */
final class TransactionQueue {
    private final BlockingQueue<ReceivedTransaction> received;
    private final Deque<ReceivedTransaction> returned = new ArrayDeque<>();
    private final java.util.function.LongSupplier byteLimit;
    private final Object bytesLock = new Object();
    /** Bytes of the transactions in {@link #received} (guarded by bytesLock). */
    private long queuedBytes;

    TransactionQueue(int capacity, java.util.function.LongSupplier byteLimit) {
        received = new LinkedBlockingQueue<>(capacity);
        this.byteLimit = byteLimit;
    }

    /** Receiver: waits up to the timeout for room. A transaction larger than the limit goes in alone. */
    boolean offer(ReceivedTransaction t, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        long n = t.bytes();
        synchronized (bytesLock) {
            while (queuedBytes > 0 && queuedBytes + n > byteLimit.getAsLong()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(bytesLock, left);
            }
            queuedBytes += n;
        }
        if (received.offer(t, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return true;
        release(n);
        return false;
    }

    private void release(long n) {
        synchronized (bytesLock) {
            queuedBytes = Math.max(0, queuedBytes - n);
            bytesLock.notifyAll();
        }
    }

    /** Applier: the next transaction, returned ones first; null after the timeout. */
    ReceivedTransaction poll(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (returned) {
            if (!returned.isEmpty()) return returned.pollFirst();
        }
        ReceivedTransaction t = received.poll(timeout, unit);
        if (t != null) release(t.bytes());
        return t;
    }

    /** Applier: puts transactions back in front, in the given (relay log) order. */
    void returnAll(List<ReceivedTransaction> inOrder) {
        synchronized (returned) {
            for (int i = inOrder.size() - 1; i >= 0; i--) returned.addFirst(inOrder.get(i));
        }
    }

    boolean isEmpty() {
        synchronized (returned) {
            return returned.isEmpty() && received.isEmpty();
        }
    }

    void clear() {
        synchronized (returned) {
            returned.clear();
            received.clear();
        }
        synchronized (bytesLock) {
            queuedBytes = 0;
            bytesLock.notifyAll();
        }
    }
}
