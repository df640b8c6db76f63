package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mitosis.testing.MitosisdProcess;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The AUTO_INCREMENT counter after rows that bring their own values (dumps, replicated rows): the
 * next generated value follows the largest one, after a clean restart as after kill -9, whether
 * the rows were in the engine's store or were redone from the binary log.
 */
class AutoIncrementCounterTest {
    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "root", "");
    }

    /** Inserts a row without an id and returns the id it got. */
    private static long nextId(int port) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ai.t (v) VALUES (-1)");
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(int port, String... sql) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    private static String explicitRows(int from, int to) {
        return "INSERT INTO ai.t (id, v) VALUES " + IntStream.rangeClosed(from, to).mapToObj(i -> "(" + i + ", " + i + ")")
                .collect(Collectors.joining(", "));
    }

    @Test
    void explicitValuesMoveTheCounterAcrossKillNine() throws Exception {
        Path dir = Files.createTempDirectory("mitosis-autoinc-");
        try {
            int port = MitosisdProcess.freePort();
            String[] opts = {"--datadir=" + dir.resolve("data"), "--port=" + port, "--server-id=1"};
            MitosisdProcess p = MitosisdProcess.start(dir, opts);
            try {
                execute(port, "CREATE DATABASE ai", "CREATE TABLE ai.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
                        explicitRows(1, 500));
                // Past a checkpoint (every second): the rows are in the engine's store, and the
                // binary log will not redo them.
                Thread.sleep(3000);
                p.kill9();
                p = MitosisdProcess.start(dir, opts);
                assertEquals(501, nextId(port), "rows from the store");

                execute(port, explicitRows(1000, 1200));
                p.kill9();
                p = MitosisdProcess.start(dir, opts);
                assertEquals(1201, nextId(port), "rows redone from the binary log");
            } finally {
                p.close();
            }
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    @Test
    void aCleanRestartKeepsTheCounterPastDeletedRows() throws Exception {
        Path dir = Files.createTempDirectory("mitosis-autoinc-");
        try (TestInstance a = TestInstance.startIn(dir, o -> o.serverId(1))) {
            exec(a, "CREATE DATABASE ai", "CREATE TABLE ai.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
                    "INSERT INTO ai.t (id, v) VALUES (5, 5), (9000, 9000)", "DELETE FROM ai.t WHERE id = 9000");
            a.restart();
            // MySQL 8 persists the counter: the deleted row's value is not generated again.
            assertEquals(9001, nextId(a.port()));
        } finally {
            TestInstance.deleteTree(dir);
        }
    }

    @Test
    void aReplicaGeneratesPastTheLargestReplicatedValue() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            sourceAccount(a);
            replicate(b, a);
            // The counter is not the first column, and another column holds larger numbers.
            exec(a, "CREATE DATABASE ai", "CREATE TABLE ai.t (v BIGINT, id INT AUTO_INCREMENT PRIMARY KEY)",
                    "INSERT INTO ai.t (v) VALUES (100000), (200000), (300000)",
                    "INSERT INTO ai.t (v, id) VALUES (400000, 70)", "UPDATE ai.t SET id = 80 WHERE id = 70");
            caughtUp(b, a);
            exec(b, "STOP REPLICA");
            assertEquals(81, nextId(b.port()));
        }
    }
}
