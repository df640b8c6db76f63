package dev.mitosis.cli;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Provisioning a replica: choosing the method, the clone (plugin, donor account, valid donors, CLONE) and attaching. */
final class Provisioning {
    static final String DONOR_USER = "donor_clone_user";

    final Sandbox sandbox;
    final Term term;
    final Wiring wiring;

    Provisioning(Sandbox sandbox, Term term, boolean echo) {
        this.sandbox = sandbox;
        this.term = term;
        this.wiring = new Wiring(sandbox, term, echo);
    }

    /** The method and why: incremental when the donor's binary logs still hold every GTID the recipient lacks. */
    record Choice(String method, String reason) {}

    static Choice choose(String requested, Sandbox.Node donor, GtidSet donorExecuted, GtidSet donorPurged,
                         Sandbox.Node recipient, GtidSet recipientExecuted) {
        GtidSet purgedMissing = donorPurged.subtract(recipientExecuted);
        GtidSet errant = recipientExecuted.subtract(donorExecuted);
        String incrementalBlocked = !purgedMissing.isEmpty()
                ? donor.name + " has purged " + oneLine(purgedMissing) + " from its binary logs, and " + recipient.name + " lacks them"
                : !errant.isEmpty() ? recipient.name + " has transactions " + donor.name + " lacks: " + oneLine(errant) : null;
        switch (requested.toLowerCase(Locale.ROOT)) {
            case "clone":
                return new Choice("clone", "requested");
            case "incremental":
                if (incrementalBlocked != null) throw new CliException("incremental recovery is not possible: " + incrementalBlocked
                        + "; use --method clone (or auto)");
                return new Choice("incremental", "requested");
            case "auto":
                if (incrementalBlocked != null) return new Choice("clone", incrementalBlocked);
                return new Choice("incremental", donor.name + "'s binary logs still hold every transaction "
                        + recipient.name + " lacks");
            default:
                throw new CliException("--method must be auto, clone or incremental, not '" + requested + "'", 2);
        }
    }

    static String oneLine(GtidSet s) {
        return s.toString().replace("\n", "");
    }

    /** Installs the clone plugin unless it is active. */
    void installClonePlugin(Conn c) {
        String status = c.value("SELECT plugin_status FROM information_schema.plugins WHERE plugin_name = 'clone'");
        if ("ACTIVE".equalsIgnoreCase(status)) {
            if (wiring.echo) term.println(term.dim(c.node.name + ": clone plugin already ACTIVE"));
            return;
        }
        wiring.run(c, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
    }

    /** The donor account for one recipient, kept out of the donor's binary log (it is not data to replicate). */
    void createDonorAccount(Conn donor, Sandbox.Node recipient) {
        wiring.run(donor, "SET SESSION sql_log_bin = 0");
        wiring.run(donor, "CREATE USER IF NOT EXISTS '" + DONOR_USER + "'@'" + recipient.name + "' IDENTIFIED BY "
                + Conn.quote(sandbox.clonePassword));
        wiring.run(donor, "GRANT BACKUP_ADMIN ON *.* TO '" + DONOR_USER + "'@'" + recipient.name + "'");
        wiring.run(donor, "SET SESSION sql_log_bin = 1");
    }

    String cloneStatement(Sandbox.Node donor) {
        return "CLONE INSTANCE FROM '" + DONOR_USER + "'@'" + donor.name + "':" + donor.port + " IDENTIFIED BY "
                + Conn.quote(sandbox.clonePassword);
    }

    static final String SESSION_CLOSED = "session closed by the restart";

    /**
     * Runs CLONE INSTANCE on the recipient, showing clone_progress meanwhile; the recipient restarts
     * by itself, which closes the session. Returns when the recipient accepts logins again and
     * clone_status says Completed.
     */
    String cloneFrom(Conn recipient, Sandbox.Node donor, Sandbox.Node recipientNode) throws InterruptedException {
        String donorList = donor.name + ":" + donor.port;
        if (!donorList.equals(recipient.value("SELECT @@GLOBAL.clone_valid_donor_list"))) {
            wiring.run(recipient, "SET GLOBAL clone_valid_donor_list = '" + donorList + "'");
        }
        String sql = cloneStatement(donor);
        if (wiring.echo) term.println(term.cyan(recipientNode.name + "> ") + sql.replace(sandbox.clonePassword, "<strong-password>"));
        CompletableFuture<String> clone = CompletableFuture.supplyAsync(() -> {
            try {
                recipient.query(sql);
                return "the session stayed open";
            } catch (MysqlException e) {
                throw new CliException(recipientNode.name + ": CLONE INSTANCE failed: ERROR " + e.code() + ": " + e.getMessage());
            } catch (IOException e) {
                return SESSION_CLOSED;
            }
        });
        Progress bar = new Progress(term);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        String outcome = null;
        while (outcome == null) {
            try {
                outcome = clone.get(150, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                bar.poll(recipientNode);
                if (System.nanoTime() > deadline) throw new CliException("CLONE INSTANCE did not finish within 10 minutes");
            } catch (ExecutionException e) {
                bar.end();
                if (e.getCause() instanceof CliException c) throw c;
                throw new CliException("CLONE INSTANCE failed: " + e.getCause());
            }
        }
        NodeProcess.awaitReady(sandbox, recipientNode, null, 120_000);
        bar.poll(recipientNode);
        bar.end();
        try (Conn c = Conn.require(recipientNode)) {
            List<Map<String, String>> st = c.rows("SELECT * FROM performance_schema.clone_status");
            Map<String, String> row = st.isEmpty() ? Map.of() : lower(st.get(0));
            String state = row.getOrDefault("state", "?");
            if (!"Completed".equalsIgnoreCase(state)) {
                throw new CliException(recipientNode.name + ": clone_status is " + state + " (error " + row.get("error_no")
                        + ": " + row.get("error_message") + ")");
            }
            term.ok("clone completed (" + outcome + "); " + recipientNode.name + " is back, gtid_executed "
                    + oneLine(Wiring.executed(c)));
        }
        return outcome;
    }

    static Map<String, String> lower(Map<String, String> m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** A progress bar from performance_schema.clone_progress, read over its own session. */
    static final class Progress {
        private final Term term;
        private Conn conn;
        private String lastLine = "";
        private boolean drawn;

        Progress(Term term) {
            this.term = term;
        }

        void poll(Sandbox.Node n) {
            try {
                if (conn == null) conn = Conn.open(n, 500);
                List<Map<String, String>> rows = Conn.maps(conn.query("SELECT * FROM performance_schema.clone_progress"));
                String line = render(rows);
                if (line == null || line.equals(lastLine)) return;
                if (term.color) {
                    term.out.print("\r\u001b[2K" + line);
                    term.out.flush();
                    drawn = true;
                } else if (!stage(line).equals(stage(lastLine))) {
                    term.println("       " + line);
                }
                lastLine = line;
            } catch (IOException | MysqlException | RuntimeException e) {
                if (conn != null) conn.close();
                conn = null; // the recipient restarts: reconnect on the next poll
            }
        }

        private static String stage(String line) {
            int a = line.indexOf(']');
            return a < 0 ? line : line.substring(a + 1).trim().split("\\s+")[0];
        }

        void end() {
            if (drawn) term.println("");
            drawn = false;
            if (conn != null) conn.close();
            conn = null;
        }

        static String render(List<Map<String, String>> rows) {
            if (rows.isEmpty()) return null;
            long estimate = 0, data = 0;
            String current = null, last = null;
            int done = 0;
            double speed = 0;
            for (Map<String, String> r0 : rows) {
                Map<String, String> r = lower(r0);
                String st = r.getOrDefault("state", "");
                if (st.equalsIgnoreCase("In Progress") && current == null) {
                    current = r.get("stage");
                    speed = parse(r.get("data_speed"));
                }
                if (st.equalsIgnoreCase("Completed")) {
                    done++;
                    last = r.get("stage");
                }
                estimate += (long) parse(r.get("estimate"));
                data += (long) parse(r.get("data"));
            }
            double frac = estimate > 0 ? Math.min(1, (double) data / estimate) : (double) done / rows.size();
            int width = 30, fill = (int) Math.round(frac * width);
            String stage = current != null ? current : done == rows.size() ? "COMPLETED" : last != null ? last : "NONE";
            StringBuilder b = new StringBuilder("[").append("#".repeat(fill)).append(".".repeat(width - fill)).append("] ")
                    .append(String.format(Locale.ROOT, "%-10s", stage)).append(' ')
                    .append(Term.bytes(data)).append(" / ").append(Term.bytes(estimate));
            if (speed > 0 && estimate > data) b.append("  ETA ").append(Term.seconds((estimate - data) / speed));
            return b.toString();
        }

        private static double parse(String s) {
            try {
                return s == null || s.isEmpty() ? 0 : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
