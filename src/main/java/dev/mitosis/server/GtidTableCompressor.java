package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import dev.mitosis.gtid.GtidState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses mysql.gtid_executed (a row per committed transaction) in the background, after a
 * start and then every second, in small transactions, as MySQL's compression thread does. A
 * start does not wait for it (tens of thousands of rows took seconds to merge at start-up), and
 * the table stays small on a busy instance, so whoever reads it whole (a start, a clone's
 * recipient after its restart) reads a few rows.
 */
final class GtidTableCompressor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GtidTableCompressor.class);
    private static final int ROWS_PER_STEP = 2000;
    private static final long PERIOD_NANOS = 1_000_000_000L;

    private final Engine engine;
    private final Thread thread;
    private volatile boolean closed;

    private GtidTableCompressor(Engine engine, String name) {
        this.engine = engine;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    static GtidTableCompressor start(Engine engine, int port) {
        GtidTableCompressor c = new GtidTableCompressor(engine, "mitosis-gtid-compress-" + port);
        c.thread.start();
        return c;
    }

    private void run() {
        try (Connection c = engine.connect()) {
            while (!closed) {
                Object[] cursor = null;
                int steps = 0;
                do {
                    // Ends outside the commit pipeline: a checkpoint must not store in the middle.
                    Lock ends = engine.transactionEnds().readLock();
                    ends.lock();
                    try {
                        if (closed) return;
                        cursor = GtidState.compressStep(c, cursor, ROWS_PER_STEP);
                    } finally {
                        ends.unlock();
                    }
                    steps++;
                } while (cursor != null && !closed);
                if (steps > 5) log.info("Compressed mysql.gtid_executed in {} steps", steps);
                LockSupport.parkNanos(PERIOD_NANOS);
            }
        } catch (SQLException | RuntimeException e) {
            if (!closed) log.warn("Compressing mysql.gtid_executed stopped: {}", e.toString());
        }
    }

    /** Stops after the current step. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
