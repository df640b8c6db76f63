package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * H2 2.3 takes its database monitor and its metadata lock in opposite orders in CREATE SCHEMA
 * and CREATE TABLE, so the two at once, from two sessions, waited for each other until the lock
 * timeout failed one with 1205 after 50 s (first seen as a two-channel replica that stalled on its
 * channels' first DDL). DDL now runs one statement at a time per engine (Engine.ddlLock).
 */
class ConcurrentDdlTest {
    private static final int STATEMENTS = 150;

    @Test
    void createDatabaseAndCreateTableFromTwoSessionsAtOnceBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestInstance server = TestInstance.start()) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE tables_here");
            }
            Future<?> databases = pool.submit(() -> {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    for (int i = 0; i < STATEMENTS; i++) s.execute("CREATE DATABASE db_" + i);
                }
                return null;
            });
            Future<?> tables = pool.submit(() -> {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    for (int i = 0; i < STATEMENTS; i++) s.execute("CREATE TABLE tables_here.t_" + i + " (id INT PRIMARY KEY)");
                }
                return null;
            });
            // Without the fix one of them fails with 1205 after the 50 s lock timeout.
            databases.get(5, TimeUnit.MINUTES);
            tables.get(5, TimeUnit.MINUTES);
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM information_schema.SCHEMATA"
                         + " WHERE SCHEMA_NAME LIKE 'db\\\\_%'), (SELECT COUNT(*) FROM information_schema.TABLES"
                         + " WHERE TABLE_SCHEMA = 'tables_here')")) {
                rs.next();
                assertEquals(STATEMENTS, rs.getInt(1));
                assertEquals(STATEMENTS, rs.getInt(2));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
