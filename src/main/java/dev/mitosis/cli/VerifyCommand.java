package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** mitosis verify: CHECKSUM TABLE of every table on every node, at a common GTID point. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checksums every table on every node at a common GTID point: the gtid_executed of each"
                + " topology's source is read first, and every node of its tree waits until it has executed that set"
                + " (WAIT_FOR_EXECUTED_GTID_SET) before its tables are checksummed. Tables that differ are checked again"
                + " at a newer point (writes may still be arriving). Prints a table of agreement; exits 1 on any"
                + " difference, naming the table and the nodes."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis verify", "  mitosis verify --timeout 120"})
final class VerifyCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds each node may take to reach the GTID point (default: ${DEFAULT-VALUE}).")
    int timeout;

    VerifyCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Term t = Mitosis.term(ctx, common);
        return verify(t, Sandbox.load(common.home()), timeout) ? 0 : 1;
    }

    static final List<String> SYSTEM_SCHEMAS = List.of("mysql", "information_schema", "performance_schema", "sys");

    /** Checksums and prints; true when every node has every table with the same checksum. */
    static boolean verify(Term t, Sandbox s, int timeoutSeconds) throws InterruptedException {
        Topology topo = Topology.discover(s);
        List<String> problems = new ArrayList<>();
        List<Topology.NodeState> nodes = new ArrayList<>();
        for (Topology.NodeState ns : topo.ordered()) {
            if (ns.up) nodes.add(ns);
            else problems.add(ns.node.name + " is down (" + ns.error + "): not verified");
        }
        if (nodes.isEmpty()) {
            for (String p : problems) t.fail(p);
            return false;
        }
        Map<String, Map<String, String>> sums = new LinkedHashMap<>(); // table -> node -> checksum
        List<String> points = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            List<String> pointText = new ArrayList<>();
            Map<Sandbox.Node, GtidSet> at = new LinkedHashMap<>();
            List<String> lagging = syncPoint(topo, nodes, timeoutSeconds, pointText, at);
            if (round == 0) points.addAll(pointText);
            if (round == 0) problems.addAll(lagging);
            TreeSet<String> tables = round == 0 ? allTables(nodes) : new TreeSet<>(differing(sums, nodes));
            if (tables.isEmpty()) break;
            Map<String, Map<String, String>> fresh = checksums(nodes, tables);
            sums.putAll(fresh);
            if (differing(sums, nodes).isEmpty() || !moved(at)) break; // same point: the difference is real
            Thread.sleep(200L * (round + 1));
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("table"));
        for (Topology.NodeState ns : nodes) header.add(ns.node.name);
        header.add("result");
        List<String> differ = differing(sums, nodes);
        for (Map.Entry<String, Map<String, String>> e : sums.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            String ref = e.getValue().get(nodes.get(0).node.name);
            for (Topology.NodeState ns : nodes) {
                String v = e.getValue().get(ns.node.name);
                String cell = v == null ? "missing" : v;
                row.add(java.util.Objects.equals(v, ref) ? cell : t.red(cell));
            }
            row.add(differ.contains(e.getKey()) ? t.red("DIFFERS") : t.green("ok"));
            rows.add(row);
        }
        for (String p : points) t.println(t.dim("GTID point " + p));
        for (String line : Term.table(header, rows)) t.println(line);
        for (String table : differ) {
            Map<String, String> v = sums.get(table);
            String refNode = nodes.get(0).node.name;
            List<String> bad = new ArrayList<>();
            for (Topology.NodeState ns : nodes) {
                if (!java.util.Objects.equals(v.get(ns.node.name), v.get(refNode))) bad.add(ns.node.name);
            }
            problems.add(table + " differs on " + String.join(", ", bad) + " (compared with " + refNode + ")");
        }
        if (problems.isEmpty()) {
            t.ok(sums.size() + " table" + (sums.size() == 1 ? "" : "s") + " identical on " + nodes.size() + " node"
                    + (nodes.size() == 1 ? "" : "s"));
            return true;
        }
        for (String p : problems) t.fail(p);
        return false;
    }

    /** Reads each tree's source gtid_executed, waits for the tree's other nodes; returns nodes that did not get there. */
    private static List<String> syncPoint(Topology topo, List<Topology.NodeState> up, int timeoutSeconds, List<String> points,
            Map<Sandbox.Node, GtidSet> at) throws InterruptedException {
        List<String> lagging = new ArrayList<>();
        for (Topology.NodeState root : topo.roots) {
            if (!up.contains(root)) continue;
            GtidSet point;
            try (Conn c = Conn.require(root.node)) {
                point = Wiring.executed(c);
            }
            at.put(root.node, point);
            List<Topology.NodeState> tree = topo.tree(root);
            if (tree.size() > 1) points.add(root.node.name + ": " + (point.isEmpty() ? "(empty)" : point.toString().replace("\n", "")));
            List<CompletableFuture<String>> waits = new ArrayList<>();
            for (Topology.NodeState ns : tree) {
                if (ns == root || !up.contains(ns)) continue;
                waits.add(CompletableFuture.supplyAsync(() -> {
                    try (Conn c = Conn.require(ns.node)) {
                        String r = c.value("SELECT WAIT_FOR_EXECUTED_GTID_SET(" + Conn.quote(point.toString()) + ", "
                                + timeoutSeconds + ")");
                        return "0".equals(r) ? null : ns.node.name + " did not reach " + root.node.name
                                + "'s GTID point within " + timeoutSeconds + " s" + Wiring.replicationError(c);
                    } catch (CliException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (CompletableFuture<String> w : waits) {
                String r = w.join();
                if (r != null) lagging.add(r);
            }
        }
        return lagging;
    }

    /** Whether a source executed more transactions since its point was read (writes still arriving). */
    private static boolean moved(Map<Sandbox.Node, GtidSet> at) {
        for (Map.Entry<Sandbox.Node, GtidSet> e : at.entrySet()) {
            try (Conn c = Conn.require(e.getKey())) {
                if (!Wiring.executed(c).equals(e.getValue())) return true;
            }
        }
        return false;
    }

    private static TreeSet<String> allTables(List<Topology.NodeState> nodes) {
        TreeSet<String> tables = new TreeSet<>();
        for (Topology.NodeState ns : nodes) {
            try (Conn c = Conn.require(ns.node)) {
                for (String[] r : c.run("SELECT table_schema, table_name FROM information_schema.tables"
                        + " WHERE table_type = 'BASE TABLE'").rows()) {
                    if (SYSTEM_SCHEMAS.contains(r[0].toLowerCase(java.util.Locale.ROOT))) continue;
                    tables.add(r[0] + "." + r[1]);
                }
            }
        }
        return tables;
    }

    private static Map<String, Map<String, String>> checksums(List<Topology.NodeState> nodes, TreeSet<String> tables) {
        Map<String, CompletableFuture<Map<String, String>>> perNode = new LinkedHashMap<>();
        for (Topology.NodeState ns : nodes) {
            perNode.put(ns.node.name, CompletableFuture.supplyAsync(() -> {
                Map<String, String> out = new LinkedHashMap<>();
                try (Conn c = Conn.require(ns.node)) {
                    for (String table : tables) {
                        int dot = table.indexOf('.');
                        String q = "`" + table.substring(0, dot).replace("`", "``") + "`.`"
                                + table.substring(dot + 1).replace("`", "``") + "`";
                        try {
                            var r = c.query("CHECKSUM TABLE " + q);
                            out.put(table, r.rows().isEmpty() ? null : r.rows().get(0)[1]);
                        } catch (dev.mitosis.protocol.MysqlException | java.io.IOException e) {
                            out.put(table, null);
                        }
                    }
                }
                return out;
            }));
        }
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String table : tables) result.put(table, new LinkedHashMap<>());
        for (Map.Entry<String, CompletableFuture<Map<String, String>>> e : perNode.entrySet()) {
            Map<String, String> m = e.getValue().join();
            for (String table : tables) result.get(table).put(e.getKey(), m.get(table));
        }
        return result;
    }

    private static List<String> differing(Map<String, Map<String, String>> sums, List<Topology.NodeState> nodes) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : sums.entrySet()) {
            String ref = e.getValue().get(nodes.get(0).node.name);
            for (Topology.NodeState ns : nodes) {
                String v = e.getValue().get(ns.node.name);
                if (v == null || !v.equals(ref)) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }
}
