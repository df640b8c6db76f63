package dev.mitosis.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Beyond MySQL: after serving a clone, the donor keeps the binary logs from the snapshot's file
 * until a replica has attached at or past that point, or clone_donor_binlog_retention_seconds
 * has passed. The most common failure after a clone, error 1236 (the source purged logs the new
 * replica needs), cannot happen inside that window.
 */
public final class BinlogPins {
    private final Map<String, Long> expiresAtMillis = new ConcurrentHashMap<>();
    private final LongSupplier retentionSeconds;

    BinlogPins(LongSupplier retentionSeconds) {
        this.retentionSeconds = retentionSeconds;
    }

    /** Pins the file a clone's snapshot ends in. */
    void pinForClone(String file) {
        long seconds = retentionSeconds.getAsLong();
        if (file == null || file.isEmpty() || seconds <= 0) return;
        expiresAtMillis.merge(file, System.currentTimeMillis() + seconds * 1000, Math::max);
    }

    /** A replica's dump request now reads from {@code file}: pins at or before it are no longer needed. */
    void replicaAttached(String file) {
        if (file == null || file.isEmpty()) return;
        expiresAtMillis.keySet().removeIf(pinned -> pinned.compareTo(file) <= 0);
    }

    /** The oldest file still pinned, or null. */
    public String oldestPinned() {
        long now = System.currentTimeMillis();
        expiresAtMillis.entrySet().removeIf(e -> e.getValue() <= now);
        return expiresAtMillis.keySet().stream().min(String::compareTo).orElse(null);
    }
}
