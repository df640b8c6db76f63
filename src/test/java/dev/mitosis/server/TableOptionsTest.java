package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.createTableText;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table's AUTO_INCREMENT counter and COMMENT: set by CREATE and ALTER TABLE, shown where MySQL shows them. */
class TableOptionsTest {
    private static long nextId(TestInstance t, String table) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + table + " (v) VALUES (0)");
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void autoIncrementAndCommentAreSetShownAndReplicated() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1)); TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE o", "CREATE TABLE o.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)"
                    + " ENGINE=InnoDB AUTO_INCREMENT=50 COMMENT='orders'", "CREATE TABLE o.plain (x INT)",
                    "CREATE VIEW o.vw AS SELECT id FROM o.t");
            assertEquals(50, nextId(a, "o.t"));
            assertTrue(createTableText(a, "o.t").endsWith(") ENGINE=InnoDB AUTO_INCREMENT=51 DEFAULT CHARSET=utf8mb4"
                    + " COLLATE=utf8mb4_0900_ai_ci COMMENT='orders'"), createTableText(a, "o.t"));
            assertTrue(createTableText(a, "o.plain").endsWith(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"),
                    "no counter, no comment: " + createTableText(a, "o.plain"));

            exec(a, "ALTER TABLE o.t AUTO_INCREMENT = 100, COMMENT = 'it''s orders'");
            assertEquals(100, nextId(a, "o.t"));
            exec(a, "DELETE FROM o.t WHERE id = 100", "USE o", "ALTER TABLE o.t AUTO_INCREMENT = 1");
            assertEquals(51, nextId(a, "o.t"), "as InnoDB: not below the largest value in the table + 1");
            assertEquals(List.of("plain|", "t|52|it's orders", "vw|VIEW"), column(a, "SELECT CONCAT_WS('|', TABLE_NAME,"
                    + " AUTO_INCREMENT, TABLE_COMMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'o'"
                    + " ORDER BY TABLE_NAME"));
            try (Connection c = a.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW TABLE STATUS FROM o LIKE 't'")) {
                rs.next();
                assertEquals(52, rs.getLong("Auto_increment"));
                assertEquals("it's orders", rs.getString("Comment"));
            }

            exec(a, "CREATE TABLE o.copy LIKE o.t");
            assertTrue(createTableText(a, "o.copy").endsWith(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"
                    + " COMMENT='it''s orders'"), "LIKE copies the comment, not the counter: " + createTableText(a, "o.copy"));

            caughtUp(b, a);
            assertEquals(createTableText(a, "o.t"), createTableText(b, "o.t"));
            assertEquals(one(a, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_NAME = 'copy'"),
                    one(b, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_NAME = 'copy'"));
        }
    }
}
