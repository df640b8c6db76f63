package dev.mitosis.replication;

import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.MitosisdProcess;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** kill -9 of a replica while it applies; after restart nothing is missing and nothing applied twice. */
class ReplicaCrashTest {
    private static Connection connect(int port) throws Exception {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "root", "");
    }

    private static String query(int port, String sql) throws Exception {
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void replicaKilledWhileApplyingResumesExactly() throws Exception {
        Path dir = Files.createTempDirectory("replica-crash-");
        try (TestInstance a = TestInstance.start(o -> o.serverId(81))) {
            sourceAccount(a);
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE cr");
                s.execute("CREATE TABLE cr.t (id INT PRIMARY KEY, n INT, pad VARCHAR(200))");
                s.execute("CREATE TABLE cr.counter (id INT PRIMARY KEY, n INT)");
                s.execute("INSERT INTO cr.counter VALUES (1, 0)");
            }
            int port = MitosisdProcess.freePort();
            String[] opts = {"--datadir=" + dir.resolve("b"), "--port=" + port, "--bind-address=127.0.0.1", "--server-id=82"};
            MitosisdProcess b = MitosisdProcess.start(dir, opts);
            try {
                try (Connection c = connect(port); Statement s = c.createStatement()) {
                    s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=" + a.port()
                            + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1,"
                            + " GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=1");
                    s.execute("START REPLICA");
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger();
                Thread writer = new Thread(() -> {
                    try (Connection c = a.connect(); Statement s = c.createStatement()) {
                        c.setAutoCommit(false);
                        while (!stop.get()) {
                            int id = next.incrementAndGet();
                            s.execute("INSERT INTO cr.t VALUES (" + id + ", " + id + ", REPEAT('p', 150))");
                            s.execute("UPDATE cr.counter SET n = n + 1 WHERE id = 1");
                            c.commit();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                writer.start();
                for (int round = 0; round < 3; round++) {
                    Thread.sleep(700);
                    b.kill9();
                    b = MitosisdProcess.start(dir, opts);
                    // The configured channel starts with the server; START REPLICA is harmless now.
                    try (Connection c = connect(port); Statement s = c.createStatement()) {
                        s.execute("START REPLICA");
                    }
                }
                stop.set(true);
                writer.join();
                String executed = one(a, "SELECT @@GLOBAL.gtid_executed");
                String waited = query(port, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', 60)");
                if (!"0".equals(waited)) {
                    StringBuilder st = new StringBuilder();
                    try (Connection c = connect(port); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                        rs.next();
                        for (String col : new String[] {"Replica_IO_Running", "Last_IO_Error", "Replica_SQL_Running",
                                "Last_SQL_Error", "Retrieved_Gtid_Set", "Executed_Gtid_Set"}) {
                            st.append(col).append('=').append(rs.getString(col)).append('\n');
                        }
                    }
                    String log = Files.readString(dir.resolve("b").resolve("error.log"));
                    throw new AssertionError("replica did not catch up with " + executed + "\n" + st + log.substring(Math.max(0, log.length() - 4000)));
                }
                assertEquals(executed, query(port, "SELECT @@GLOBAL.gtid_executed"));
                assertEquals(checksums(a, "cr.t, cr.counter"), checksumsOn(port, "cr.t, cr.counter"));
                assertEquals(query(port, "SELECT COUNT(*) FROM cr.t"), query(port, "SELECT n FROM cr.counter"),
                        "each transaction applied exactly once");
                assertTrue(next.get() > 100, "the source kept writing: " + next.get());
            } finally {
                b.close();
            }
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    private static String checksumsOn(int port, String tables) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE " + tables)) {
            while (rs.next()) sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
        }
        return sb.toString();
    }
}
