package dev.mitosis.replication;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransactionQueueTest {
    private static ReceivedTransaction ofBytes(int n) {
        return new ReceivedTransaction(null, List.of(), List.of(new byte[n]), "binlog.000001", 4, 1, 0, 0, 0, "relay", 4);
    }

    @Test
    void receivedTransactionsAreBoundedInBytesButALargeOneGoesInAlone() throws Exception {
        TransactionQueue q = new TransactionQueue(100, () -> 1000);
        ReceivedTransaction first = ofBytes(600);
        assertTrue(q.offer(first, 10, TimeUnit.MILLISECONDS));
        assertFalse(q.offer(ofBytes(600), 50, TimeUnit.MILLISECONDS), "over the byte limit: the receiver waits");
        assertTrue(q.offer(ofBytes(300), 10, TimeUnit.MILLISECONDS), "what fits still goes in");
        assertSame(first, q.poll(10, TimeUnit.MILLISECONDS));
        assertTrue(q.offer(ofBytes(600), 10, TimeUnit.MILLISECONDS), "room again once the applier took one");
        q.clear();
        assertTrue(q.offer(ofBytes(5000), 10, TimeUnit.MILLISECONDS), "larger than the limit, alone");
        assertFalse(q.offer(ofBytes(1), 50, TimeUnit.MILLISECONDS));
    }

    @Test
    void aWaitingReceiverGoesOnWhenTheApplierTakes() throws Exception {
        TransactionQueue q = new TransactionQueue(100, () -> 1000);
        assertTrue(q.offer(ofBytes(900), 10, TimeUnit.MILLISECONDS));
        Thread applier = new Thread(() -> {
            try {
                Thread.sleep(100);
                q.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        applier.start();
        assertTrue(q.offer(ofBytes(900), 5, TimeUnit.SECONDS));
        applier.join();
    }
}
