package dev.mitosis.cli;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.client.MysqlClient;
import dev.mitosis.server.OutgoingSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A root session on a node, over Mitosis' own client (the tool needs no driver). It connects from
 * 127.0.0.1, which every node sees as {@code localhost}, so {@code root@localhost} applies.
 */
final class Conn implements AutoCloseable {
    final Sandbox.Node node;
    private final MysqlClient client;

    private Conn(Sandbox.Node node, MysqlClient client) {
        this.node = node;
        this.client = client;
    }

    static Conn open(Sandbox.Node n, int connectTimeoutMillis) throws IOException, MysqlException {
        return open(n, "root", "", connectTimeoutMillis, 120_000);
    }

    static Conn open(Sandbox.Node n, String user, String password, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException, MysqlException {
        return open(n, user, password, "127.0.0.1", connectTimeoutMillis, readTimeoutMillis);
    }

    /** A session from a given local address (as another node would connect). */
    static Conn open(Sandbox.Node n, String user, String password, String fromAddress, int connectTimeoutMillis,
                     int readTimeoutMillis) throws IOException, MysqlException {
        Socket s = OutgoingSockets.connect(InetAddress.getByName(n.address), n.port, fromAddress, connectTimeoutMillis);
        MysqlClient c = MysqlClient.connect(s, new MysqlClient.Options().user(user).password(password)
                .getServerPublicKey(true).readTimeoutMillis(readTimeoutMillis));
        return new Conn(n, c);
    }

    /** Opens a session or fails with a one-line reason naming the node. */
    static Conn require(Sandbox.Node n) {
        try {
            return open(n, 3000);
        } catch (IOException | MysqlException e) {
            throw new CliException(n.name + " (" + n.endpoint() + ") is not reachable: " + e.getMessage());
        }
    }

    MysqlClient.Result query(String sql) throws IOException, MysqlException {
        return client.query(sql);
    }

    void ping() throws IOException, MysqlException {
        client.ping();
    }

    /** Runs a statement; a failure becomes a CliException naming the node and the statement. */
    MysqlClient.Result run(String sql) {
        try {
            return client.query(sql);
        } catch (MysqlException e) {
            throw new CliException(node.name + ": " + sql + ": ERROR " + e.code() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliException(node.name + ": " + sql + ": lost connection (" + e.getMessage() + ")");
        }
    }

    String value(String sql) {
        return run(sql).value();
    }

    /** Rows as column-name maps (column names as the server spells them). */
    List<Map<String, String>> rows(String sql) {
        return maps(run(sql));
    }

    static List<Map<String, String>> maps(MysqlClient.Result r) {
        List<String> names = r.columnNames();
        List<Map<String, String>> out = new ArrayList<>();
        for (String[] row : r.rows()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) m.put(names.get(i), row[i]);
            out.add(m);
        }
        return out;
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public void close() {
        client.close();
    }
}
