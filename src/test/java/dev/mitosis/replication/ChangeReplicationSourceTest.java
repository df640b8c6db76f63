package dev.mitosis.replication;

import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** CHANGE REPLICATION SOURCE TO, its rules and legacy spellings, SHOW REPLICA STATUS, RESET REPLICA. */
class ChangeReplicationSourceTest {
    @Test
    void configurationIsShownKeptAcrossRestartAndReset() throws Exception {
        // skip_replica_start: configured channels would otherwise start with the server.
        try (TestInstance server = TestInstance.start(o -> o.set("skip_replica_start", "ON"))) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                    ResultSetMetaData md = rs.getMetaData();
                    assertEquals(60, md.getColumnCount());
                    assertEquals("Replica_IO_State", md.getColumnLabel(1));
                    assertEquals("Seconds_Behind_Source", md.getColumnLabel(33));
                    assertEquals("Network_Namespace", md.getColumnLabel(60));
                    assertFalse(rs.next());
                }
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.9', SOURCE_PORT=3310,"
                        + " SOURCE_USER='repl', SOURCE_PASSWORD='secret', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1,"
                        + " SOURCE_CONNECT_RETRY=5, SOURCE_RETRY_COUNT=7, SOURCE_HEARTBEAT_PERIOD=2");
                SQLWarning w = s.getWarnings();
                assertEquals(1759, w.getErrorCode());
                assertEquals(1760, w.getNextWarning().getErrorCode());
                assertStatus(s, "127.0.0.9", "3310", "repl", "1");
                try (ResultSet rs = s.executeQuery("SHOW PROCESSLIST")) {
                    while (rs.next()) assertFalse(String.valueOf(rs.getString(8)).contains("secret"));
                }
                // Rules: auto-position excludes file/pos; an empty host; unknown channel.
                assertError(1776, "HY000", () -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000001', SOURCE_LOG_POS=4"));
                assertError(1210, "HY000", () -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST=''"));
                assertError(3074, "HY000", () -> s.executeQuery("SHOW REPLICA STATUS FOR CHANNEL 'nope'"));
                assertError(1064, "42000", () -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_NONSENSE=1"));
                assertError(3056, "HY000", () -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_PASSWORD='"
                        + "x".repeat(33) + "'"));
            }
            server.restart();
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                assertStatus(s, "127.0.0.9", "3310", "repl", "1");
                // Legacy spelling on a second channel, then file/position on it.
                s.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.8', MASTER_PORT=3311, MASTER_USER='r2',"
                        + " MASTER_LOG_FILE='binlog.000002', MASTER_LOG_POS=1234 FOR CHANNEL 'second'");
                assertEquals(1287, s.getWarnings().getErrorCode());
                try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS FOR CHANNEL 'second'")) {
                    assertEquals("Master_Host", rs.getMetaData().getColumnLabel(2));
                    assertTrue(rs.next());
                    assertEquals("127.0.0.8", rs.getString("Master_Host"));
                    assertEquals("0", rs.getString("Auto_Position"));
                    assertEquals("second", rs.getString("Channel_Name"));
                }
                try (ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                    int n = 0;
                    while (rs.next()) n++;
                    assertEquals(2, n);
                }
                s.execute("RESET REPLICA ALL FOR CHANNEL 'second'");
                s.execute("RESET REPLICA");
                assertStatus(s, "127.0.0.9", "3310", "repl", "1");
                s.execute("RESET REPLICA ALL");
                try (ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                    assertFalse(rs.next());
                }
                assertError(1200, "HY000", () -> s.execute("START REPLICA"));
            }
        }
    }

    private static void assertStatus(Statement s, String host, String port, String user, String autoPosition) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
            assertTrue(rs.next());
            assertEquals(host, rs.getString("Source_Host"));
            assertEquals(port, rs.getString("Source_Port"));
            assertEquals(user, rs.getString("Source_User"));
            assertEquals(autoPosition, rs.getString("Auto_Position"));
            assertEquals("No", rs.getString("Replica_IO_Running"));
            assertEquals("No", rs.getString("Replica_SQL_Running"));
            assertEquals(null, rs.getString("Seconds_Behind_Source"));
            assertEquals("mysql.slave_master_info", rs.getString("Source_Info_File"));
            assertEquals("", rs.getString("Channel_Name"));
        }
    }
}
