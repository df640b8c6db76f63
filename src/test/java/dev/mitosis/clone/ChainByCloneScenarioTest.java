package dev.mitosis.clone;

import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scenarios/chain-by-clone.md through the mariadb command-line client, statement for statement:
 * its SQL blocks are read from the scenario file and run unchanged but for the instance names'
 * ports (names map to 127.0.0.2-4 through --host-map) and the password placeholder.
 */
class ChainByCloneScenarioTest {
    private static final String PASSWORD = "Str0ng-pass!";
    private static final String MAP = "mysql-a=127.0.0.2,mysql-b=127.0.0.3,mysql-c=127.0.0.4";

    private static Path scenario() {
        for (Path p : List.of(Path.of("../shared/scenarios/chain-by-clone.md"), Path.of("/work/shared/scenarios/chain-by-clone.md"))) {
            if (Files.exists(p)) return p;
        }
        throw new AssertionError("scenarios/chain-by-clone.md not found beside the repository");
    }

    /** The ```sql blocks of the scenario, in order. */
    static List<String> blocks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```sql\\n(.*?)```").matcher(markdown);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Cli.Result sql(TestInstance t, String statements) throws Exception {
        return Cli.run(Cli.mariadb(t, "--table"), statements, 120);
    }

    @Test
    void chainByCloneStatementForStatementThroughTheMariadbClient() throws Exception {
        String md = Files.readString(scenario());
        List<String> steps = blocks(md);
        assertEquals(6, steps.size(), "the scenario's six steps");
        try (TestInstance a = TestInstance.start(o -> o.serverId(1).bindAddress("127.0.0.2").set("host_map", MAP));
             TestInstance b = TestInstance.start(o -> o.serverId(2).bindAddress("127.0.0.3").set("host_map", MAP));
             TestInstance c = TestInstance.start(o -> o.serverId(3).bindAddress("127.0.0.4").set("host_map", MAP))) {
            java.util.function.UnaryOperator<String> ports = s -> s.replace("<strong-password>", PASSWORD)
                    .replace("'mysql-b':3306", "'mysql-b':" + b.port()).replace("mysql-b:3306", "mysql-b:" + b.port())
                    .replace("SOURCE_PORT=3306", "SOURCE_PORT=" + b.port());
            // The start of the scenario: a -> b by auto-position, both with data.
            for (TestInstance t : List.of(a, b)) {
                run(t, "SET sql_log_bin = 0; CREATE USER 'replication_user'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                        + " GRANT REPLICATION SLAVE ON *.* TO 'replication_user'@'%'; SET sql_log_bin = 1;");
            }
            run(b, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql-a', SOURCE_PORT=" + a.port()
                    + ", SOURCE_USER='replication_user', SOURCE_PASSWORD='" + PASSWORD + "', SOURCE_AUTO_POSITION=1,"
                    + " GET_SOURCE_PUBLIC_KEY=1; START REPLICA;");
            run(a, "CREATE DATABASE db1; CREATE TABLE db1.t (id INT PRIMARY KEY, v VARCHAR(20));"
                    + " INSERT INTO db1.t VALUES (1, 'one'), (2, 'two'); CREATE DATABASE db2;"
                    + " CREATE TABLE db2.u (k VARCHAR(10) PRIMARY KEY, n INT); INSERT INTO db2.u VALUES ('a', 1);");
            caughtUp(b, a);

            // 1. Clone plugin on donor and recipient.
            for (TestInstance t : List.of(b, c)) {
                Cli.Result r = sql(t, ports.apply(steps.get(0)));
                assertEquals(0, r.exitCode(), r.all());
                assertTrue(r.stdout().matches("(?s).*\\| clone +\\| ACTIVE +\\|.*"), r.stdout());
            }
            // 2. Donor account on b, scoped to c's address.
            Cli.Result r = sql(b, ports.apply(steps.get(1)));
            assertEquals(0, r.exitCode(), r.all());
            // 3. Allowed donors on c.
            r = sql(c, ports.apply(steps.get(2)));
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().matches("(?s).*\\| clone_valid_donor_list +\\| mysql-b:" + b.port() + " +\\|.*"), r.stdout());
            // 4. Clone: the session is closed by c's restart.
            r = sql(c, ports.apply(steps.get(3)));
            assertEquals("Completed", one(c, "SELECT STATE FROM performance_schema.clone_status"), r.all());
            // 5. Reattach replication on c.
            r = Cli.run(Cli.mariadb(c), ports.apply(steps.get(4)), 120);
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().contains("Source_Host: mysql-b"), r.stdout());
            assertTrue(r.stdout().contains("Auto_Position: 1"), r.stdout());
            caughtUp(c, a);
            // 6. Validate: db8 on a, listed on b and c, same GTIDs and checksums.
            String step6 = ports.apply(steps.get(5));
            run(a, step6.lines().filter(l -> l.contains("on mysql-a")).findFirst().orElseThrow());
            caughtUp(c, a);
            for (TestInstance t : List.of(b, c)) {
                Cli.Result dbs = sql(t, "SHOW DATABASES;");
                assertTrue(dbs.stdout().contains("| db8 "), dbs.stdout());
            }
            String gtids = one(a, "SELECT @@GLOBAL.gtid_executed");
            assertEquals(gtids, one(b, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(gtids, one(c, "SELECT @@GLOBAL.gtid_executed"));
            assertEquals(checksums(a, "db1.t, db2.u"), checksums(c, "db1.t, db2.u"));
        }
    }

    private static void run(TestInstance t, String statements) throws Exception {
        Cli.Result r = Cli.run(Cli.mariadb(t), statements, 120);
        assertEquals(0, r.exitCode(), r.all());
    }
}
