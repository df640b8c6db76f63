package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** mitosis add-replica --from NODE [--method auto|clone|incremental] [NAME]. */
@Command(name = "add-replica", mixinStandardHelpOptions = true,
        description = {"Adds a replica of NODE: a new sandbox node (or the existing node NAME), provisioned by clone"
                + " or incrementally from NODE's binary logs, then replicating from NODE by GTID auto-position.",
                "auto chooses as MySQL Shell does: incremental when NODE's binary logs still hold every GTID the new"
                        + " instance lacks (NODE's gtid_purged is within its gtid_executed), clone otherwise. A clone"
                        + " installs the plugin on both sides, creates the donor account on NODE (scoped to the new"
                        + " node's name, BACKUP_ADMIN), sets clone_valid_donor_list and shows a progress bar from"
                        + " performance_schema.clone_progress."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis add-replica --from mysql-b              # next free name, method auto",
                "  mitosis add-replica --from mysql-b --method clone mysql-d",
                "  mitosis add-replica --from a --method incremental"})
final class AddReplicaCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Option(names = "--from", required = true, paramLabel = "NODE", description = "The source (and donor) of the new replica.")
    String from;

    @Option(names = "--method", defaultValue = "auto", description = "auto, clone or incremental (default: ${DEFAULT-VALUE}).")
    String method;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Name of the new node (default: the next free mysql-x), or an existing node.")
    String name;

    AddReplicaCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Term t = Mitosis.term(ctx, common);
        Sandbox s = Sandbox.load(common.home());
        addReplica(t, s, s.node(from), name, method, false);
        return 0;
    }

    /** Creates (or takes) the recipient node, provisions it and attaches replication. Returns the chosen method. */
    static String addReplica(Term t, Sandbox s, Sandbox.Node donor, String name, String method, boolean echo)
            throws Exception {
        Sandbox.Node node = name != null && hasNode(s, name) ? s.node(name) : null;
        if (node == donor) throw new CliException("a node cannot replicate from itself");
        if (node == null) node = newNode(t, s, name);
        else t.step("Adding existing node " + node.name + " as a replica of " + donor.name);
        Provisioning p = new Provisioning(s, t, echo);
        Provisioning.Choice choice;
        try (Conn d = Conn.require(donor); Conn r = Conn.require(node)) {
            choice = Provisioning.choose(method, donor, Wiring.executed(d), Wiring.purged(d), node, Wiring.executed(r));
            t.ok("method " + t.bold(choice.method()) + ": " + choice.reason());
            if (!r.rows("SHOW REPLICA STATUS").isEmpty()) p.wiring.run(r, "STOP REPLICA");
            if (choice.method().equals("clone")) {
                p.installClonePlugin(d);
                p.installClonePlugin(r);
                p.createDonorAccount(d, node);
                p.cloneFrom(r, donor, node);
            }
        }
        GtidSet target;
        try (Conn d = Conn.require(donor)) {
            target = Wiring.executed(d);
        }
        try (Conn r = Conn.require(node)) {
            p.wiring.attach(r, donor);
            p.wiring.awaitExecuted(r, target, 120);
        }
        node.source = donor.name;
        s.save();
        t.ok(node.name + " (" + node.endpoint() + ") replicates from " + donor.name + ", caught up to "
                + Provisioning.oneLine(target));
        return choice.method();
    }

    private static boolean hasNode(Sandbox s, String name) {
        try {
            s.node(name);
            return true;
        } catch (CliException e) {
            return false;
        }
    }

    /** A new node in the next free slot, started and reachable by its name from every node. */
    static Sandbox.Node newNode(Term t, Sandbox s, String name) throws Exception {
        int i = s.nextIndex();
        String n = name != null ? name : Sandbox.nodeName(i);
        if (!n.matches("[A-Za-z][A-Za-z0-9-]{0,59}")) throw new CliException("node names are letters, digits and dashes: '" + n + "'", 2);
        int serverId = 1;
        for (Sandbox.Node x : s.nodes.values()) serverId = Math.max(serverId, x.serverId + 1);
        int port = s.basePort + i;
        for (Sandbox.Node x : s.nodes.values()) if (x.port >= port) port = x.port + 1;
        Sandbox.Node node = new Sandbox.Node(n, s.addressFor(i), port, serverId, null);
        NodeProcess.checkFree(node);
        t.step("Creating " + node.name + " on " + node.endpoint());
        s.nodes.put(node.name, node);
        s.writeCnf(node);
        s.save();
        SandboxCommands.startAll(t, s, List.of(node));
        try (Conn c = Conn.require(node)) {
            new Wiring(s, t, false).createReplicationUser(c);
        }
        return node;
    }
}
