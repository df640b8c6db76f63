package dev.mitosis.cli;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.client.MysqlClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** mitosis sql NODE [-e SQL]: the mariadb client on a node, or a built-in line shell when it is not installed. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Opens a SQL session on a node as root: the mariadb (or mysql) client when installed,"
                + " a built-in line shell otherwise. With -e, runs the statements and prints tab-separated results."},
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis sql mysql-a", "  mitosis sql b -e 'SHOW REPLICA STATUS\\G'",
                "  echo 'SELECT @@gtid_executed;' | mitosis sql mysql-c --builtin"})
final class SqlCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;
    @Mixin Mitosis.Common common = new Mitosis.Common();

    @Parameters(index = "0", paramLabel = "NODE", description = "Node name (mysql-b or b).")
    String nodeName;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements to run, then exit.")
    String execute;

    @Option(names = "--builtin", description = "Use the built-in shell even when a client is installed.")
    boolean builtin;

    SqlCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Term t = Mitosis.term(ctx, common);
        Sandbox s = Sandbox.load(common.home());
        Sandbox.Node n = s.node(nodeName);
        String client = builtin ? null : findClient();
        if (client != null) return external(client, n);
        try (Conn c = Conn.require(n)) {
            if (execute != null) return runScript(t, c, execute, false);
            boolean interactive = System.console() != null && ctx.out == System.out;
            if (interactive) t.println(t.dim("mitosis built-in shell on " + n.name + " (" + n.endpoint()
                    + "); end statements with ; or \\G, quit with \\q"));
            return shell(t, c, System.in, interactive);
        }
    }

    static String findClient() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String prog : List.of("mariadb", "mysql")) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, prog);
                if (f.canExecute()) return f.getPath();
            }
        }
        return null;
    }

    private int external(String client, Sandbox.Node n) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(client, "--protocol=TCP", "-h", n.address, "-P", Integer.toString(n.port),
                "-u", "root", "--prompt=" + n.name + "> "));
        if (client.endsWith("mariadb")) cmd.add("--skip-ssl");
        else cmd.add("--ssl-mode=DISABLED");
        if (execute != null) {
            cmd.add("-e");
            cmd.add(execute);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (execute == null && ctx.out == System.out) {
            return pb.inheritIO().start().waitFor();
        }
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), ctx.err));
        pump(p.getInputStream(), ctx.out);
        int code = p.waitFor();
        errPump.join();
        return code;
    }

    private static void pump(InputStream in, java.io.PrintStream out) {
        try {
            in.transferTo(out);
            out.flush();
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** Runs ;-separated statements; prints results tab-separated (as mariadb -e does when piped). */
    static int runScript(Term t, Conn c, String script, boolean tables) {
        int status = 0;
        for (String stmt : split(script)) {
            if (!execOne(t, c, stmt, tables)) status = 1;
        }
        return status;
    }

    private static boolean execOne(Term t, Conn c, String stmt, boolean tables) {
        boolean vertical = stmt.endsWith("\\G");
        String sql = vertical ? stmt.substring(0, stmt.length() - 2).trim() : stmt;
        try {
            long t0 = System.nanoTime();
            MysqlClient.Result r = c.query(sql);
            print(t, r, vertical, tables, (System.nanoTime() - t0) / 1e9);
            return true;
        } catch (MysqlException e) {
            t.err.println("ERROR " + e.code() + " (" + e.sqlState() + "): " + e.getMessage());
            t.err.flush();
            return false;
        } catch (IOException e) {
            throw new CliException("lost connection to " + c.node.name + ": " + e.getMessage());
        }
    }

    static void print(Term t, MysqlClient.Result r, boolean vertical, boolean tables, double seconds) {
        List<String> names = r.columnNames();
        if (names.isEmpty()) {
            if (tables) t.println("Query OK, " + r.affectedRows() + " row" + (r.affectedRows() == 1 ? "" : "s")
                    + " affected" + t.dim(" (" + Term.seconds(seconds) + ")"));
            return;
        }
        if (vertical) {
            int w = 0;
            for (String n : names) w = Math.max(w, n.length());
            int i = 0;
            for (String[] row : r.rows()) {
                t.println("*************************** " + (++i) + ". row ***************************");
                for (int c = 0; c < names.size(); c++) {
                    t.println(" ".repeat(w - names.get(c).length()) + names.get(c) + ": " + (row[c] == null ? "NULL" : row[c]));
                }
            }
        } else if (tables) {
            List<List<String>> rows = new ArrayList<>();
            for (String[] row : r.rows()) {
                List<String> cells = new ArrayList<>();
                for (String v : row) cells.add(v == null ? "NULL" : v);
                rows.add(cells);
            }
            for (String line : Term.table(names, rows)) t.println(line);
        } else {
            t.println(String.join("\t", names));
            for (String[] row : r.rows()) {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < row.length; c++) b.append(c == 0 ? "" : "\t").append(row[c] == null ? "NULL" : row[c]);
                t.println(b.toString());
            }
        }
        if (tables) t.println(t.dim(r.rows().size() + " row" + (r.rows().size() == 1 ? "" : "s") + " in set ("
                + Term.seconds(seconds) + ")"));
    }

    private int shell(Term t, Conn c, InputStream in, boolean interactive) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder buf = new StringBuilder();
        int status = 0;
        while (true) {
            if (interactive) {
                t.out.print(buf.isEmpty() ? t.cyan(c.node.name + "> ") : "    -> ");
                t.out.flush();
            }
            String line = r.readLine();
            if (line == null) break;
            String trimmed = line.trim();
            if (buf.isEmpty() && (trimmed.equals("\\q") || trimmed.equalsIgnoreCase("quit") || trimmed.equalsIgnoreCase("exit"))) break;
            buf.append(line).append('\n');
            String text = buf.toString().trim();
            if (text.endsWith(";") || text.endsWith("\\G")) {
                for (String stmt : split(text)) if (!execOne(t, c, stmt, interactive)) status = 1;
                buf.setLength(0);
            }
        }
        if (!buf.toString().isBlank()) for (String stmt : split(buf.toString())) if (!execOne(t, c, stmt, interactive)) status = 1;
        return status;
    }

    /** Splits on ; and \G outside quotes and comments; \G stays on its statement. */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quote != 0) {
                cur.append(ch);
                if (ch == '\\' && quote != '`' && i + 1 < script.length()) cur.append(script.charAt(++i));
                else if (ch == quote) quote = 0;
                continue;
            }
            if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
                cur.append(ch);
            } else if (ch == '-' && script.startsWith("-- ", i) || ch == '#') {
                int nl = script.indexOf('\n', i);
                i = nl < 0 ? script.length() : nl;
                cur.append('\n');
            } else if (ch == ';') {
                add(out, cur);
            } else if (ch == '\\' && i + 1 < script.length() && (script.charAt(i + 1) == 'G' || script.charAt(i + 1) == 'g')) {
                cur.append(script.charAt(i + 1) == 'G' ? "\\G" : "");
                i++;
                add(out, cur);
            } else {
                cur.append(ch);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) out.add(s);
        cur.setLength(0);
    }
}
