package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.client.MysqlClient;
import java.util.List;
import java.util.Map;

/** The replication statements the tool runs, echoed when asked to (as the demo does). */
final class Wiring {
    final Sandbox sandbox;
    final Term term;
    boolean echo;

    Wiring(Sandbox sandbox, Term term, boolean echo) {
        this.sandbox = sandbox;
        this.term = term;
        this.echo = echo;
    }

    MysqlClient.Result run(Conn c, String sql) {
        if (echo) term.println(term.cyan(c.node.name + "> ") + sql.replace(sandbox.replPassword, "<strong-password>")
                .replace(sandbox.clonePassword, "<strong-password>"));
        return c.run(sql);
    }

    /**
     * The replication account, created on every node outside the binary log: each node can serve as a
     * source, and no node gets a transaction the others lack.
     */
    void createReplicationUser(Conn node) {
        run(node, "SET SESSION sql_log_bin = 0");
        run(node, "CREATE USER IF NOT EXISTS '" + Sandbox.REPL_USER + "'@'%' IDENTIFIED BY "
                + Conn.quote(sandbox.replPassword));
        run(node, "GRANT REPLICATION SLAVE ON *.* TO '" + Sandbox.REPL_USER + "'@'%'");
        run(node, "SET SESSION sql_log_bin = 1");
    }

    String changeSource(Sandbox.Node source) {
        return "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + source.name + "', SOURCE_PORT=" + source.port
                + ", SOURCE_USER='" + Sandbox.REPL_USER + "', SOURCE_PASSWORD=" + Conn.quote(sandbox.replPassword)
                + ", SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=1, SOURCE_RETRY_COUNT=86400";
    }

    /** Points a replica at a source by GTID auto-position and starts replication. */
    void attach(Conn replica, Sandbox.Node source) {
        run(replica, changeSource(source));
        run(replica, "START REPLICA");
    }

    /**
     * Waits until a node has executed a GTID set; on timeout fails with the node's replication error.
     */
    void awaitExecuted(Conn c, GtidSet set, int timeoutSeconds) {
        if (set.isEmpty()) return;
        String r = c.value("SELECT WAIT_FOR_EXECUTED_GTID_SET(" + Conn.quote(set.toString()) + ", " + timeoutSeconds + ")");
        if (!"0".equals(r)) {
            throw new CliException(c.node.name + " did not reach " + set + " within " + timeoutSeconds + " s"
                    + replicationError(c));
        }
    }

    static String replicationError(Conn c) {
        try {
            List<Map<String, String>> rows = c.rows("SHOW REPLICA STATUS");
            if (rows.isEmpty()) return " (it has no replication channel)";
            Map<String, String> m = rows.get(0);
            StringBuilder b = new StringBuilder(" (IO " + m.get("Replica_IO_Running") + ", SQL " + m.get("Replica_SQL_Running"));
            if (!"0".equals(m.get("Last_IO_Errno"))) b.append("; IO error ").append(m.get("Last_IO_Errno")).append(": ").append(m.get("Last_IO_Error"));
            if (!"0".equals(m.get("Last_SQL_Errno"))) b.append("; SQL error ").append(m.get("Last_SQL_Errno")).append(": ").append(m.get("Last_SQL_Error"));
            return b.append(")").toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    static GtidSet executed(Conn c) {
        return GtidSet.parse(nz(c.value("SELECT @@GLOBAL.gtid_executed")));
    }

    static GtidSet purged(Conn c) {
        return GtidSet.parse(nz(c.value("SELECT @@GLOBAL.gtid_purged")));
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
