package dev.mitosis.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A sandbox: nodes (one mitosisd process each) under one home directory. {@code sandbox.properties}
 * records the nodes, their addresses and the topology the tool wired; {@code hosts} (an /etc/hosts
 * file every node reads with {@code --hosts-file}) gives the nodes their names, so host-scoped
 * accounts such as {@code 'donor_clone_user'@'mysql-c'} work. Node {@code n}: directory
 * {@code <home>/<name>} with {@code my.cnf}, {@code data/} and {@code mitosisd.log}.
 */
final class Sandbox {
    static final String FILE = "sandbox.properties";
    static final String REPL_USER = "replication_user";

    /** One node: its name (host name in the sandbox), address, port, server id and the source the tool wired. */
    static final class Node {
        final String name;
        final String address;
        final int port;
        final int serverId;
        String source; // node name or null

        Node(String name, String address, int port, int serverId, String source) {
            this.name = name;
            this.address = address;
            this.port = port;
            this.serverId = serverId;
            this.source = source;
        }

        String endpoint() { return address + ":" + port; }
    }

    final Path home;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    String topology = "single";
    int basePort = 3310;
    /** distinct: node i listens on 127.0.0.(2+i); single: every node on 127.0.0.1 (where 127/8 is not all loopback). */
    String addresses = "distinct";
    String replPassword = "Repl-Passw0rd!";
    String clonePassword = "Clone-Passw0rd!";

    Sandbox(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    static Path defaultHome() {
        String env = System.getenv("MITOSIS_SANDBOX_HOME");
        return Path.of(env != null && !env.isBlank() ? env : "sandbox");
    }

    static boolean exists(Path home) {
        return Files.isRegularFile(home.resolve(FILE));
    }

    static Sandbox load(Path home) throws IOException {
        if (!exists(home)) {
            throw new CliException("no sandbox at " + home.toAbsolutePath().normalize()
                    + " (deploy one with `mitosis sandbox deploy`, or pass --home)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Sandbox s = new Sandbox(home);
        s.topology = p.getProperty("topology", "single");
        s.basePort = Integer.parseInt(p.getProperty("base_port", "3310"));
        s.addresses = p.getProperty("addresses", "distinct");
        s.replPassword = p.getProperty("replication_password", s.replPassword);
        s.clonePassword = p.getProperty("clone_password", s.clonePassword);
        for (String name : p.getProperty("nodes", "").split(",")) {
            if (name.isBlank()) continue;
            String k = "node." + name + ".";
            String src = p.getProperty(k + "source", "");
            s.nodes.put(name, new Node(name, p.getProperty(k + "address"), Integer.parseInt(p.getProperty(k + "port")),
                    Integer.parseInt(p.getProperty(k + "server_id")), src.isEmpty() ? null : src));
        }
        return s;
    }

    void save() throws IOException {
        Files.createDirectories(home);
        Properties p = new Properties();
        p.setProperty("topology", topology);
        p.setProperty("base_port", Integer.toString(basePort));
        p.setProperty("addresses", addresses);
        p.setProperty("replication_user", REPL_USER);
        p.setProperty("replication_password", replPassword);
        p.setProperty("clone_password", clonePassword);
        p.setProperty("nodes", String.join(",", nodes.keySet()));
        for (Node n : nodes.values()) {
            String k = "node." + n.name + ".";
            p.setProperty(k + "address", n.address);
            p.setProperty(k + "port", Integer.toString(n.port));
            p.setProperty(k + "server_id", Integer.toString(n.serverId));
            p.setProperty(k + "source", n.source == null ? "" : n.source);
        }
        Path tmp = home.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "mitosis sandbox");
        }
        Files.move(tmp, home.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        writeHosts();
    }

    /** The hosts file the nodes read: one line per node, rewritten atomically (nodes re-read it). */
    void writeHosts() throws IOException {
        StringBuilder b = new StringBuilder("# written by mitosis: the sandbox's node names\n");
        for (Node n : nodes.values()) b.append(n.address).append(' ').append(n.name).append('\n');
        Path tmp = home.resolve("hosts.tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, hostsFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    Path hostsFile() { return home.resolve("hosts"); }
    Path dir(Node n) { return home.resolve(n.name); }
    Path datadir(Node n) { return dir(n).resolve("data"); }
    Path cnf(Node n) { return dir(n).resolve("my.cnf"); }
    Path log(Node n) { return dir(n).resolve("mitosisd.log"); }

    /** Writes the node's my.cnf (mitosisd reads it with --defaults-file). */
    void writeCnf(Node n) throws IOException {
        Files.createDirectories(dir(n));
        String cnf = "[mysqld]\n"
                + "datadir=" + datadir(n) + "\n"
                + "port=" + n.port + "\n"
                + "bind-address=" + n.address + "\n"
                + "server-id=" + n.serverId + "\n"
                + "report-host=" + n.name + "\n"
                + "report-port=" + n.port + "\n"
                + "hosts-file=" + hostsFile() + "\n"
                + "log-error=" + dir(n).resolve("error.log") + "\n";
        Files.writeString(cnf(n), cnf);
    }

    /** A node by name; {@code b} is accepted for {@code mysql-b}. */
    Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) n = nodes.get("mysql-" + name);
        if (n == null) {
            for (Node x : nodes.values()) if (x.name.equalsIgnoreCase(name) || x.endpoint().equals(name)) n = x;
        }
        if (n == null) throw new CliException("no node '" + name + "' in the sandbox (nodes: " + String.join(", ", nodes.keySet()) + ")");
        return n;
    }

    /** The node a host/port (as SHOW REPLICA STATUS gives it) names, or null. */
    Node byEndpoint(String host, int port) {
        if (host == null) return null;
        for (Node n : nodes.values()) {
            if (n.port == port && (n.name.equalsIgnoreCase(host) || n.address.equals(host))) return n;
        }
        return null;
    }

    /** Replicas the tool wired under a node. */
    List<Node> replicasOf(String name) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes.values()) if (name.equals(n.source)) out.add(n);
        return out;
    }

    /** Name of node i: mysql-a, mysql-b, ..., mysql-z, mysql-n26, ... */
    static String nodeName(int i) {
        return i < 26 ? "mysql-" + (char) ('a' + i) : "mysql-n" + i;
    }

    /** The next free node name and the slot's index. */
    int nextIndex() {
        int i = 0;
        while (nodes.containsKey(nodeName(i))) i++;
        return Math.max(i, nodes.size());
    }

    String addressFor(int i) {
        return addresses.equals("distinct") ? "127.0.0." + (2 + i) : "127.0.0.1";
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
