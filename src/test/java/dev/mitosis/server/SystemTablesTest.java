package dev.mitosis.server;

import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** What the server runs on cannot be taken away by a client, not even root: 3552, and the server goes on. */
class SystemTablesTest {
    @Test
    void ddlOnTheServersMysqlTablesAndWritesToItsGtidStateAreRejectedAndTheServerGoesOn() throws Exception {
        try (TestInstance server = TestInstance.start(); Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY)");
            String before = gtidExecuted(s);
            for (String sql : new String[] {"DROP TABLE IF EXISTS mysql.gtid_executed", "TRUNCATE TABLE mysql.user",
                    "ALTER TABLE mysql.slave_master_info ADD COLUMN x INT", "DROP TABLE mysql.db",
                    "INSERT INTO mysql.gtid_executed VALUES ('a97dc13f-ce26-4669-b083-af8c2368057d', 1, 3)",
                    "DELETE FROM mysql.slave_relay_log_info"}) {
                var e = assertError(3552, "HY000", () -> s.execute(sql));
                assertTrue(e.getMessage().startsWith("Access to system table 'mysql."), e.getMessage());
            }
            var e = assertError(3552, "HY000", () -> s.execute("DROP DATABASE mysql"));
            assertEquals("Access to system schema 'mysql' is rejected.", e.getMessage());
            assertEquals(before, gtidExecuted(s));
            // Reading stays allowed, and commits still work (the dropped table stopped the server).
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mysql.gtid_executed")) {
                assertTrue(rs.next());
            }
            s.execute("INSERT INTO app.t VALUES (1)");
            assertTrue(!gtidExecuted(s).equals(before), "the insert committed with a GTID");
            // The log tables are not the server's: a dump may recreate them.
            s.execute("DROP TABLE mysql.general_log");
            s.execute("CREATE TABLE IF NOT EXISTS mysql.general_log (event_time TIMESTAMP(6) NOT NULL)");
        }
    }

    private static String gtidExecuted(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
