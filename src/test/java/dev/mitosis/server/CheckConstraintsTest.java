package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.createTableText;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHECK constraints as MySQL 8.4 has them: enforced at column and table level, named, shown, copied. */
class CheckConstraintsTest {
    private static String violated(TestInstance t, String sql) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
            assertEquals(3819, e.getErrorCode(), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void checksAreEnforcedNamedShownAndReplicated() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1)); TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE k", "CREATE TABLE k.t (id INT PRIMARY KEY, a INT CHECK (a > 0), b INT,"
                    + " CONSTRAINT pos_b CHECK (b > 0), CHECK (a < b))");
            assertEquals("Check constraint 't_chk_1' is violated.", violated(a, "INSERT INTO k.t VALUES (1, -5, 10)"),
                    "a column's CHECK is enforced, named as MySQL names it");
            assertEquals("Check constraint 't_chk_2' is violated.", violated(a, "INSERT INTO k.t VALUES (2, 5, 1)"));
            assertEquals("Check constraint 'pos_b' is violated.", violated(a, "INSERT INTO k.t VALUES (3, 5, -1)"));
            exec(a, "INSERT INTO k.t VALUES (4, 1, 2)");

            String shown = createTableText(a, "k.t");
            assertTrue(shown.contains("  PRIMARY KEY (`id`),\n  CONSTRAINT `pos_b` CHECK (b > 0),\n"
                    + "  CONSTRAINT `t_chk_1` CHECK (a > 0),\n  CONSTRAINT `t_chk_2` CHECK (a < b)\n)"), shown);
            assertEquals(List.of("pos_b|b > 0", "t_chk_1|a > 0", "t_chk_2|a < b"), column(a, "SELECT CONCAT(CONSTRAINT_NAME, '|',"
                    + " CHECK_CLAUSE) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'k' ORDER BY 1"));

            // IF NOT EXISTS of the existing table changes nothing: no constraint, index or counter of its own.
            exec(a, "CREATE TABLE IF NOT EXISTS k.t (id INT PRIMARY KEY, z INT CHECK (z > 0), KEY kz (z)) AUTO_INCREMENT = 9");
            assertEquals(shown, createTableText(a, "k.t"));

            exec(a, "CREATE TABLE k.copy LIKE k.t");
            String copy = createTableText(a, "k.copy");
            assertTrue(copy.contains("  PRIMARY KEY (`id`),\n  CONSTRAINT `copy_chk_1` CHECK (a > 0),\n"
                    + "  CONSTRAINT `copy_chk_2` CHECK (a < b),\n  CONSTRAINT `pos_b` CHECK (b > 0)\n)"),
                    "a copy's generated names are its own: " + copy);
            assertEquals("Check constraint 'copy_chk_1' is violated.", violated(a, "INSERT INTO k.copy VALUES (1, -5, 10)"));

            // The shown text recreates the same table (what a dump does).
            exec(a, "CREATE DATABASE k2");
            try (Connection c = a.connectMysql("k2", null); Statement s = c.createStatement()) {
                s.execute(shown);
            }
            assertEquals(shown, createTableText(a, "k2.t"));

            caughtUp(b, a);
            assertEquals(shown, createTableText(b, "k.t"));
            assertEquals(createTableText(a, "k.copy"), createTableText(b, "k.copy"));
            assertEquals("Check constraint 't_chk_1' is violated.", violated(b, "INSERT INTO k.t VALUES (9, -5, 10)"));
        }
    }
}
