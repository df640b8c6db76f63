package dev.mitosis.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** mitosis status: the topology tree as the instances report it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the topology as a tree (chains and stars), discovered from the instances: per node its"
                + " role, gtid_executed, replica threads and errors, lag per hop and end to end (from the commit"
                + " timestamps that travel with each transaction) and ERRANT where a node has transactions its source"
                + " lacks. Exits 1 when a node is down or a replication thread is stopped with an error."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis status", "  mitosis status --json | jq '.nodes[] | {name, state, role}'"})
final class StatusCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    StatusCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Term t = Mitosis.term(ctx, common);
        Sandbox s = Sandbox.load(common.home());
        Topology topo = Topology.discover(s);
        if (json) {
            t.println(Json.write(toJson(topo)));
        } else {
            for (String line : render(t, topo)) t.println(line);
        }
        return healthy(topo) ? 0 : 1;
    }

    static boolean healthy(Topology topo) {
        for (Topology.NodeState ns : topo.nodes.values()) {
            if (!ns.up) return false;
            Topology.Channel c = ns.channel();
            if (c != null && (!c.running() || c.ioErrno() != 0 || c.sqlErrno() != 0)) return false;
            if (!ns.errant.isEmpty()) return false;
        }
        return true;
    }

    static List<String> render(Term t, Topology topo) {
        List<String> out = new ArrayList<>();
        out.add(t.dim("sandbox " + topo.sandbox.home));
        for (Topology.NodeState root : topo.roots) render(t, root, "", "", out);
        return out;
    }

    private static void render(Term t, Topology.NodeState ns, String prefix, String childPrefix, List<String> out) {
        StringBuilder head = new StringBuilder(prefix).append(t.bold(ns.node.name)).append("  ").append(t.dim(ns.node.endpoint())).append("  ");
        String detail = childPrefix + (ns.children.isEmpty() ? "    " : "│   ");
        if (!ns.up) {
            head.append(t.red("DOWN"));
            out.add(head.toString());
            out.add(detail + t.red(ns.error == null ? "not reachable" : ns.error) + t.dim(ns.processRunning
                    ? " (process running)" : " (process not running)"));
        } else {
            head.append(roleColor(t, ns.role()));
            Topology.Channel c = ns.channel();
            if (c != null) {
                head.append("  IO ").append(yesNo(t, c.io())).append("  SQL ").append(yesNo(t, c.sql()));
                if (ns.hopLag != null || ns.totalLag != null) {
                    head.append("  lag ");
                    if (ns.hopLag != null) head.append(lag(ns.hopLag)).append(" hop");
                    if (ns.totalLag != null) head.append(ns.hopLag != null ? ", " : "").append(lag(ns.totalLag)).append(" end to end");
                } else if (c.secondsBehind() != null && !c.secondsBehind().isEmpty()) {
                    head.append("  behind ").append(c.secondsBehind()).append(" s");
                }
            }
            if (!ns.errant.isEmpty()) head.append("  ").append(t.red("ERRANT " + ns.errant));
            out.add(head.toString());
            out.add(detail + t.dim("gtid_executed ") + (ns.executed.isEmpty() ? t.dim("(empty)") : ns.executed.toString().replace("\n", "")));
            if (c != null) {
                if (ns.sourceUnresolved != null) out.add(detail + t.yellow("source " + ns.sourceUnresolved + " is not a sandbox node"));
                if (c.ioErrno() != 0) out.add(detail + t.red("IO error " + c.ioErrno() + ": " + c.ioError()));
                if (c.sqlErrno() != 0) out.add(detail + t.red("SQL error " + c.sqlErrno() + ": " + c.sqlError()));
                if (!"Yes".equals(c.io()) && c.ioState() != null && !c.ioState().isEmpty()) out.add(detail + t.dim(c.ioState()));
            }
        }
        for (int i = 0; i < ns.children.size(); i++) {
            boolean last = i == ns.children.size() - 1;
            render(t, ns.children.get(i), childPrefix + (last ? "└── " : "├── "), childPrefix + (last ? "    " : "│   "), out);
        }
    }

    private static String roleColor(Term t, String role) {
        return switch (role) {
            case "source", "standalone" -> t.green(role);
            case "intermediate", "replica" -> t.cyan(role);
            default -> t.red(role);
        };
    }

    private static String yesNo(Term t, String v) {
        return "Yes".equals(v) ? t.green(v) : "Connecting".equals(v) ? t.yellow(v) : t.red(v);
    }

    static String lag(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    static Map<String, Object> toJson(Topology topo) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("sandbox", topo.sandbox.home.toString());
        List<Object> roots = new ArrayList<>();
        for (Topology.NodeState r : topo.roots) roots.add(r.node.name);
        root.put("roots", roots);
        List<Object> nodes = new ArrayList<>();
        for (Topology.NodeState ns : topo.ordered()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", ns.node.name);
            n.put("address", ns.node.address);
            n.put("port", ns.node.port);
            n.put("state", ns.up ? "up" : "down");
            n.put("role", ns.role());
            n.put("source", ns.source);
            List<Object> children = new ArrayList<>();
            for (Topology.NodeState c : ns.children) children.add(c.node.name);
            n.put("replicas", children);
            n.put("process_running", ns.processRunning);
            if (!ns.up) n.put("error", ns.error);
            if (ns.up) {
                n.put("server_uuid", ns.uuid);
                n.put("gtid_executed", ns.executed.toString().replace("\n", ""));
                n.put("gtid_purged", ns.purged.toString().replace("\n", ""));
                n.put("errant_gtids", ns.errant.toString().replace("\n", ""));
            }
            Topology.Channel c = ns.channel();
            if (ns.up && c != null) {
                Map<String, Object> ch = new LinkedHashMap<>();
                ch.put("source_host", c.sourceHost());
                ch.put("source_port", c.sourcePort());
                ch.put("io_running", c.io());
                ch.put("sql_running", c.sql());
                ch.put("last_io_errno", c.ioErrno());
                ch.put("last_io_error", c.ioError());
                ch.put("last_sql_errno", c.sqlErrno());
                ch.put("last_sql_error", c.sqlError());
                ch.put("seconds_behind_source", c.secondsBehind());
                ch.put("auto_position", c.autoPosition());
                ch.put("lag_hop_seconds", ns.hopLag);
                ch.put("lag_end_to_end_seconds", ns.totalLag);
                n.put("replication", ch);
            }
            nodes.add(n);
        }
        root.put("nodes", nodes);
        root.put("healthy", healthy(topo));
        return root;
    }
}
