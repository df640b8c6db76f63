package dev.mitosis.replication;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.column;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes racing CREATE TABLE, TRUNCATE, DROP and RENAME of their tables reach the binary log in
 * the order they ran. H2 commits DDL before it is logged; a write let in between was logged
 * before the DDL it ran after, and the replica then stopped with 1032 (an UPDATE of a row that a
 * logged TRUNCATE had removed) or 1146 (an INSERT before the CREATE TABLE). Writes now wait for
 * such DDL on their tables until it is logged, as for MySQL's metadata locks.
 */
class DdlRacingWritesTest {
    private static final int STATEMENTS = 400;

    @Test
    void writesRacingTableDdlReplicateInTheOrderTheyRan() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TestInstance a = TestInstance.start(o -> o.serverId(71));
             TestInstance b = TestInstance.start(o -> o.serverId(72))) {
            sourceAccount(a);
            exec(a, "CREATE DATABASE race");
            replicate(b, a);
            List<Future<?>> sessions = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                boolean ddl = w == 0;
                int seed = w;
                sessions.add(pool.submit(() -> {
                    try (Connection c = a.connect(); Statement s = c.createStatement()) {
                        for (int i = 0; i < STATEMENTS; i++) {
                            String t = "race.t" + (i % 2);
                            String sql = ddl ? switch (i % 5) {
                                case 0, 2 -> "CREATE TABLE IF NOT EXISTS " + t + " (id INT AUTO_INCREMENT PRIMARY KEY, v INT)";
                                case 1 -> "TRUNCATE TABLE " + t;
                                case 3 -> "RENAME TABLE " + t + " TO race.moved, race.moved TO " + t;
                                default -> "DROP TABLE IF EXISTS " + t;
                            } : (i + seed) % 2 == 0 ? "INSERT INTO " + t + " (v) VALUES (" + i + ")"
                                    : "UPDATE " + t + " SET v = v + 1 ORDER BY id DESC LIMIT 2";
                            try {
                                s.execute(sql);
                            } catch (SQLException e) {
                                if (e.getErrorCode() != 1146) throw e; // dropped meanwhile, as in MySQL
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sessions) f.get(5, TimeUnit.MINUTES);
            caughtUp(b, a);
            String tables = "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = 'race' ORDER BY 1";
            List<String> names = column(a, tables);
            assertEquals(names, column(b, tables));
            if (!names.isEmpty()) assertEquals(checksums(a, String.join(", ", names)), checksums(b, String.join(", ", names)));
        } finally {
            pool.shutdownNow();
        }
    }
}
