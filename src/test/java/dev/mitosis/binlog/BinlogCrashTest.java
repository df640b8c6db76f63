package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.testing.TestInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a mitosisd process while 8 clients commit, then restart: every acknowledged commit
 * is there, gtid_executed has no gaps, and the engine and the binary log hold the same
 * transactions. Repeated on the same datadir. The engine stores only at checkpoints, so every
 * round also recovers from the log; a ninth client rolls back transactions and has statements
 * fail while checkpoints run, and every other round checkpoints every few milliseconds so kills
 * land during stores too.
 */
class BinlogCrashTest {
    private static final int THREADS = 8;
    /** More for a soak run: mvn test -Dtest=BinlogCrashTest -Dmitosis.crash.rounds=40 */
    private static final int ROUNDS = Integer.getInteger("mitosis.crash.rounds", 8);

    @Test
    void killNineLosesNothingAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("mitosis-crash-");
        try {
            int port = freePort();
            Map<Integer, Set<Long>> acked = new HashMap<>();
            for (int t = 0; t < THREADS; t++) acked.put(t, ConcurrentHashMap.newKeySet());
            long[] next = new long[THREADS];
            long[] noiseNext = new long[1];
            Set<Long> noiseAcked = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < ROUNDS; round++) {
                // Odd rounds: a checkpoint every 5 ms, so the kill often lands during a store.
                Process p = round % 2 == 1 ? startServer(dir, port, List.of("-Dmitosis.checkpoint.intervalMillis=5"))
                        : startServer(dir, port);
                try {
                    if (round == 0) {
                        try (Connection c = connect(port); Statement s = c.createStatement()) {
                            s.execute("CREATE DATABASE crash");
                            s.execute("CREATE TABLE crash.t (thread INT NOT NULL, n BIGINT NOT NULL, payload VARCHAR(100),"
                                    + " PRIMARY KEY (thread, n))");
                            s.execute("CREATE TABLE crash.counters (thread INT PRIMARY KEY, c BIGINT NOT NULL)");
                            for (int t = 0; t < THREADS; t++) s.execute("INSERT INTO crash.counters VALUES (" + t + ", 0)");
                            s.execute("CREATE TABLE crash.noise (n BIGINT PRIMARY KEY, committed INT NOT NULL)");
                        }
                    } else {
                        verify(port, acked, noiseAcked, dir);
                    }
                    AtomicBoolean stop = new AtomicBoolean();
                    List<Thread> workers = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        final int thread = t;
                        Thread w = new Thread(() -> work(port, thread, next, acked.get(thread), stop));
                        w.start();
                        workers.add(w);
                    }
                    Thread n = new Thread(() -> noise(port, noiseNext, noiseAcked, stop));
                    n.start();
                    workers.add(n);
                    Thread.sleep(1500 + (round * 337L) % 1500);
                    p.destroyForcibly(); // SIGKILL
                    p.waitFor();
                    stop.set(true);
                    for (Thread w : workers) w.join(10000);
                } finally {
                    p.destroyForcibly();
                }
            }
            Process p = startServer(dir, port);
            try {
                verify(port, acked, noiseAcked, dir);
            } finally {
                p.destroy();
                p.waitFor();
            }
            for (String line : Files.readAllLines(dir.resolve("error.log"))) {
                if (line.contains("Recovered") || line.contains("incomplete") || line.contains("ERROR")) System.out.println(line);
            }
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    /** Start-up reads the binary log one transaction at a time: a log larger than the heap recovers. */
    @Test
    void aBinaryLogLargerThanTheHeapRecovers() throws Exception {
        Path dir = Files.createTempDirectory("mitosis-biglog-");
        List<String> smallHeap = List.of("-Xmx128m");
        int transactions = 130;
        int rowsPerTransaction = 20;
        try {
            int port = freePort();
            Process p = startServer(dir, port, smallHeap);
            try (Connection c = connect(port); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE big");
                s.execute("CREATE TABLE big.t (id INT PRIMARY KEY, body MEDIUMTEXT)");
                int id = 0;
                for (int t = 0; t < transactions; t++) {
                    StringBuilder sql = new StringBuilder("INSERT INTO big.t VALUES ");
                    for (int r = 0; r < rowsPerTransaction; r++) {
                        sql.append(r == 0 ? "" : ", ").append("(").append(++id).append(", REPEAT('").append((char) ('a' + id % 26))
                                .append("', 60000))");
                    }
                    s.execute(sql.toString());
                }
            } finally {
                p.destroyForcibly(); // SIGKILL: the newest file is read at start, and what the store lacks re-applied
                p.waitFor();
            }
            long logged = 0;
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().matches("binlog\\.\\d+")) logged = Math.max(logged, Files.size(f));
                }
            }
            assertTrue(logged > 128L << 20, "one binary log file larger than the heap: " + logged);
            p = startServer(dir, port, smallHeap);
            try (Connection c = connect(port); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(body)) FROM big.t")) {
                rs.next();
                assertEquals(transactions * rowsPerTransaction, rs.getLong(1));
                assertEquals(60000L * transactions * rowsPerTransaction, rs.getLong(2));
            } finally {
                p.destroy();
                p.waitFor();
            }
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    private static void work(int port, int thread, long[] next, Set<Long> acked, AtomicBoolean stop) {
        try (Connection c = connect(port)) {
            PreparedStatement ins = c.prepareStatement("INSERT INTO crash.t VALUES (?, ?, ?)");
            PreparedStatement upd = c.prepareStatement("UPDATE crash.counters SET c = c + 1 WHERE thread = ?");
            while (!stop.get()) {
                long n = ++next[thread];
                c.setAutoCommit(false);
                ins.setInt(1, thread);
                ins.setLong(2, n);
                ins.setString(3, "row " + n + " of " + thread);
                ins.executeUpdate();
                upd.setInt(1, thread);
                upd.executeUpdate();
                c.commit();
                acked.add(n);
            }
        } catch (SQLException e) {
            // the server died under us: expected
        }
    }

    /**
     * Transactions that end outside the commit pipeline: a rolled-back insert, a statement that
     * fails on a duplicate key inside a transaction that then commits its other row.
     */
    private static void noise(int port, long[] next, Set<Long> acked, AtomicBoolean stop) {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                long n = ++next[0];
                s.executeUpdate("INSERT INTO crash.noise VALUES (" + (2 * n) + ", 0)");
                c.rollback();
                s.executeUpdate("INSERT INTO crash.noise VALUES (" + (2 * n + 1) + ", 1)");
                try {
                    s.executeUpdate("INSERT INTO crash.noise VALUES (" + (2 * n + 1) + ", 1)");
                } catch (SQLException duplicate) {
                    if (duplicate.getErrorCode() != 1062) throw duplicate;
                }
                c.commit();
                acked.add(2 * n + 1);
            }
        } catch (SQLException e) {
            // the server died under us: expected
        }
    }

    private static void verify(int port, Map<Integer, Set<Long>> acked, Set<Long> noiseAcked, Path dir) throws Exception {
        String uuid;
        GtidSet executed;
        long rows;
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@server_uuid, @@GLOBAL.gtid_executed")) {
                rs.next();
                uuid = rs.getString(1);
                executed = GtidSet.parse(rs.getString(2));
            }
            for (Map.Entry<Integer, Set<Long>> e : acked.entrySet()) {
                Set<Long> present = new java.util.HashSet<>();
                try (ResultSet rs = s.executeQuery("SELECT n FROM crash.t WHERE thread = " + e.getKey())) {
                    while (rs.next()) present.add(rs.getLong(1));
                }
                for (Long n : e.getValue()) {
                    assertTrue(present.contains(n), "acknowledged commit " + e.getKey() + "/" + n + " lost");
                }
                try (ResultSet rs = s.executeQuery("SELECT c FROM crash.counters WHERE thread = " + e.getKey())) {
                    rs.next();
                    assertEquals(present.size(), rs.getLong(1), "counter of thread " + e.getKey() + " vs its rows");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM crash.t")) {
                rs.next();
                rows = rs.getLong(1);
            }
            Set<Long> noise = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT n, committed FROM crash.noise")) {
                while (rs.next()) {
                    assertEquals(1, rs.getInt(2), "a rolled-back row is in the engine: " + rs.getLong(1));
                    noise.add(rs.getLong(1));
                }
            }
            for (Long n : noiseAcked) assertTrue(noise.contains(n), "acknowledged noise commit " + n + " lost");
        }
        // No gaps: one interval starting at 1.
        assertEquals(1, executed.intervals(java.util.UUID.fromString(uuid)).size(), "gtid_executed " + executed);
        assertEquals(1, executed.intervals(java.util.UUID.fromString(uuid)).get(0).first());
        // The log holds exactly the engine's transactions: same GTIDs, same inserted rows.
        GtidSet logged = GtidSet.EMPTY;
        long loggedInserts = 0;
        for (String name : BinaryLog.readIndex(dir)) {
            for (BinlogApplier.Transaction t : BinlogApplier.read(dir.resolve(name), null)) {
                Gtid g = t.gtid();
                assertTrue(!logged.contains(g), "GTID twice in the log: " + g);
                logged = logged.add(g);
                for (BinlogEvent e : t.events()) {
                    if (e.data() instanceof WriteRowsEventData w && w.table().table().equals("t")) {
                        loggedInserts += w.rows().size();
                    }
                }
            }
        }
        System.out.println("verified: " + rows + " rows, gtid_executed " + executed);
        assertEquals(executed, logged, "gtid_executed vs GTIDs in the binary log");
        assertEquals(rows, loggedInserts, "rows in the engine vs rows inserted in the log");
    }

    static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000", "root", "");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** mitosisd as its own process (what bin/mitosisd runs), on the test classpath. */
    static Process startServer(Path dir, int port, String... extra) throws Exception {
        return startServer(dir, port, List.of(), extra);
    }

    static Process startServer(Path dir, int port, List<String> jvmOptions, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mitosis.cli.Mitosisd",
                "--datadir=" + dir, "--port=" + port));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".out").toFile()))
                .start();
        long deadline = System.currentTimeMillis() + 30000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("mitosisd exited with " + p.exitValue());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("mitosisd did not start");
    }
}
