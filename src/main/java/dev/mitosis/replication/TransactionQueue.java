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
 */
final class TransactionQueue {
    private final BlockingQueue<ReceivedTransaction> received;
    private final Deque<ReceivedTransaction> returned = new ArrayDeque<>();

    TransactionQueue(int capacity) {
        received = new LinkedBlockingQueue<>(capacity);
    }

    /** Receiver: waits up to the timeout for room. */
    boolean offer(ReceivedTransaction t, long timeout, TimeUnit unit) throws InterruptedException {
        return received.offer(t, timeout, unit);
    }

    /** Applier: the next transaction, returned ones first; null after the timeout. */
    ReceivedTransaction poll(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (returned) {
            if (!returned.isEmpty()) return returned.pollFirst();
        }
        return received.poll(timeout, unit);
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
    }
}
