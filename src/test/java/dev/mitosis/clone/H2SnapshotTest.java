package dev.mitosis.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.engine.Engine;
import dev.mitosis.testing.TestInstance;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/**
 * The hot snapshot is transaction-consistent while 4 writers commit: every copy satisfies
 * counter = count(txlog) = max(txlog) = sum(k) - k0, the invariant of h2-findings.md section 4.
 * The copies hold only the chunks live at the snapshot point (the rest reads as zeros).
 */
class H2SnapshotTest {
    private static final int ROWS = 2000;

    @Test
    void snapshotsTakenUnderConcurrentWritersAreConsistent() throws Exception {
        Path dir = Files.createTempDirectory("snap-");
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        CommitGate gate = () -> {
            lock.writeLock().lock();
            return () -> lock.writeLock().unlock();
        };
        try (Engine engine = Engine.open(dir.resolve("donor"))) {
            try (Connection c = engine.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, k BIGINT NOT NULL)");
                s.execute("CREATE TABLE txlog (n BIGINT PRIMARY KEY)");
                s.execute("CREATE TABLE meta (id INT PRIMARY KEY, n BIGINT NOT NULL)");
                s.execute("INSERT INTO meta VALUES (1, 0)");
                s.execute("INSERT INTO t SELECT X, 0 FROM SYSTEM_RANGE(1, " + ROWS + ")");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong seq = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Thread t = new Thread(() -> write(engine, lock, seq, commits, stop));
                t.start();
                writers.add(t);
            }
            try {
                while (commits.get() < 500) Thread.sleep(5);
                int withHoles = 0;
                for (int round = 0; round < 8; round++) {
                    Path copy = dir.resolve("copy" + round);
                    Files.createDirectories(copy);
                    try (Connection c = engine.connect();
                         H2Snapshot snap = H2Snapshot.take(c, gate, () -> seq.get())) {
                        assertTrue(snap.length() > H2Snapshot.HEADER_LENGTH);
                        if (snap.dataBytes() < snap.length()) withHoles++;
                        try (FileChannel out = FileChannel.open(copy.resolve(snap.fileName()),
                                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            // As the recipient does: holes are left unwritten (sparse), data copied.
                            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                            long off = 0;
                            while (off < snap.length()) {
                                long segEnd = snap.segmentEnd(off);
                                if (snap.isHole(off)) {
                                    off = segEnd;
                                    continue;
                                }
                                buf.clear().limit((int) Math.min(buf.capacity(), segEnd - off));
                                snap.read(off, buf);
                                buf.flip();
                                while (buf.hasRemaining()) off += out.write(buf, off);
                            }
                            assertEquals(snap.length(), out.size());
                        }
                        long atSnapshot = (Long) snap.captured();
                        verify(copy, atSnapshot);
                        TestInstance.deleteTree(copy);
                    }
                    Thread.sleep(20);
                }
                // The writers leave dead chunks behind: the copies skipped them and still opened whole.
                assertTrue(withHoles > 0, "no snapshot left out dead chunks");
            } finally {
                stop.set(true);
                for (Thread t : writers) t.join();
            }
            assertTrue(commits.get() > 500, "writers kept committing: " + commits.get());
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    private static void write(Engine engine, ReentrantReadWriteLock lock, AtomicLong seq, AtomicLong commits,
                              AtomicBoolean stop) {
        try (Connection c = engine.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE t SET k = k + 1 WHERE id = ?");
                 PreparedStatement log = c.prepareStatement("INSERT INTO txlog VALUES (?)");
                 PreparedStatement meta = c.prepareStatement("UPDATE meta SET n = ? WHERE id = 1")) {
                while (!stop.get()) {
                    up.setInt(1, 1 + ThreadLocalRandom.current().nextInt(ROWS));
                    up.executeUpdate();
                    // The ordered commit: number, record and commit under the gate, as the server does.
                    lock.readLock().lock();
                    try {
                        synchronized (seq) {
                            long n = seq.incrementAndGet();
                            log.setLong(1, n);
                            log.executeUpdate();
                            meta.setLong(1, n);
                            meta.executeUpdate();
                            c.commit();
                        }
                    } finally {
                        lock.readLock().unlock();
                    }
                    commits.incrementAndGet();
                }
            }
        } catch (Exception e) {
            if (!stop.get()) throw new RuntimeException(e);
        }
    }

    private static void verify(Path copy, long atSnapshot) throws Exception {
        try (Engine e = Engine.open(copy); Connection c = e.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT n FROM meta), (SELECT COUNT(*) FROM txlog),"
                     + " (SELECT COALESCE(MAX(n), 0) FROM txlog), (SELECT SUM(k) FROM t)")) {
            rs.next();
            long n = rs.getLong(1);
            assertEquals(atSnapshot, n, "the copy is at the snapshot point");
            assertEquals(n, rs.getLong(2), "count(txlog)");
            assertEquals(n, rs.getLong(3), "max(txlog)");
            assertEquals(n, rs.getLong(4), "sum(k)");
        }
    }
}
