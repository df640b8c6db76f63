package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The mariadb command-line client runs scripts against Mitosis. */
@ExtendWith(SharedServer.class)
class MariadbCliTest {
    static TestInstance server;

    @Test
    void scriptFileWithVerticalOutputShowDatabasesAndVariables() throws Exception {
        Path script = Files.createTempFile("script", ".sql");
        Files.writeString(script, """
                CREATE DATABASE clitest;
                USE clitest;
                CREATE TABLE t1 (id INT PRIMARY KEY, note VARCHAR(30));
                INSERT INTO t1 VALUES (1, 'one'), (2, 'two');
                SELECT * FROM t1 WHERE id = 2\\G
                SHOW DATABASES;
                SHOW VARIABLES LIKE 'max_allowed_packet';
                SHOW VARIABLES LIKE 'version%';
                """);
        try {
            Cli.Result r = Cli.run(Cli.mariadb(server, "--table"), Files.readString(script), 60);
            assertEquals(0, r.exitCode(), r.all());
            String out = r.stdout();
            assertTrue(out.contains("*************************** 1. row ***************************"), out);
            assertTrue(out.contains("  id: 2"), out);
            assertTrue(out.contains("note: two"), out);
            assertTrue(out.contains("| clitest            |"), out);
            assertTrue(out.contains("| information_schema |"), out);
            assertTrue(out.contains("| max_allowed_packet | 67108864 |"), out);
            assertTrue(out.matches("(?s).*\\| version +\\| 8\\.4\\.\\d+-mitosis.*"), out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void errorsAreReportedWithMysqlCodes() throws Exception {
        Cli.Result r = Cli.run(Cli.mariadb(server, "-e", "SELECT * FROM nosuchdb.t"), null, 30);
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("ERROR 1146 (42S02)"), r.stderr());
        // MySQL names the table with the schema it was given, not the session's (none here).
        assertTrue(r.stderr().contains("Table 'nosuchdb.t' doesn't exist"), r.stderr());
        r = Cli.run(Cli.mariadb(server, "-e", "CREATE DATABASE IF NOT EXISTS errs; SELECT COUNT(*) FROM `errs`.`missing` m"), null, 30);
        assertTrue(r.stderr().contains("Table 'errs.missing' doesn't exist"), r.stderr());
    }

    @Test
    void integersAddIn64BitsAndTextComparesWithoutCaseAsInMysql() throws Exception {
        Cli.Result r = Cli.run(Cli.mariadb(server, "-N", "-e", "CREATE DATABASE IF NOT EXISTS dialect;"
                + " CREATE TABLE dialect.people (id INT PRIMARY KEY, name VARCHAR(20), code VARCHAR(5) COLLATE utf8mb4_bin);"
                + " INSERT INTO dialect.people VALUES (2147483647, 'Alice', 'AbC');"
                + " SELECT 2147483647 + 1, id * 2 FROM dialect.people;"
                + " SELECT COUNT(*) FROM dialect.people WHERE name = 'ALICE';"
                + " SELECT COUNT(*) FROM dialect.people WHERE code = 'abc'"), null, 30);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("2147483648\t4294967294\n1\n0\n", r.stdout(), r.all());
    }

    /** The client package's other tools: mariadb-slap counts the C string's NUL in each query's length. */
    @Test
    void adminCheckAndSlapToolsRunAgainstMitosis() throws Exception {
        java.util.List<String> conn = java.util.List.of("--protocol=TCP", "-h", server.host(), "-P",
                Integer.toString(server.port()), "-u", "root", "--skip-ssl");
        Cli.Result r = Cli.run(tool("mariadb-admin", conn, "ping", "status"), null, 30);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("mysqld is alive") && r.stdout().contains("Uptime:"), r.all());
        Cli.Result setup = Cli.run(Cli.mariadb(server, "-e", "CREATE DATABASE IF NOT EXISTS tools;"
                + " CREATE TABLE IF NOT EXISTS tools.t (id INT PRIMARY KEY, v VARCHAR(10))"), null, 30);
        assertEquals(0, setup.exitCode(), setup.all());
        r = Cli.run(tool("mariadb-check", conn, "--analyze", "tools"), null, 30);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().matches("(?s)tools\\.t +OK\\s*"), r.all());
        r = Cli.run(tool("mariadb-slap", conn, "--auto-generate-sql", "--auto-generate-sql-load-type=mixed",
                "--concurrency=2", "--number-of-queries=200"), null, 120);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("Average number of seconds to run all queries"), r.all());
    }

    private static java.util.List<String> tool(String program, java.util.List<String> conn, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Cli.require(program));
        cmd.addAll(conn);
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** As in MySQL 8.4, LOAD DATA LOCAL is refused while the server's local_infile is OFF, its default. */
    @Test
    void loadDataLocalIsRefusedWhileLocalInfileIsOff() throws Exception {
        java.nio.file.Path csv = Files.createTempFile("rows", ".csv");
        Files.writeString(csv, "1,a\n");
        try {
            Cli.Result r = Cli.run(Cli.mariadb(server, "--local-infile=1", "-e", "CREATE DATABASE IF NOT EXISTS li;"
                    + " CREATE TABLE IF NOT EXISTS li.t (id INT PRIMARY KEY, v VARCHAR(5));"
                    + " LOAD DATA LOCAL INFILE '" + csv + "' INTO TABLE li.t FIELDS TERMINATED BY ','"), null, 30);
            assertEquals(1, r.exitCode(), r.all());
            assertTrue(r.stderr().contains("ERROR 3948 (42000)") && r.stderr().contains("Loading local data is disabled"), r.stderr());
            Cli.Result v = Cli.run(Cli.mariadb(server, "-N", "-e", "SELECT @@GLOBAL.local_infile"), null, 30);
            assertEquals("0\n", v.stdout(), v.all());
        } finally {
            Files.deleteIfExists(csv);
        }
    }
}
