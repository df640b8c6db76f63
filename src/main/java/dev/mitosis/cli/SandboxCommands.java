package dev.mitosis.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** mitosis sandbox deploy | list | start | stop | destroy. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Local sandboxes: mitosisd processes on loopback addresses, datadirs under one home.",
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis sandbox deploy --topology chain --nodes 3   # mysql-a -> mysql-b -> mysql-c",
                "  mitosis sandbox list",
                "  mitosis sandbox stop && mitosis sandbox start",
                "  mitosis sandbox destroy"})
final class SandboxCommands implements Callable<Integer> {
    private final Mitosis.Ctx ctx;

    SandboxCommands(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(ctx.out);
        return 0;
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = {"Creates and starts N nodes named mysql-a, mysql-b, ... Node i listens on 127.0.0.(2+i)"
                    + " at port P+i (distinct addresses, so accounts scoped to a node name such as"
                    + " 'donor_clone_user'@'mysql-c' work); every node reads the sandbox's hosts file for the names."
                    + " chain: each node replicates from the previous one; star: all from mysql-a; single: independent"
                    + " nodes. Replication uses GTID auto-position."},
            footerHeading = "%nExamples:%n",
            footer = {"  mitosis sandbox deploy                                # chain of 3",
                    "  mitosis sandbox deploy --topology star --nodes 4",
                    "  mitosis sandbox deploy --topology single --base-port 4400 --home /tmp/sb"})
    static final class Deploy implements Callable<Integer> {
        private final Mitosis.Ctx ctx;
        @Mixin Mitosis.Common common = new Mitosis.Common();

        @Option(names = "--topology", defaultValue = "chain", description = "single, chain or star (default: ${DEFAULT-VALUE}).")
        String topology;

        @Option(names = "--nodes", description = "Number of nodes (default: 1 for single, 3 otherwise).")
        Integer count;

        @Option(names = "--base-port", defaultValue = "3310", description = "Port of mysql-a; the others follow (default: ${DEFAULT-VALUE}).")
        int basePort;

        @Option(names = "--same-address", description = "Put every node on 127.0.0.1 (distinct ports only); host-scoped accounts then cannot tell nodes apart.")
        boolean sameAddress;

        Deploy(Mitosis.Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Term t = Mitosis.term(ctx, common);
            int n = count != null ? count : topology.equals("single") ? 1 : 3;
            Sandbox s = deploy(t, common.home(), topology, n, basePort, sameAddress, false);
            t.println("");
            for (String line : listLines(t, s)) t.println(line);
            return 0;
        }
    }

    /** Deploys a sandbox: places, starts and wires the nodes. */
    static Sandbox deploy(Term t, Path home, String topology, int count, int basePort, boolean sameAddress, boolean echo)
            throws IOException, InterruptedException {
        return deploy(t, home, topology, count, 0, basePort, sameAddress, echo);
    }

    /** Deploys {@code count} wired nodes and {@code fresh} more that replicate from nobody (started together). */
    static Sandbox deploy(Term t, Path home, String topology, int count, int fresh, int basePort, boolean sameAddress,
                          boolean echo) throws IOException, InterruptedException {
        if (!topology.equals("single") && !topology.equals("chain") && !topology.equals("star")) {
            throw new CliException("--topology must be single, chain or star, not '" + topology + "'", 2);
        }
        if (count < 1 || count > 200) throw new CliException("--nodes must be between 1 and 200", 2);
        if (basePort < 1 || basePort + count + fresh - 1 > 65535) throw new CliException("--base-port out of range", 2);
        if (Sandbox.exists(home)) {
            Sandbox old = Sandbox.load(home);
            throw new CliException("a sandbox is already deployed in " + old.home + " (" + String.join(", ", old.nodes.keySet())
                    + "); run `mitosis sandbox destroy` first or pick another --home", 2);
        }
        Sandbox s = new Sandbox(home);
        s.topology = topology;
        s.basePort = basePort;
        s.addresses = sameAddress || !distinctLoopbackWorks() ? "single" : "distinct";
        if (!sameAddress && s.addresses.equals("single")) {
            t.warn("127.0.0.2 is not usable here: every node listens on 127.0.0.1 (distinct ports)");
        }
        for (int i = 0; i < count; i++) {
            String source = i == 0 || topology.equals("single") ? null
                    : topology.equals("chain") ? Sandbox.nodeName(i - 1) : Sandbox.nodeName(0);
            Sandbox.Node node = new Sandbox.Node(Sandbox.nodeName(i), s.addressFor(i), basePort + i, i + 1, source);
            NodeProcess.checkFree(node);
            s.nodes.put(node.name, node);
        }
        for (int i = count; i < count + fresh; i++) {
            Sandbox.Node node = new Sandbox.Node(Sandbox.nodeName(i), s.addressFor(i), basePort + i, i + 1, null);
            NodeProcess.checkFree(node);
            s.nodes.put(node.name, node);
        }
        int all = count + fresh;
        t.step("Deploying " + all + " node" + (all > 1 ? "s" : "") + " (" + topology
                + (fresh > 0 ? ", " + fresh + " fresh" : "") + ") in " + s.home);
        for (Sandbox.Node node : s.nodes.values()) s.writeCnf(node);
        s.save();
        startAll(t, s, new ArrayList<>(s.nodes.values()));
        wire(t, s, echo);
        return s;
    }

    static boolean distinctLoopbackWorks() {
        try (ServerSocket ss = new ServerSocket()) {
            ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the nodes' processes together and waits for each to accept logins. */
    static void startAll(Term t, Sandbox s, java.util.List<Sandbox.Node> nodes) throws IOException, InterruptedException {
        Map<Sandbox.Node, Process> started = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Sandbox.Node n : nodes) {
            if (NodeProcess.find(s, n).isPresent()) {
                t.info(n.name + " is already running");
                continue;
            }
            NodeProcess.checkFree(n);
            started.put(n, NodeProcess.start(s, n));
        }
        for (Map.Entry<Sandbox.Node, Process> e : started.entrySet()) {
            NodeProcess.awaitReady(s, e.getKey(), e.getValue(), 120_000);
            t.ok(e.getKey().name + " up on " + e.getKey().endpoint() + t.dim(" (" + Term.seconds((System.nanoTime() - t0) / 1e9) + ")"));
        }
    }

    /** Wires replication as the sandbox records it: sources first, each replica caught up before its own replicas. */
    static void wire(Term t, Sandbox s, boolean echo) {
        Wiring w = new Wiring(s, t, echo);
        for (Sandbox.Node n : s.nodes.values()) {
            try (Conn c = Conn.require(n)) {
                w.createReplicationUser(c);
            }
        }
        for (Sandbox.Node n : s.nodes.values()) {
            if (n.source == null && !s.replicasOf(n.name).isEmpty()) wireBelow(t, s, w, n);
        }
    }

    private static void wireBelow(Term t, Sandbox s, Wiring w, Sandbox.Node source) {
        dev.mitosis.gtid.GtidSet target;
        try (Conn c = Conn.require(source)) {
            target = Wiring.executed(c);
        }
        for (Sandbox.Node r : s.replicasOf(source.name)) {
            try (Conn c = Conn.require(r)) {
                w.attach(c, source);
                w.awaitExecuted(c, target, 60);
            }
            t.ok(r.name + " replicates from " + source.name + " (GTID auto-position)");
            wireBelow(t, s, w, r);
        }
    }

    static java.util.List<String> listLines(Term t, Sandbox s) {
        java.util.List<java.util.List<String>> rows = new ArrayList<>();
        for (Sandbox.Node n : s.nodes.values()) {
            var h = NodeProcess.find(s, n);
            rows.add(java.util.List.of(t.bold(n.name), n.endpoint(), Integer.toString(n.serverId),
                    n.source == null ? "-" : n.source,
                    h.isPresent() ? t.green("running") + " pid " + h.get().pid() : t.yellow("stopped"),
                    s.datadir(n).toString()));
        }
        java.util.List<String> lines = new ArrayList<>();
        lines.add(t.dim("sandbox " + s.home + " (" + s.topology + ")"));
        lines.addAll(Term.table(java.util.List.of("node", "address", "server_id", "source", "process", "datadir"), rows));
        return lines;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the sandbox's nodes and their processes.",
            footerHeading = "%nExamples:%n", footer = {"  mitosis sandbox list", "  mitosis sandbox list --home /tmp/sb"})
    static final class List implements Callable<Integer> {
        private final Mitosis.Ctx ctx;
        @Mixin Mitosis.Common common = new Mitosis.Common();

        List(Mitosis.Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Term t = Mitosis.term(ctx, common);
            for (String line : listLines(t, Sandbox.load(common.home()))) t.println(line);
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the sandbox's stopped nodes (all, or the ones named).",
            footerHeading = "%nExamples:%n", footer = {"  mitosis sandbox start", "  mitosis sandbox start mysql-b"})
    static final class Start implements Callable<Integer> {
        private final Mitosis.Ctx ctx;
        @Mixin Mitosis.Common common = new Mitosis.Common();

        @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "NODE", description = "Nodes to start (default: all).")
        java.util.List<String> names = new ArrayList<>();

        Start(Mitosis.Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Term t = Mitosis.term(ctx, common);
            Sandbox s = Sandbox.load(common.home());
            startAll(t, s, select(s, names));
            return 0;
        }
    }

    static java.util.List<Sandbox.Node> select(Sandbox s, java.util.List<String> names) {
        if (names.isEmpty()) return new ArrayList<>(s.nodes.values());
        java.util.List<Sandbox.Node> out = new ArrayList<>();
        for (String n : names) out.add(s.node(n));
        return out;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops nodes gracefully (SIGTERM): all, or the ones named.",
            footerHeading = "%nExamples:%n", footer = {"  mitosis sandbox stop", "  mitosis sandbox stop mysql-b"})
    static final class Stop implements Callable<Integer> {
        private final Mitosis.Ctx ctx;
        @Mixin Mitosis.Common common = new Mitosis.Common();

        @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "NODE", description = "Nodes to stop (default: all).")
        java.util.List<String> names = new ArrayList<>();

        Stop(Mitosis.Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Term t = Mitosis.term(ctx, common);
            Sandbox s = Sandbox.load(common.home());
            stopAll(t, s, select(s, names));
            return 0;
        }
    }

    static void stopAll(Term t, Sandbox s, java.util.List<Sandbox.Node> nodes) throws InterruptedException {
        java.util.List<Thread> threads = new ArrayList<>();
        for (Sandbox.Node n : nodes) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    boolean was = NodeProcess.stop(s, n, 30_000);
                    synchronized (t) {
                        if (was) t.ok(n.name + " stopped");
                        else t.info(n.name + " was not running");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread th : threads) th.join();
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Stops every node and deletes the sandbox home.",
            footerHeading = "%nExamples:%n", footer = {"  mitosis sandbox destroy", "  mitosis sandbox destroy --home /tmp/sb"})
    static final class Destroy implements Callable<Integer> {
        private final Mitosis.Ctx ctx;
        @Mixin Mitosis.Common common = new Mitosis.Common();

        Destroy(Mitosis.Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Term t = Mitosis.term(ctx, common);
            destroy(t, Sandbox.load(common.home()));
            return 0;
        }
    }

    static void destroy(Term t, Sandbox s) throws IOException, InterruptedException {
        stopAll(t, s, new ArrayList<>(s.nodes.values()));
        deleteTree(s.home);
        t.ok("removed " + s.home);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
