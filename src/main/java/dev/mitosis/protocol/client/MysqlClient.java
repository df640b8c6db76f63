package dev.mitosis.protocol.client;

import dev.mitosis.protocol.CachingSha2Password;
import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.ColumnDefinition41;
import dev.mitosis.protocol.HandshakeResponse41;
import dev.mitosis.protocol.HandshakeV10;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.NativePassword;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.RsaKeys;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small MySQL client for the connections an instance makes itself (replication receiver, clone
 * recipient): handshake, optional TLS, mysql_native_password and caching_sha2_password (fast
 * path, and full authentication over TLS, or by RSA when {@link Options#getServerPublicKey} is set
 * or a key is given, else client error 2061 as MySQL's client reports it), COM_QUERY with text
 * results, COM_QUIT. The
 * {@link #channel()} is open for replication and clone commands once logged in.
 */
public final class MysqlClient implements AutoCloseable {
    public static final int CR_AUTH_PLUGIN_ERR = 2061;
    public static final int CR_SERVER_LOST = 2013;
    public static final int CR_SSL_CONNECTION_ERROR = 2026;
    public static final int COM_QUIT = 0x01, COM_QUERY = 0x03, COM_PING = 0x0E;

    /** Connection settings. The socket is opened by the caller (see OutgoingSockets), so binding and name resolution stay the instance's. */
    public static final class Options {
        public String user = "root";
        public String password = "";
        public String database;
        /** GET_SOURCE_PUBLIC_KEY=1: ask the server for its RSA key when full authentication is needed. */
        public boolean getServerPublicKey;
        /** SOURCE_PUBLIC_KEY_PATH's content, if known: used without asking. */
        public byte[] serverPublicKeyPem;
        public int readTimeoutMillis = 30_000;
        /** Whether to ask for TLS (SOURCE_SSL, CLONE ... REQUIRE SSL), and whom to trust then. */
        public ClientTls.Mode tls = ClientTls.Mode.DISABLED;
        public SSLContext tlsContext;
        public Map<String, String> attributes = Map.of("_client_name", "mitosis", "program_name", "mitosis");

        public Options user(String u) { user = u; return this; }
        public Options password(String p) { password = p == null ? "" : p; return this; }
        public Options database(String d) { database = d; return this; }
        public Options getServerPublicKey(boolean on) { getServerPublicKey = on; return this; }
        public Options serverPublicKey(byte[] pem) { serverPublicKeyPem = pem; return this; }
        public Options readTimeoutMillis(int ms) { readTimeoutMillis = ms; return this; }
        /** {@code context} null: any certificate is accepted (encryption without verification). */
        public Options tls(ClientTls.Mode mode, SSLContext context) { tls = mode; tlsContext = context; return this; }
    }

    /** A text result: column definitions and rows (values as strings, null for NULL), or an OK. */
    public record Result(List<ColumnDefinition41> columns, List<String[]> rows, long affectedRows, long lastInsertId,
                         int warnings) {
        public List<String> columnNames() {
            List<String> out = new ArrayList<>();
            for (ColumnDefinition41 c : columns) out.add(c.name());
            return out;
        }

        /** The single value of a one-row, one-column result. */
        public String value() {
            return rows.isEmpty() ? null : rows.get(0)[0];
        }
    }

    private final Socket socket;
    private final PacketChannel channel;
    private final HandshakeV10 greeting;
    private final int capabilities;
    private final boolean secure;

    private MysqlClient(Socket socket, PacketChannel channel, HandshakeV10 greeting, int capabilities, boolean secure) {
        this.socket = socket;
        this.channel = channel;
        this.greeting = greeting;
        this.capabilities = capabilities;
        this.secure = secure;
    }

    /** Logs in over a connected socket; closes it on failure. */
    public static MysqlClient connect(Socket socket, Options o) throws IOException, MysqlException {
        try {
            socket.setSoTimeout(o.readTimeoutMillis);
            PacketChannel channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream(), socket);
            channel.resetSequence();
            byte[] first = read(channel);
            if ((first[0] & 0xFF) == 0xFF) throw error(first, false);
            HandshakeV10 greeting = HandshakeV10.read(new PayloadReader(first));
            int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                    | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
                    | Capabilities.TRANSACTIONS | Capabilities.MULTI_RESULTS | Capabilities.CONNECT_ATTRS
                    | (o.database != null ? Capabilities.CONNECT_WITH_DB : 0);
            caps &= greeting.capabilities() | Capabilities.CONNECT_ATTRS;
            if ((greeting.capabilities() & Capabilities.CONNECT_ATTRS) == 0) caps &= ~Capabilities.CONNECT_ATTRS;
            boolean secure = o.tls != ClientTls.Mode.DISABLED && (greeting.capabilities() & Capabilities.SSL) != 0;
            if (o.tls == ClientTls.Mode.REQUIRED && !secure) {
                throw new MysqlException(CR_SSL_CONNECTION_ERROR, "HY000",
                        "SSL connection error: SSL is required but the server doesn't support it", null);
            }
            if (secure) {
                caps |= Capabilities.SSL;
                startTls(socket, channel, caps, o.tlsContext);
            }
            MysqlClient client = new MysqlClient(socket, channel, greeting, caps, secure);
            client.authenticate(o);
            return client;
        } catch (IOException | MysqlException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** SSLRequest, then the TLS handshake; the login continues over TLS with the next sequence number. */
    private static void startTls(Socket socket, PacketChannel channel, int caps, SSLContext context)
            throws IOException, MysqlException {
        channel.write(new PayloadWriter().int4(caps).int4(1 << 30).int1(255).bytes(new byte[23]));
        channel.flush();
        try {
            SSLContext ctx = context != null ? context : ClientTls.trustingAnyCertificate();
            String host = socket.getInetAddress().getHostAddress();
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            channel.switchStreams(tls.getInputStream(), tls.getOutputStream());
        } catch (GeneralSecurityException | IOException e) {
            throw new MysqlException(CR_SSL_CONNECTION_ERROR, "HY000", "SSL connection error: " + e.getMessage(), e);
        }
    }

    public PacketChannel channel() { return channel; }
    /** Whether the connection runs over TLS. */
    public boolean secure() { return secure; }
    public Socket socket() { return socket; }
    public long connectionId() { return greeting.connectionId(); }
    public String serverVersion() { return greeting.serverVersion(); }
    public int capabilities() { return capabilities; }

    private static byte[] read(PacketChannel channel) throws IOException {
        byte[] p = channel.read();
        if (p == null || p.length == 0) throw new EOFException("Lost connection to MySQL server");
        return p;
    }

    private void authenticate(Options o) throws IOException, MysqlException {
        String plugin = greeting.authPlugin();
        byte[] scramble = greeting.scramble();
        if (!plugin.equals(NativePassword.PLUGIN) && !plugin.equals(CachingSha2Password.PLUGIN)) {
            plugin = CachingSha2Password.PLUGIN;
        }
        HandshakeResponse41 response = new HandshakeResponse41(capabilities, 1 << 30, 255, o.user,
                token(plugin, o.password, scramble), o.database, plugin,
                (capabilities & Capabilities.CONNECT_ATTRS) != 0 ? o.attributes : Map.of());
        channel.write(response.write(new PayloadWriter()));
        channel.flush();
        while (true) {
            byte[] p = read(channel);
            int head = p[0] & 0xFF;
            if (head == 0x00) return;
            if (head == 0xFF) throw error(p, true);
            if (head == 0xFE) {
                // AuthSwitchRequest: plugin name, then its data (scramble + NUL)
                PayloadReader r = new PayloadReader(p, 1, p.length);
                plugin = r.readNulString();
                byte[] data = r.readRestBytes();
                scramble = data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
                if (!plugin.equals(NativePassword.PLUGIN) && !plugin.equals(CachingSha2Password.PLUGIN)) {
                    throw new MysqlException(CR_AUTH_PLUGIN_ERR, "HY000", "Authentication plugin '" + plugin
                            + "' cannot be loaded", null);
                }
                send(token(plugin, o.password, scramble));
                continue;
            }
            if (head == 0x01 && plugin.equals(CachingSha2Password.PLUGIN) && p.length == 2) {
                if (p[1] == CachingSha2Password.FAST_AUTH_OK) continue;
                if (p[1] == CachingSha2Password.PERFORM_FULL_AUTH) {
                    fullAuth(o, scramble);
                    continue;
                }
            }
            throw new MysqlException(CR_AUTH_PLUGIN_ERR, "HY000", "Authentication plugin '" + plugin
                    + "' reported error: unexpected packet", null);
        }
    }

    private void fullAuth(Options o, byte[] scramble) throws IOException, MysqlException {
        if (secure) {
            // Over TLS the password goes as it is, NUL-terminated.
            byte[] clear = (o.password + "\0").getBytes(StandardCharsets.UTF_8);
            try {
                send(clear);
            } finally {
                Arrays.fill(clear, (byte) 0);
            }
            return;
        }
        byte[] pem = o.serverPublicKeyPem;
        if (pem == null) {
            if (!o.getServerPublicKey) {
                throw new MysqlException(CR_AUTH_PLUGIN_ERR, "HY000", "Authentication plugin 'caching_sha2_password'"
                        + " reported error: Authentication requires secure connection.", null);
            }
            send(new byte[] {CachingSha2Password.REQUEST_PUBLIC_KEY});
            byte[] p = read(channel);
            if ((p[0] & 0xFF) == 0xFF) throw error(p, true);
            pem = Arrays.copyOfRange(p, 1, p.length);
        }
        byte[] clear = (o.password + "\0").getBytes(StandardCharsets.UTF_8);
        try {
            send(RsaKeys.encrypt(pem, CachingSha2Password.xorWithScramble(clear, scramble)));
        } catch (GeneralSecurityException e) {
            throw new MysqlException(CR_AUTH_PLUGIN_ERR, "HY000", "Authentication plugin 'caching_sha2_password'"
                    + " reported error: " + e.getMessage(), e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static byte[] token(String plugin, String password, byte[] scramble) {
        return plugin.equals(NativePassword.PLUGIN) ? NativePassword.clientToken(password, scramble)
                : CachingSha2Password.clientToken(password, scramble);
    }

    private void send(byte[] payload) throws IOException {
        channel.write(payload);
        channel.flush();
    }

    /** An ERR packet as an exception (code, SQLSTATE, message). */
    public static MysqlException error(byte[] p, boolean withState) {
        PayloadReader r = new PayloadReader(p, 1, p.length);
        int code = r.readInt2();
        String state = "HY000";
        if (withState && r.hasRemaining() && r.peek() == '#') {
            r.skip(1);
            state = new String(r.readBytes(5), StandardCharsets.US_ASCII);
        }
        return new MysqlException(code, state, r.readRestString(), null);
    }

    /** COM_QUERY: the first result (OK or rows); further results of a multi-result reply are read and dropped. */
    public Result query(String sql) throws IOException, MysqlException {
        channel.resetSequence();
        PayloadWriter w = new PayloadWriter().int1(COM_QUERY);
        w.bytes(sql.getBytes(StandardCharsets.UTF_8));
        channel.write(w);
        channel.flush();
        Result first = null;
        while (true) {
            Result r = readResult();
            if (first == null) first = r;
            if ((lastStatus & 0x0008) == 0) return first; // SERVER_MORE_RESULTS_EXISTS
        }
    }

    /** COM_QUERY for a statement without rows: affected rows. */
    public long execute(String sql) throws IOException, MysqlException {
        return query(sql).affectedRows();
    }

    /** COM_PING. */
    public void ping() throws IOException, MysqlException {
        channel.resetSequence();
        channel.write(new byte[] {COM_PING});
        channel.flush();
        byte[] p = read(channel);
        if ((p[0] & 0xFF) == 0xFF) throw error(p, true);
    }

    private int lastStatus;

    private Result readResult() throws IOException, MysqlException {
        byte[] p = read(channel);
        int head = p[0] & 0xFF;
        if (head == 0xFF) throw error(p, true);
        if (head == 0x00) {
            PayloadReader r = new PayloadReader(p, 1, p.length);
            long affected = r.readLenenc();
            long insertId = r.readLenenc();
            lastStatus = r.readInt2();
            int warnings = r.readInt2();
            return new Result(List.of(), List.of(), affected, insertId, warnings);
        }
        if (head == 0xFB) throw new MysqlException(2000, "HY000", "LOAD DATA LOCAL INFILE is not supported", null);
        int count = (int) new PayloadReader(p).readLenenc();
        List<ColumnDefinition41> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) columns.add(ColumnDefinition41.read(new PayloadReader(read(channel))));
        int warnings = 0;
        byte[] eof = read(channel); // EOF after the column definitions (CLIENT_DEPRECATE_EOF is not used)
        if ((eof[0] & 0xFF) == 0xFF) throw error(eof, true);
        List<String[]> rows = new ArrayList<>();
        while (true) {
            byte[] row = read(channel);
            int h = row[0] & 0xFF;
            if (h == 0xFE && row.length < 9) {
                PayloadReader r = new PayloadReader(row, 1, row.length);
                warnings = r.readInt2();
                lastStatus = r.readInt2();
                break;
            }
            if (h == 0xFF) throw error(row, true);
            PayloadReader r = new PayloadReader(row);
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                if (r.peek() == 0xFB) {
                    r.skip(1);
                } else {
                    values[i] = r.readLenencString();
                }
            }
            rows.add(values);
        }
        return new Result(columns, rows, 0, 0, warnings);
    }

    /** COM_QUIT and close. */
    @Override
    public void close() {
        try {
            channel.resetSequence();
            channel.write(new byte[] {COM_QUIT});
            channel.flush();
        } catch (IOException ignored) {
            // the server may already be gone
        }
        channel.close();
    }
}
