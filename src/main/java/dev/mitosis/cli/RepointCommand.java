package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** mitosis repoint NODE --to OTHER: moves a replica under another source, by GTID auto-position. */
@Command(name = "repoint", mixinStandardHelpOptions = true,
        description = {"Moves NODE under another source. Refused, with the reason, when OTHER has purged GTIDs that"
                + " NODE has not executed (OTHER's binary logs can no longer give them), when NODE has transactions"
                + " OTHER lacks (after waiting briefly in case OTHER is only behind), or when OTHER replicates from"
                + " NODE (a cycle)."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis repoint mysql-c --to mysql-a     # a -> b -> c becomes a -> b, a -> c",
                "  mitosis repoint c --to b"})
final class RepointCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Parameters(index = "0", paramLabel = "NODE", description = "The replica to move.")
    String nodeName;

    @Option(names = "--to", required = true, paramLabel = "OTHER", description = "Its new source.")
    String otherName;

    @Option(names = "--wait", defaultValue = "10", description = "Seconds to let OTHER catch up with NODE first (default: ${DEFAULT-VALUE}).")
    int wait;

    RepointCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Term t = Mitosis.term(ctx, common);
        Sandbox s = Sandbox.load(common.home());
        Sandbox.Node node = s.node(nodeName);
        Sandbox.Node other = s.node(otherName);
        repoint(t, s, node, other, wait, false);
        return 0;
    }

    static void repoint(Term t, Sandbox s, Sandbox.Node node, Sandbox.Node other, int waitSeconds, boolean echo) {
        if (node == other) throw new CliException("a node cannot replicate from itself");
        Topology topo = Topology.discover(s);
        Topology.NodeState o = topo.nodes.get(other.name);
        Topology.NodeState p = o;
        for (int i = 0; p != null && i <= topo.nodes.size(); i++) {
            if (p.node == node) throw new CliException("refusing: " + other.name + " replicates from " + node.name
                    + " (directly or through other nodes), so " + node.name + " cannot replicate from it");
            p = p.source == null ? null : topo.nodes.get(p.source);
        }
        t.step("Repointing " + node.name + " to " + other.name);
        Wiring w = new Wiring(s, t, echo);
        try (Conn n = Conn.require(node); Conn oc = Conn.require(other)) {
            GtidSet nExec = Wiring.executed(n);
            GtidSet oPurged = Wiring.purged(oc);
            GtidSet missingFromLogs = oPurged.subtract(nExec);
            if (!missingFromLogs.isEmpty()) {
                throw new CliException("refusing: " + other.name + " has purged " + missingFromLogs + " from its binary"
                        + " logs, and " + node.name + " still needs them; reprovision it instead (mitosis add-replica"
                        + " --from " + other.name + " --method clone)");
            }
            GtidSet ahead = nExec.subtract(Wiring.executed(oc));
            if (!ahead.isEmpty() && waitSeconds > 0) {
                oc.value("SELECT WAIT_FOR_EXECUTED_GTID_SET(" + Conn.quote(nExec.toString()) + ", " + waitSeconds + ")");
                ahead = nExec.subtract(Wiring.executed(oc));
            }
            if (!ahead.isEmpty()) {
                throw new CliException("refusing: " + other.name + " lacks " + ahead + ", which " + node.name
                        + " has executed (errant transactions on " + node.name + ", or " + other.name + " is behind)");
            }
            boolean hadChannel = !n.rows("SHOW REPLICA STATUS").isEmpty();
            if (hadChannel) w.run(n, "STOP REPLICA");
            w.attach(n, other);
            GtidSet target = Wiring.executed(oc);
            w.awaitExecuted(n, target, 60);
        }
        node.source = other.name;
        try {
            s.save();
        } catch (java.io.IOException e) {
            throw new CliException("repointed, but the sandbox file could not be written: " + e.getMessage());
        }
        t.ok(node.name + " replicates from " + other.name);
    }
}
