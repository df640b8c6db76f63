package dev.mitosis.server;

import static dev.mitosis.testing.Replication.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DDL and data statements from several sessions at once.
 *
 * <p>H2 2.3 takes its database monitor and its metadata lock in opposite orders in CREATE SCHEMA
 * and CREATE TABLE, so the two at once, from two sessions, waited for each other until the lock
 * timeout failed one with 1205 after 50 s (first seen as a two-channel replica that stalled on its
 * channels' first DDL). DDL now runs one statement at a time per engine (Engine.ddlLock).
 */
class ConcurrentDdlTest {
    private static final int STATEMENTS = 150;

    /** What one session does, given its number. */
    private interface SessionWork {
        void run(int session, Statement s) throws Exception;
    }

    /** Runs {@code work} on {@code sessions} connections at once; fails with a session's failure. */
    private static void concurrently(TestInstance server, int sessions, SessionWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < sessions; w++) {
                int session = w;
                running.add(pool.submit(() -> {
                    try (Connection c = server.connect(); Statement s = c.createStatement()) {
                        work.run(session, s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a statement on a table that another session may have just dropped: MySQL's 1146, at once, is expected. */
    private static void executeUnlessGone(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) throw e;
        }
    }

    @Test
    void createDatabaseAndCreateTableFromTwoSessionsAtOnceBothSucceed() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            exec(server, "CREATE DATABASE tables_here");
            // Without the fix one of them fails with 1205 after the 50 s lock timeout.
            concurrently(server, 2, (session, s) -> {
                for (int i = 0; i < STATEMENTS; i++) {
                    s.execute(session == 0 ? "CREATE DATABASE db_" + i : "CREATE TABLE tables_here.t_" + i + " (id INT PRIMARY KEY)");
                }
            });
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM information_schema.SCHEMATA"
                         + " WHERE SCHEMA_NAME LIKE 'db\\\\_%'), (SELECT COUNT(*) FROM information_schema.TABLES"
                         + " WHERE TABLE_SCHEMA = 'tables_here')")) {
                rs.next();
                assertEquals(STATEMENTS, rs.getInt(1));
                assertEquals(STATEMENTS, rs.getInt(2));
            }
        }
    }

    /**
     * A data statement that lost its table to DDL waits for the DDL running at that moment, and
     * runs again. It used to keep its pass through the table gate while it waited, and to wait for
     * every DDL, its own included: an INSERT into a table that a DROP TABLE was waiting to take
     * (at the gate, for that very INSERT) waited 10 s for it, up to three times, and so did DDL
     * that found no table.
     */
    @Test
    void insertsIntoTablesThatDdlKeepsDroppingNeverWaitOutTheDdl() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            exec(server, "CREATE DATABASE churn");
            concurrently(server, 4, (session, s) -> {
                for (int i = 0; i < 300; i++) {
                    String t = "churn.t" + (i % 2);
                    executeUnlessGone(s, session % 2 == 1 ? "INSERT INTO " + t + " (v) VALUES (" + i + ")"
                            : i % 3 == 0 ? "DROP TABLE IF EXISTS " + t
                            : i % 3 == 1 ? "CREATE TABLE IF NOT EXISTS " + t + " (id INT AUTO_INCREMENT PRIMARY KEY, v INT)"
                            : "ALTER TABLE " + t + " ADD COLUMN c" + i + " INT");
                }
            });
            assertEquals(0, server.instance().backupLock().waitsTimedOut());
        }
    }

    /** IF [NOT] EXISTS holds when two sessions create and drop the same databases at once (a note, never 1007 or 1008). */
    @Test
    void createAndDropDatabaseIfExistsFromTwoSessionsNeverFail() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            concurrently(server, 2, (session, s) -> {
                for (int i = 0; i < STATEMENTS; i++) {
                    s.execute((i % 2 == 0 ? "CREATE DATABASE IF NOT EXISTS same_" : "DROP DATABASE IF EXISTS same_") + (i / 2 % 3));
                }
            });
        }
    }

    /**
     * H2 reads its catalog without a lock, and a read racing DDL failed inside H2
     * (ConcurrentModificationException, NullPointerException: 1105 to the client). Such reads
     * are run again; a table that is gone is MySQL's 1146.
     */
    @Test
    void catalogReadsRacingDdlSeeTheTableOrNoTable() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            exec(server, "CREATE DATABASE cat");
            AtomicBoolean ddlDone = new AtomicBoolean();
            concurrently(server, 2, (session, s) -> {
                if (session == 0) {
                    try {
                        for (int i = 0; i < STATEMENTS; i++) {
                            s.execute(i % 3 == 0 ? "CREATE TABLE IF NOT EXISTS cat.t (id INT PRIMARY KEY, v INT, KEY (v))"
                                    : i % 3 == 1 ? "ALTER TABLE cat.t ADD COLUMN c" + i + " INT, ADD INDEX i" + i + " (c" + i + ")"
                                    : "DROP TABLE cat.t");
                        }
                    } finally {
                        ddlDone.set(true);
                    }
                    return;
                }
                while (!ddlDone.get()) {
                    for (String q : new String[] {"SHOW CREATE TABLE cat.t", "SHOW INDEX FROM cat.t",
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'cat'",
                            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'cat'"}) {
                        executeUnlessGone(s, q);
                    }
                }
            });
        }
    }

    /** DDL waiting for another DDL statement gives up after lock_wait_timeout, as for MySQL's metadata locks. */
    @Test
    void ddlWaitingForAnotherDdlGivesUpAfterLockWaitTimeout() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestInstance server = TestInstance.start();
             Connection writer = server.connect(); Statement w = writer.createStatement();
             Connection other = server.connect(); Statement o = other.createStatement()) {
            openTransactionOnTable(w, "waits");
            // Waits in the engine for the open transaction's lock on the table, as DDL.
            Future<?> index = pool.submit(() -> {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    s.execute("CREATE INDEX v_idx ON waits.t (v)");
                }
                return null;
            });
            awaitProcess(o, "CREATE INDEX");
            o.execute("SET SESSION lock_wait_timeout = 1");
            SQLException e = assertThrows(SQLException.class, () -> o.execute("CREATE TABLE waits.u (id INT PRIMARY KEY)"));
            assertEquals(1205, e.getErrorCode());
            w.execute("COMMIT");
            index.get(2, TimeUnit.MINUTES);
            o.execute("CREATE TABLE waits.u (id INT PRIMARY KEY)");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * CREATE TABLE IF NOT EXISTS of a table that an open transaction has written is a note at
     * once, as in MySQL: it holds writes to its table until it is logged, but does not wait for
     * transactions (it used to, until lock_wait_timeout).
     */
    @Test
    void createTableIfNotExistsDoesNotWaitForATransactionOnTheTable() throws Exception {
        try (TestInstance server = TestInstance.start();
             Connection writer = server.connect(); Statement w = writer.createStatement();
             Connection other = server.connect(); Statement o = other.createStatement()) {
            openTransactionOnTable(w, "open_tx");
            o.execute("SET SESSION lock_wait_timeout = 1");
            o.execute("CREATE TABLE IF NOT EXISTS open_tx.t (id INT PRIMARY KEY, v INT)");
            try (ResultSet rs = o.executeQuery("SHOW WARNINGS")) {
                rs.next();
                assertEquals(1050, rs.getInt("Code"));
            }
            w.execute("COMMIT");
        }
    }

    /** Creates {@code db}.t (id, v) and leaves a transaction open on {@code w} that has written it. */
    private static void openTransactionOnTable(Statement w, String db) throws SQLException {
        w.execute("CREATE DATABASE " + db);
        w.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
        w.execute("BEGIN");
        w.execute("INSERT INTO " + db + ".t VALUES (1, 1)");
    }

    private static void awaitProcess(Statement s, String prefix) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '"
                    + prefix + "%'")) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(prefix + " never ran");
    }
}
