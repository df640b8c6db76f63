package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INSERT IGNORE skips duplicate rows with one 1062 warning each, as MySQL does, over the text
 * protocol and server-side prepared statements; the rows it keeps are the ones a replica gets.
 */
class InsertIgnoreWarningsTest {
    @Test
    void eachSkippedDuplicateIsAWarningAndTheRestIsInsertedAndReplicated() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(91));
             TestInstance b = TestInstance.start(o -> o.serverId(92))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE ig", "CREATE TABLE ig.t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), UNIQUE KEY uk (name))",
                    "INSERT INTO ig.t (name) VALUES ('a'), ('b')");
            try (Connection c = a.connectMysql("ig", null); Statement s = c.createStatement()) {
                assertEquals(0, s.executeUpdate("INSERT IGNORE INTO t (name) VALUES ('a')"));
                assertEquals(List.of("1062 Duplicate entry 'a' for key 't.uk'"), warnings(s.getWarnings()));

                assertEquals(2, s.executeUpdate("INSERT IGNORE INTO t (name) VALUES ('c'), ('b'), ('d'), ('c')"));
                assertEquals(List.of("1062 Duplicate entry 'b' for key 't.uk'", "1062 Duplicate entry 'c' for key 't.uk'"),
                        warnings(s.getWarnings()));
                // A SELECT clears the list as it begins, but @@warning_count is the last statement's.
                try (java.sql.ResultSet rs = s.executeQuery("SELECT @@warning_count")) {
                    rs.next();
                    assertEquals(2, rs.getInt(1));
                }
                // The first row inserted, as for one multi-row INSERT.
                try (java.sql.ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                    rs.next();
                    assertEquals(one(a, "SELECT id FROM ig.t WHERE name = 'c'"), rs.getString(1));
                }

                assertEquals(3, s.executeUpdate("INSERT IGNORE INTO t (name) VALUES ('e'), ('f'), ('g')"));
                assertNull(s.getWarnings());

                // Undone with its transaction, the skipped rows included.
                c.setAutoCommit(false);
                assertEquals(1, s.executeUpdate("INSERT IGNORE INTO t (name) VALUES ('x'), ('a')"));
                c.rollback();
                assertEquals(2, s.executeUpdate("INSERT IGNORE INTO t (name) VALUES ('y'), ('a'), ('z')"));
                c.commit();
                c.setAutoCommit(true);
            }
            try (Connection c = a.connectMysql("ig", "useServerPrepStmts=true");
                 PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO t (id, name) VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "new");
                assertEquals(0, ps.executeUpdate());
                assertEquals(List.of("1062 Duplicate entry '1' for key 't.PRIMARY'"), warnings(ps.getWarnings()));
                ps.setInt(1, 100);
                assertEquals(1, ps.executeUpdate());
                assertNull(ps.getWarnings());
            }
            assertEquals("a,b,c,d,e,f,g,y,z,new", one(a, "SELECT GROUP_CONCAT(name ORDER BY id) FROM ig.t"));
            caughtUp(b, a);
            assertEquals(checksums(a, "ig.t"), checksums(b, "ig.t"));
        }
    }

    private static List<String> warnings(SQLWarning w) {
        List<String> out = new ArrayList<>();
        for (; w != null; w = w.getNextWarning()) out.add(w.getErrorCode() + " " + w.getMessage());
        return out;
    }
}
