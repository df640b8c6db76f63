package dev.mitosis.clone;

import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clone_* variables that shape the transfer take effect: clone_buffer_size, clone_block_ddl, clone_ddl_timeout. */
class CloneVariablesTest {
    private Path scratch;

    @BeforeEach
    void setUp() throws Exception {
        scratch = Files.createTempDirectory("clone-vars-");
    }

    @AfterEach
    void tearDown() {
        TestInstance.deleteTree(scratch);
    }

    private static void prepare(TestInstance donor, TestInstance recipient, int rows) throws Exception {
        for (TestInstance t : List.of(donor, recipient)) exec(t, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
        exec(donor, "CREATE USER 'cl'@'%' IDENTIFIED BY 'pw'", "GRANT BACKUP_ADMIN ON *.* TO 'cl'@'%'",
                "CREATE DATABASE big", "CREATE TABLE big.t (id INT PRIMARY KEY, pad VARCHAR(200))");
        exec(donor, "INSERT INTO big.t SELECT X, REPEAT('p', 190) FROM SYSTEM_RANGE(1, " + rows + ")");
        exec(recipient, "SET GLOBAL clone_valid_donor_list = '" + donor.host() + ":" + donor.port() + "'");
    }

    private String cloneInto(TestInstance donor, String name) {
        return "CLONE INSTANCE FROM 'cl'@'" + donor.host() + "':" + donor.port() + " IDENTIFIED BY 'pw' DATA DIRECTORY = '"
                + scratch.resolve(name) + "'";
    }

    private static long progress(TestInstance t, String column) throws Exception {
        return Long.parseLong(one(t, "SELECT " + column + " FROM performance_schema.clone_progress WHERE STAGE = 'FILE COPY'"));
    }

    /** Runs a statement on its own thread; the error it ended with lands in {@code error}. */
    private static Thread async(TestInstance t, String sql, AtomicReference<SQLException> error) {
        Thread th = new Thread(() -> {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                error.set(e);
            }
        });
        th.start();
        return th;
    }

    private static void awaitFileCopy(TestInstance recipient) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> s = dev.mitosis.testing.Replication.column(recipient,
                    "SELECT DATA FROM performance_schema.clone_progress WHERE STAGE = 'FILE COPY' AND STATE = 'In Progress'");
            if (!s.isEmpty() && Long.parseLong(s.get(0)) > 0) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the clone never got to FILE COPY");
    }

    @Test
    void bufferSizeIsTheChunkSize() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(1));
             TestInstance recipient = TestInstance.start(o -> o.serverId(2))) {
            prepare(donor, recipient, 20000);
            // One stream: every chunk is one DATA packet of 4 + 13 bytes of framing. The whole file,
            // so that no hole splits a chunk or adds a HOLE packet.
            exec(recipient, "SET GLOBAL clone_autotune_concurrency = OFF", "SET GLOBAL clone_max_concurrency = 1");
            System.setProperty(H2Snapshot.LIVE_ONLY_PROPERTY, "false");
            try {
                for (int mib : new int[] {1, 2}) {
                    exec(recipient, "SET GLOBAL clone_buffer_size = " + (mib << 20), cloneInto(donor, "b" + mib));
                    long data = progress(recipient, "DATA");
                    long chunks = (data + (mib << 20) - 1) / (mib << 20);
                    assertTrue(data > 2L << 20, "enough data for several chunks: " + data);
                    assertEquals(17 * chunks, progress(recipient, "NETWORK") - data, "framing of " + chunks + " chunks of " + mib + " MiB");
                }
            } finally {
                System.clearProperty(H2Snapshot.LIVE_ONLY_PROPERTY);
            }
        }
    }

    @Test
    void blockDdlOnHoldsReplicatedDdlOnAReplicaDonorUntilTheCloneEnds() throws Exception {
        try (TestInstance source = TestInstance.start(o -> o.serverId(7));
             TestInstance donor = TestInstance.start(o -> o.serverId(8));
             TestInstance recipient = TestInstance.start(o -> o.serverId(9))) {
            dev.mitosis.testing.Replication.sourceAccount(source);
            dev.mitosis.testing.Replication.replicate(donor, source);
            prepare(donor, recipient, 12000);
            exec(recipient, "SET GLOBAL clone_max_data_bandwidth = 1", "SET GLOBAL clone_block_ddl = ON");
            AtomicReference<SQLException> error = new AtomicReference<>();
            Thread clone = async(recipient, cloneInto(donor, "replica"), error);
            awaitFileCopy(recipient);
            exec(source, "CREATE DATABASE during", "CREATE TABLE during.t (a INT PRIMARY KEY)");
            Thread.sleep(500);
            // The replica donor received the DDL but may not apply it while the clone holds the lock.
            boolean cloning = one(recipient, "SELECT STATE FROM performance_schema.clone_status").equals("In Progress");
            if (cloning) {
                assertFalse(dev.mitosis.testing.Replication.column(donor, "SHOW DATABASES").contains("during"),
                        "replicated DDL ran during a clone with clone_block_ddl = ON");
            }
            clone.join(60_000);
            assertNull(error.get());
            dev.mitosis.testing.Replication.caughtUp(donor, source);
            assertTrue(dev.mitosis.testing.Replication.column(donor, "SHOW TABLES FROM during").contains("t"));
            assertTrue(cloning, "the clone was still running when the DDL arrived (too fast to test)");
        }
    }

    @Test
    void blockDdlOnKeepsDonorDdlWaitingUntilTheCloneEndsOffLetsItRun() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(3));
             TestInstance recipient = TestInstance.start(o -> o.serverId(4))) {
            prepare(donor, recipient, 12000);
            // 1 MiB/s: the copy lasts a few seconds, long enough to try DDL on the donor meanwhile.
            exec(recipient, "SET GLOBAL clone_max_data_bandwidth = 1");
            try (Connection ddl = donor.connect(); Statement s = ddl.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 1");
                // clone_block_ddl = OFF (the default): DDL runs during the clone.
                AtomicReference<SQLException> error = new AtomicReference<>();
                Thread clone = async(recipient, cloneInto(donor, "off"), error);
                awaitFileCopy(recipient);
                s.execute("CREATE TABLE big.during_off (a INT)");
                clone.join(60_000);
                assertNull(error.get());
                assertEquals("Completed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));

                // ON: the donor holds the backup lock for the whole clone; DDL waits and times out
                // (Connector/J reports 1205 with SQLSTATE 40001).
                exec(recipient, "SET GLOBAL clone_block_ddl = ON");
                clone = async(recipient, cloneInto(donor, "on"), error);
                awaitFileCopy(recipient);
                assertError(1205, "40001", () -> s.execute("CREATE TABLE big.during_on (a INT)"));
                assertError(1205, "40001", () -> s.execute("CREATE USER 'x'@'%'"));
                clone.join(60_000);
                assertNull(error.get());
                assertEquals("Completed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
                // The lock went with the clone.
                s.execute("CREATE TABLE big.after_on (a INT)");
            }
        }
    }

    @Test
    void ddlTimeoutBoundsTheWaitForRunningDdl() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(5));
             TestInstance recipient = TestInstance.start(o -> o.serverId(6));
             Connection holder = donor.connect(); Statement h = holder.createStatement()) {
            prepare(donor, recipient, 2000);
            // A DDL that keeps running: it waits for the table a transaction is writing.
            h.execute("BEGIN");
            h.execute("INSERT INTO big.t VALUES (-1, 'x')");
            AtomicReference<SQLException> ddlError = new AtomicReference<>();
            Thread ddl = async(donor, "ALTER TABLE big.t ADD COLUMN extra INT", ddlError);
            Thread.sleep(500);
            assertTrue(ddl.isAlive(), "the DDL waits for the open transaction");
            // Should the clone wait anyway, it would go on once the transaction ends.
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(15_000);
                    h.execute("COMMIT");
                } catch (Exception ignored) {
                    // the test ended it
                }
            });
            release.setDaemon(true);
            release.start();
            exec(recipient, "SET GLOBAL clone_ddl_timeout = 1");
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                SQLException e = assertError(3862, "HY000", () -> s.execute(cloneInto(donor, "t")));
                assertTrue(e.getMessage().contains("1205"), e.getMessage());
            }
            h.execute("COMMIT");
            ddl.join(60_000);
            assertNull(ddlError.get());
            // With the DDL done, the same clone goes through.
            exec(recipient, cloneInto(donor, "t2"));
            assertEquals("Completed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
        }
    }
}
