package dev.mitosis.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.engine.Engine;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.ResponsePackets;
import dev.mitosis.testing.TestInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clone transfer between donor and recipient: ranges, checksums, compression, resume after a cut. */
class CloneTransferTest {
    private Path dir;
    private Engine donorEngine;
    private DonorSnapshots snapshots;
    private ServerSocket donorSocket;
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.List<Long> resumedOffsets = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("clone-transfer-");
        donorEngine = Engine.open(dir.resolve("donor"));
        try (Connection c = donorEngine.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO t SELECT X, REPEAT('v', 90) FROM SYSTEM_RANGE(1, 60000)");
        }
        snapshots = new DonorSnapshots(new DonorPacer(() -> 0, () -> 0));
        donorSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        donorSocket.close();
        snapshots.close();
        donorEngine.close();
        TestInstance.deleteTree(dir);
    }

    /** A bare donor endpoint: each connection carries one COM_CLONE request. */
    private void serve() {
        while (!donorSocket.isClosed()) {
            try {
                Socket s = donorSocket.accept();
                Thread t = new Thread(() -> handle(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (PacketChannel ch = new PacketChannel(s.getInputStream(), s.getOutputStream(), s)) {
            byte[] p = ch.read();
            requests.incrementAndGet();
            CloneProtocol.Request req = CloneProtocol.Request.read(new PayloadReader(p, 1, p.length));
            if (req.snapshotId() != 0 && req.offset() >= 0) resumedOffsets.add(req.offset());
            try {
                new CloneDonor(snapshots).serve(req, ch, (id, out) -> {
                    try (Connection c = donorEngine.connect()) {
                        H2Snapshot snap = H2Snapshot.take(c, () -> () -> { }, () -> "uuid:1-5");
                        out.accept(snap);
                        return new CloneProtocol.Locator(id, "8.4.3-mitosis", "Linux", "x86_64", "utf8mb4",
                                "utf8mb4_0900_ai_ci", snap.length(), snap.fileName(), (String) snap.captured(),
                                "binlog.000003", 157, 60, snap.dataBytes());
                    } catch (java.sql.SQLException e) {
                        throw new IOException(e);
                    }
                }, 60);
            } catch (MysqlException e) {
                ch.write(ResponsePackets.err(new PayloadWriter(), e.code(), e.sqlState(), e.getMessage()));
                ch.flush();
            }
        } catch (IOException ignored) {
            // the recipient went away
        }
    }

    private CloneReceiver receiver(int port, boolean compress, int streams) {
        return receiver(port, new CloneReceiver.Limits(streams, 0, compress, 10_000, "8.4.3-mitosis"));
    }

    private CloneReceiver receiver(int port, CloneReceiver.Limits limits) {
        return new CloneReceiver(() -> {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            return new PacketChannel(s.getInputStream(), s.getOutputStream(), s);
        }, limits, (d, n, e) -> { });
    }

    private void assertCopyOpens(Path target) throws Exception {
        Path data = dir.resolve("recipient");
        Files.createDirectories(data);
        Files.move(target, data.resolve("mitosis.mv.db"));
        try (Engine e = Engine.open(data); Connection c = e.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM t")) {
            rs.next();
            assertEquals(60000, rs.getLong(1));
            assertEquals(60000L * 60001 / 2, rs.getLong(2));
        }
    }

    @Test
    void parallelRangesArriveVerified() throws Exception {
        CloneReceiver r = receiver(donorSocket.getLocalPort(), false, 4);
        CloneProtocol.Locator locator = r.locate();
        assertEquals("uuid:1-5", locator.gtidExecuted());
        assertEquals("binlog.000003", locator.binlogFile());
        Path target = dir.resolve("staged.mv.db");
        r.receive(locator, target);
        assertEquals(locator.length(), Files.size(target));
        assertTrue(requests.get() >= 3, "parallel streams were used: " + requests.get());
        assertCopyOpens(target);
    }

    @Test
    void compressedTransfer() throws Exception {
        CloneReceiver r = receiver(donorSocket.getLocalPort(), true, 1);
        CloneProtocol.Locator locator = r.locate();
        Path target = dir.resolve("staged.mv.db");
        r.receive(locator, target);
        assertCopyOpens(target);
    }

    @Test
    void aSecondCloneWhileOneIsServedIsRefusedWith3634() throws Exception {
        CloneReceiver first = receiver(donorSocket.getLocalPort(), false, 1);
        CloneProtocol.Locator locator = first.locate();
        MysqlException e = assertThrows(MysqlException.class, () -> receiver(donorSocket.getLocalPort(), false, 1).locate());
        assertEquals(ErrorCode.ER_CLONE_DONOR.code(), e.code());
        assertTrue(e.getMessage().startsWith("Clone Donor Error: 3634 : Too many concurrent clone operations"), e.getMessage());
        first.receive(locator, dir.resolve("staged.mv.db"));
    }

    @Test
    void aConnectionCutMidTransferIsResumed() throws Exception {
        // A proxy that cuts every connection once after 3 MB, for the first two connections.
        AtomicInteger cuts = new AtomicInteger();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> proxy(proxy, cuts));
            t.setDaemon(true);
            t.start();
            // 1 MiB chunks: a cut after 3 MB comes after some verified chunks.
            CloneReceiver r = receiver(proxy.getLocalPort(),
                    new CloneReceiver.Limits(1, 0, false, 10_000, "8.4.3-mitosis", 1 << 20, 300, false));
            CloneProtocol.Locator locator = r.locate();
            Path target = dir.resolve("staged.mv.db");
            r.receive(locator, target);
            assertTrue(cuts.get() >= 1, "the proxy cut a connection");
            assertTrue(resumedOffsets.stream().anyMatch(o -> o > 0), "a cut stream resumed past its start: " + resumedOffsets);
            assertCopyOpens(target);
        }
    }

    private void proxy(ServerSocket proxy, AtomicInteger cuts) {
        AtomicLong connections = new AtomicLong();
        while (!proxy.isClosed()) {
            try {
                Socket client = proxy.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), donorSocket.getLocalPort());
                long n = connections.incrementAndGet();
                long limit = n == 2 || n == 3 ? 3_000_000 : Long.MAX_VALUE;
                pump(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream, null);
                pump(upstream.getInputStream(), client.getOutputStream(), limit, client, upstream, cuts);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, long limit, Socket a, Socket b, AtomicInteger cuts) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            long total = 0;
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (total + n > limit) {
                        cuts.incrementAndGet();
                        break;
                    }
                    out.write(buf, 0, n);
                    total += n;
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
