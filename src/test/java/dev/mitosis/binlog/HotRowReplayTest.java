package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads update the same few rows. Replaying the binary log in order must find every
 * before-image equal to the state the previous transactions left, and rebuilding the tables in an
 * empty instance from the log must give identical CHECKSUM TABLE results.
 */
class HotRowReplayTest {
    private static final int THREADS = 8;
    private static final int TX_PER_THREAD = 150;

    @Test
    void replayGivesIdenticalTables() throws Exception {
        try (TestInstance a = TestInstance.start(); TestInstance b = TestInstance.start()) {
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE hot");
                s.execute("CREATE TABLE hot.rows (id INT PRIMARY KEY, v BIGINT NOT NULL, s VARCHAR(40))");
                s.execute("CREATE TABLE hot.history (id BIGINT AUTO_INCREMENT PRIMARY KEY, rid INT, v BIGINT)");
                for (int i = 1; i <= 4; i++) s.execute("INSERT INTO hot.rows VALUES (" + i + ", 0, 'start')");
            }
            AtomicInteger committed = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                Thread th = new Thread(() -> {
                    try (Connection c = a.connect(); Statement s = c.createStatement()) {
                        for (int i = 0; i < TX_PER_THREAD; i++) {
                            int r1 = ThreadLocalRandom.current().nextInt(1, 4);
                            int r2 = r1 + 1;
                            try {
                                s.execute("BEGIN");
                                s.execute("UPDATE hot.rows SET v = v + 1, s = 't" + thread + "-" + i + "' WHERE id = " + r1);
                                s.execute("UPDATE hot.rows SET v = v * 2 % 1000003 WHERE id = " + r2);
                                s.execute("INSERT INTO hot.history (rid, v) SELECT id, v FROM hot.rows WHERE id = " + r1);
                                s.execute("COMMIT");
                                committed.incrementAndGet();
                            } catch (SQLException e) {
                                s.execute("ROLLBACK");
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) th.join();
            assertTrue(errors.isEmpty(), "worker errors: " + errors);
            assertTrue(committed.get() > THREADS * TX_PER_THREAD / 2, "too few commits: " + committed.get());

            // Replay a's log in order: strict before-image check in memory, and rows into b.
            Path dir = a.datadir();
            BinlogApplier.DdlExecutor ddl;
            try (Connection mysqlB = b.connect(); Connection engineB = b.instance().engine().connect()) {
                ddl = (conn, db, sql) -> {
                    try (Statement s = mysqlB.createStatement()) {
                        if (db != null) s.execute("USE " + db);
                        s.execute(sql);
                    }
                };
                BinlogApplier applier = new BinlogApplier(new BinaryLog.TableSchemas(), ddl);
                Map<String, Row> state = new HashMap<>();
                int txns = 0;
                for (String name : BinaryLog.readIndex(dir)) {
                    for (BinlogApplier.Transaction t : BinlogApplier.read(dir.resolve(name), null)) {
                        for (BinlogEvent e : t.events()) {
                            if (e.data() instanceof UpdateRowsEventData u) {
                                for (UpdateRowsEventData.Change ch : u.rows()) {
                                    String key = u.table().table() + "/" + ch.before().get(0);
                                    assertEquals(state.get(key), ch.before(), "before-image of " + key + " in " + t.gtid());
                                    state.put(u.table().table() + "/" + ch.after().get(0), ch.after());
                                }
                            } else if (e.data() instanceof WriteRowsEventData w) {
                                for (Row r : w.rows()) state.put(w.table().table() + "/" + r.get(0), r);
                            } else if (e.data() instanceof DeleteRowsEventData d) {
                                for (Row r : d.rows()) state.remove(d.table().table() + "/" + r.get(0));
                            }
                        }
                        applier.apply(engineB, t);
                        txns++;
                    }
                }
                assertEquals(committed.get() + 7, txns, "transactions in the log");
            }
            assertEquals(checksum(a, "hot.rows, hot.history"), checksum(b, "hot.rows, hot.history"));
        }
    }

    private static List<String> checksum(TestInstance t, String tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE " + tables)) {
            while (rs.next()) out.add(rs.getString(1) + "=" + rs.getString(2));
        }
        return out;
    }
}
