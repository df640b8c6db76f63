package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sysbench oltp_read_write: prepare 4 x 10,000 rows, 20 s with 4 threads, cleanup, no errors but deadlocks.
 * Two transactions updating the same rows in opposite orders deadlock in MySQL too, so sysbench's default
 * ignore list is narrowed to 1213 alone (a lock wait timeout or anything else fails the run) and deadlocks
 * must stay as rare as InnoDB makes them: measured on 1 table of 1,000 rows, MariaDB 0.64% of transactions,
 * Mitosis 0.70%; on these 40,000 rows a run sees about 0.1.
 */
@ExtendWith(SharedServer.class)
class SysbenchTest {
    static TestInstance server;

    private static List<String> sysbench(String db, String command, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Cli.require("sysbench"), "oltp_read_write",
                "--mysql-host=" + server.host(), "--mysql-port=" + server.port(), "--mysql-user=root",
                "--mysql-db=" + db, "--tables=4", "--table-size=10000", "--threads=4", "--time=20"));
        cmd.addAll(List.of(extra));
        cmd.add(command);
        return cmd;
    }

    @ParameterizedTest(name = "db-ps-mode={0}")
    @ValueSource(strings = {"auto", "disable"})
    void oltpReadWriteRunsWithoutErrors(String psMode) throws Exception {
        String db = "sbtest_" + psMode;
        Cli.Result created = Cli.run(Cli.mariadb(server, "-e", "CREATE DATABASE " + db), null, 30);
        assertEquals(0, created.exitCode(), created.all());

        Cli.Result prepare = Cli.run(sysbench(db, "prepare"), null, 300);
        assertEquals(0, prepare.exitCode(), prepare.all());

        Cli.Result run = Cli.run(sysbench(db, "run", "--db-ps-mode=" + psMode, "--mysql-ignore-errors=1213"), null, 300);
        assertEquals(0, run.exitCode(), run.all());
        long transactions = count(run.stdout(), "transactions:\\s+(\\d+)");
        assertTrue(transactions > 100, run.stdout());
        assertTrue(count(run.stdout(), "ignored errors:\\s+(\\d+)") <= transactions / 1000, run.stdout());

        Cli.Result check = Cli.run(Cli.mariadb(server, "-N", "-e",
                "SELECT COUNT(*) FROM " + db + ".sbtest1; SELECT COUNT(*) FROM " + db + ".sbtest4"), null, 30);
        assertEquals("10000\n10000\n", check.stdout(), check.all());

        Cli.Result cleanup = Cli.run(sysbench(db, "cleanup"), null, 120);
        assertEquals(0, cleanup.exitCode(), cleanup.all());
        Cli.Result tables = Cli.run(Cli.mariadb(server, "-N", "-e", "SHOW TABLES FROM " + db), null, 30);
        assertEquals("", tables.stdout(), tables.all());
    }

    private static long count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
