package dev.mitosis.clone;

import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A clone that fails or is interrupted never leaves the recipient half-replaced. */
class CloneFailuresTest {
    private static void prepare(TestInstance donor, TestInstance recipient, String validDonor) throws Exception {
        for (TestInstance t : List.of(donor, recipient)) exec(t, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
        exec(donor, "CREATE USER 'cl'@'%' IDENTIFIED BY 'pw'", "GRANT BACKUP_ADMIN ON *.* TO 'cl'@'%'",
                "CREATE DATABASE big", "CREATE TABLE big.t (id INT PRIMARY KEY, pad VARCHAR(200))");
        exec(donor, "INSERT INTO big.t SELECT X, REPEAT('p', 190) FROM SYSTEM_RANGE(1, 40000)");
        exec(recipient, "SET GLOBAL clone_valid_donor_list = '" + validDonor + "'", "CREATE DATABASE mine");
    }

    /** CLONE on a thread; returns the error it ended with (null if the session was closed by a restart). */
    private static Thread cloneAsync(TestInstance recipient, String host, int port, AtomicReference<SQLException> error) {
        Thread t = new Thread(() -> {
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                s.execute("CLONE INSTANCE FROM 'cl'@'" + host + "':" + port + " IDENTIFIED BY 'pw'");
            } catch (SQLException e) {
                error.set(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void donorKilledMidCloneLeavesTheRecipientOnItsOldData() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(1));
             TestInstance recipient = TestInstance.start(o -> o.serverId(2))) {
            prepare(donor, recipient, donor.host() + ":" + donor.port());
            // 1 MiB/s: the copy takes long enough to kill the donor in the middle of it.
            exec(recipient, "SET GLOBAL clone_max_data_bandwidth = 1");
            // The donor keeps no snapshot for a lost recipient: its death ends the clone at once.
            exec(donor, "SET GLOBAL clone_donor_timeout_after_network_failure = 0");
            AtomicReference<SQLException> error = new AtomicReference<>();
            Thread clone = cloneAsync(recipient, donor.host(), donor.port(), error);
            long deadline = System.currentTimeMillis() + 20_000;
            while (!"In Progress".equals(stage(recipient)) && System.currentTimeMillis() < deadline) Thread.sleep(50);
            // A second clone while this one runs: 3634.
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                assertError(3634, "HY000", () -> s.execute("CLONE INSTANCE FROM 'cl'@'" + donor.host() + "':"
                        + donor.port() + " IDENTIFIED BY 'pw'"));
            }
            Thread.sleep(500);
            donor.instance().stop();
            clone.join(120_000);
            assertTrue(error.get() != null, "the clone failed");
            assertEquals(3862, error.get().getErrorCode(), error.get().getMessage());
            assertEquals("Failed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
            assertEquals("3862", one(recipient, "SELECT ERROR_NO FROM performance_schema.clone_status"));
            assertTrue(column(recipient, "SHOW DATABASES").contains("mine"), "the recipient keeps its own data");
        }
    }

    private static String stage(TestInstance t) throws Exception {
        List<String> s = column(t, "SELECT STATE FROM performance_schema.clone_progress WHERE STAGE = 'FILE COPY'");
        return s.isEmpty() ? "" : s.get(0);
    }

    @Test
    void aConnectionCutForTwoSecondsIsResumed() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(3));
             TestInstance recipient = TestInstance.start(o -> o.serverId(4));
             ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicBoolean cut = new AtomicBoolean();
            Thread acceptor = new Thread(() -> proxyLoop(proxy, donor.port(), cut));
            acceptor.setDaemon(true);
            acceptor.start();
            prepare(donor, recipient, "127.0.0.1:" + proxy.getLocalPort());
            exec(recipient, "SET GLOBAL clone_max_data_bandwidth = 2");
            AtomicReference<SQLException> error = new AtomicReference<>();
            Thread clone = cloneAsync(recipient, "127.0.0.1", proxy.getLocalPort(), error);
            long deadline = System.currentTimeMillis() + 20_000;
            while (!"In Progress".equals(stage(recipient)) && System.currentTimeMillis() < deadline) Thread.sleep(50);
            Thread.sleep(700);
            cut.set(true);
            Thread.sleep(2000);
            cut.set(false);
            clone.join(120_000);
            // The session running CLONE was closed by the restart: that is the only error allowed.
            SQLException e = error.get();
            assertTrue(e == null || e.getErrorCode() == 0, () -> "clone failed: " + e.getMessage());
            assertEquals("Completed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
            assertEquals("40000", one(recipient, "SELECT COUNT(*) FROM big.t"));
        }
    }

    /** A TCP proxy; while {@code cut} is set it drops every connection and refuses new ones. */
    private static void proxyLoop(ServerSocket proxy, int upstreamPort, AtomicBoolean cut) {
        List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread cutter = new Thread(() -> {
            while (!proxy.isClosed()) {
                if (cut.get()) {
                    for (Socket s : open) close(s);
                    open.clear();
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        cutter.setDaemon(true);
        cutter.start();
        while (!proxy.isClosed()) {
            try {
                Socket client = proxy.accept();
                if (cut.get()) {
                    close(client);
                    continue;
                }
                Socket up = new Socket(InetAddress.getByName("127.0.0.1"), upstreamPort);
                open.add(client);
                open.add(up);
                pump(client.getInputStream(), up.getOutputStream(), client, up);
                pump(up.getInputStream(), client.getOutputStream(), client, up);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
            } catch (IOException ignored) {
                // cut or closed
            } finally {
                close(a);
                close(b);
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
