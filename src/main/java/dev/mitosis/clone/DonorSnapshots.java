package dev.mitosis.clone;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The donor's open snapshot. One clone is served at a time (3634 for another); the snapshot
 * stays open while streams read it and, after the last stream is gone, for the network-failure
 * timeout, so a recipient that lost its connection can resume.
 */
public final class DonorSnapshots implements AutoCloseable {
    /** An open snapshot with its locator and reader count. */
    public static final class Entry {
        public final H2Snapshot snapshot;
        public final CloneProtocol.Locator locator;
        private int streams;
        private long idleSince = System.nanoTime();

        Entry(H2Snapshot snapshot, CloneProtocol.Locator locator) {
            this.snapshot = snapshot;
            this.locator = locator;
        }
    }

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private final ScheduledExecutorService reaper;
    private Entry current;
    private volatile long timeoutNanos;
    private final DonorPacer pacer;

    /** {@code pacer} slows the streams while the donor's own commit rate suffers. */
    public DonorSnapshots(DonorPacer pacer) {
        this.pacer = pacer;
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mitosis-clone-snapshots");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        reaper.scheduleAtFixedRate(() -> pacer.tick(busy()), DonorPacer.TICK_MILLIS, DonorPacer.TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    DonorPacer pacer() {
        return pacer;
    }

    /** A fresh snapshot id. */
    public static long newId() {
        return IDS.incrementAndGet();
    }

    /** Registers a new snapshot, refusing if another clone is being served. */
    public synchronized Entry open(H2Snapshot snapshot, CloneProtocol.Locator locator, long timeoutSeconds)
            throws MysqlException {
        if (current != null) {
            snapshot.close();
            throw ErrorCode.ER_CLONE_TOO_MANY.exception();
        }
        current = new Entry(snapshot, locator);
        current.streams = 1;
        timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        return current;
    }

    /** True while a clone is being served (a new one would be refused). */
    public synchronized boolean busy() {
        return current != null;
    }

    /** Joins an existing snapshot (resume or parallel stream); null if it is gone. */
    public synchronized Entry join(long id) {
        if (current == null || current.locator.snapshotId() != id) return null;
        current.streams++;
        return current;
    }

    public synchronized void leave(Entry e) {
        e.streams--;
        e.idleSince = System.nanoTime();
    }

    /** The recipient has everything: the snapshot can go now. */
    public synchronized void finish(long id) {
        if (current != null && current.locator.snapshotId() == id) {
            current.snapshot.close();
            current = null;
        }
    }

    private synchronized void expire() {
        if (current != null && current.streams <= 0 && System.nanoTime() - current.idleSince > timeoutNanos) {
            current.snapshot.close();
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        reaper.shutdownNow();
        if (current != null) current.snapshot.close();
        current = null;
    }
}
