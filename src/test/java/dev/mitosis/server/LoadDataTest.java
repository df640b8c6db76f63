package dev.mitosis.server;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.errorOf;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.replicate;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOAD DATA [LOCAL] INFILE with real clients: formats, MySQL's counts and warnings, refusals, replication, atomicity. */
class LoadDataTest {
    @TempDir
    Path files;

    private TestInstance start(String secureFilePriv) throws Exception {
        return TestInstance.start(o -> {
            o.serverId(1);
            if (secureFilePriv != null) o.set("secure_file_priv", secureFilePriv);
        });
    }

    @Test
    void aServerFileLoadsWithEscapesNullsEnclosuresAndMysqlsCounts() throws Exception {
        Files.writeString(files.resolve("a.tsv"), "1\tone\t2024-01-02\n2\ttwo\\ttab\\\\\t\\N\n3\t\"q\"\t\\N\n4\tNULL\t\\N\n");
        Files.writeString(files.resolve("b.csv"), "id,name,d\r\n10,\"x, y\",2024-01-01\r\n11,\"say \"\"hi\"\"\",NULL\r\n"
                + "12,z\r\n13,w,2024-01-01,extra\r\n");
        try (TestInstance a = start(files.toString())) {
            exec(a, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, name VARCHAR(50), d DATE)");
            Cli.Result r = Cli.run(Cli.mariadb(a, "-vv", "d", "-e", "LOAD DATA INFILE '" + files.resolve("a.tsv")
                    + "' INTO TABLE t; LOAD DATA INFILE '" + files.resolve("b.csv") + "' INTO TABLE t FIELDS TERMINATED BY ','"
                    + " OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES; SHOW WARNINGS"), null, 30);
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().contains("Records: 4  Deleted: 0  Skipped: 0  Warnings: 0"), r.stdout());
            assertTrue(r.stdout().contains("Records: 4  Deleted: 0  Skipped: 0  Warnings: 2"), r.stdout());
            assertTrue(r.stdout().contains("1261\tRow 3 doesn't contain data for all columns"), r.stdout());
            assertTrue(r.stdout().contains("1262\tRow 4 was truncated; it contained more data than there were input columns"),
                    r.stdout());
            try (Connection c = a.connectMysql("d", null); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, d FROM t ORDER BY id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                assertEquals(List.of("1|one|2024-01-02", "2|two\ttab\\|null", "3|\"q\"|null",
                        "4|NULL|null", "10|x, y|2024-01-01",
                        "11|say \"hi\"|null", "12|z|null", "13|w|2024-01-01"), rows);
            }
        }
    }

    @Test
    void localDataFromTheClientReplicatesAsOneTransaction() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= 2500; i++) data.append(i).append(',').append("name ").append(i).append('\n');
        Path file = files.resolve("big.csv");
        Files.writeString(file, data);
        try (TestInstance a = start(null); TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, name VARCHAR(50), up VARCHAR(50))");
            String load = "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE t FIELDS TERMINATED BY ',' (id, @n)"
                    + " SET name = @n, up = UPPER(@n)";
            try (Connection c = a.connectMysql("d", "allowLoadLocalInfile=true"); Statement s = c.createStatement()) {
                SQLException off = assertThrows(SQLException.class, () -> s.execute(load));
                assertEquals(3948, off.getErrorCode(), "local_infile is OFF by default");
                s.execute("SET GLOBAL local_infile = ON");
                caughtUp(b, a);
                String before = one(a, "SELECT @@GLOBAL.gtid_executed");
                assertEquals(2500, s.executeUpdate(load));
                String after = one(a, "SELECT @@GLOBAL.gtid_executed");
                assertEquals(gno(before) + 1, gno(after), "one transaction: " + before + " -> " + after);
            }
            assertEquals("NAME 2500", one(a, "SELECT up FROM d.t WHERE id = 2500"));
            caughtUp(b, a);
            assertEquals(checksums(a, "d.t"), checksums(b, "d.t"));
        }
    }

    @Test
    void theMariadbClientSendsItsFileOnceLocalInfileIsOn() throws Exception {
        Path file = files.resolve("rows.csv");
        Files.writeString(file, "1,a\n2,b\n2,dup\n");
        try (TestInstance a = start(null)) {
            exec(a, "CREATE DATABASE li", "CREATE TABLE li.t (id INT PRIMARY KEY, v VARCHAR(5))", "SET GLOBAL local_infile = ON");
            Cli.Result r = Cli.run(Cli.mariadb(a, "--local-infile=1", "-vv", "-e", "LOAD DATA LOCAL INFILE '" + file
                    + "' INTO TABLE li.t FIELDS TERMINATED BY ','; SHOW WARNINGS; SELECT GROUP_CONCAT(v ORDER BY id) FROM li.t"), null, 30);
            assertEquals(0, r.exitCode(), r.all());
            // LOCAL skips duplicates as IGNORE does: the client's transfer cannot be stopped midway.
            assertTrue(r.stdout().contains("Records: 3  Deleted: 0  Skipped: 1  Warnings: 1"), r.stdout());
            assertTrue(r.stdout().contains("Duplicate entry '2' for key 't.PRIMARY'"), r.stdout());
            assertTrue(r.stdout().contains("a,b"), r.stdout());
        }
    }

    private static long gno(String gtidSet) {
        return Long.parseLong(gtidSet.replaceAll("\\s", "").replaceAll(".*[:-]", ""));
    }

    @Test
    void aLoadThatFailsChangesNothingAndLeavesTheTransactionsEarlierWork() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= 2500; i++) data.append(i == 2200 ? 7 : i).append("\tv\n"); // row 2,200 repeats id 7
        Files.writeString(files.resolve("dup.tsv"), data);
        try (TestInstance a = start(files.toString()); TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            sourceAccount(a);
            replicate(b, a);
            exec(a, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(5))");
            String load = "LOAD DATA INFILE '" + files.resolve("dup.tsv") + "' INTO TABLE t";
            try (Connection c = a.connectMysql("d", null); Statement s = c.createStatement()) {
                String before = one(a, "SELECT @@GLOBAL.gtid_executed");
                assertEquals(1062, assertThrows(SQLException.class, () -> s.execute(load)).getErrorCode());
                assertEquals("0", one(a, "SELECT COUNT(*) FROM d.t"));
                assertEquals(before, one(a, "SELECT @@GLOBAL.gtid_executed"), "nothing committed");

                s.execute("BEGIN");
                s.execute("INSERT INTO t VALUES (99999, 'kept')");
                assertEquals(1062, assertThrows(SQLException.class, () -> s.execute(load)).getErrorCode());
                s.execute("COMMIT");
            }
            assertEquals("1", one(a, "SELECT COUNT(*) FROM d.t"));
            caughtUp(b, a);
            assertEquals("kept", one(b, "SELECT v FROM d.t WHERE id = 99999"));
            assertEquals("1", one(b, "SELECT COUNT(*) FROM d.t"));
        }
    }

    @Test
    void refusedAsMysqlRefusesThem() throws Exception {
        Path outside = Files.createTempFile("mitosis-outside", ".tsv");
        try {
            Files.writeString(files.resolve("ok.tsv"), "1\n");
            try (TestInstance noPriv = start(null)) {
                exec(noPriv, "CREATE DATABASE d", "CREATE TABLE d.t (id INT)");
                assertEquals(1290, errorOf(noPriv, "LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO TABLE d.t"),
                        "secure_file_priv is NULL");
                assertNull(one(noPriv, "SELECT @@secure_file_priv"));
            }
            try (TestInstance a = start(files.toString())) {
                exec(a, "CREATE DATABASE d", "CREATE TABLE d.t (id INT)",
                        "CREATE USER 'u'@'%' IDENTIFIED BY 'pw'", "GRANT INSERT, SELECT ON d.* TO 'u'@'%'");
                assertEquals(1290, errorOf(a, "LOAD DATA INFILE '" + outside + "' INTO TABLE d.t"), "outside secure_file_priv");
                assertEquals(29, errorOf(a, "LOAD DATA INFILE '" + files.resolve("none.tsv") + "' INTO TABLE d.t"));
                assertEquals(1146, errorOf(a, "LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO TABLE d.nope"));
                assertEquals(1054, errorOf(a, "LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO TABLE d.t (nope)"));
                assertEquals(1064, errorOf(a, "LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO d.t"));
                assertEquals(1046, errorOf(a, "LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO TABLE t"));
                try (Connection c = java.sql.DriverManager.getConnection(a.mysqlUrl("d", null), "u", "pw");
                     Statement s = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> s.execute("LOAD DATA INFILE '" + files.resolve("ok.tsv") + "' INTO TABLE t"));
                    assertEquals(1045, e.getErrorCode(), "the FILE privilege: " + e.getMessage());
                }
                assertEquals("0", one(a, "SELECT COUNT(*) FROM d.t"));
            }
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
