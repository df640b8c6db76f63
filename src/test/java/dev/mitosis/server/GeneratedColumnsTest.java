package dev.mitosis.server;

import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.createTableText;
import static dev.mitosis.testing.Replication.errorOf;
import static dev.mitosis.testing.Replication.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generated columns and column comments as MySQL shows them: SHOW CREATE TABLE (what dumps
 * recreate tables from), SHOW FULL COLUMNS and information_schema.COLUMNS, through ALTER TABLE and
 * CREATE TABLE ... LIKE.
 */
class GeneratedColumnsTest {
    @Test
    void showCreateTableGivesTheExpressionsAndCommentsBackAndRecreatesTheSameTable() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1))) {
            exec(a, "CREATE DATABASE g", "CREATE TABLE g.t (a INT COMMENT 'the a''s', b INT, name VARCHAR(20),"
                    + " total INT AS (a + b), label VARCHAR(40) GENERATED ALWAYS AS (CONCAT(name, '-', a)) STORED NOT NULL"
                    + " COMMENT 'joined', KEY (label))");
            String shown = createTableText(a, "g.t");
            assertTrue(shown.contains("  `a` int DEFAULT NULL COMMENT 'the a''s',\n"), shown);
            assertTrue(shown.contains("  `total` int GENERATED ALWAYS AS (a + b) VIRTUAL,\n"), shown);
            assertTrue(shown.contains("  `label` varchar(40) GENERATED ALWAYS AS (CONCAT(name, '-', a)) STORED NOT NULL"
                    + " COMMENT 'joined',\n"), shown);

            // What a dump does: the shown text creates the same table elsewhere.
            exec(a, "CREATE DATABASE copy", "USE copy");
            try (Connection c = a.connectMysql("copy", null); Statement s = c.createStatement()) {
                s.execute(shown);
                s.execute("INSERT INTO t (a, b, name) VALUES (2, 3, 'x')");
            }
            assertEquals(shown, createTableText(a, "copy.t"));
            assertEquals(List.of("5|x-2"), column(a, "SELECT CONCAT(total, '|', label) FROM copy.t"));
            assertEquals(3105, errorOf(a, "INSERT INTO copy.t (a, total) VALUES (1, 7)"));

            exec(a, "ALTER TABLE g.t ADD COLUMN twice INT AS (a * 2) VIRTUAL", "ALTER TABLE g.t ADD COLUMN z INT",
                    "CREATE TABLE g.l LIKE g.t");
            String altered = createTableText(a, "g.t");
            assertTrue(altered.contains("  `total` int GENERATED ALWAYS AS (a + b) VIRTUAL,\n"), "kept through ALTER: " + altered);
            assertTrue(altered.contains("  `twice` int GENERATED ALWAYS AS (a * 2) VIRTUAL,\n"), altered);
            assertEquals(altered.replace("CREATE TABLE `t`", "CREATE TABLE `l`"), createTableText(a, "g.l"));
        }
    }

    @Test
    void columnListingsSayWhichColumnsAreGenerated() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1))) {
            exec(a, "CREATE DATABASE g", "CREATE TABLE g.t (a INT COMMENT 'plain', v INT AS (a + 1),"
                    + " s INT AS (a * 2) STORED COMMENT 'doubled', id INT AUTO_INCREMENT PRIMARY KEY)");
            assertEquals(List.of("a|||plain", "v|VIRTUAL GENERATED|a + 1|", "s|STORED GENERATED|a * 2|doubled",
                    "id|auto_increment||"), column(a, "SELECT CONCAT_WS('|', COLUMN_NAME, EXTRA, GENERATION_EXPRESSION,"
                    + " COLUMN_COMMENT) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'g' AND TABLE_NAME = 't'"
                    + " ORDER BY ORDINAL_POSITION"));
            try (Connection c = a.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW FULL COLUMNS FROM g.t")) {
                StringBuilder seen = new StringBuilder();
                while (rs.next()) seen.append(rs.getString("Field")).append(':').append(rs.getString("Extra")).append(':')
                        .append(rs.getString("Comment")).append(';');
                assertEquals("a::plain;v:VIRTUAL GENERATED:;s:STORED GENERATED:doubled;id:auto_increment:;", seen.toString());
            }
        }
    }
}
