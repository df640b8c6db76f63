package dev.mitosis.replication;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs channels' receiver and applier threads. Between them is an in-memory queue of complete
 * transactions (bounded, so a stopped applier holds the receiver back); it survives STOP/START of
 * either thread, not a restart, after which the receiver fetches again from what was applied.
 */
public final class ReplicaRunner implements ChannelRunner {
    private static final Logger log = LoggerFactory.getLogger(ReplicaRunner.class);
    private static final int QUEUE_TRANSACTIONS = 4096;

    private final ReplicaHost host;
    private final ChannelStore store;
    private final Map<String, Threads> byChannel = new ConcurrentHashMap<>();

    private static final class Threads {
        final TransactionQueue queue;
        RelayLog relay;
        Receiver receiver;
        Thread receiverThread;
        Applier applier;
        Thread applierThread;

        Threads(java.util.function.LongSupplier byteLimit) {
            queue = new TransactionQueue(QUEUE_TRANSACTIONS, byteLimit);
        }
    }

    /**
     * replica_pending_jobs_size_max, and at most an eighth of the heap per channel: a queued
     * transaction is held both as received and decoded (2-3x its size).
     */
    private long queueByteLimit() {
        return Math.min(host.pendingJobsSizeMax(), Runtime.getRuntime().maxMemory() / 8);
    }

    public ReplicaRunner(ReplicaHost host, ChannelStore store) {
        this.host = host;
        this.store = store;
    }

    private Threads threads(Channel ch) {
        return byChannel.computeIfAbsent(ch.name(), n -> new Threads(this::queueByteLimit));
    }

    @Override
    public synchronized void startReceiver(Channel ch, String user, String password) {
        Threads t = threads(ch);
        if (t.receiverThread != null && t.receiverThread.isAlive()) return;
        if (t.relay == null) t.relay = new RelayLog(host.datadir(), host.hostname(), ch.name(), host::syncRelayLog);
        try {
            if (t.queue.isEmpty() && !ch.sqlRunningOrQueued()) {
                // Nothing received is waiting: relay logs start afresh from the applier's position.
                t.relay.restart();
                ch.sourceLogFile = "";
            } else if (t.relay.name().isEmpty()) {
                t.relay.restart();
            }
        } catch (IOException e) {
            log.warn("Relay log of channel '{}': {}", ch.name(), e.toString());
        }
        ChannelStore.AppliedPosition[] applied = new ChannelStore.AppliedPosition[1];
        try {
            applied[0] = store.appliedPosition(ch.name());
        } catch (java.sql.SQLException e) {
            applied[0] = null;
        }
        t.receiver = new Receiver(host, ch, t.queue, t.relay, user, password,
                () -> applied[0] == null ? null : applied[0].file(), () -> applied[0] == null ? 4 : applied[0].pos());
        ch.io = Channel.IoState.CONNECTING;
        t.receiverThread = new Thread(t.receiver, "mitosis-replica-io-" + (ch.name().isEmpty() ? "default" : ch.name()));
        t.receiverThread.setDaemon(true);
        t.receiverThread.start();
    }

    @Override
    public synchronized void startApplier(Channel ch) {
        Threads t = threads(ch);
        if (t.applierThread != null && t.applierThread.isAlive()) return;
        long lastApplyOrder;
        try {
            lastApplyOrder = store.lastApplyOrder(ch.name());
        } catch (java.sql.SQLException e) {
            ch.sqlError(1105, "Replica applier could not start: " + e.getMessage());
            return;
        }
        t.applier = new Applier(host, ch, t.queue, lastApplyOrder);
        ch.sqlRunning = true;
        t.applierThread = new Thread(t.applier, "mitosis-replica-sql-" + (ch.name().isEmpty() ? "default" : ch.name()));
        t.applierThread.setDaemon(true);
        t.applierThread.start();
    }

    @Override
    public void stopReceiver(Channel ch) {
        Thread thread;
        synchronized (this) {
            Threads t = byChannel.get(ch.name());
            if (t == null || t.receiver == null) return;
            t.receiver.requestStop();
            thread = t.receiverThread;
        }
        join(thread);
        ch.io = Channel.IoState.NO;
    }

    @Override
    public void stopApplier(Channel ch) {
        Thread thread;
        synchronized (this) {
            Threads t = byChannel.get(ch.name());
            if (t == null || t.applier == null) return;
            t.applier.requestStop();
            thread = t.applierThread;
        }
        join(thread);
        ch.sqlRunning = false;
    }

    /** RESET REPLICA / CHANGE with both threads stopped: what was received and not applied is dropped. */
    public synchronized void discardReceived(Channel ch) {
        Threads t = byChannel.get(ch.name());
        if (t != null) t.queue.clear();
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
