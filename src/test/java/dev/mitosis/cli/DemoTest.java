package dev.mitosis.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** mitosis demo, the README's main command: every step of chain-by-clone.md must hold. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void demoPassesAndCleansUp() throws Exception {
        Tool tool = new Tool(dir.resolve("demo"));
        int base = Tool.freeBasePort(3);
        Tool.Result r = tool.run("demo", "--time", "--rows=500", "--base-port=" + base);
        try {
            Assumptions.assumeFalse(r.all().contains("ERROR 1235") && r.all().contains("CLONE INSTANCE"),
                    "CLONE INSTANCE is not available yet");
            tool.assertEqualsExit(0, r);
            tool.assertContains(r, "==> 1. Clone plugin on donor (mysql-b) and recipient (mysql-c)",
                    "==> 6. Validate the chain", "ERROR 3869", "expect: mysql-c's own data is replaced by mysql-b's",
                    "Replica_IO_Running: Yes", "identical on 3 nodes", "demo passed", "total");
            assertFalse(Files.exists(dir.resolve("demo")), "the sandbox is destroyed without --keep");
        } finally {
            if (Sandbox.exists(dir.resolve("demo"))) tool.run("sandbox", "destroy");
        }
    }
}
