package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The topology as the instances report it: each node's GTID sets and replication channels
 * ({@code SHOW REPLICA STATUS}, performance_schema's applier tables), its source found from the
 * channel's host and port; a node that does not answer keeps the source the tool wired.
 */
final class Topology {
    /** One replication channel of a node. */
    record Channel(String name, String sourceHost, int sourcePort, String io, String sql, int ioErrno, String ioError,
                   int sqlErrno, String sqlError, String secondsBehind, boolean autoPosition, String ioState) {
        boolean running() { return "Yes".equals(io) && "Yes".equals(sql); }
    }

    /** What one node reports. */
    static final class NodeState {
        final Sandbox.Node node;
        boolean up;
        String error;
        boolean processRunning;
        String uuid = "";
        String version = "";
        GtidSet executed = GtidSet.EMPTY;
        GtidSet purged = GtidSet.EMPTY;
        final List<Channel> channels = new ArrayList<>();
        /** Resolved source node name (from the channel, or the wiring when the node is down). */
        String source;
        String sourceUnresolved;
        Double hopLag;
        Double totalLag;
        String lagNote = "";
        GtidSet errant = GtidSet.EMPTY;
        final List<NodeState> children = new ArrayList<>();

        NodeState(Sandbox.Node node) {
            this.node = node;
        }

        String role() {
            if (!up) return "down";
            if (channels.isEmpty()) return children.isEmpty() ? "standalone" : "source";
            return children.isEmpty() ? "replica" : "intermediate";
        }

        Channel channel() { return channels.isEmpty() ? null : channels.get(0); }
    }

    final Sandbox sandbox;
    final Map<String, NodeState> nodes = new LinkedHashMap<>();
    final List<NodeState> roots = new ArrayList<>();

    private Topology(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static Topology discover(Sandbox s) {
        Topology t = new Topology(s);
        List<CompletableFuture<NodeState>> futures = new ArrayList<>();
        for (Sandbox.Node n : s.nodes.values()) futures.add(CompletableFuture.supplyAsync(() -> probe(s, n)));
        for (CompletableFuture<NodeState> f : futures) {
            NodeState ns = f.join();
            t.nodes.put(ns.node.name, ns);
        }
        for (NodeState ns : t.nodes.values()) {
            if (ns.up) {
                Channel c = ns.channel();
                if (c != null) {
                    Sandbox.Node src = s.byEndpoint(c.sourceHost(), c.sourcePort());
                    if (src != null) ns.source = src.name;
                    else ns.sourceUnresolved = c.sourceHost() + ":" + c.sourcePort();
                }
            } else {
                ns.source = ns.node.source;
            }
        }
        for (NodeState ns : t.nodes.values()) {
            NodeState parent = ns.source == null ? null : t.nodes.get(ns.source);
            if (parent != null && !ancestor(t, ns, parent)) parent.children.add(ns);
            else t.roots.add(ns);
            if (parent != null && parent.up && ns.up) ns.errant = ns.executed.subtract(parent.executed);
        }
        return t;
    }

    /** Whether {@code candidate} descends from {@code node} (guards against cycles). */
    private static boolean ancestor(Topology t, NodeState node, NodeState candidate) {
        NodeState p = candidate;
        for (int i = 0; p != null && i < t.nodes.size() + 1; i++) {
            if (p == node) return true;
            p = p.source == null ? null : t.nodes.get(p.source);
        }
        return false;
    }

    static NodeState probe(Sandbox s, Sandbox.Node n) {
        NodeState ns = new NodeState(n);
        ns.processRunning = NodeProcess.find(s, n).isPresent();
        try (Conn c = Conn.open(n, 1500)) {
            var r = c.query("SELECT @@server_uuid, @@version, @@GLOBAL.gtid_executed, @@GLOBAL.gtid_purged, NOW(6)");
            String[] row = r.rows().get(0);
            ns.uuid = row[0];
            ns.version = row[1];
            ns.executed = GtidSet.parse(row[2] == null ? "" : row[2]);
            ns.purged = GtidSet.parse(row[3] == null ? "" : row[3]);
            LocalDateTime now = time(row[4]);
            for (Map<String, String> m : Conn.maps(c.query("SHOW REPLICA STATUS"))) {
                ns.channels.add(new Channel(m.get("Channel_Name"), m.get("Source_Host"), parseInt(m.get("Source_Port")),
                        m.get("Replica_IO_Running"), m.get("Replica_SQL_Running"), parseInt(m.get("Last_IO_Errno")),
                        m.get("Last_IO_Error"), parseInt(m.get("Last_SQL_Errno")), m.get("Last_SQL_Error"),
                        m.get("Seconds_Behind_Source"), "1".equals(m.get("Auto_Position")), m.get("Replica_IO_State")));
            }
            if (!ns.channels.isEmpty()) lag(c, ns, now);
            ns.up = true;
        } catch (IOException | MysqlException | RuntimeException e) {
            ns.error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return ns;
    }

    /**
     * Lag from the commit timestamps that travel with each transaction: per hop from the immediate
     * source's commit, end to end from the original commit. While a transaction is being applied, its
     * age now; when idle, how late the last applied transaction was.
     */
    private static void lag(Conn c, NodeState ns, LocalDateTime now) {
        try {
            List<Map<String, String>> rows = Conn.maps(c.query(
                    "SELECT * FROM performance_schema.replication_applier_status_by_worker"));
            Double hop = null, total = null;
            for (Map<String, String> m : rows) {
                Map<String, String> l = lower(m);
                String applying = l.get("applying_transaction");
                LocalDateTime orig, imm, end;
                if (applying != null && !applying.isEmpty()) {
                    orig = time(l.get("applying_transaction_original_commit_timestamp"));
                    imm = time(l.get("applying_transaction_immediate_commit_timestamp"));
                    end = now;
                    ns.lagNote = "applying";
                } else {
                    orig = time(l.get("last_applied_transaction_original_commit_timestamp"));
                    imm = time(l.get("last_applied_transaction_immediate_commit_timestamp"));
                    end = time(l.get("last_applied_transaction_end_apply_timestamp"));
                    if (ns.lagNote.isEmpty()) ns.lagNote = "last applied";
                }
                if (end == null) continue;
                if (imm != null) hop = max(hop, seconds(imm, end));
                if (orig != null) total = max(total, seconds(orig, end));
            }
            ns.hopLag = hop;
            ns.totalLag = total;
        } catch (IOException | MysqlException | RuntimeException e) {
            ns.lagNote = "";
        }
    }

    private static Map<String, String> lower(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    private static Double max(Double a, double b) {
        return a == null ? b : Math.max(a, b);
    }

    private static double seconds(LocalDateTime from, LocalDateTime to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }

    private static final DateTimeFormatter TS = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    static LocalDateTime time(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0000-00-00")) return null;
        try {
            return LocalDateTime.parse(s.replace('T', ' '), TS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static int parseInt(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Nodes in tree order (roots first, depth-first). */
    List<NodeState> ordered() {
        List<NodeState> out = new ArrayList<>();
        for (NodeState r : roots) walk(r, out);
        return out;
    }

    private static void walk(NodeState n, List<NodeState> out) {
        out.add(n);
        for (NodeState c : n.children) walk(c, out);
    }

    /** The root of a node's tree. */
    NodeState rootOf(NodeState n) {
        NodeState p = n;
        for (int i = 0; i <= nodes.size() && !roots.contains(p); i++) p = nodes.get(p.source);
        return p;
    }

    /** The nodes of a tree. */
    List<NodeState> tree(NodeState root) {
        List<NodeState> out = new ArrayList<>();
        walk(root, out);
        return out;
    }
}
