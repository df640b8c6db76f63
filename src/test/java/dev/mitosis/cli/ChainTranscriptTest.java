package dev.mitosis.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance transcripts on a real chain mysql-a -> mysql-b -> mysql-c of mitosisd
 * processes: the middle node killed and restarted, verify on a healthy chain and after a change
 * made with sql_log_bin=0, add-replica's auto method before and after the donor purged its logs,
 * repoint and its refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class ChainTranscriptTest {
    @TempDir
    static Path dir;
    static Tool tool;
    static int base;

    @BeforeAll
    static void deploy() throws Exception {
        tool = new Tool(dir.resolve("chain"));
        base = Tool.freeBasePort(5);
        Tool.Result r = tool.expect(0, "sandbox", "deploy", "--topology=chain", "--nodes=3", "--base-port=" + base);
        tool.assertContains(r, "mysql-b replicates from mysql-a (GTID auto-position)",
                "mysql-c replicates from mysql-b (GTID auto-position)");
        tool.expect(0, "sql", "a", "--builtin", "-e", "CREATE DATABASE shop;"
                + " CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20), qty INT);"
                + " INSERT INTO shop.items VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30);"
                + " CREATE TABLE shop.log (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(40))");
    }

    @AfterAll
    static void destroy() {
        if (tool != null && Files.exists(tool.home)) tool.run("sandbox", "destroy");
    }

    @Test
    @Order(1)
    void statusShowsTheChainAndVerifyPasses() throws Exception {
        Tool.Result r = tool.until(30_000, x -> x.exit() == 0, "status");
        tool.assertContains(r, "mysql-a  127.0.0.2:" + base + "  source",
                "└── mysql-b  127.0.0.3:" + (base + 1) + "  intermediate  IO Yes  SQL Yes",
                "    └── mysql-c  127.0.0.4:" + (base + 2) + "  replica  IO Yes  SQL Yes");
        r = tool.expect(0, "status", "--json");
        tool.assertContains(r, "\"roots\": [\n    \"mysql-a\"\n  ]", "\"source\": \"mysql-b\"", "\"io_running\": \"Yes\"");
        r = tool.expect(0, "verify");
        tool.assertContains(r, "GTID point mysql-a: ", "shop.items", "2 tables identical on 3 nodes");
    }

    @Test
    @Order(2)
    void theMiddleNodeKilledShowsDownThenRecovers() throws Exception {
        long pid = Long.parseLong(Files.readString(tool.home.resolve("mysql-b/mitosisd.pid")).trim());
        ProcessHandle b = ProcessHandle.of(pid).orElseThrow();
        b.destroyForcibly();
        b.onExit().get(30, TimeUnit.SECONDS);
        tool.expect(0, "sql", "a", "--builtin", "-e", "INSERT INTO shop.log (msg) VALUES ('while b was down')");
        Tool.Result r = tool.until(20_000, x -> x.out().contains("IO Connecting") || x.out().contains("IO No"), "status");
        tool.assertEqualsExit(1, r);
        tool.assertContains(r, "└── mysql-b  127.0.0.3:" + (base + 1) + "  DOWN", "(process not running)",
                "└── mysql-c  127.0.0.4:" + (base + 2) + "  replica  IO ");
        tool.expect(0, "sandbox", "start", "mysql-b");
        r = tool.until(60_000, x -> x.exit() == 0, "status");
        tool.assertContains(r, "mysql-b  127.0.0.3:" + (base + 1) + "  intermediate  IO Yes  SQL Yes",
                "mysql-c  127.0.0.4:" + (base + 2) + "  replica  IO Yes  SQL Yes");
        r = tool.expect(0, "sql", "c", "--builtin", "-e", "SELECT msg FROM shop.log");
        tool.assertContains(r, "while b was down");
        tool.expect(0, "verify");
    }

    @Test
    @Order(3)
    void verifyFailsAfterARowChangedOnAReplicaWithoutTheBinaryLog() {
        tool.expect(0, "sql", "c", "--builtin", "-e",
                "SET sql_log_bin = 0; UPDATE shop.items SET qty = 31 WHERE id = 3; SET sql_log_bin = 1");
        Tool.Result r = tool.expect(1, "verify");
        tool.assertContains(r, "DIFFERS", "shop.items differs on mysql-c (compared with mysql-a)");
        // status cannot see it: no GTID marks the change
        tool.expect(0, "status");
        tool.expect(0, "sql", "c", "--builtin", "-e",
                "SET sql_log_bin = 0; UPDATE shop.items SET qty = 30 WHERE id = 3; SET sql_log_bin = 1");
        tool.expect(0, "verify");
    }

    @Test
    @Order(4)
    void errantTransactionIsMarkedAndRepointIsRefused() {
        tool.expect(0, "sql", "c", "--builtin", "-e", "CREATE DATABASE only_on_c");
        Tool.Result r = tool.expect(1, "status");
        tool.assertContains(r, "mysql-c  127.0.0.4:" + (base + 2) + "  replica  IO Yes  SQL Yes", "  ERRANT ");
        r = tool.expect(1, "repoint", "mysql-c", "--to", "mysql-a", "--wait=1");
        tool.assertContains(r, "refusing: mysql-a lacks ", "which mysql-c has executed");
        r = tool.expect(1, "repoint", "mysql-a", "--to", "mysql-c");
        tool.assertContains(r, "refusing: mysql-c replicates from mysql-a");
    }

    @Test
    @Order(5)
    void repointMovesAReplica() throws Exception {
        Tool.Result r = tool.expect(0, "add-replica", "--from", "mysql-b");
        tool.assertContains(r, "Creating mysql-d on 127.0.0.5:" + (base + 3), "method incremental: mysql-b's binary logs still hold",
                "mysql-d (127.0.0.5:" + (base + 3) + ") replicates from mysql-b");
        r = tool.expect(0, "repoint", "mysql-d", "--to", "mysql-a");
        tool.assertContains(r, "mysql-d replicates from mysql-a");
        tool.expect(0, "sql", "a", "--builtin", "-e", "INSERT INTO shop.log (msg) VALUES ('after repoint')");
        r = tool.until(20_000, x -> x.out().contains("after repoint"), "sql", "d", "--builtin", "-e", "SELECT msg FROM shop.log");
        r = tool.run("status");
        tool.assertContains(r, "├── mysql-b", "└── mysql-d  127.0.0.5:" + (base + 3) + "  replica  IO Yes  SQL Yes");
    }

    @Test
    @Order(6)
    void addReplicaAutoPicksCloneAfterTheDonorPurgedItsLogs() throws Exception {
        tool.expect(0, "sql", "a", "--builtin", "-e", "FLUSH BINARY LOGS; INSERT INTO shop.log (msg) VALUES ('new log')");
        tool.until(20_000, x -> x.out().contains("new log"), "sql", "b", "--builtin", "-e", "SELECT msg FROM shop.log");
        Tool.Result logs = tool.expect(0, "sql", "b", "--builtin", "-e", "FLUSH BINARY LOGS; SHOW BINARY LOGS");
        String[] lines = logs.out().strip().split("\n");
        String last = lines[lines.length - 1].split("\t")[0];
        tool.expect(0, "sql", "b", "--builtin", "-e", "PURGE BINARY LOGS TO '" + last + "'");
        Tool.Result purged = tool.expect(0, "sql", "b", "--builtin", "-e", "SELECT @@GLOBAL.gtid_purged");
        assertTrue(purged.out().contains(":1-"), tool.transcript::toString);

        Tool.Result r = tool.expect(1, "add-replica", "--from", "mysql-b", "--method", "incremental", "mysql-e");
        tool.assertContains(r, "incremental recovery is not possible: mysql-b has purged ", "mysql-e lacks them");
        r = tool.expect(1, "repoint", "mysql-e", "--to", "mysql-b");
        tool.assertContains(r, "refusing: mysql-b has purged ", "mysql-e still needs them");

        r = tool.run("add-replica", "--from", "mysql-b", "--method", "auto", "mysql-e");
        tool.assertContains(r, "method clone: mysql-b has purged ");
        Assumptions.assumeFalse(r.all().contains("ERROR 1235"), "CLONE INSTANCE is not available yet");
        tool.assertEqualsExit(0, r);
        tool.assertContains(r, "clone completed", "mysql-e (127.0.0.6:" + (base + 4) + ") replicates from mysql-b");
        tool.expect(0, "sql", "c", "--builtin", "-e", "SET sql_log_bin = 0; DROP DATABASE only_on_c; SET sql_log_bin = 1");
        r = tool.expect(0, "verify");
        tool.assertContains(r, "on 5 nodes");
    }
}
