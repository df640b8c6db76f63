package dev.mitosis.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transcript tests of the sandbox commands, sql, status and verify on independent nodes (topology
 * single): real mitosisd processes on loopback addresses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class SandboxTranscriptTest {
    @TempDir
    static Path dir;
    static Tool tool;
    static int base;

    @BeforeAll
    static void deploy() throws Exception {
        tool = new Tool(dir.resolve("sb"));
        base = Tool.freeBasePort(2);
        Tool.Result r = tool.expect(0, "sandbox", "deploy", "--topology=single", "--nodes=2", "--base-port=" + base);
        tool.assertContains(r, "mysql-a up on 127.0.0.2:" + base, "mysql-b up on 127.0.0.3:" + (base + 1));
    }

    @AfterAll
    static void destroy() {
        if (tool != null && Files.exists(tool.home)) tool.run("sandbox", "destroy");
    }

    @Test
    @Order(1)
    void listShowsRunningNodesAndASecondDeployIsRefused() {
        Tool.Result r = tool.expect(0, "sandbox", "list");
        tool.assertContains(r, "mysql-a  127.0.0.2:" + base, "mysql-b  127.0.0.3:" + (base + 1), "running pid");
        r = tool.expect(2, "sandbox", "deploy", "--base-port=" + base);
        tool.assertContains(r, "a sandbox is already deployed in");
        assertTrue(Files.exists(tool.home.resolve("hosts")));
    }

    @Test
    @Order(2)
    void sqlRunsStatementsOnANode() throws Exception {
        for (String n : new String[] {"a", "mysql-b"}) {
            tool.expect(0, "sql", n, "--builtin", "-e",
                    "CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20));"
                            + " INSERT INTO shop.items VALUES (1, 'apple'), (2, 'pear')");
        }
        Tool.Result r = tool.expect(0, "sql", "b", "--builtin", "-e", "SELECT id, name FROM shop.items ORDER BY id");
        tool.assertContains(r, "id\tname\n1\tapple\n2\tpear\n");
        r = tool.expect(1, "sql", "b", "--builtin", "-e", "SELECT * FROM shop.nope");
        tool.assertContains(r, "ERROR 1146 (42S02)");
        r = tool.expect(1, "sql", "mysql-x", "-e", "SELECT 1");
        tool.assertContains(r, "no node 'mysql-x' in the sandbox");
    }

    @Test
    @Order(3)
    void verifyAgreesThenNamesTheTableAndNodeThatDiffer() {
        Tool.Result r = tool.expect(0, "verify");
        tool.assertContains(r, "shop.items", "ok", "1 table identical on 2 nodes");
        tool.expect(0, "sql", "b", "--builtin", "-e", "UPDATE shop.items SET name = 'plum' WHERE id = 2");
        r = tool.expect(1, "verify");
        tool.assertContains(r, "DIFFERS", "shop.items differs on mysql-b (compared with mysql-a)");
        tool.expect(0, "sql", "a", "--builtin", "-e", "CREATE TABLE shop.only_a (id INT PRIMARY KEY)");
        r = tool.expect(1, "verify");
        tool.assertContains(r, "shop.only_a differs on mysql-b", "missing");
    }

    @Test
    @Order(4)
    void statusShowsAStoppedNodeAsDownAndThenRunningAgain() throws Exception {
        Tool.Result r = tool.expect(0, "status");
        tool.assertContains(r, "mysql-a  127.0.0.2:" + base + "  standalone", "gtid_executed ");
        r = tool.expect(0, "status", "--json");
        tool.assertContains(r, "\"name\": \"mysql-b\"", "\"state\": \"up\"", "\"healthy\": true");
        tool.expect(0, "sandbox", "stop", "mysql-b");
        r = tool.expect(1, "status");
        tool.assertContains(r, "mysql-b  127.0.0.3:" + (base + 1) + "  DOWN", "(process not running)");
        r = tool.expect(0, "sandbox", "list");
        tool.assertContains(r, "stopped");
        tool.expect(0, "sandbox", "start");
        r = tool.expect(0, "status");
        assertFalse(r.out().contains("DOWN"), tool.transcript::toString);
        // data survived the restart
        r = tool.expect(0, "sql", "b", "--builtin", "-e", "SELECT name FROM shop.items WHERE id = 2");
        tool.assertContains(r, "plum");
    }

    @Test
    @Order(5)
    void aPortInUseIsReportedClearly() throws Exception {
        int p = Tool.freeBasePort(1);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), p));
            Tool other = new Tool(dir.resolve("other"));
            Tool.Result r = other.expect(2, "sandbox", "deploy", "--topology=single", "--base-port=" + p);
            other.assertContains(r, "cannot place mysql-a: port " + p + " on 127.0.0.2 is already in use");
            assertFalse(Files.exists(dir.resolve("other").resolve("sandbox.properties")));
        }
    }

    @Test
    @Order(6)
    void destroyRemovesTheHome() {
        tool.expect(0, "sandbox", "destroy");
        assertFalse(Files.exists(tool.home));
        Tool.Result r = tool.expect(1, "status");
        tool.assertContains(r, "no sandbox at");
    }
}
