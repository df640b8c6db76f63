package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * H2 runs ALTER TABLE ... ADD/DROP COLUMN by building a copy of the table that replaces the old
 * one at the end, and lets go of its lock on the old table while it copies. Writes that came
 * meanwhile went into the table about to be dropped: without TableGate, this test loses about
 * three quarters of its transactions (all committed without an error). Writes that waited for
 * the lock failed with 1146 or ran against the dropped table, and rows changed just after the
 * swap were captured under the copy's name, so their COMMIT failed with 1105. In MySQL they wait
 * for the ALTER's metadata lock and then run against the new definition; so they do here, and a
 * replica gets every one of them.
 */
class WritesDuringAlterTableTest {
    /** Enough rows that each ALTER copies for a second or more while the writers wait. */
    private static final int ROWS = 100_000;

    @Test
    void preparedAndTextWritesWaitForAnAlterTableCopyAndReplicate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestInstance a = TestInstance.start(o -> o.serverId(81));
             TestInstance b = TestInstance.start(o -> o.serverId(82))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE wa", "USE wa", "CREATE TABLE digits (n INT PRIMARY KEY)",
                    "INSERT INTO digits VALUES " + values(1000),
                    "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(60) NOT NULL DEFAULT '')",
                    "INSERT INTO t SELECT x.n * 1000 + y.n + 1, 0, CONCAT('row-', x.n, '-', y.n)"
                            + " FROM digits x, digits y WHERE x.n < " + ROWS / 1000);

            AtomicBoolean stop = new AtomicBoolean();
            // Server-side prepared statements (as sysbench's) and the text protocol.
            List<Future<Integer>> writers = new ArrayList<>();
            writers.add(pool.submit(() -> write(a, "useServerPrepStmts=true", 0, stop)));
            writers.add(pool.submit(() -> write(a, null, 1, stop)));
            Thread.sleep(300);
            try (Connection c = a.connectMysql("wa", null); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE t ADD COLUMN extra INT NOT NULL DEFAULT 7");
                Thread.sleep(200);
                s.execute("ALTER TABLE t DROP COLUMN c");
                Thread.sleep(200);
            }
            stop.set(true);
            int transactions = 0;
            for (Future<Integer> w : writers) transactions += w.get(120, TimeUnit.SECONDS);

            assertTrue(transactions > 0, "the writers committed nothing");
            // Each transaction added 1 to one k and inserted one row with k = 1.
            assertEquals(String.valueOf(2L * transactions), one(a, "SELECT SUM(k) FROM wa.t"));
            assertEquals(String.valueOf(ROWS + transactions), one(a, "SELECT COUNT(*) FROM wa.t"));
            assertEquals(String.valueOf(7L * (ROWS + transactions)), one(a, "SELECT SUM(extra) FROM wa.t"));
            caughtUp(b, a);
            assertEquals(checksums(a, "wa.t"), checksums(b, "wa.t"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsGoOnDuringAnAlterTableCopyAndSeeTheWholeTable() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestInstance a = TestInstance.start(o -> o.serverId(83))) {
            exec(a, "CREATE DATABASE wr", "USE wr", "CREATE TABLE digits (n INT PRIMARY KEY)",
                    "INSERT INTO digits VALUES " + values(1000),
                    "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL)",
                    "INSERT INTO t SELECT x.n * 1000 + y.n + 1, 1 FROM digits x, digits y WHERE x.n < " + ROWS / 1000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong alterStart = new AtomicLong(Long.MAX_VALUE);
            AtomicLong alterEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger readsDuringAlter = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            List<Future<List<String>>> readers = new ArrayList<>();
            for (String params : new String[] {"useServerPrepStmts=true", null}) {
                readers.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    try (Connection c = a.connectMysql("wr", params);
                         PreparedStatement count = c.prepareStatement("SELECT COUNT(*), SUM(k) FROM t")) {
                        while (!stop.get()) {
                            long started = System.nanoTime();
                            try (java.sql.ResultSet rs = count.executeQuery()) {
                                rs.next();
                                String seen = rs.getLong(1) + "/" + rs.getLong(2);
                                if (!seen.equals(ROWS + "/" + ROWS)) wrong.add(seen);
                            }
                            reads.incrementAndGet();
                            if (started > alterStart.get() && System.nanoTime() < alterEnd.get()) readsDuringAlter.incrementAndGet();
                        }
                    }
                    return wrong;
                }));
            }
            // The first reads of a cold JVM can take longer than the whole ALTER on a slow machine.
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reads.get() < 20 && System.nanoTime() < warm) Thread.sleep(10);
            try (Connection c = a.connectMysql("wr", null); Statement s = c.createStatement()) {
                alterStart.set(System.nanoTime());
                s.execute("ALTER TABLE t ADD COLUMN extra INT");
                alterEnd.set(System.nanoTime());
            }
            stop.set(true);
            for (Future<List<String>> r : readers) assertEquals(List.of(), r.get(60, TimeUnit.SECONDS));
            // As with MySQL's ALGORITHM=COPY, the copy blocks writes, not reads.
            assertTrue(readsDuringAlter.get() > 0, "no read began and ended while the ALTER ran ("
                    + TimeUnit.NANOSECONDS.toMillis(alterEnd.get() - alterStart.get()) + " ms; " + reads.get() + " reads in all)");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renameTableWaitsForAnOpenTransactionOnTheTable() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestInstance a = TestInstance.start(o -> o.serverId(85));
             TestInstance b = TestInstance.start(o -> o.serverId(86))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE rn", "USE rn", "CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)",
                    "INSERT INTO t VALUES (1, 0)", "CREATE TABLE t_new LIKE t");
            try (Connection s = a.connectMysql("rn", "useServerPrepStmts=true")) {
                s.setAutoCommit(false);
                PreparedStatement bump = s.prepareStatement("UPDATE t SET v = v + 1 WHERE id = 1");
                assertEquals(1, bump.executeUpdate());
                // The swap of a table rewrite (pt-online-schema-change, gh-ost) while a transaction writes the table.
                Future<?> swap = pool.submit(() -> {
                    exec(a, "RENAME TABLE rn.t TO rn.t_old, rn.t_new TO rn.t");
                    return null;
                });
                Thread.sleep(500);
                assertTrue(!swap.isDone(), "RENAME TABLE did not wait for the open transaction");
                assertEquals(1, bump.executeUpdate());
                s.commit();
                swap.get(30, TimeUnit.SECONDS);
                // Run again after the swap, it finds the new, empty table.
                assertEquals(0, bump.executeUpdate());
                s.commit();
            }
            assertEquals("2", one(a, "SELECT v FROM rn.t_old WHERE id = 1"));
            assertEquals("0", one(a, "SELECT COUNT(*) FROM rn.t"));
            caughtUp(b, a);
            assertEquals(checksums(a, "rn.t, rn.t_old"), checksums(b, "rn.t, rn.t_old"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Transactions of one UPDATE and one INSERT until stopped; returns how many committed. Any error fails the test. */
    private static int write(TestInstance a, String params, int writer, AtomicBoolean stop) throws Exception {
        int done = 0;
        try (Connection c = a.connectMysql("wa", params);
             PreparedStatement update = c.prepareStatement("UPDATE t SET k = k + 1 WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO t (id, k) VALUES (?, 1)")) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                update.setInt(1, 1 + (done * 7919 + writer * 104729) % ROWS);
                assertEquals(1, update.executeUpdate());
                insert.setInt(1, ROWS + 1 + done * 2 + writer);
                assertEquals(1, insert.executeUpdate());
                c.commit();
                done++;
            }
        }
        return done;
    }

    private static String values(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(i == 0 ? "(" : ",(").append(i).append(')');
        return b.toString();
    }
}
