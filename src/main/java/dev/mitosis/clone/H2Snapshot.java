package dev.mitosis.clone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * A consistent physical snapshot of a running H2 store (the quiesced hot copy measured in
 * reference/h2-findings.md section 4): space reuse is switched off so the file only grows, commits
 * are held for the few milliseconds it takes to store and to fix the header blocks and the end
 * of the file, then the file is read up to that end while writers carry on. The copy opens as the
 * store did at that point. Relies on H2 internals: the H2 version is pinned, and the clone tests
 * check the snapshot for consistency under concurrent writers.
 */
public final class H2Snapshot implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Snapshot.class);
    /** MVStore's two file header blocks. */
    public static final int HEADER_LENGTH = 2 * 4096;

    /**
     * Copy only the chunks live at the snapshot point (H2Layout); false copies the whole file.
     * Read at each snapshot.
     */
    public static final String LIVE_ONLY_PROPERTY = "mitosis.clone.liveChunksOnly";

    private static final byte[] ZEROS = new byte[64 << 10];

    private final MVStore store;
    private final Path file;
    private final byte[] header;
    private final long length;
    /** Sorted [start, end) pairs of the bytes to copy; what lies between reads as zeros. */
    private final long[] ranges;
    private final Object captured;
    private final FileChannel channel;
    private boolean closed;
    private Runnable onClose;

    private H2Snapshot(MVStore store, Path file, byte[] header, long[] ranges, Object captured) throws IOException {
        this.store = store;
        this.file = file;
        this.header = header;
        this.ranges = ranges;
        this.length = ranges[ranges.length - 1];
        this.captured = captured;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Takes a snapshot of the store behind {@code engineConnection}. {@code whileHeld} runs while
     * commits are held and its result (gtid_executed, binary log position, ...) is kept with the
     * snapshot, so it describes exactly the copied data.
     */
    public static H2Snapshot take(Connection engineConnection, CommitGate gate, Callable<?> whileHeld)
            throws SQLException, IOException {
        MVStore store = mvStore(engineConnection);
        FileStore<?> fs = store.getFileStore();
        Path file = Path.of(fs.getFileName());
        ReuseSpace.disable(store);
        boolean ok = false;
        try {
            byte[] header = new byte[HEADER_LENGTH];
            long[] size = new long[1];
            boolean liveOnly = Boolean.parseBoolean(System.getProperty(LIVE_ONLY_PROPERTY, "true"));
            H2Layout.Newest[] newest = new H2Layout.Newest[1];
            Object captured;
            try (CommitGate.Hold ignored = gate.hold()) {
                store.commit();
                IOException[] failure = new IOException[1];
                store.executeFilestoreOperation(() -> {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        readFully(ch, ByteBuffer.wrap(header), 0);
                        size[0] = ch.size();
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                    if (liveOnly) newest[0] = H2Layout.newest(store);
                });
                if (failure[0] != null) throw failure[0];
                captured = whileHeld == null ? null : whileHeld.call();
            } catch (IOException | SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("capturing the snapshot point failed: " + e.getMessage(), e);
            }
            // After the commits go again: the snapshot's chunks stay as they are while space
            // reuse is off, so their layout and tables of contents can be read meanwhile.
            long[][] ranges = {{0, size[0]}};
            byte[][] headers = {header};
            if (liveOnly) {
                long t0 = System.nanoTime();
                H2Layout.Live live = newest[0] == null ? null : H2Layout.read(store, newest[0], file, header, size[0]);
                if (live != null) {
                    ranges[0] = live.ranges();
                    headers[0] = live.header();
                    log.info("Clone snapshot: {} of the store file's {} bytes are live, in {} ranges ({} of {} chunks"
                                    + " whole; layout read in {} ms)", live.bytes(), size[0], live.ranges().length / 2,
                            live.wholeChunks(), live.chunks(), (System.nanoTime() - t0) / 1_000_000);
                } else {
                    log.warn("Clone snapshot: H2's layout is not readable; copying the whole store file");
                }
            }
            H2Snapshot s = new H2Snapshot(store, file, headers[0], ranges[0], captured);
            ok = true;
            return s;
        } finally {
            if (!ok) ReuseSpace.enable(store);
        }
    }

    static MVStore mvStore(Connection c) throws SQLException {
        SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    /** The store file's name, e.g. mitosis.mv.db. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** Bytes of the snapshot: the store file as it was at the snapshot point. */
    public long length() {
        return length;
    }

    /** What the whileHeld callback returned. */
    public Object captured() {
        return captured;
    }

    /** Bytes the snapshot holds outside its holes: what a copy moves. */
    public long dataBytes() {
        long n = 0;
        for (int i = 0; i < ranges.length; i += 2) n += ranges[i + 1] - ranges[i];
        return n;
    }

    /**
     * True if {@code offset} lies in a hole: bytes of the file the snapshot's version does not
     * need (dead chunks, free space), which a copy leaves as zeros.
     */
    public boolean isHole(long offset) {
        return (segment(offset) & 1) == 1;
    }

    /** The end of the data range or hole that holds {@code offset} (at most the length). */
    public long segmentEnd(long offset) {
        int i = segment(offset);
        return i + 1 < ranges.length ? ranges[i + 1] : length;
    }

    /** Index into ranges of the boundary at or before offset: even = in data, odd = in a hole. */
    private int segment(long offset) {
        int i = java.util.Arrays.binarySearch(ranges, offset);
        // An exact hit on a start (even) is data, on an end (odd) the hole after it.
        return i >= 0 ? i : -i - 2;
    }

    /**
     * Reads snapshot bytes at {@code offset} into {@code buf}: the header blocks from the
     * in-memory copy, the rest from the live file, which only grows while space reuse is off;
     * holes read as zeros.
     */
    public int read(long offset, ByteBuffer buf) throws IOException {
        if (offset >= length) return -1;
        int start = buf.position();
        long end = Math.min(length, offset + buf.remaining());
        while (offset < end) {
            long segEnd = Math.min(end, segmentEnd(offset));
            int want = (int) (segEnd - offset);
            if (isHole(offset)) {
                while (want > 0) {
                    int n = Math.min(want, ZEROS.length);
                    buf.put(ZEROS, 0, n);
                    want -= n;
                }
            } else {
                if (offset < HEADER_LENGTH) {
                    int n = (int) Math.min(want, HEADER_LENGTH - offset);
                    buf.put(header, (int) offset, n);
                    offset += n;
                    want -= n;
                }
                if (want > 0) {
                    ByteBuffer slice = buf.slice();
                    slice.limit(want);
                    readFully(channel, slice, offset);
                    buf.position(buf.position() + want);
                }
            }
            offset = segEnd;
        }
        return buf.position() - start;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) throw new IOException("store file shorter than the snapshot");
            pos += n;
        }
    }

    /** Runs {@code action} when the snapshot closes (at once if it is closed already). */
    public void whenClosed(Runnable action) {
        synchronized (this) {
            if (!closed) {
                Runnable before = onClose;
                onClose = before == null ? action : () -> {
                    before.run();
                    action.run();
                };
                return;
            }
        }
        action.run();
    }

    @Override
    public void close() {
        Runnable action;
        synchronized (this) {
            if (closed) return;
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            ReuseSpace.enable(store);
            action = onClose;
        }
        if (action != null) action.run();
    }

    /** Space reuse is off while any snapshot of the store is open. */
    private static final class ReuseSpace {
        private static final java.util.Map<MVStore, Integer> HOLDERS = new java.util.IdentityHashMap<>();

        static synchronized void disable(MVStore store) {
            int n = HOLDERS.getOrDefault(store, 0);
            if (n == 0) store.setReuseSpace(false);
            HOLDERS.put(store, n + 1);
        }

        static synchronized void enable(MVStore store) {
            int n = HOLDERS.getOrDefault(store, 0) - 1;
            if (n <= 0) {
                HOLDERS.remove(store);
                if (!store.isClosed()) store.setReuseSpace(true);
            } else {
                HOLDERS.put(store, n);
            }
        }
    }
}
