package dev.mitosis.clone;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipient's side of the transfer: asks the donor for a snapshot, then pulls its bytes in
 * parallel ranges into a staging file, checking every chunk's CRC32, within a bandwidth cap.
 * A stream whose connection breaks reconnects and resumes at its last verified byte, for as
 * long as the donor keeps the snapshot.
 */
public final class CloneReceiver {
    private static final Logger log = LoggerFactory.getLogger(CloneReceiver.class);
    /** -Dmitosis.clone.bufferedWrites=true stages through the page cache instead (for comparisons). */
    private static final boolean DIRECT_WRITES = !Boolean.getBoolean("mitosis.clone.bufferedWrites");

    /** Opens an authenticated connection to the donor, ready for COM_CLONE. */
    public interface Connector {
        PacketChannel connect() throws IOException, MysqlException;
    }

    /** Progress: bytes written to the staging file and bytes received from the network. */
    public interface Progress {
        void update(long data, long network, long estimate);
    }

    /**
     * @param streams           parallel streams (clone_max_concurrency, at least 1)
     * @param maxBytesPerSecond data cap (clone_max_data_bandwidth / _network_bandwidth), 0 = none
     * @param compress          deflate chunks (clone_enable_compression)
     * @param resumeWindowMillis how long to keep reconnecting after a network failure
     * @param bufferSize        bytes per chunk, the buffer each stream reads into (clone_buffer_size)
     * @param ddlTimeoutSeconds how long the donor waits for running DDL (clone_ddl_timeout)
     * @param blockDdl          the donor blocks DDL for the whole clone (clone_block_ddl)
     */
    public record Limits(int streams, long maxBytesPerSecond, boolean compress, long resumeWindowMillis,
                         String recipientVersion, int bufferSize, long ddlTimeoutSeconds, boolean blockDdl) {
        /** MySQL's defaults for the buffer (4 MiB) and the DDL settings. */
        public Limits(int streams, long maxBytesPerSecond, boolean compress, long resumeWindowMillis,
                      String recipientVersion) {
            this(streams, maxBytesPerSecond, compress, resumeWindowMillis, recipientVersion, 4 << 20, 300, false);
        }

        /**
         * The chunk size asked of the donor: the buffer, but under a bandwidth cap at most a
         * quarter second of it, so the rate stays even rather than coming in bursts of a buffer.
         */
        int chunkSize() {
            long chunk = Math.min(bufferSize, CloneProtocol.MAX_CHUNK);
            if (maxBytesPerSecond > 0) chunk = Math.min(chunk, Math.max(64 << 10, maxBytesPerSecond / 4));
            return (int) Math.max(4096, chunk);
        }
    }

    private final Connector connector;
    private final Limits limits;
    private final Progress progress;
    private final AtomicLong data = new AtomicLong();
    private final AtomicLong network = new AtomicLong();
    private final RateLimit throttle = new RateLimit();
    private volatile boolean cancelled;

    public CloneReceiver(Connector connector, Limits limits, Progress progress) {
        this.connector = connector;
        this.limits = limits;
        this.progress = progress;
    }

    public void cancel() {
        cancelled = true;
    }

    /** Asks the donor for a snapshot: its locator, with nothing transferred yet. */
    public CloneProtocol.Locator locate() throws IOException, MysqlException {
        PacketChannel ch = connector.connect();
        try {
            CloneProtocol.Locator locator = request(ch, 0, 0, -1);
            expectEnd(ch);
            return locator;
        } finally {
            ch.close();
        }
    }

    /**
     * Pulls the whole snapshot into {@code target}; returns when every byte is verified (written,
     * not yet forced to disk: the caller syncs it).
     */
    public void receive(CloneProtocol.Locator locator, Path target) throws IOException, MysqlException {
        long length = locator.length();
        int n = (int) Math.max(1, Math.min(limits.streams(), Math.max(1, length / (8L << 20))));
        ExecutorService pool = Executors.newFixedThreadPool(n, BackgroundPriority.threads("mitosis-clone-stream"));
        try (StagedFile file = new StagedFile(target, DIRECT_WRITES); Writeback writeback = new Writeback(file)) {
            List<Future<Void>> futures = new ArrayList<>();
            // Ranges start on the file's blocks, so direct writes of two streams never share one.
            long align = file.alignment();
            long step = ((length + n - 1) / n + align - 1) / align * align;
            for (long start = 0; start < length; start += step) {
                long s = start;
                long e = Math.min(length, start + step);
                futures.add(pool.submit(() -> {
                    pullRange(locator, file, s, e);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException ex) {
                    cancelled = true;
                    Throwable c = ex.getCause();
                    if (c instanceof MysqlException m) throw m;
                    if (c instanceof IOException io) throw io;
                    throw new IOException(c);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IOException("clone interrupted");
                }
            }
            // The last range is always data, so the file has its full size (holes inside read as zeros).
            file.finish(length);
        } finally {
            pool.shutdownNow();
        }
        finish(locator);
    }

    /** Tells the donor it can drop the snapshot (best effort: it also expires by itself). */
    private void finish(CloneProtocol.Locator locator) {
        try {
            PacketChannel ch = connector.connect();
            try {
                ch.resetSequence();
                ch.write(request(locator.snapshotId(), -1, 0).write());
                ch.flush();
                ch.read();
            } finally {
                ch.close();
            }
        } catch (IOException | MysqlException e) {
            log.debug("clone finish notice not delivered: {}", e.toString());
        }
    }

    private void pullRange(CloneProtocol.Locator locator, StagedFile file, long start, long end)
            throws IOException, MysqlException {
        // The last verified byte + 1: where a resumed stream starts again.
        long[] next = {start};
        StagedFile.Writer writer = file.writer(start, limits.chunkSize());
        long failedSince = 0;
        while (next[0] < end) {
            if (cancelled) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            PacketChannel ch = null;
            try {
                ch = connector.connect();
                request(ch, locator.snapshotId(), next[0], end);
                readData(ch, writer, next, end);
                failedSince = 0;
            } catch (IOException e) {
                // A network failure: reconnect and resume at the last verified byte.
                long now = System.currentTimeMillis();
                if (failedSince == 0) failedSince = now;
                // The donor keeps the snapshot for its clone_donor_timeout_after_network_failure.
                long window = Math.min(limits.resumeWindowMillis(), locator.donorTimeoutSeconds() * 1000);
                if (now - failedSince > window) {
                    throw ErrorCode.ER_CLONE_DONOR.exception("Network failure: " + e.getMessage());
                }
                log.info("clone stream [{}, {}) interrupted at {}: {}; resuming", start, end, next[0], e.toString());
                sleep(200);
            } finally {
                if (ch != null) ch.close();
            }
        }
        writer.close();
    }

    /** Sends a COM_CLONE request and reads the locator, or the donor's error as 3862. */
    private CloneProtocol.Locator request(PacketChannel ch, long snapshotId, long offset, long end)
            throws IOException, MysqlException {
        ch.resetSequence();
        ch.write(request(snapshotId, offset, end).write());
        ch.flush();
        byte[] p = ch.read();
        if (p == null) throw new IOException("donor closed the connection");
        if ((p[0] & 0xFF) == 0xFF) throw donorError(p);
        if (p[0] != CloneProtocol.LOCATOR) throw ErrorCode.ER_CLONE_PROTOCOL.exception("expected the snapshot locator");
        return CloneProtocol.Locator.read(new PayloadReader(p, 1, p.length));
    }

    private CloneProtocol.Request request(long snapshotId, long offset, long end) {
        return new CloneProtocol.Request(CloneProtocol.VERSION, limits.recipientVersion(), snapshotId, offset, end,
                limits.chunkSize(), limits.compress(), limits.ddlTimeoutSeconds(), limits.blockDdl());
    }

    /** The donor's ERR as MySQL reports it on the recipient: 3862 wrapping the donor's code and text. */
    static MysqlException donorError(byte[] p) {
        PayloadReader r = new PayloadReader(p, 1, p.length);
        int code = r.readInt2();
        if (r.hasRemaining() && r.peek() == '#') r.skip(6);
        String msg = r.readRestString();
        if (code == ErrorCode.ER_CLONE_DONOR.code()) return new MysqlException(ErrorCode.ER_CLONE_DONOR, msg);
        return ErrorCode.ER_CLONE_DONOR.exception(code + " : " + msg);
    }

    private void expectEnd(PacketChannel ch) throws IOException, MysqlException {
        byte[] p = ch.read();
        if (p == null || p[0] != CloneProtocol.END) throw ErrorCode.ER_CLONE_PROTOCOL.exception("expected the end marker");
    }

    private void readData(PacketChannel ch, StagedFile.Writer writer, long[] next, long end)
            throws IOException, MysqlException {
        CRC32C crc = new CRC32C();
        int chunk = limits.chunkSize();
        // One buffer per stream for the packets (a deflated chunk can come out a little larger).
        byte[] buf = new byte[CloneProtocol.DATA_HEADER + 4 + chunk + (chunk >> 6) + 1024];
        Inflater inflater = limits.compress() ? new Inflater() : null;
        byte[] inflated = limits.compress() ? new byte[chunk] : null;
        try {
            while (true) {
                if (cancelled) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
                byte[] p = ch.read(buf);
                if (p == null) throw new IOException("donor closed the connection");
                int plen = ch.lastLength();
                network.addAndGet(plen + 4L);
                int type = p[0] & 0xFF;
                if (type == CloneProtocol.END) {
                    if (next[0] < end) throw new IOException("stream ended at " + next[0] + " before " + end);
                    return;
                }
                if (type == 0xFF) throw donorError(Arrays.copyOf(p, plen));
                PayloadReader r = new PayloadReader(p, 1, plen);
                long offset = r.readInt8();
                if (type == CloneProtocol.HOLE) {
                    // Bytes the snapshot does not need: left unwritten in the fresh file (zeros).
                    long len = r.readInt8();
                    if (offset != next[0] || len <= 0 || offset + len > end) {
                        throw ErrorCode.ER_CLONE_PROTOCOL.exception("hole at " + offset + " of " + len + ", expected " + next[0]);
                    }
                    writer.hole(offset, len);
                    next[0] = offset + len;
                    continue;
                }
                long expected = r.readInt4();
                byte[] body;
                int bodyStart;
                int len;
                if (type == CloneProtocol.DATA) {
                    body = p;
                    bodyStart = r.position();
                    len = r.remaining();
                } else if (type == CloneProtocol.DATA_DEFLATED) {
                    int raw = (int) r.readInt4();
                    if (raw > inflated.length) inflated = new byte[raw];
                    inflater.reset();
                    inflater.setInput(p, r.position(), r.remaining());
                    try {
                        len = inflater.inflate(inflated, 0, raw);
                    } catch (DataFormatException e) {
                        throw ErrorCode.ER_CLONE_PROTOCOL.exception("corrupt compressed chunk");
                    }
                    body = inflated;
                    bodyStart = 0;
                } else {
                    throw ErrorCode.ER_CLONE_PROTOCOL.exception("unexpected packet " + type);
                }
                if (offset != next[0]) throw ErrorCode.ER_CLONE_PROTOCOL.exception("chunk at " + offset + ", expected " + next[0]);
                crc.reset();
                crc.update(body, bodyStart, len);
                if (crc.getValue() != expected) throw new IOException("checksum mismatch at offset " + offset);
                writer.data(offset, body, bodyStart, len);
                next[0] = offset + len;
                throttle.acquire(len, limits.maxBytesPerSecond());
                progress.update(data.addAndGet(len), network.get(), 0);
            }
        } finally {
            if (inflater != null) inflater.end();
        }
    }

    /**
     * Forces what the streams wrote to disk while they go on, every {@link #EVERY} bytes, so the
     * final sync (FILE SYNC) of a large clone finds less left to write. Not more often: a force
     * stalls the streams' writes while the file system commits (with 32 MiB, a 96 MB clone
     * received at about half the speed), so a clone below EVERY is synced once, at the end.
     */
    private final class Writeback implements AutoCloseable {
        private static final long EVERY = Long.getLong("mitosis.clone.writebackBytes", 128L << 20);
        private final StagedFile file;
        private final Thread thread;
        private volatile boolean done;
        private int forces;
        private long forceNanos;

        Writeback(StagedFile file) {
            this.file = file;
            this.thread = new Thread(this::run, "mitosis-clone-writeback");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long forced = 0;
            while (!done) {
                long written = data.get();
                if (written - forced >= EVERY) {
                    long t0 = System.nanoTime();
                    try {
                        file.force();
                    } catch (IOException e) {
                        return; // the final sync reports it
                    }
                    forceNanos += System.nanoTime() - t0;
                    forces++;
                    forced = written;
                } else {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
            }
        }

        @Override
        public void close() {
            done = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("Clone: {} writeback forces during the transfer took {} ms", forces, forceNanos / 1_000_000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
