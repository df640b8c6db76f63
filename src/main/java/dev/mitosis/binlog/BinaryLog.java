package dev.mitosis.binlog;

import dev.mitosis.engine.Engine;
import dev.mitosis.engine.RowChange;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.gtid.GtidState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary log of one instance and its commit pipeline (design.md, "Commit pipeline"):
 * <ol>
 *   <li>under the order lock a transaction gets its GTID, writes its GTID row inside its own
 *       engine transaction and appends its events to the current file;</li>
 *   <li>one leader fsyncs the file for every transaction queued so far (group commit);</li>
 *   <li>the leader commits the engine transactions of the group in log order, then every member
 *       returns to its client.</li>
 * </ol>
 * Row locks stay held until the engine commit, so before-images always match the log order. An
 * engine commit failing after its events are durable stops the instance rather than diverge.
 */
public final class BinaryLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BinaryLog.class);
    public static final String BASE_NAME = "binlog";
    public static final String INDEX_NAME = "binlog.index";
    /** MySQL's binlog_row_event_max_size default: rows events are split near this size. */
    private static final int ROWS_EVENT_MAX = 8192;
    private static final int WRITESET_HISTORY = 25000;

    /** Settings read at each use (they are dynamic variables). */
    public interface Settings {
        long maxBinlogSize();
        int syncBinlog();
        long expireLogsSeconds();
    }

    /** What to do when the log and the engine could diverge. */
    public interface FatalHandler {
        void fatal(String message, Throwable cause);
    }

    /** What a session passes at commit; {@code origin} is set when a replica re-logs a received transaction. */
    public record TxContext(long threadId, String database, Gtid givenGtid, PreparedStatement gtidInsert, Origin origin) {
        public TxContext(long threadId, String database, Gtid givenGtid, PreparedStatement gtidInsert) {
            this(threadId, database, givenGtid, gtidInsert, null);
        }
    }

    /**
     * Where a replicated transaction came from: its events keep the originating server_id and the
     * original commit timestamp and server version, as log_replica_updates requires.
     */
    public record Origin(long serverId, long originalCommitMicros, int originalServerVersion) {}

    /** The end of the durable part of the log: dump threads never send past it. */
    public record DurableEnd(String file, long position) {}

    private final Object durable = new Object();
    /** Guards the current file's channel, name and position for readers outside the order lock. */
    private final Object fileState = new Object();
    private volatile DurableEnd durableEnd = new DurableEnd("", 0);

    private final Path dir;
    private final boolean enabled;
    private final String serverVersion;
    private final int serverVersionNumber;
    private final LongSupplier serverId;
    private final GtidState gtids;
    private final Settings settings;
    private final FatalHandler fatal;
    private final TableSchemas schemas;
    /** The engine's store; null in unit tests without one. */
    private final Engine engine;
    private final ReentrantLock order = new ReentrantLock();
    /**
     * Transactions hold the read lock while they are numbered and appended; holdCommits takes
     * the write lock so no new transaction enters while the pipeline drains (with the order lock
     * alone, new transactions kept entering whenever the drain released it).
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock entry =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final AtomicLong xids = new AtomicLong(1);

    // ---- guarded by order
    private final List<String> index = new ArrayList<>();
    private FileChannel channel;
    private String currentName;
    private long position;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long sequenceNumber;
    private long historyStart;
    private final Map<Long, Long> writeSet = new java.util.HashMap<>();

    // ---- group commit
    /** Guards queue, syncLeaderActive, batchesFormed; never waited on. */
    private final Object group = new Object();
    private boolean syncLeaderActive;
    private long batchesFormed;
    /** Guards batchesCommitted; leaders wait here for their turn, holdCommits for the drain. */
    private final Object turn = new Object();
    private long batchesCommitted;
    private long groups;
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean failed;
    private volatile boolean closed;

    // ---- checkpoints (deferred engine stores)
    /** The file that was current at the last checkpoint: older files are no longer needed for redo. */
    private volatile String checkpointFile;
    private final AtomicLong checkpoints = new AtomicLong();
    /** Time checkpoints held commits, in total and at most (logged at close). */
    private final AtomicLong checkpointHeldNanos = new AtomicLong();
    private volatile long checkpointMaxHeldNanos;
    private volatile long lastCheckpointNanos = System.nanoTime();
    private Thread checkpointer;

    private static final class Pending {
        final Connection conn;
        final Gtid gtid;
        final PreparedStatement ddlGtidInsert;
        final Thread thread = Thread.currentThread();
        /** In a leader's batch (guarded by group). */
        boolean batched;
        volatile boolean done;
        /** Set before done. */
        Throwable error;
        /** Set by the leader once the engine commit succeeded. */
        boolean committed;

        Pending(Connection conn, Gtid gtid, PreparedStatement ddlGtidInsert) {
            this.conn = conn;
            this.gtid = gtid;
            this.ddlGtidInsert = ddlGtidInsert;
        }
    }

    BinaryLog(Path dir, boolean enabled, String serverVersion, LongSupplier serverId, GtidState gtids, Settings settings,
            FatalHandler fatal, TableSchemas schemas, Engine engine) {
        this.engine = engine;
        this.dir = dir;
        this.enabled = enabled;
        this.serverVersion = serverVersion;
        this.serverVersionNumber = versionNumber(serverVersion);
        this.serverId = serverId;
        this.gtids = gtids;
        this.settings = settings;
        this.fatal = fatal;
        this.schemas = schemas;
    }

    static int versionNumber(String v) {
        String[] p = v.split("[.-]");
        try {
            return Integer.parseInt(p[0]) * 10000 + Integer.parseInt(p[1]) * 100 + Integer.parseInt(p[2]);
        } catch (RuntimeException e) {
            return 80403;
        }
    }

    public boolean enabled() { return enabled; }
    public GtidState gtids() { return gtids; }
    public TableSchemas schemas() { return schemas; }
    public long fsyncCount() { return fsyncs.get(); }
    public long commitCount() { return commits.get(); }
    public long checkpointCount() { return checkpoints.get(); }
    public Path directory() { return dir; }

    // ------------------------------------------------------------------ files

    /** Called once at start, after recovery: loads the index and opens a new file. */
    void start(List<String> existing, GtidSet previous) throws IOException {
        order.lock();
        try {
            index.clear();
            index.addAll(existing);
            if (!enabled) return;
            openNewFile(nextName(), System.currentTimeMillis() / 1000, previous);
            // Recovery stored the engine before this: nothing older is needed for redo.
            checkpointFile = currentName;
            expireLocked();
        } finally {
            order.unlock();
        }
        if (engine != null && engine.storesDeferred()) {
            checkpointer = new Thread(this::checkpointLoop, "mitosis-checkpoint");
            checkpointer.setDaemon(true);
            checkpointer.start();
        }
    }

    /** The names listed in the index whose files exist, oldest first. */
    static List<String> readIndex(Path dir) throws IOException {
        Path idx = dir.resolve(INDEX_NAME);
        List<String> names = new ArrayList<>();
        if (!Files.exists(idx)) return names;
        for (String line : Files.readAllLines(idx, StandardCharsets.UTF_8)) {
            String n = line.trim();
            if (n.isEmpty()) continue;
            if (n.startsWith("./")) n = n.substring(2);
            if (Files.exists(dir.resolve(n))) names.add(n);
        }
        return names;
    }

    private void writeIndexLocked() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String n : index) b.append("./").append(n).append('\n');
        Path tmp = dir.resolve(INDEX_NAME + "_crash_safe");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(INDEX_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String nextName() {
        long n = 1;
        if (!index.isEmpty()) n = sequenceOf(index.get(index.size() - 1)) + 1;
        return fileName(n);
    }

    static String fileName(long n) {
        return String.format("%s.%06d", BASE_NAME, n);
    }

    static long sequenceOf(String name) {
        return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    }

    private void openNewFile(String name, long createTimestamp, GtidSet previous) throws IOException {
        Path p = dir.resolve(name);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EventWriter w = EventWriter.forNewFile(ChecksumAlgorithm.CRC32);
        long now = System.currentTimeMillis() / 1000;
        byte[] fde = w.next(now, serverId.getAsLong(), EventHeader.FLAG_BINLOG_IN_USE,
                FormatDescriptionEventData.mysql84(serverVersion, createTimestamp, ChecksumAlgorithm.CRC32));
        byte[] prev = w.next(now, serverId.getAsLong(), 0, new PreviousGtidsEventData(previous));
        ByteBuffer buf = ByteBuffer.allocate(4 + fde.length + prev.length);
        buf.put(EventWriter.magic()).put(fde).put(prev).flip();
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
        synchronized (fileState) {
            channel = ch;
            currentName = name;
            position = w.position();
        }
        sequenceNumber = 0;
        historyStart = 0;
        writeSet.clear();
        index.add(name);
        writeIndexLocked();
        publishDurable(name, position);
    }

    public DurableEnd durableEnd() {
        return durableEnd;
    }

    /** Waits until the durable end is past (file, position), or the timeout elapses; returns it. */
    public DurableEnd awaitDurable(String file, long position, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (durable) {
            while (!closed) {
                DurableEnd d = durableEnd;
                if (!d.file().equals(file) || d.position() > position) return d;
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return d;
                durable.wait(left);
            }
            return durableEnd;
        }
    }

    /** Moves the durable end forward (never back: a late fsync of a rotated file changes nothing). */
    private void publishDurable(String file, long pos) {
        synchronized (durable) {
            DurableEnd d = durableEnd;
            boolean later = d.file().isEmpty() || sequenceOf(file) > sequenceOf(d.file())
                    || file.equals(d.file()) && pos > d.position();
            if (later) durableEnd = new DurableEnd(file, pos);
            durable.notifyAll();
        }
    }

    /** Ends the current file with ROTATE and opens the next one (max_binlog_size, FLUSH BINARY LOGS). */
    public void rotate() throws IOException {
        if (!enabled) return;
        order.lock();
        try {
            rotateLocked();
        } finally {
            order.unlock();
        }
    }

    private void rotateLocked() throws IOException {
        String next = nextName();
        byte[] rotate = EventWriter.encodeAt(position, System.currentTimeMillis() / 1000, serverId.getAsLong(), 0,
                new RotateEventData(4, next), ChecksumAlgorithm.CRC32);
        writeLocked(rotate);
        closeCurrentLocked();
        // Everything logged so far, including transactions still on their way to the engine.
        GtidSet previous = gtids.executed().union(gtids.owned());
        openNewFile(next, 0, previous);
        expireLocked();
    }

    private void closeCurrentLocked() throws IOException {
        FileChannel ch = channel;
        ch.force(false);
        // Clear LOG_EVENT_BINLOG_IN_USE_F in the FDE header: the file was closed properly. The
        // FDE's checksum is computed with the flag cleared, so it stays valid.
        ch.write(ByteBuffer.wrap(new byte[] {0}), 4 + 17);
        ch.force(false);
        ch.close();
    }

    private void writeLocked(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
        synchronized (fileState) {
            position += bytes.length;
        }
    }

    /** Clean shutdown: STOP event, file closed. */
    @Override
    public void close() {
        if (closed) return;
        synchronized (durable) {
            closed = true;
            durable.notifyAll();
        }
        Thread t = checkpointer;
        if (t != null) {
            // Never interrupted: an interrupt closes the channel under an H2 store.
            try {
                t.join(10000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("{} engine checkpoints; commits held {} ms in total, {} ms at most", checkpoints.get(),
                    checkpointHeldNanos.get() / 1_000_000, checkpointMaxHeldNanos / 1_000_000);
        }
        if (gtidRowsAtCheckpoints() && !failed) {
            // The engine stores everything when it closes: its table must list it all, and no
            // logged transaction may commit after that.
            try (Hold ignored = holdCommits()) {
                refusingCommits = true;
            } catch (RuntimeException e) {
                log.warn("Closing the binary log: {}", e.toString());
            }
        }
        order.lock();
        try {
            closed = true;
            if (gtidWriter != null) {
                try {
                    gtidWriter.close();
                } catch (SQLException ignored) {
                    // the engine closes it anyway
                }
                gtidWriter = null;
            }
            if (channel == null || !channel.isOpen()) return;
            writeLocked(EventWriter.encodeAt(position, System.currentTimeMillis() / 1000, serverId.getAsLong(), 0,
                    new StopEventData(), ChecksumAlgorithm.CRC32));
            closeCurrentLocked();
        } catch (IOException e) {
            log.warn("Closing the binary log: {}", e.toString());
        } finally {
            order.unlock();
        }
    }

    /** Stops without STOP event or flag cleanup (tests of crash recovery in-process). */
    public void abandon() {
        closed = true;
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // gone
        }
    }

    // ------------------------------------------------------------------ status, purge, reset

    public record FileInfo(String name, long size) {}

    public List<FileInfo> files() throws IOException {
        order.lock();
        try {
            List<FileInfo> out = new ArrayList<>();
            for (String n : index) {
                long size = n.equals(currentName) ? position : Files.size(dir.resolve(n));
                out.add(new FileInfo(n, size));
            }
            return out;
        } finally {
            order.unlock();
        }
    }

    public String currentFile() {
        order.lock();
        try {
            return currentName;
        } finally {
            order.unlock();
        }
    }

    public long currentPosition() {
        order.lock();
        try {
            return position;
        } finally {
            order.unlock();
        }
    }

    /** File and position plus gtid_executed, taken together (SHOW BINARY LOG STATUS). */
    public Object[] status() {
        order.lock();
        try {
            return new Object[] {currentName, position, gtids.executed().toString()};
        } finally {
            order.unlock();
        }
    }

    public boolean hasFile(String name) {
        order.lock();
        try {
            return index.contains(name);
        } finally {
            order.unlock();
        }
    }

    /**
     * PURGE BINARY LOGS TO: deletes the files before {@code name}. Returns false when the name is
     * not in the index. gtid_purged becomes the PREVIOUS_GTIDS of the oldest remaining file.
     */
    public boolean purgeTo(String name) throws IOException {
        checkpoint();
        order.lock();
        try {
            int at = index.indexOf(name);
            if (at < 0) return false;
            purgeFirstLocked(at);
            return true;
        } finally {
            order.unlock();
        }
    }

    /** PURGE BINARY LOGS BEFORE: files last modified before the time (never the active one). */
    public void purgeBefore(long epochMillis) throws IOException {
        checkpoint();
        order.lock();
        try {
            int n = 0;
            while (n < index.size() - 1
                    && Files.getLastModifiedTime(dir.resolve(index.get(n))).toMillis() < epochMillis) n++;
            purgeFirstLocked(n);
        } finally {
            order.unlock();
        }
    }

    private void purgeFirstLocked(int count) throws IOException {
        count = Math.min(count, index.size() - 1);
        // Files from the last checkpoint's on hold transactions the engine store may lack.
        int needed = checkpointFile == null ? -1 : index.indexOf(checkpointFile);
        if (needed >= 0) count = Math.min(count, needed);
        if (count <= 0) return;
        List<String> doomed = new ArrayList<>(index.subList(0, count));
        GtidSet purged = previousGtids(dir.resolve(index.get(count)));
        index.subList(0, count).clear();
        writeIndexLocked();
        for (String n : doomed) Files.deleteIfExists(dir.resolve(n));
        gtids.setPurged(gtids.purged().union(purged));
    }

    private void expireLocked() throws IOException {
        long seconds = settings.expireLogsSeconds();
        if (seconds <= 0) return;
        long limit = System.currentTimeMillis() - seconds * 1000;
        int n = 0;
        while (n < index.size() - 1 && Files.getLastModifiedTime(dir.resolve(index.get(n))).toMillis() < limit) n++;
        purgeFirstLocked(n);
    }

    /** Runs binlog_expire_logs_seconds now (start, rotation, FLUSH). */
    public void expire() throws IOException {
        if (!enabled) return;
        checkpoint();
        order.lock();
        try {
            expireLocked();
        } finally {
            order.unlock();
        }
    }

    static GtidSet previousGtids(Path file) throws IOException {
        try (BinlogFileScanner s = new BinlogFileScanner(file)) {
            for (int i = 0; i < 3; i++) {
                BinlogEvent e = s.next();
                if (e == null) break;
                if (e.data() instanceof PreviousGtidsEventData p) return p.gtids();
            }
        }
        return GtidSet.EMPTY;
    }

    /**
     * RESET BINARY LOGS AND GTIDS: deletes every file, starts at {@code binlog.000001} (or the
     * given number), empties gtid_executed and gtid_purged. Holds the order lock, so no commit
     * runs meanwhile; the caller must make sure no session owns a GTID.
     */
    public void reset(Connection system, long firstNumber) throws IOException, SQLException {
        try (Hold ignored = holdCommits()) {
            // Everything logged goes into the store before the log that could redo it is deleted.
            storeLocked();
            GtidState.writeTable(system, GtidSet.EMPTY);
            gtids.reset(GtidSet.EMPTY, GtidSet.EMPTY);
            storeLocked();
            if (!enabled) return;
            if (channel != null && channel.isOpen()) channel.close();
            for (String n : index) Files.deleteIfExists(dir.resolve(n));
            index.clear();
            openNewFile(fileName(firstNumber), System.currentTimeMillis() / 1000, GtidSet.EMPTY);
            checkpointFile = currentName;
        }
    }

    /** SET gtid_purged: adds to gtid_executed and gtid_purged, persisted in the table. */
    public void addPurged(Connection system, GtidSet added) throws SQLException {
        try (Hold ignored = holdCommits()) {
            GtidSet executed = gtids.executed().union(added);
            GtidState.writeTable(system, executed);
            gtids.addExecuted(added);
            gtids.setPurged(gtids.purged().union(added));
            storeLocked();
        }
    }

    // ------------------------------------------------------------------ holding commits, checkpoints

    /** Commits held by {@link #holdCommits()}; close() lets them go. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds every engine commit: transactions ending outside the pipeline wait (the engine's
     * transactionEnds lock), no transaction gets numbered, and the ones already numbered are
     * logged and committed first. While held, the engine is at a transaction boundary that is
     * also the end of the log (a checkpoint; a clone's snapshot point).
     */
    public Hold holdCommits() {
        if (engine != null && engine.transactionEnds().getReadHoldCount() > 0) {
            // The write lock would never come: fail rather than hang.
            throw new IllegalStateException("holding commits while ending a transaction outside the pipeline");
        }
        java.util.concurrent.locks.Lock ends = engine == null ? null : engine.transactionEnds().writeLock();
        if (ends != null) lockWithoutQueueing(ends);
        holdStartNanos = System.nanoTime();
        entry.writeLock().lock();
        awaitDrained();
        order.lock();
        Hold hold = () -> {
            order.unlock();
            entry.writeLock().unlock();
            if (ends != null) ends.unlock();
        };
        try {
            persistGtidsHeld();
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        return hold;
    }

    /**
     * With deferred engine stores, logged transactions get no mysql.gtid_executed row of their
     * own: every hold (checkpoint, clone snapshot, shutdown) writes what gtid_executed has and the
     * table lacks before anything is stored, so a store's table lists exactly the transactions it
     * holds, and after a crash the log redoes the rest as before. MySQL's binary log plays the
     * same part for its table. A row per commit, plus merging it away later, was 10-14% of a
     * replica worker's CPU.
     */
    private boolean gtidRowsAtCheckpoints() {
        return enabled && engine != null && engine.storesDeferred();
    }

    /**
     * When the current hold started holding (after waiting for running DDL, which holds nothing
     * up); only its holder reads it.
     */
    private long holdStartNanos;

    /** Used only under a hold, one at a time. */
    private Connection gtidWriter;
    /** Set under the order lock by close(): commits are refused from then on. */
    private boolean refusingCommits;

    private void refuseIfClosing() throws SQLException {
        if (refusingCommits) throw new SQLException("The binary log is closed; the instance is stopping", "HY000");
    }

    private void persistGtidsHeld() {
        if (!gtidRowsAtCheckpoints()) return;
        try {
            if (gtidWriter == null) gtidWriter = engine.connect();
            GtidSet missing = gtids.executed().subtract(GtidState.loadTable(gtidWriter));
            if (!missing.isEmpty()) GtidState.appendTable(gtidWriter, missing);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write mysql.gtid_executed: " + e.getMessage(), e);
        }
    }

    /**
     * Takes a write lock without queueing for it: a queued writer blocks new readers, and a long
     * DDL statement holds the read lock for its whole run, so a queued checkpoint would stall
     * every rollback and read-only commit behind that DDL.
     */
    private static void lockWithoutQueueing(java.util.concurrent.locks.Lock lock) {
        while (!lock.tryLock()) LockSupport.parkNanos(200_000);
    }

    /**
     * With deferred engine stores: stores the engine while commits are held, so the store holds
     * exactly the transactions logged so far and recovery redoes only what follows. Without them
     * (log_bin=OFF, or stores per commit) there is nothing to do.
     */
    public void checkpoint() {
        if (engine == null || !engine.storesDeferred()) return;
        String file;
        try (Hold ignored = holdCommits()) {
            file = currentName;
            engine.storeSnapshot(true);
            lastCheckpointNanos = System.nanoTime();
        }
        engine.awaitStores();
        checkpoints.incrementAndGet();
        advanceCheckpointFile(file);
    }

    private void advanceCheckpointFile(String file) {
        synchronized (fileState) {
            String before = checkpointFile;
            if (before == null || file != null && sequenceOf(file) > sequenceOf(before)) checkpointFile = file;
        }
    }

    /**
     * The checkpointer's checkpoint: commits are held only while the store takes its snapshot;
     * its pages are written while commits go on, and only then does it count for purging.
     */
    private void backgroundCheckpoint() {
        String file;
        long start;
        try (Hold ignored = holdCommits()) {
            start = holdStartNanos;
            file = currentName;
            engine.storeSnapshot(false);
            lastCheckpointNanos = System.nanoTime();
        }
        long held = System.nanoTime() - start;
        checkpointHeldNanos.addAndGet(held);
        if (held > checkpointMaxHeldNanos) checkpointMaxHeldNanos = held;
        engine.awaitStores();
        checkpoints.incrementAndGet();
        advanceCheckpointFile(file);
    }

    /** Stores the engine; commits are held by the caller. */
    private void storeLocked() {
        if (engine == null || !engine.storesDeferred()) return;
        engine.store();
        checkpointFile = currentName;
        lastCheckpointNanos = System.nanoTime();
        checkpoints.incrementAndGet();
    }

    /** Interval of time-driven checkpoints: bounds the redo after a crash. */
    private static final long CHECKPOINT_INTERVAL_NANOS =
            Long.getLong("mitosis.checkpoint.intervalMillis", 1000) * 1_000_000L;
    /** Unsaved engine memory that triggers a checkpoint early (H2 itself would store at 19 MB). */
    private static final long CHECKPOINT_UNSAVED_BYTES = Long.getLong("mitosis.checkpoint.unsavedBytes", 16L << 20);

    private void checkpointLoop() {
        while (!closed) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                // not used to stop this thread (close() sets closed)
            }
            if (closed || failed) return;
            boolean due = System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS;
            if (engine.unsavedBytes() >= CHECKPOINT_UNSAVED_BYTES || due && engine.hasUnsavedChanges()) {
                try {
                    backgroundCheckpoint();
                } catch (RuntimeException e) {
                    if (closed) return;
                    failed = true;
                    fatal.fatal("Engine checkpoint failed", e);
                    return;
                }
            }
        }
    }

    /**
     * Waits until every numbered transaction is committed; the caller holds the entry write
     * lock, so nothing new is numbered meanwhile. Leaders never need that lock to finish.
     * Interrupts do not cut it short: callers rely on the pipeline being empty.
     */
    private void awaitDrained() {
        boolean interrupted = false;
        synchronized (turn) {
            while (!drained()) {
                try {
                    // Woken when a batch has committed; the timeout covers a queue whose waiters
                    // have not formed a batch yet.
                    turn.wait(1);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Nothing queued and every batch formed is committed. */
    private boolean drained() {
        long formed;
        synchronized (group) {
            if (!queue.isEmpty() || syncLeaderActive) return false;
            formed = batchesFormed;
        }
        synchronized (turn) {
            return batchesCommitted == formed;
        }
    }

    // ------------------------------------------------------------------ commit

    /**
     * Commits a transaction's captured rows (or an empty transaction carrying a given GTID):
     * numbering, GTID row, events, group fsync, engine commit in log order. On return the
     * transaction is durable in the log and committed in the engine.
     *
     * @throws SQLException if the GTID row cannot be written; the caller rolls back
     */
    public Gtid commit(Connection conn, List<RowChange> changes, TxContext tx) throws SQLException {
        return commit(conn, changes, tx, null);
    }

    /**
     * As {@link #commit(Connection, List, TxContext)}; {@code logged} runs once the transaction
     * has its place in the log (its commit order is fixed), before it waits for the fsync: a
     * parallel applier lets the next transaction in its commit order go on from there.
     */
    public Gtid commit(Connection conn, List<RowChange> changes, TxContext tx, Runnable logged) throws SQLException {
        return commitRows(conn, tx, logged, g -> transactionBytes(conn, g, changes, tx));
    }

    /** A transaction's events, assembled under the order lock once its GTID is known. */
    private interface TransactionBytes {
        byte[] of(Gtid g) throws SQLException;
    }

    /**
     * The commit of a row transaction: numbering, GTID row, events, group fsync, engine commit
     * in log order.
     */
    private Gtid commitRows(Connection conn, TxContext tx, Runnable logged, TransactionBytes events) throws SQLException {
        if (failed) throw new SQLException("The binary log failed; the instance is stopping", "HY000");
        Pending p;
        entry.readLock().lock();
        order.lock();
        try {
            refuseIfClosing();
            Gtid g = tx.givenGtid() != null ? tx.givenGtid() : gtids.assignNext();
            byte[] bytes;
            try {
                if (!gtidRowsAtCheckpoints()) {
                    GtidState.bindRow(tx.gtidInsert(), g);
                    tx.gtidInsert().executeUpdate();
                }
                if (!enabled) {
                    conn.commit();
                    gtids.committed(g);
                    commits.incrementAndGet();
                    if (logged != null) logged.run();
                    return g;
                }
                bytes = events.of(g);
            } catch (SQLException | RuntimeException e) {
                gtids.released(g);
                throw e instanceof SQLException s ? s : new SQLException("Cannot log the transaction: " + e, "HY000", e);
            }
            p = new Pending(conn, g, null);
            appendLocked(bytes, p);
        } finally {
            order.unlock();
            entry.readLock().unlock();
        }
        if (logged != null) logged.run();
        syncAndCommit(p);
        return p.gtid;
    }

    /**
     * Logs a DDL statement the engine has just executed (H2 commits DDL itself), then records its
     * GTID in the engine after the log is durable.
     */
    public Gtid commitDdl(Connection conn, String sql, TxContext tx) throws SQLException {
        if (failed) throw new SQLException("The binary log failed; the instance is stopping", "HY000");
        schemas.invalidate();
        Pending p;
        entry.readLock().lock();
        order.lock();
        try {
            refuseIfClosing();
            Gtid g = tx.givenGtid() != null ? tx.givenGtid() : gtids.assignNext();
            if (!enabled) {
                try {
                    GtidState.bindRow(tx.gtidInsert(), g);
                    tx.gtidInsert().executeUpdate();
                    conn.commit();
                    gtids.committed(g);
                } catch (SQLException e) {
                    gtids.released(g);
                    throw e;
                }
                return g;
            }
            long seq = ++sequenceNumber;
            historyStart = seq;
            writeSet.clear();
            QueryStatusVars vars = QueryStatusVars.mysqlDefaults().with(
                    new QueryStatusVar.DdlLoggedWithXid(xids.getAndIncrement()),
                    new QueryStatusVar.DefaultCollationForUtf8mb4(QueryStatusVars.UTF8MB4_0900_AI_CI));
            String db = tx.database() == null ? "" : tx.database();
            List<byte[]> events = new ArrayList<>();
            long now = System.currentTimeMillis();
            events.add(encode(now, new QueryEventData(tx.threadId(), 0, 0, vars, db, sql), tx.origin()));
            byte[] bytes = assemble(g, GtidEventData.FLAG_MAY_HAVE_SBR, seq - 1, seq, now, events, tx.origin());
            p = new Pending(conn, g, tx.gtidInsert());
            appendLocked(bytes, p);
        } finally {
            order.unlock();
            entry.readLock().unlock();
        }
        syncAndCommit(p);
        return p.gtid;
    }

    private void appendLocked(byte[] bytes, Pending p) {
        try {
            writeLocked(bytes);
        } catch (IOException e) {
            failed = true;
            gtids.released(p.gtid);
            fatal.fatal("Cannot write to the binary log " + currentName, e);
            throw new IllegalStateException("Binary log write failed", e);
        }
        synchronized (group) {
            queue.add(p);
        }
        if (position >= settings.maxBinlogSize()) {
            try {
                rotateLocked();
            } catch (IOException e) {
                failed = true;
                fatal.fatal("Cannot rotate the binary log", e);
            }
        }
    }

    /**
     * Group commit. A waiting transaction becomes the sync leader when none is active: it takes
     * everything queued as its batch, fsyncs once for all of it, hands the sync role to the next
     * waiter at once (so the next fsync overlaps this batch's engine commits), then commits its
     * batch in log order after the batch before it, and wakes its members. Waiters are woken one
     * by one (park/unpark): with many sessions a shared monitor's notifyAll cost more CPU than
     * the commits.
     */
    private void syncAndCommit(Pending p) throws SQLException {
        boolean interrupted = false;
        while (!p.done) {
            List<Pending> batch = null;
            long ticket = 0;
            synchronized (group) {
                if (!p.batched && !syncLeaderActive) {
                    syncLeaderActive = true;
                    batch = new ArrayList<>(queue);
                    queue.clear();
                    ticket = ++batchesFormed;
                    for (Pending q : batch) q.batched = true;
                }
            }
            if (batch != null) {
                leadBatch(batch, ticket);
            } else {
                LockSupport.park(this);
                // A logged transaction must still commit: remember the interrupt, or park spins.
                if (Thread.interrupted()) interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (p.error != null) {
            throw p.error instanceof SQLException s ? s : new SQLException(p.error.toString(), "HY000", p.error);
        }
    }

    /** Sync leader: one fsync for its batch, then the batch's engine commits in log order. */
    private void leadBatch(List<Pending> batch, long ticket) {
        FileChannel ch;
        String syncedName;
        long syncedPosition;
        // Not the order lock: a commit hold (clone) waits for this leader while holding it.
        synchronized (fileState) {
            ch = channel;
            syncedName = currentName;
            syncedPosition = position;
        }
        Throwable failure = null;
        try {
            int sync = settings.syncBinlog();
            long g = ++groups;
            if (sync == 1 || sync > 1 && g % sync == 0) {
                try {
                    ch.force(false);
                } catch (ClosedChannelException e) {
                    // Rotated meanwhile: rotation forced the old file before closing it.
                }
                fsyncs.incrementAndGet();
            }
            if (syncedName != null) publishDurable(syncedName, syncedPosition);
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            // Whatever happened, the sync role moves on: a leader that kept it would stall every commit.
            Pending next;
            synchronized (group) {
                syncLeaderActive = false;
                next = queue.peekFirst();
            }
            if (next != null) LockSupport.unpark(next.thread);
        }
        if (failure != null) {
            failed = true;
            fatal.fatal("Cannot fsync the binary log", failure);
        }
        // Batches commit in the order they were formed (= log order).
        synchronized (turn) {
            while (batchesCommitted != ticket - 1) {
                try {
                    turn.wait();
                } catch (InterruptedException e) {
                    // must still commit
                }
            }
        }
        try {
            commitBatch(batch, failure);
        } finally {
            // Even after an Error: later batches wait for this turn, and the members for done.
            synchronized (turn) {
                batchesCommitted = ticket;
                turn.notifyAll();
            }
            Thread me = Thread.currentThread();
            for (Pending q : batch) {
                if (q.error == null && !q.committed) q.error = new SQLException("Binary log group commit failed", "HY000");
                q.done = true;
                if (q.thread != me) LockSupport.unpark(q.thread);
            }
        }
    }

    /** The batch's engine commits, in log order; a failure fails the rest of the batch and the log. */
    private void commitBatch(List<Pending> batch, Throwable syncFailure) {
        Throwable failure = syncFailure;
        for (Pending q : batch) {
            if (q.error != null || failure != null) {
                if (q.error == null) q.error = failure;
                failure = q.error;
                continue;
            }
            try {
                if (q.ddlGtidInsert != null) {
                    GtidState.bindRow(q.ddlGtidInsert, q.gtid);
                    q.ddlGtidInsert.executeUpdate();
                }
                q.conn.commit();
                q.committed = true;
                gtids.committed(q.gtid);
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                failure = e;
                q.error = e;
            }
        }
        if (failure != null && failure != syncFailure) {
            failed = true;
            fatal.fatal("Engine commit failed after the binary log was written; stopping to avoid divergence", failure);
        }
    }

    // ------------------------------------------------------------------ event assembly

    private byte[] encode(long nowMillis, EventData data) {
        return encode(nowMillis, data, null);
    }

    private static final QueryStatusVars DEFAULT_VARS = QueryStatusVars.mysqlDefaults();

    private static byte[] encodeAs(long nowMillis, EventData data, long sid) {
        return EventWriter.encodeAt(0, nowMillis / 1000, sid, 0, data, ChecksumAlgorithm.CRC32);
    }

    // The last BEGIN event encoded (guarded by order): the same for a thread's transactions
    // within a second, and assemble() copies before patching.
    private byte[] beginEvent;
    private long beginSecond = -1;
    private long beginThread = -1;
    private long beginServerId;

    private byte[] beginEvent(long nowMillis, long threadId, long sid) {
        long second = nowMillis / 1000;
        if (beginEvent == null || second != beginSecond || threadId != beginThread || sid != beginServerId) {
            beginEvent = encodeAs(nowMillis, QueryEventData.begin(threadId, DEFAULT_VARS, ""), sid);
            beginSecond = second;
            beginThread = threadId;
            beginServerId = sid;
        }
        return beginEvent;
    }

    // TABLE_MAP events as encoded in the current second (guarded by order): a table's map is
    // the same for every transaction until the next DDL, and assemble() copies before patching.
    private final Map<TableMapEventData, byte[]> tableMapEvents = new java.util.IdentityHashMap<>();
    private long tableMapSecond = -1;
    private long tableMapServerId;

    private byte[] tableMapEvent(long nowMillis, TableMapEventData m, long sid) {
        long second = nowMillis / 1000;
        if (second != tableMapSecond || sid != tableMapServerId || tableMapEvents.size() > 1000) {
            tableMapEvents.clear();
            tableMapSecond = second;
            tableMapServerId = sid;
        }
        byte[] e = tableMapEvents.get(m);
        if (e == null) {
            e = encodeAs(nowMillis, m, sid);
            tableMapEvents.put(m, e);
        }
        return e;
    }

    private byte[] encode(long nowMillis, EventData data, Origin origin) {
        long sid = origin == null ? serverId.getAsLong() : origin.serverId();
        return EventWriter.encodeAt(0, nowMillis / 1000, sid, 0, data, ChecksumAlgorithm.CRC32);
    }

    /** GTID event plus the others, positioned at the current file position. */
    private byte[] assemble(Gtid g, int flags, long lastCommitted, long seq, long nowMillis, List<byte[]> events) {
        return assemble(g, flags, lastCommitted, seq, nowMillis, events, null);
    }

    private byte[] assemble(Gtid g, int flags, long lastCommitted, long seq, long nowMillis, List<byte[]> events,
                            Origin origin) {
        long other = 0;
        for (byte[] e : events) other += e.length;
        long now = nowMillis * 1000;
        GtidEventData gtidData = origin == null
                ? GtidEventData.local(g, flags, lastCommitted, seq, now, 0, serverVersionNumber)
                : new GtidEventData(flags, g.sourceId(), g.gno(), lastCommitted, seq, now, origin.originalCommitMicros(), 0,
                        serverVersionNumber, origin.originalServerVersion());
        gtidData = gtidData.withTransactionLengthOf(other, ChecksumAlgorithm.CRC32);
        byte[] gtidEvent = encode(nowMillis, gtidData, origin);
        byte[] out = new byte[(int) (gtidEvent.length + other)];
        long pos = position;
        int off = 0;
        for (int i = -1; i < events.size(); i++) {
            byte[] e = i < 0 ? gtidEvent : events.get(i);
            System.arraycopy(e, 0, out, off, e.length);
            patch(out, off, e.length, pos);
            off += e.length;
            pos += e.length;
        }
        return out;
    }

    /** Sets log_pos (event end) and recomputes the CRC of an event encoded at position 0. */
    private static void patch(byte[] buf, int off, int len, long start) {
        long end = start + len;
        putInt4(buf, off + 13, end);
        putInt4(buf, off + len - 4, EventWriter.crc(buf, off, len - 4));
    }

    private static void putInt4(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private byte[] transactionBytes(Connection conn, Gtid g, List<RowChange> changes, TxContext tx) throws SQLException {
        long now = System.currentTimeMillis();
        List<byte[]> events = new ArrayList<>();
        QueryStatusVars vars = DEFAULT_VARS;
        // One server_id lookup per transaction (it is a variable read and parse).
        long sid = tx.origin() == null ? serverId.getAsLong() : tx.origin().serverId();
        events.add(beginEvent(now, tx.threadId(), sid));
        long seq = ++sequenceNumber;
        boolean serial = changes.isEmpty();
        List<Long> hashes = new ArrayList<>();
        int i = 0;
        int n = changes.size();
        while (i < n) {
            // One statement at a time: its table maps, then its rows events.
            int stmt = changes.get(i).statement();
            int end = i;
            Map<String, TableSchema> tables = new LinkedHashMap<>();
            while (end < n && changes.get(end).statement() == stmt) {
                RowChange c = changes.get(end);
                String key = c.schema() + "\u0000" + c.table();
                if (!tables.containsKey(key)) tables.put(key, schemas.get(conn, c.schema(), c.table()));
                end++;
            }
            for (TableSchema t : tables.values()) events.add(tableMapEvent(now, t.tableMap(), sid));
            int j = i;
            while (j < end) {
                RowChange first = changes.get(j);
                TableSchema t = tables.get(first.schema() + "\u0000" + first.table());
                int k = j;
                int size = 0;
                List<Row> rows = new ArrayList<>();
                List<UpdateRowsEventData.Change> updates = new ArrayList<>();
                while (k < end && size < ROWS_EVENT_MAX) {
                    RowChange c = changes.get(k);
                    if (c.kind() != first.kind() || !c.table().equals(first.table()) || !c.schema().equals(first.schema())) break;
                    if (t.primaryKey().length == 0 || t.inForeignKey()) serial = true;
                    switch (c.kind()) {
                        case INSERT -> {
                            rows.add(t.toRow(c.after()));
                            addWriteSet(hashes, t, c.after());
                        }
                        case DELETE -> {
                            rows.add(t.toRow(c.before()));
                            addWriteSet(hashes, t, c.before());
                        }
                        case UPDATE -> {
                            updates.add(new UpdateRowsEventData.Change(t.toRow(c.before()), t.toRow(c.after())));
                            addWriteSet(hashes, t, c.before());
                            addWriteSet(hashes, t, c.after());
                        }
                    }
                    size += estimate(c);
                    k++;
                }
                int flags = k == end ? RowsEventFlags.STMT_END : 0;
                EventData data = switch (first.kind()) {
                    case INSERT -> new WriteRowsEventData(t.tableMap(), flags, rows);
                    case DELETE -> new DeleteRowsEventData(t.tableMap(), flags, rows);
                    case UPDATE -> new UpdateRowsEventData(t.tableMap(), flags, updates);
                };
                events.add(encodeAs(now, data, sid));
                j = k;
            }
            i = end;
        }
        if (changes.isEmpty()) {
            events.add(encodeAs(now, new QueryEventData(tx.threadId(), 0, 0, vars, "", "COMMIT"), sid));
        } else {
            events.add(encodeAs(now, new XidEventData(xids.getAndIncrement()), sid));
        }
        return assemble(g, 0, lastCommitted(seq, hashes, serial), seq, now, events, tx.origin());
    }

    /**
     * Write-set dependency tracking (MySQL's WRITESET): the last transaction before {@code seq}
     * that touched one of the same keys, or the history's start; everything before it for a
     * serial transaction (no write set: no primary key, foreign keys, DDL). Guarded by order.
     */
    private long lastCommitted(long seq, List<Long> hashes, boolean serial) {
        long lastCommitted = historyStart;
        if (serial || writeSet.size() + hashes.size() > WRITESET_HISTORY) {
            lastCommitted = seq - 1;
            writeSet.clear();
            historyStart = seq;
            if (!serial) for (Long h : hashes) writeSet.put(h, seq);
        } else {
            for (Long h : hashes) {
                Long prev = writeSet.put(h, seq);
                // A key the transaction touched twice (an UPDATE's before and after) is no dependency.
                if (prev != null && prev != seq && prev > lastCommitted) lastCommitted = prev;
            }
        }
        return lastCommitted;
    }

    /**
     * Commits a replicated transaction whose row changes are logged as they were received
     * (log_replica_updates): {@code rowEvents} are its TABLE_MAP and rows events, whole (header
     * and checksum; positions and checksums are redone here). The engine changes must not have
     * been captured; {@code writeSet} (from {@link #addWriteSet}) orders it for this log's
     * own replicas, {@code serial} when it has none.
     */
    public Gtid commitReplicated(Connection conn, List<byte[]> rowEvents, List<Long> writeSet, boolean serial,
                                 TxContext tx, Runnable logged) throws SQLException {
        return commitRows(conn, tx, logged, g -> {
            long now = System.currentTimeMillis();
            long sid = tx.origin() == null ? serverId.getAsLong() : tx.origin().serverId();
            List<byte[]> events = new ArrayList<>(rowEvents.size() + 2);
            events.add(beginEvent(now, tx.threadId(), sid));
            events.addAll(rowEvents);
            events.add(encodeAs(now, new XidEventData(xids.getAndIncrement()), sid));
            long seq = ++sequenceNumber;
            return assemble(g, 0, lastCommitted(seq, writeSet, serial || rowEvents.isEmpty()), seq, now, events, tx.origin());
        });
    }

    private static int estimate(RowChange c) {
        int size = 16;
        Object[] r = c.after() != null ? c.after() : c.before();
        for (Object v : r) {
            if (v instanceof String s) size += s.length() + 2;
            else if (v instanceof byte[] b) size += b.length + 2;
            else size += 8;
        }
        return c.kind() == RowChange.Kind.UPDATE ? size * 2 : size;
    }

    /**
     * A row's write set: its primary key and every unique key without NULLs (as MySQL's
     * WRITESET tracking), so transactions touching none of the same keys may apply in parallel.
     */
    public static void addWriteSet(List<Long> hashes, TableSchema t, Object[] row) {
        hashes.add(keyHash(t, -1, t.primaryKey(), row));
        List<int[]> unique = t.uniqueKeys();
        for (int k = 0; k < unique.size(); k++) {
            int[] cols = unique.get(k);
            boolean hasNull = false;
            for (int i : cols) hasNull |= row[i] == null;
            if (!hasNull) hashes.add(keyHash(t, k, cols, row));
        }
    }

    private static long keyHash(TableSchema t, int key, int[] cols, Object[] row) {
        long h = 1125899906842597L;
        h = mix(h, t.schema().hashCode());
        h = mix(h, t.table().hashCode());
        h = mix(h, key);
        for (int i : cols) {
            Object v = row[i];
            String s = v == null ? "\u0000null" : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                    : v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString();
            h = mix(h, s.toLowerCase(java.util.Locale.ROOT).hashCode());
        }
        return h;
    }

    private static long mix(long h, int v) {
        h ^= v;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 31);
    }

    /** Table definitions for TABLE_MAP events, cached until the next DDL. */
    public static final class TableSchemas {
        private final Map<String, TableSchema> cache = new ConcurrentHashMap<>();
        private final AtomicLong nextTableId = new AtomicLong(100);

        public TableSchema get(Connection c, String schema, String table) throws SQLException {
            String key = schema + "\u0000" + table;
            TableSchema t = cache.get(key);
            if (t == null) {
                t = TableSchema.load(c, nextTableId.getAndIncrement(), schema, table);
                cache.put(key, t);
            }
            return t;
        }

        public void invalidate() {
            cache.clear();
        }
    }
}
