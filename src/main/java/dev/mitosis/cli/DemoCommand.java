package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.client.MysqlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * mitosis demo: the chain-by-clone walkthrough (shared/scenarios/chain-by-clone.md) on a fresh
 * sandbox, every statement printed with its result and every expectation checked.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Deploys mysql-a -> mysql-b and a fresh mysql-c, loads data and keeps a light write load on"
                + " mysql-a, then performs every step of the chain-by-clone walkthrough: clone plugin, donor account"
                + " scoped to mysql-c, valid donor list (a donor outside it is refused with 3869), CLONE INSTANCE of"
                + " mysql-b into mysql-c while mysql-a takes writes, replication reattached to mysql-b, and a write on"
                + " mysql-a checked on all three. Ends with the verify table. Exit 0 only if every step held."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis demo", "  mitosis demo --time", "  mitosis demo --keep --base-port 4310   # leave it running"})
final class DemoCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Option(names = "--keep", description = "Leave the sandbox running and print how to connect.")
    boolean keep;

    @Option(names = "--time", description = "Print the time of each step.")
    boolean time;

    @Option(names = "--base-port", defaultValue = "3310", description = "Port of mysql-a (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--rows", defaultValue = "2000", description = "Rows loaded per table (default: ${DEFAULT-VALUE}).")
    int rows;

    DemoCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    private Term t;
    private Sandbox s;
    private Wiring w;
    private final List<String> failures = new ArrayList<>();
    private final List<String[]> times = new ArrayList<>();
    private long stepStart;
    private String stepName;

    @Override
    public Integer call() throws Exception {
        t = Mitosis.term(ctx, common);
        long t0 = System.nanoTime();
        Writer writer = null;
        try {
            step("Deploy mysql-a -> mysql-b and a fresh mysql-c");
            s = SandboxCommands.deploy(t, common.home(), "chain", 2, 1, basePort, false, false);
            w = new Wiring(s, t, true);
            Sandbox.Node a = s.node("mysql-a"), b = s.node("mysql-b"), c = s.node("mysql-c");

            step("Load data on mysql-a and start a light write load");
            try (Conn ca = Conn.require(a)) {
                load(ca);
            }
            writer = new Writer(a);
            writer.start();
            try (Conn ca = Conn.require(a); Conn cb = Conn.require(b)) {
                w.awaitExecuted(cb, Wiring.executed(ca), 60);
            }
            t.ok("mysql-b caught up with mysql-a; writer running on mysql-a");
            try (Conn cc = Conn.require(c)) {
                show(cc, "CREATE DATABASE c_own_data");
                show(cc, "CREATE TABLE c_own_data.notes (id INT PRIMARY KEY, note VARCHAR(40))");
                show(cc, "INSERT INTO c_own_data.notes VALUES (1, 'mysql-c before the clone')");
            }

            Provisioning p = new Provisioning(s, t, true);
            step("1. Clone plugin on donor (mysql-b) and recipient (mysql-c)");
            for (Sandbox.Node n : List.of(b, c)) {
                try (Conn cn = Conn.require(n)) {
                    show(cn, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
                    MysqlClient.Result r = show(cn, "SELECT plugin_name, plugin_status FROM information_schema.plugins"
                            + " WHERE plugin_name = 'clone'");
                    expect(r.rows().size() == 1 && "clone".equals(r.rows().get(0)[0]) && "ACTIVE".equals(r.rows().get(0)[1]),
                            n.name + ": one row clone | ACTIVE");
                }
            }

            step("2. Donor account (on mysql-b)");
            try (Conn cb = Conn.require(b)) {
                t.println(t.dim("   (sql_log_bin=0: the account is local to the donor, not a transaction mysql-a lacks)"));
                show(cb, "SET SESSION sql_log_bin = 0");
                show(cb, "CREATE USER 'donor_clone_user'@'mysql-c' IDENTIFIED BY " + Conn.quote(s.clonePassword));
                show(cb, "GRANT BACKUP_ADMIN ON *.* TO 'donor_clone_user'@'mysql-c'");
                show(cb, "SET SESSION sql_log_bin = 1");
            }
            expect(login(b, c.address) == null, "donor_clone_user logs in to mysql-b from mysql-c's address (" + c.address + ")");
            String other = login(b, "127.0.0.1");
            expect(other != null && other.startsWith("1045"), "donor_clone_user is refused from another address (" + other + ")");

            step("3. Allowed donors (on mysql-c)");
            String donorList = "mysql-b:" + b.port;
            try (Conn cc = Conn.require(c)) {
                show(cc, "SET GLOBAL clone_valid_donor_list = '" + donorList + "'");
                MysqlClient.Result r = show(cc, "SHOW VARIABLES LIKE '%clone_valid%'");
                expect(r.rows().size() == 1 && donorList.equals(r.rows().get(0)[1]), "clone_valid_donor_list | " + donorList);
            }

            step("4. Clone (on mysql-c)");
            try (Conn cc = Conn.require(c)) {
                String bad = "CLONE INSTANCE FROM 'donor_clone_user'@'mysql-a':" + a.port + " IDENTIFIED BY "
                        + Conn.quote(s.clonePassword);
                Integer code = showError(cc, bad);
                expect(code != null && code == 3869, "a donor not in clone_valid_donor_list is refused with 3869");
            }
            long writesBefore = writer.count.get();
            GtidSet bBefore;
            try (Conn cb = Conn.require(b)) {
                bBefore = Wiring.executed(cb);
            }
            try (Conn cc = Conn.require(c)) {
                String outcome = p.cloneFrom(cc, b, c);
                expect(Provisioning.SESSION_CLOSED.equals(outcome),
                        "mysql-c restarted by itself and accepts connections again; the CLONE session was closed by the restart");
            }
            try (Conn cc = Conn.require(c)) {
                String own = cc.value("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'c_own_data'");
                expect("0".equals(own), "mysql-c's own data is replaced by mysql-b's (c_own_data is gone)");
                String donorUser = cc.value("SELECT COUNT(*) FROM mysql.user WHERE user = 'donor_clone_user'");
                expect("1".equals(donorUser), "mysql-c has mysql-b's accounts (donor_clone_user came with the clone)");
            }
            expect(writer.count.get() > writesBefore && writer.error.get() == null,
                    "mysql-a kept taking writes during the clone (" + (writer.count.get() - writesBefore) + " commits"
                            + (writer.error.get() == null ? "" : ", error: " + writer.error.get()) + ")");
            try (Conn cb = Conn.require(b)) {
                GtidSet bAfter = Wiring.executed(cb);
                expect(!bAfter.equals(bBefore) && bAfter.containsAll(bBefore), "mysql-b kept replicating them");
            }

            step("5. Reattach replication (on mysql-c)");
            try (Conn cc = Conn.require(c)) {
                show(cc, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql-b', SOURCE_PORT=" + b.port
                        + ", SOURCE_USER='" + Sandbox.REPL_USER + "', SOURCE_PASSWORD=" + Conn.quote(s.replPassword)
                        + ", SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=1");
                show(cc, "START REPLICA");
                GtidSet aNow;
                try (Conn ca = Conn.require(a)) {
                    aNow = Wiring.executed(ca);
                }
                w.awaitExecuted(cc, aNow, 60);
                Map<String, String> st = replicaStatus(cc);
                expect("Yes".equals(st.get("Replica_IO_Running")) && "Yes".equals(st.get("Replica_SQL_Running")),
                        "Replica_IO_Running: Yes, Replica_SQL_Running: Yes");
                expect("mysql-b".equals(st.get("Source_Host")) && "1".equals(st.get("Auto_Position")),
                        "Source_Host: mysql-b, Auto_Position: 1");
                expect("0".equals(st.get("Last_IO_Errno")) && "0".equals(st.get("Last_SQL_Errno")),
                        "Last_IO_Errno: 0, Last_SQL_Errno: 0");
                expect(Wiring.executed(cc).containsAll(aNow),
                        "Executed_Gtid_Set caught up with mysql-a's gtid_executed (writes during the clone included)");
            }
            c.source = "mysql-b";
            s.save();

            step("6. Validate the chain (write on mysql-a, read on mysql-b and mysql-c)");
            writer.stop();
            GtidSet aFinal;
            try (Conn ca = Conn.require(a)) {
                show(ca, "CREATE DATABASE db8");
                aFinal = Wiring.executed(ca);
            }
            for (Sandbox.Node n : List.of(b, c)) {
                try (Conn cn = Conn.require(n)) {
                    w.awaitExecuted(cn, aFinal, 60);
                    MysqlClient.Result r = show(cn, "SHOW DATABASES");
                    boolean listed = false;
                    for (String[] row : r.rows()) listed |= "db8".equals(row[0]);
                    expect(listed, "db8 listed on " + n.name);
                }
            }
            List<String> sets = new ArrayList<>();
            for (Sandbox.Node n : List.of(a, b, c)) {
                try (Conn cn = Conn.require(n)) {
                    sets.add(Provisioning.oneLine(Wiring.executed(cn)));
                    t.println(t.cyan(n.name + "> ") + "SELECT @@GLOBAL.GTID_EXECUTED  " + t.dim("-> " + sets.get(sets.size() - 1)));
                }
            }
            expect(sets.get(0).equals(sets.get(1)) && sets.get(1).equals(sets.get(2)), "same GTID set (db8 included) on all three");
            t.println("");
            t.println(t.bold("Status:"));
            for (String line : StatusCommand.render(t, Topology.discover(s))) t.println("  " + line);
            t.println("");
            t.println(t.bold("Verify (CHECKSUM TABLE on every node):"));
            expect(VerifyCommand.verify(t, s, 60), "table contents identical on all three (CHECKSUM TABLE)");
            endStep();
        } catch (CliException e) {
            failures.add((stepName == null ? "" : stepName + ": ") + e.getMessage());
            t.fail(e.getMessage());
            endStep();
        } finally {
            if (writer != null) writer.stop();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        t.println("");
        if (time) {
            List<List<String>> rows = new ArrayList<>();
            for (String[] r : times) rows.add(List.of(r[0], r[1]));
            rows.add(List.of(t.bold("total"), t.bold(Term.seconds(total))));
            for (String line : Term.table(List.of("step", "time"), rows)) t.println(line);
            t.println("");
        }
        if (failures.isEmpty()) t.println(t.green(t.bold("demo passed")) + ": a -> b -> c provisioned by clone and verified in " + Term.seconds(total));
        else {
            t.println(t.red(t.bold("demo FAILED")) + " (" + failures.size() + " expectation" + (failures.size() == 1 ? "" : "s") + "):");
            for (String f : failures) t.println("  - " + f);
        }
        if (s != null) {
            if (keep) {
                t.println("");
                t.println("The sandbox keeps running in " + s.home + ":");
                t.println("  bin/mitosis --home " + s.home + " status        (or: cd to its parent and run bin/mitosis status)");
                for (Sandbox.Node n : s.nodes.values()) {
                    t.println("  mariadb --skip-ssl -h" + n.address + " -P" + n.port + " -uroot      # " + n.name);
                }
                t.println("  bin/mitosis --home " + s.home + " sandbox destroy");
            } else {
                try {
                    SandboxCommands.destroy(new Term(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                            t.err, false), s);
                } catch (IOException e) {
                    t.warn("could not remove " + s.home + ": " + e.getMessage());
                }
            }
        } else if (!keep && Files.exists(common.home()) && !Sandbox.exists(common.home())) {
            // nothing deployed
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private void step(String name) {
        endStep();
        stepName = name;
        stepStart = System.nanoTime();
        t.println("");
        t.step(name);
    }

    private void endStep() {
        if (stepName == null) return;
        double secs = (System.nanoTime() - stepStart) / 1e9;
        times.add(new String[] {stepName, Term.seconds(secs)});
        if (time) t.println(t.dim("       (" + Term.seconds(secs) + ")"));
        stepName = null;
    }

    private void expect(boolean ok, String what) {
        if (ok) {
            t.ok("expect: " + what);
        } else {
            t.fail("expect: " + what);
            failures.add(stepName + ": " + what);
        }
    }

    /** Prints the statement and its result (as the mysql client would). */
    private MysqlClient.Result show(Conn c, String sql) {
        long t0 = System.nanoTime();
        MysqlClient.Result r = w.run(c, sql);
        SqlCommand.print(t, r, false, true, (System.nanoTime() - t0) / 1e9);
        return r;
    }

    /** Runs a statement expected to fail; prints the error; its code, or null when it succeeded. */
    private Integer showError(Conn c, String sql) {
        t.println(t.cyan(c.node.name + "> ") + sql.replace(s.clonePassword, "<strong-password>"));
        try {
            c.query(sql);
            t.println("Query OK");
            return null;
        } catch (MysqlException e) {
            t.println("ERROR " + e.code() + " (" + e.sqlState() + "): " + e.getMessage());
            return e.code();
        } catch (IOException e) {
            throw new CliException(c.node.name + ": lost connection: " + e.getMessage());
        }
    }

    /** Logs in as the donor account from a given local address; null on success, else "code: message". */
    private String login(Sandbox.Node n, String from) {
        try (Conn x = Conn.open(n, Provisioning.DONOR_USER, s.clonePassword, from, 2000, 10_000)) {
            return null;
        } catch (MysqlException e) {
            return e.code() + ": " + e.getMessage();
        } catch (IOException e) {
            return "connect: " + e.getMessage();
        }
    }

    private Map<String, String> replicaStatus(Conn c) {
        t.println(t.cyan(c.node.name + "> ") + "SHOW REPLICA STATUS\\G");
        List<Map<String, String>> rows = Conn.maps(c.run("SHOW REPLICA STATUS"));
        if (rows.isEmpty()) throw new CliException("mysql-c has no replication channel");
        Map<String, String> m = rows.get(0);
        for (String k : List.of("Replica_IO_State", "Source_Host", "Source_Port", "Replica_IO_Running",
                "Replica_SQL_Running", "Last_IO_Errno", "Last_IO_Error", "Last_SQL_Errno", "Last_SQL_Error",
                "Seconds_Behind_Source", "Retrieved_Gtid_Set", "Executed_Gtid_Set", "Auto_Position")) {
            t.println(String.format(Locale.ROOT, "%25s: %s", k, m.get(k) == null ? "NULL" : m.get(k).replace("\n", "")));
        }
        return m;
    }

    /** Several databases and tables on mysql-a. */
    private void load(Conn a) {
        long t0 = System.nanoTime();
        int statements = 0;
        for (String db : List.of("db1", "db2", "db3")) {
            a.run("CREATE DATABASE " + db);
            a.run("CREATE TABLE " + db + ".customers (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(30), balance DECIMAL(12,2))");
            a.run("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note TEXT)");
            statements += 3;
            for (String table : List.of("customers", "orders")) {
                for (int from = 1; from <= rows; from += 500) {
                    StringBuilder b = new StringBuilder("INSERT INTO " + db + "." + table + " VALUES ");
                    for (int i = from; i < from + 500 && i <= rows; i++) {
                        if (i > from) b.append(',');
                        if (table.equals("customers")) {
                            b.append('(').append(i).append(", 'customer ").append(i).append("', 'city ").append(i % 97)
                                    .append("', ").append(i * 3 % 10000).append(".25)");
                        } else {
                            b.append('(').append(i).append(", ").append(i % 211).append(", ").append(i % 1000)
                                    .append(".50, 'order ").append(i).append(" of ").append(db).append("')");
                        }
                    }
                    a.run(b.toString());
                    statements++;
                }
            }
        }
        a.run("CREATE TABLE db1.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at VARCHAR(30), n INT)");
        t.ok("3 databases, 7 tables, " + (rows * 6) + " rows in " + statements + " statements on mysql-a ("
                + Term.seconds((System.nanoTime() - t0) / 1e9) + ")");
    }

    /** A light write load on one node: one insert every 20 ms. */
    private final class Writer implements Runnable {
        final Sandbox.Node node;
        final AtomicLong count = new AtomicLong();
        final AtomicReference<String> error = new AtomicReference<>();
        private volatile boolean running = true;
        private Thread thread;

        Writer(Sandbox.Node node) {
            this.node = node;
        }

        void start() {
            thread = Thread.ofPlatform().daemon().name("demo-writer").start(this);
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) thread.join(10_000);
        }

        @Override
        public void run() {
            try (Conn c = Conn.open(node, 3000)) {
                long i = 0;
                while (running) {
                    c.query("INSERT INTO db1.ticks (at, n) VALUES ('" + java.time.LocalTime.now() + "', " + (++i) + ")");
                    count.incrementAndGet();
                    Thread.sleep(20);
                }
            } catch (IOException | MysqlException e) {
                error.set(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
