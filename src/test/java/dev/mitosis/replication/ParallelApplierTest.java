package dev.mitosis.replication;

import static dev.mitosis.replication.ReplicationBehaviourTest.status;
import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.BinlogFileScanner;
import dev.mitosis.binlog.GtidEventData;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The multi-threaded applier: dependencies from the write set, commit order, UNTIL and SOURCE_DELAY. */
class ParallelApplierTest {
    /** GTID events of an instance's first binary log file: {gno, last_committed, sequence_number}. */
    private static List<long[]> logicalClock(TestInstance t) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (BinlogFileScanner s = new BinlogFileScanner(t.instance().datadir().resolve("binlog.000001"))) {
            BinlogEvent e;
            while ((e = s.next()) != null) {
                if (e.data() instanceof GtidEventData g) out.add(new long[] {g.gno(), g.lastCommitted(), g.sequenceNumber()});
            }
        }
        return out;
    }

    private static long[] last(List<long[]> clock) {
        return clock.get(clock.size() - 1);
    }

    @Test
    void theWriteSetOrdersOnlyTransactionsSharingAPrimaryOrUniqueKey() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1))) {
            exec(a, "CREATE DATABASE w", "CREATE TABLE w.t (id INT PRIMARY KEY, u VARCHAR(10) UNIQUE, v INT)");
            long ddl = last(logicalClock(a))[2];
            exec(a, "INSERT INTO w.t VALUES (1, 'a', 0)");
            long[] first = last(logicalClock(a));
            exec(a, "INSERT INTO w.t VALUES (2, 'b', 0)");
            long[] second = last(logicalClock(a));
            assertEquals(ddl, second[1], "independent of the first insert: depends only on the DDL");
            exec(a, "UPDATE w.t SET v = 1 WHERE id = 1");
            long[] update = last(logicalClock(a));
            assertEquals(first[2], update[1], "the update depends on the insert of its row, not on itself");
            exec(a, "UPDATE w.t SET u = 'z' WHERE id = 2");
            long[] freesB = last(logicalClock(a));
            exec(a, "INSERT INTO w.t VALUES (3, 'b', 0)");
            long[] takesB = last(logicalClock(a));
            assertEquals(freesB[2], takesB[1], "a new row taking a unique value depends on the transaction that freed it");
            for (long[] g : logicalClock(a)) assertTrue(g[1] < g[2], "last_committed < sequence_number: " + g[0]);
        }
    }

    @Test
    void concurrentWritesApplyInParallelAndCommitInTheSourcesOrder() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(11));
             TestInstance b = TestInstance.start(o -> o.serverId(12))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE p", "CREATE TABLE p.t (id INT PRIMARY KEY, v INT, u INT UNIQUE)",
                    "CREATE TABLE p.hot (id INT PRIMARY KEY, n INT)", "INSERT INTO p.hot VALUES (1, 0)");
            // The backlog builds while the applier is stopped, so it is applied with all workers busy.
            replicate(b, a);
            caughtUp(b, a);
            exec(b, "STOP REPLICA SQL_THREAD");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    try (Connection c = a.connect(); Statement s = c.createStatement()) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        for (int i = 0; i < 150; i++) {
                            int row = id * 1000 + i;
                            s.execute("INSERT INTO p.t VALUES (" + row + ", " + i + ", " + row + ")");
                            if (i % 3 == 0) s.execute("UPDATE p.hot SET n = n + 1 WHERE id = 1");
                            if (i % 5 == 0) s.execute("UPDATE p.t SET v = v + 1 WHERE id = " + (id * 1000 + r.nextInt(i + 1)));
                            if (i % 7 == 0) {
                                // Moves a unique value from one row to another within one transaction pair.
                                s.execute("UPDATE p.t SET u = NULL WHERE id = " + row);
                                s.execute("UPDATE p.t SET u = " + row + " WHERE id = " + (id * 1000 + i / 2));
                            }
                            if (i % 11 == 0) s.execute("DELETE FROM p.t WHERE id = " + (id * 1000 + r.nextInt(i + 1)));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                writers.add(t);
                t.start();
            }
            for (Thread t : writers) t.join(120_000);
            if (failure.get() != null && !(failure.get().getMessage() + "").contains("Duplicate")) throw new AssertionError(failure.get());
            exec(b, "START REPLICA SQL_THREAD");
            caughtUp(b, a);
            assertEquals(one(a, "SELECT @@GLOBAL.gtid_executed"), one(b, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(checksums(a, "p.t, p.hot"), checksums(b, "p.t, p.hot"));
            // Several workers applied transactions; the replica's log has the source's order.
            List<String> busy = column(b, "SELECT WORKER_ID FROM performance_schema.replication_applier_status_by_worker"
                    + " WHERE LAST_APPLIED_TRANSACTION <> ''");
            assertTrue(busy.size() > 1, "workers that applied something: " + busy);
            List<Long> sourceOrder = new ArrayList<>();
            for (long[] g : logicalClock(a)) sourceOrder.add(g[0]);
            List<Long> replicaOrder = new ArrayList<>();
            for (long[] g : logicalClock(b)) replicaOrder.add(g[0]);
            assertEquals(sourceOrder, replicaOrder, "replica_preserve_commit_order");
            assertEquals("4", one(b, "SELECT @@GLOBAL.replica_parallel_workers"));
            assertEquals("4", one(b, "SELECT COUNT(*) FROM performance_schema.replication_applier_status_by_worker"));
            assertEquals("ON", one(b, "SELECT SERVICE_STATE FROM performance_schema.replication_applier_status_by_coordinator"));
        }
    }

    @Test
    void untilSqlBeforeAndAfterGtidsStopTheApplierThere() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(21));
             TestInstance b = TestInstance.start(o -> o.serverId(22))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE u", "CREATE TABLE u.t (id INT PRIMARY KEY)");
            for (int i = 1; i <= 6; i++) exec(a, "INSERT INTO u.t VALUES (" + i + ")");
            String uuid = one(a, "SELECT @@GLOBAL.server_uuid");
            // 1 CREATE DATABASE, 2 CREATE TABLE, 3..8 the inserts.
            exec(b, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + a.host() + "', SOURCE_PORT=" + a.port()
                    + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1",
                    "START REPLICA UNTIL SQL_AFTER_GTIDS = '" + uuid + ":1-5'");
            Map<String, String> s = status(b, null, m -> "No".equals(m.get("Replica_SQL_Running")));
            assertEquals("Yes", s.get("Replica_IO_Running"));
            assertEquals(uuid + ":1-5", one(b, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals("3", one(b, "SELECT COUNT(*) FROM u.t"));
            exec(b, "START REPLICA SQL_THREAD UNTIL SQL_BEFORE_GTIDS = '" + uuid + ":7'");
            status(b, null, m -> "No".equals(m.get("Replica_SQL_Running")) && m.get("Executed_Gtid_Set").endsWith(":1-6"));
            assertEquals(uuid + ":1-6", one(b, "SELECT @@GLOBAL.gtid_executed"));
            exec(b, "START REPLICA SQL_THREAD");
            caughtUp(b, a);
            assertEquals("6", one(b, "SELECT COUNT(*) FROM u.t"));
        }
    }

    @Test
    void sourceDelayHoldsEachTransactionUntilItIsThatOld() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(31));
             TestInstance b = TestInstance.start(o -> o.serverId(32))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)");
            replicate(b, a);
            caughtUp(b, a);
            exec(b, "STOP REPLICA", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = 2", "START REPLICA");
            long committed = System.currentTimeMillis();
            exec(a, "INSERT INTO d.t VALUES (1)");
            Map<String, String> s = status(b, null, m -> m.get("Replica_SQL_Running_State").startsWith("Waiting until SOURCE_DELAY"));
            assertEquals("2", s.get("SQL_Delay"));
            assertEquals("0", one(b, "SELECT COUNT(*) FROM d.t"), "not applied before the delay");
            caughtUp(b, a);
            assertTrue(System.currentTimeMillis() - committed >= 1900, "applied after about 2 s");
            assertEquals("1", one(b, "SELECT COUNT(*) FROM d.t"));
            assertEquals("2", one(b, "SELECT DESIRED_DELAY FROM performance_schema.replication_applier_configuration"));
        }
    }
}
