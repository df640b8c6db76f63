package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Data, the server_uuid and the port survive a stop and start of the same datadir. */
class RestartTest {
    @Test
    void dataAndIdentitySurviveARestart() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            String uuid;
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE keep");
                s.execute("CREATE TABLE keep.t (id INT PRIMARY KEY, v VARCHAR(10))");
                s.execute("INSERT INTO keep.t VALUES (1, 'a'), (2, 'b')");
                c.setAutoCommit(false);
                s.execute("INSERT INTO keep.t VALUES (3, 'c')");
                c.commit();
                try (ResultSet rs = s.executeQuery("SELECT @@server_uuid")) {
                    rs.next();
                    uuid = rs.getString(1);
                }
            }
            int port = server.port();
            server.restart();
            assertEquals(port, server.port());
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT GROUP_CONCAT(v ORDER BY id) FROM keep.t")) {
                    rs.next();
                    assertEquals("a,b,c", rs.getString(1));
                }
                try (ResultSet rs = s.executeQuery("SELECT @@server_uuid")) {
                    rs.next();
                    assertEquals(uuid, rs.getString(1));
                }
            }
        }
    }

    @Test
    void shutdownStatementStopsTheInstance() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            server.instance().awaitStop();
            assertTrue(server.instance().isStopping());
        }
    }
}
