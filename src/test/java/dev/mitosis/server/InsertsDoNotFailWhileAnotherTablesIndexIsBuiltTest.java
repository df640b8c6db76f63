package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * H2 advances an AUTO_INCREMENT's cached range (32 values) through its system session, which
 * must take the metadata lock that a CREATE INDEX holds for its whole build, whatever the table.
 * With that session's default lock timeout (2 s), a multi-row insert into one table failed with
 * 1205 while another table's index was being built (sysbench prepare --threads=2); the system
 * session now waits as long as a client may (Engine.systemSessionWaitsAsLongAsClients).
 */
class InsertsDoNotFailWhileAnotherTablesIndexIsBuiltTest {
    /** Rows of the indexed table: its index build holds the metadata lock for several seconds here. */
    private static final int BIG_ROWS = 1_000_000;
    /** More than H2's identity cache, so every batch must advance the cached range. */
    private static final int BATCH = 100;

    @Test
    void multiRowInsertsWaitForAnotherTablesIndexBuild() throws Exception {
        ExecutorService ddl = Executors.newSingleThreadExecutor();
        try (TestInstance server = TestInstance.start();
             Connection builder = server.connect(); Statement b = builder.createStatement()) {
            b.execute("CREATE DATABASE lw");
            b.execute("USE lw");
            b.execute("CREATE TABLE digits (n INT PRIMARY KEY)");
            StringBuilder digits = new StringBuilder("INSERT INTO digits VALUES (0)");
            for (int i = 1; i < 1000; i++) digits.append(",(").append(i).append(')');
            b.execute(digits.toString());
            // Distinct strings in scattered order: the build sorts and compares them all.
            b.execute("CREATE TABLE big (k INT NOT NULL, c VARCHAR(60) NOT NULL)");
            b.execute("INSERT INTO big SELECT (x.n * 7919 + y.n * 104729) % 1000003,"
                    + " CONCAT((x.n * 7919 + y.n * 104729) % 1000003, '-pad-pad-pad-pad-pad-', x.n, '-', y.n)"
                    + " FROM digits x, digits y WHERE x.n < " + BIG_ROWS / 1000);
            // Created before the build: CREATE TABLE itself waits for the metadata lock.
            b.execute("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)");

            try (Connection inserter = server.connectMysql("lw", null); Statement s = inserter.createStatement()) {
                Future<?> build = ddl.submit(() -> b.execute("CREATE INDEX big_c ON big (c, k)"));
                awaitRunning(s, "CREATE INDEX", build);

                // Until the build ends: with the 2 s timeout, the first batch that needs the
                // metadata lock during the build failed with 1205; now it waits for the build.
                int inserted = 0;
                do {
                    StringBuilder insert = new StringBuilder("INSERT INTO t (v) VALUES ");
                    for (int i = 0; i < BATCH; i++) insert.append(i == 0 ? "(" : ",(").append(inserted + i).append(')');
                    assertEquals(BATCH, s.executeUpdate(insert.toString()));
                    inserted += BATCH;
                } while (!build.isDone());
                build.get(60, TimeUnit.SECONDS);

                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id), SUM(v) FROM t")) {
                    assertTrue(rs.next());
                    assertEquals(inserted, rs.getInt(1));
                    assertEquals(1, rs.getInt(2));
                    assertEquals(inserted, rs.getInt(3));
                    assertEquals((long) inserted * (inserted - 1) / 2, rs.getLong(4));
                }
            }
        } finally {
            ddl.shutdownNow();
        }
    }

    /** Waits (bounded) until a statement starting with prefix shows in the process list, or done is. */
    private static void awaitRunning(Statement s, String prefix, Future<?> done) throws SQLException, InterruptedException {
        for (int i = 0; i < 1000 && !done.isDone(); i++) {
            try (ResultSet rs = s.executeQuery("SHOW FULL PROCESSLIST")) {
                while (rs.next()) {
                    String info = rs.getString("Info");
                    if (info != null && info.startsWith(prefix)) return;
                }
            }
            Thread.sleep(10);
        }
    }
}
