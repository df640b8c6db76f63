package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.testing.RawClient;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Protocol commands beyond COM_QUERY, sent byte by byte. */
@ExtendWith(SharedServer.class)
class CommandsTest {
    static TestInstance server;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE cmd");
            s.execute("CREATE TABLE cmd.t (id INT PRIMARY KEY, name VARCHAR(10) DEFAULT 'x')");
        }
    }

    private static byte[] cmd(int command, String arg) {
        byte[] a = arg.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[a.length + 1];
        p[0] = (byte) command;
        System.arraycopy(a, 0, p, 1, a.length);
        return p;
    }

    @Test
    void initDbFieldListStatisticsPingAndUnknownCommand() throws Exception {
        try (RawClient c = new RawClient(server.host(), server.port())) {
            assertEquals(0, c.loginAsRoot()[0]);
            assertEquals(0x00, c.command(cmd(0x02, "cmd"))[0], "COM_INIT_DB");
            byte[] err = c.command(cmd(0x02, "nope"));
            assertEquals(0xFF, err[0] & 0xFF);
            assertEquals(1049, new PayloadReader(err, 1, err.length).readInt2());

            byte[] field = c.command(cmd(0x04, "t\0"));
            PayloadReader r = new PayloadReader(field);
            assertEquals("def", r.readLenencString());
            assertEquals("cmd", r.readLenencString());
            assertEquals("t", r.readLenencString());
            r.readLenencString();
            assertEquals("id", r.readLenencString());
            byte[] next = c.channel.read();
            PayloadReader n = new PayloadReader(next);
            for (int i = 0; i < 4; i++) n.readLenencString();
            assertEquals("name", n.readLenencString());
            assertEquals(0xFE, c.channel.read()[0] & 0xFF, "EOF ends the field list");

            String stats = new String(c.command(new byte[] {0x09}), StandardCharsets.UTF_8);
            assertTrue(stats.startsWith("Uptime: "), stats);
            assertTrue(stats.contains("  Threads: "), stats);
            assertEquals(0x00, c.command(new byte[] {0x0E})[0], "COM_PING");
            byte[] unknown = c.command(new byte[] {0x40});
            assertEquals(1047, new PayloadReader(unknown, 1, unknown.length).readInt2());
            byte[] empty = c.command(cmd(0x03, ""));
            assertEquals(1065, new PayloadReader(empty, 1, empty.length).readInt2());
        }
    }

    @Test
    void resetConnectionForgetsSessionStateButKeepsTheDatabase() throws Exception {
        try (Connection c = server.connectMysql("cmd", null); Statement s = c.createStatement()) {
            s.execute("SET @v = 42, SESSION sql_select_limit = 5");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).resetServerState();
            try (ResultSet rs = s.executeQuery("SELECT @v, @@session.sql_select_limit, DATABASE()")) {
                rs.next();
                assertEquals(null, rs.getString(1));
                assertEquals("18446744073709551615", rs.getString(2));
                assertEquals("cmd", rs.getString(3));
            }
        }
    }

    @Test
    void changeUserReauthenticates() throws Exception {
        try (Connection c = server.connectMysql("cmd", null); Statement s = c.createStatement()) {
            s.execute("SET @v = 1");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser("root", "");
            try (ResultSet rs = s.executeQuery("SELECT @v, CURRENT_USER()")) {
                rs.next();
                assertEquals(null, rs.getString(1));
                assertEquals("root@localhost", rs.getString(2));
            }
        }
    }

    @Test
    void persistedVariablesSurviveARestart() throws Exception {
        try (TestInstance t = TestInstance.start()) {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                s.execute("SET PERSIST max_connections = 222");
                s.execute("SET GLOBAL wait_timeout = 100");
            }
            t.restart();
            try (Connection c = t.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@global.max_connections, @@global.wait_timeout")) {
                rs.next();
                assertEquals(222, rs.getInt(1));
                assertEquals(28800, rs.getInt(2));
                s.execute("RESET PERSIST max_connections");
            }
            t.restart();
            try (Connection c = t.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@global.max_connections")) {
                rs.next();
                assertEquals(151, rs.getInt(1));
            }
        }
    }
}
