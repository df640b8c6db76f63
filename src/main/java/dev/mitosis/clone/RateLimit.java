package dev.mitosis.clone;

import java.util.concurrent.TimeUnit;

/** A rate limit shared by several streams: each waits until its bytes fit under the rate. */
final class RateLimit {
    private long allowedAtNanos = System.nanoTime();

    /** Waits until {@code bytes} more fit under {@code bytesPerSecond} (at once when that is 0 or less). */
    void acquire(long bytes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) return;
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            allowedAtNanos = Math.max(allowedAtNanos, now) + TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
            wait = allowedAtNanos - now;
        }
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
