package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.RawClient;
import dev.mitosis.testing.TestInstance;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated packets against a live server: it answers or hangs up, and stays up. */
class PacketFuzzTest {
    private static final byte[][] SEEDS = {
        "\u0003SELECT 1".getBytes(StandardCharsets.UTF_8),
        "\u0003SHOW DATABASES".getBytes(StandardCharsets.UTF_8),
        "\u0002mysql".getBytes(StandardCharsets.UTF_8),
        "\u0016SELECT ? + 1".getBytes(StandardCharsets.UTF_8),
        {0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 0, 5, 0, 0, 0},
        {0x18, 1, 0, 0, 0, 0, 0, 'x'},
        {0x19, 1, 0, 0, 0},
        {0x1A, 1, 0, 0, 0},
        {0x04, 't', 0, '%'},
        {0x0C, 1, 0, 0, 0},
        {0x1B, 0, 0},
        {0x11, 'r', 'o', 'o', 't', 0, 0, 0},
        {0x0E},
        {0x09},
    };

    @Test
    void thousandRandomAndMutatedPacketsLeaveTheServerServing() throws Exception {
        try (TestInstance server = TestInstance.start();
             Connection bystander = server.connect();
             Statement bs = bystander.createStatement()) {
            bs.execute("CREATE DATABASE fuzz");
            bs.execute("CREATE TABLE fuzz.t (id INT PRIMARY KEY)");
            bs.execute("INSERT INTO fuzz.t VALUES (1), (2), (3)");
            Random random = new Random(20261122);
            int answered = 0;
            RawClient client = null;
            for (int i = 0; i < 1000; i++) {
                if (client == null) {
                    client = new RawClient(server.host(), server.port());
                    if (i % 10 == 0) {
                        // Pre-authentication garbage.
                        client.readGreeting();
                        sendFrame(client.rawOut(), mutate(random, new byte[random.nextInt(64)], random), 1);
                        client.close();
                        client = null;
                        continue;
                    }
                    byte[] ok = client.loginAsRoot();
                    assertEquals(0, ok[0], "login of the fuzz client");
                }
                byte[] packet = random.nextInt(4) == 0 ? randomBytes(random) : mutate(random,
                        SEEDS[random.nextInt(SEEDS.length)].clone(), random);
                try {
                    if (random.nextInt(20) == 0) {
                        // A lying length header, then hang up.
                        OutputStream out = client.rawOut();
                        out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x00, 1, 2, 3});
                        out.flush();
                        client.close();
                        client = null;
                        continue;
                    }
                    if (packet.length > 0 && (packet[0] == 0x01 || packet[0] == 0x08)) packet[0] = 0x0E;
                    client.socket.setSoTimeout(300);
                    try {
                        byte[] reply = client.command(packet);
                        if (reply != null) answered++;
                    } catch (java.net.SocketTimeoutException quiet) {
                        // Commands such as COM_STMT_CLOSE have no reply; the stream is still in sync.
                        answered++;
                    }
                    drain(client);
                } catch (IOException e) {
                    client.close();
                    client = null;
                }
            }
            if (client != null) client.close();
            assertTrue(answered > 500, "most fuzz packets get an answer: " + answered);

            // The session that was open all along is untouched, and a new client is served.
            try (ResultSet rs = bs.executeQuery("SELECT COUNT(*) FROM fuzz.t")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
            try (Connection fresh = server.connect(); Statement s = fresh.createStatement();
                 ResultSet rs = s.executeQuery("SELECT SUM(id) FROM fuzz.t")) {
                rs.next();
                assertEquals(6, rs.getInt(1));
            }
        }
    }

    private static void sendFrame(OutputStream out, byte[] payload, int seq) throws IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) seq});
        out.write(payload);
        out.flush();
    }

    /** Reads whatever else the server sent for the last command, until it goes quiet. */
    private static void drain(RawClient c) throws IOException {
        c.socket.setSoTimeout(3);
        try {
            byte[] buf = new byte[65536];
            while (c.socket.getInputStream().read(buf) > 0) {
                // discard
            }
        } catch (java.net.SocketTimeoutException e) {
            // quiet: done
        } finally {
            c.socket.setSoTimeout(5000);
        }
        // Sequence state is unknown after draining; the next command resets it anyway.
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[1 + r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random r, byte[] b, Random rr) {
        if (b.length == 0) return randomBytes(r);
        int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            switch (r.nextInt(3)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, r.nextInt(b.length + 1)));
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
                    for (int k = b.length; k < longer.length; k++) longer[k] = (byte) rr.nextInt(256);
                    b = longer;
                }
            }
        }
        return b;
    }
}
