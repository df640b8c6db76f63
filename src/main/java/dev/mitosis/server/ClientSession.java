package dev.mitosis.server;

import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.CachingSha2Password;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.HandshakeResponse41;
import dev.mitosis.protocol.HandshakeV10;
import dev.mitosis.protocol.MalformedPacketException;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PacketTooLargeException;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.ResponsePackets;
import dev.mitosis.protocol.Scramble;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: handshake, authentication, then the command loop. Commands are
 * dispatched through a table by command byte; each command's failure becomes an ERR packet and
 * the session carries on, unless the stream itself is broken.
 */
final class ClientSession implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    static final int COM_QUIT = 0x01, COM_INIT_DB = 0x02, COM_QUERY = 0x03, COM_FIELD_LIST = 0x04,
            COM_SHUTDOWN = 0x08, COM_STATISTICS = 0x09, COM_PROCESS_KILL = 0x0C, COM_PING = 0x0E,
            COM_CHANGE_USER = 0x11, COM_STMT_PREPARE = 0x16, COM_STMT_EXECUTE = 0x17,
            COM_STMT_SEND_LONG_DATA = 0x18, COM_STMT_CLOSE = 0x19, COM_STMT_RESET = 0x1A,
            COM_SET_OPTION = 0x1B, COM_STMT_FETCH = 0x1C, COM_RESET_CONNECTION = 0x1F, COM_BINLOG_DUMP = 0x12,
            COM_REGISTER_SLAVE = 0x15, COM_BINLOG_DUMP_GTID = 0x1E;

    private final Instance instance;
    private final Socket socket;
    private final PacketChannel channel;
    final ResultWriter out;
    final Session session;
    private final QueryExecutor queries;
    private final PreparedStatements statements;
    private volatile boolean closed;
    private final DumpCommands dumps;

    ClientSession(Instance instance, Socket socket) throws IOException {
        this.instance = instance;
        this.socket = socket;
        this.channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream(), socket);
        this.out = new ResultWriter(channel);
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.session = new Session(instance, instance.sessions().nextId(), remote);
        this.queries = new QueryExecutor(instance, session, out, this);
        this.statements = new PreparedStatements(session, out, queries);
        this.dumps = new DumpCommands(instance, session, out);
    }

    long id() {
        return session.id();
    }

    boolean isClosed() {
        return closed;
    }

    boolean isRunning() {
        return session.command().equals("Query") || session.command().equals("Execute");
    }

    Session state() {
        return session;
    }

    @Override
    public void run() {
        instance.sessions().add(this);
        instance.status().connections.incrementAndGet();
        try {
            if (!handshake()) return;
            commandLoop();
        } catch (MalformedPacketException | IOException e) {
            if (!closed) log.debug("session {} ended: {}", id(), e.toString());
        } catch (Throwable e) {
            log.error("session {} failed", id(), e);
        } finally {
            close();
        }
    }

    private boolean handshake() throws IOException, SQLException {
        socket.setSoTimeout(10_000);
        if (!instance.accounts().hostKnown(socket.getInetAddress())) {
            // As MySQL: a client whose host matches no account is refused before the greeting.
            instance.status().abortedConnects.incrementAndGet();
            log.info("Host '{}' is not allowed to connect (connection {})", session.hostName(), id());
            channel.resetSequence();
            channel.write(errPre41(ErrorCode.ER_HOST_NOT_PRIVILEGED.code(),
                    ErrorCode.ER_HOST_NOT_PRIVILEGED.format(session.hostName())));
            channel.flush();
            return false;
        }
        byte[] scramble = Scramble.generate();
        int serverCaps = Capabilities.SERVER_DEFAULT | (instance.tls().enabled() ? Capabilities.SSL : 0);
        HandshakeV10 greeting = new HandshakeV10(Instance.VERSION, id(), scramble, serverCaps,
                FieldType.COLLATION_UTF8MB4_0900_AI_CI, dev.mitosis.protocol.ServerStatus.AUTOCOMMIT,
                CachingSha2Password.PLUGIN);
        channel.resetSequence();
        channel.write(greeting.write(new PayloadWriter()));
        channel.flush();
        byte[] reply = channel.read();
        if (reply == null) return false;
        if (isSslRequest(reply, serverCaps)) {
            // The rest of the exchange runs over TLS; the packet sequence goes on.
            javax.net.ssl.SSLSocket tlsSocket;
            try {
                tlsSocket = instance.tls().accept(socket, channel.takeUnread());
            } catch (IOException e) {
                instance.status().abortedConnects.incrementAndGet();
                log.info("TLS handshake failed for connection {} from {}: {}", id(), session.hostName(), e.toString());
                return false;
            }
            channel.switchStreams(tlsSocket.getInputStream(), tlsSocket.getOutputStream());
            session.setTls(tlsSocket.getSession().getProtocol(), tlsSocket.getSession().getCipherSuite());
            reply = channel.read();
            if (reply == null) return false;
        } else if ("ON".equals(instance.variables().get("require_secure_transport"))) {
            instance.status().abortedConnects.incrementAndGet();
            sendError(ErrorCode.ER_SECURE_TRANSPORT_REQUIRED.exception());
            return false;
        }
        HandshakeResponse41 response;
        try {
            response = HandshakeResponse41.read(new PayloadReader(reply));
        } catch (MalformedPacketException e) {
            instance.status().abortedConnects.incrementAndGet();
            sendError(ErrorCode.ER_HANDSHAKE_ERROR.exception());
            return false;
        }
        int caps = response.capabilities() & serverCaps;
        session.setClientCapabilities(caps);
        out.setClientCapabilities(caps);
        try {
            Account account = new Authenticator(instance, channel, session.secure())
                    .authenticate(response, scramble, socket.getInetAddress(), session.hostName());
            session.login(account, response.user());
            if (response.database() != null) session.useDatabase(response.database());
        } catch (MysqlException e) {
            instance.status().abortedConnects.incrementAndGet();
            log.info("Access denied for connection {} from {}: {}", id(), session.hostName(), e.getMessage());
            sendError(e);
            return false;
        }
        session.openEngine();
        socket.setSoTimeout(0);
        channel.setMaxPayload(Long.parseLong(instance.variables().get("max_allowed_packet")));
        out.ok(0, 0, session.statusFlags(), 0, null);
        out.flush();
        return true;
    }

    /**
     * An SSLRequest: the first 32 bytes of a handshake response (capabilities, max packet size,
     * character set, 23 zero bytes) with CLIENT_SSL set, sent alone before the TLS handshake.
     */
    private static boolean isSslRequest(byte[] reply, int serverCaps) {
        if ((serverCaps & Capabilities.SSL) == 0 || reply.length != 32) return false;
        int caps = (reply[0] & 0xFF) | (reply[1] & 0xFF) << 8 | (reply[2] & 0xFF) << 16 | (reply[3] & 0xFF) << 24;
        return (caps & Capabilities.SSL) != 0;
    }

    private void sendError(MysqlException e) throws IOException {
        out.error(e);
        out.flush();
    }

    private void commandLoop() throws IOException {
        while (!closed) {
            channel.resetSequence();
            byte[] packet;
            try {
                packet = channel.read();
            } catch (PacketTooLargeException e) {
                sendError(ErrorCode.ER_NET_PACKET_TOO_LARGE.exception());
                return;
            }
            if (packet == null) return;
            instance.status().bytesReceived.addAndGet(packet.length + 4L);
            if (packet.length == 0) {
                sendError(ErrorCode.ER_MALFORMED_PACKET.exception());
                continue;
            }
            int command = packet[0] & 0xFF;
            if (command == COM_QUIT) return;
            PayloadReader r = new PayloadReader(packet, 1, packet.length);
            try {
                session.beginCommand(command);
                dispatch(command, r, packet);
            } catch (MysqlException e) {
                out.error(e);
            } catch (MalformedPacketException e) {
                out.error(ErrorCode.ER_MALFORMED_PACKET.exception());
            } catch (SQLException e) {
                out.error(EngineErrors.withForeignKeyActions(EngineErrors.translate(e, session.database()), session.engine()));
            } catch (RuntimeException e) {
                log.error("command {} failed in session {}", command, id(), e);
                out.error(ErrorCode.ER_INTERNAL_ERROR.exception(e.getClass().getSimpleName()));
            } finally {
                session.endCommand();
            }
            out.flush();
        }
    }

    private void dispatch(int command, PayloadReader r, byte[] packet) throws IOException, MysqlException, SQLException {
        switch (command) {
            case COM_QUERY -> queries.query(QueryText.decode(packet, 1, packet.length));
            case COM_INIT_DB -> {
                session.useDatabase(r.readRestString());
                ok();
            }
            case COM_PING -> ok();
            case COM_FIELD_LIST -> queries.fieldList(r.readNulString(), r.readRestString());
            case COM_STATISTICS -> statistics();
            case COM_PROCESS_KILL -> {
                queries.kill(r.readInt4(), false);
                ok();
            }
            case COM_SET_OPTION -> {
                int option = r.readInt2();
                if (option > 1) throw ErrorCode.ER_UNKNOWN_COM_ERROR.exception();
                session.setMultiStatements(option == 0);
                out.endOfRows(session.statusFlags(), 0);
            }
            case COM_RESET_CONNECTION -> {
                statements.closeAll();
                session.reset();
                ok();
            }
            case COM_CHANGE_USER -> changeUser(r);
            case COM_SHUTDOWN -> {
                queries.shutdown();
            }
            case COM_STMT_PREPARE -> statements.prepare(r.readRestString());
            case COM_STMT_EXECUTE -> statements.execute(r);
            case COM_STMT_SEND_LONG_DATA -> statements.sendLongData(r);
            case COM_STMT_CLOSE -> statements.close(r);
            case COM_STMT_RESET -> statements.reset(r);
            case COM_STMT_FETCH -> statements.fetch(r);
            case COM_REGISTER_SLAVE -> dumps.register(r);
            case dev.mitosis.clone.CloneProtocol.COM_CLONE -> {
                new CloneDonorCommand(instance, session).serve(r, channel);
                closed = true;
            }
            case COM_BINLOG_DUMP, COM_BINLOG_DUMP_GTID -> {
                dumps.dump(r, command == COM_BINLOG_DUMP_GTID, channel, this);
                // The stream is over: MySQL closes the connection after a dump ends.
                closed = true;
            }
            default -> throw ErrorCode.ER_UNKNOWN_COM_ERROR.exception();
        }
    }

    private void ok() throws IOException {
        out.ok(0, 0, session.statusFlags(), 0, null);
    }

    private void statistics() throws IOException {
        StatusCounters s = instance.status();
        String text = String.format("Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  "
                        + "Flush tables: 1  Open tables: 0  Queries per second avg: %.3f",
                s.uptimeSeconds(), instance.sessions().count(), s.questions.get(),
                s.questions.get() / (double) Math.max(1, s.uptimeSeconds()));
        channel.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private void changeUser(PayloadReader r) throws IOException, MysqlException, SQLException {
        String user = r.readNulString();
        byte[] auth = (session.clientCapabilities() & Capabilities.SECURE_CONNECTION) != 0
                ? r.readBytes(r.readInt1()) : r.readNulBytes();
        String db = r.hasRemaining() ? r.readNulString() : "";
        if (r.remaining() >= 2) r.readInt2();
        String plugin = r.hasRemaining() ? r.readNulString() : null;
        statements.closeAll();
        session.rollbackQuietly();
        // COM_CHANGE_USER's token was computed over the old scramble; ask again with a fresh one.
        byte[] scramble = Scramble.generate();
        HandshakeResponse41 asIf = new HandshakeResponse41(session.clientCapabilities(), 0, 255, user,
                auth, db.isEmpty() ? null : db, "(switch)", java.util.Map.of());
        try {
            Account account = new Authenticator(instance, channel, session.secure())
                    .authenticate(asIf, scramble, socket.getInetAddress(), session.hostName());
            session.login(account, user);
            session.reset();
            session.useDatabase(db.isEmpty() ? null : db);
        } catch (MysqlException e) {
            sendError(e);
            closed = true;
            return;
        }
        ok();
    }

    /** KILL CONNECTION: close the socket; the session's thread ends on its next read. */
    void kill() {
        closed = true;
        session.cancelRunningStatement();
        channel.close();
    }

    void killQuery() {
        session.markKilled();
        session.cancelRunningStatement();
    }

    private void close() {
        closed = true;
        instance.sessions().remove(this);
        statements.closeAll();
        session.close();
        channel.close();
    }

    static boolean isDisconnect(Throwable e) {
        return e instanceof SocketException;
    }

    static PayloadWriter errPre41(int code, String message) {
        return ResponsePackets.errPre41(new PayloadWriter(), code, message);
    }
}
