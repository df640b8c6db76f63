package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Affected rows as MySQL counts them: rows an UPDATE changed, unless the client asked for the
 * rows it found (CLIENT_FOUND_ROWS, the Connector/Js' default; useAffectedRows=true turns it off).
 */
@ExtendWith(SharedServer.class)
class AffectedRowsTest {
    static TestInstance server;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "mysql, useAffectedRows=false, false",
        "mysql, useAffectedRows=true, true",
        "mysql, useAffectedRows=true&useServerPrepStmts=true, true",
        "mariadb, useAffectedRows=false, false",
        "mariadb, useAffectedRows=true, true",
    })
    void updatesCountChangedRowsUnlessTheClientAsksForFoundRows(String driver, String opts, boolean changedOnly)
            throws Exception {
        String db = "ar_" + driver + "_" + Math.abs(opts.hashCode());
        try (Connection c = DriverManager.getConnection(
                driver.equals("mysql") ? server.mysqlUrl("", opts) : server.mariadbUrl("", opts), "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO " + db + ".t VALUES (1, 1), (2, 2)");
            // Found 2, changed 1.
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + db + ".t SET v = ?")) {
                ps.setInt(1, 1);
                assertEquals(changedOnly ? 1 : 2, ps.executeUpdate());
            }
            assertEquals(changedOnly ? 0 : 1, s.executeUpdate("UPDATE " + db + ".t SET v = v WHERE id = 1"));
            // A duplicate left as it was: found (1) but not changed (0); changed: 2; inserted: 1.
            assertEquals(changedOnly ? 0 : 1,
                    s.executeUpdate("INSERT INTO " + db + ".t VALUES (1, 1) ON DUPLICATE KEY UPDATE v = 1"));
            assertEquals(2, s.executeUpdate("INSERT INTO " + db + ".t VALUES (1, 5) ON DUPLICATE KEY UPDATE v = 5"));
            assertEquals(changedOnly ? 3 : 4, s.executeUpdate("INSERT INTO " + db + ".t VALUES (3, 3), (1, 5), (2, 7)"
                    + " ON DUPLICATE KEY UPDATE v = VALUES(v)"));
        }
    }

    @Test
    void theMariadbClientShowsRowsMatchedAndChanged() throws Exception {
        try (Connection c = DriverManager.getConnection(server.mysqlUrl("", ""), "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ar_cli");
            s.execute("CREATE TABLE ar_cli.t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO ar_cli.t VALUES (1, 1), (2, 2), (3, 3)");
        }
        Cli.Result r = Cli.run(Cli.mariadb(server, "-vvv", "-e", "UPDATE ar_cli.t SET v = 2 WHERE id < 3"), null, 30);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("Query OK, 1 row affected"), r.stdout());
        assertTrue(r.stdout().contains("Rows matched: 2  Changed: 1  Warnings: 0"), r.stdout());
    }
}
