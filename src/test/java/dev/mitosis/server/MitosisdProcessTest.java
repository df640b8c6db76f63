package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.MitosisdProcess;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bin/mitosisd as a process: my.cnf options, SIGTERM is a graceful stop, data survives. */
class MitosisdProcessTest {
    @Test
    void defaultsFileOptionsAndGracefulStopOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory("mitosisd-");
        try {
            int port = MitosisdProcess.freePort();
            Path cnf = dir.resolve("my.cnf");
            Files.writeString(cnf, "[client]\nport=1\n[mysqld]\ndatadir=" + dir.resolve("data") + "\nport=" + port
                    + "\nbind_address=127.0.0.1\nserver-id=42\nreport_host=node-a\n");
            try (MitosisdProcess p = MitosisdProcess.start(dir, "--defaults-file=" + cnf, "--max-connections=77")) {
                Cli.Result r = Cli.run(p.mariadb("-N", "-e",
                        "SELECT @@server_id, @@report_host, @@max_connections, @@port; CREATE DATABASE d;"
                                + " CREATE TABLE d.t (id INT PRIMARY KEY); INSERT INTO d.t VALUES (7)"), null, 30);
                assertEquals("42\tnode-a\t77\t" + port + "\n", r.stdout(), r.all());
                assertEquals(0, p.terminate(), "exit status after SIGTERM");
                String log = Files.readString(dir.resolve("data").resolve("error.log"));
                assertTrue(log.contains("Shutdown complete"), log);
            }
            try (MitosisdProcess p = MitosisdProcess.start(dir, "--datadir=" + dir.resolve("data"), "--port=" + port,
                    "--bind-address=127.0.0.1")) {
                Cli.Result r = Cli.run(p.mariadb("-N", "-e", "SELECT id FROM d.t"), null, 30);
                assertEquals("7\n", r.stdout(), r.all());
            }
        } finally {
            TestInstance.deleteTree(dir);
        }
    }
}
