package dev.mitosis.replication;

import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.BinlogEventReader;
import dev.mitosis.binlog.ChecksumAlgorithm;
import dev.mitosis.binlog.EventHeader;
import dev.mitosis.binlog.EventType;
import dev.mitosis.binlog.FormatDescriptionEventData;
import dev.mitosis.binlog.GtidEventData;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.binlog.RotateEventData;
import dev.mitosis.binlog.XidEventData;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.client.ClientTls;
import dev.mitosis.protocol.client.MysqlClient;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's receiver (I/O thread): connects to the source as a MySQL replica does, asks for the
 * binary log by auto-position or file/position, writes what arrives to the relay log and queues
 * complete transactions for the applier. Connection failures are retried per
 * SOURCE_CONNECT_RETRY / SOURCE_RETRY_COUNT; a refusal of the dump (1236) stops it.
 */
final class Receiver implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Receiver.class);

    private final ReplicaHost host;
    private final Channel ch;
    private final TransactionQueue queue;
    private final RelayLog relay;
    private final String user;
    private final String password;
    private final java.util.function.LongSupplier appliedPosition;
    private final java.util.function.Supplier<String> appliedFile;
    private volatile boolean stop;
    private volatile MysqlClient client;
    /** IGNORE_SERVER_IDS, read at each connection: transactions of these origins are not applied. */
    private java.util.Set<Long> ignoredServerIds = java.util.Set.of();

    Receiver(ReplicaHost host, Channel ch, TransactionQueue queue, RelayLog relay, String user,
             String password, java.util.function.Supplier<String> appliedFile, java.util.function.LongSupplier appliedPosition) {
        this.host = host;
        this.ch = ch;
        this.queue = queue;
        this.relay = relay;
        this.user = user;
        this.password = password;
        this.appliedFile = appliedFile;
        this.appliedPosition = appliedPosition;
    }

    void requestStop() {
        stop = true;
        MysqlClient c = client;
        if (c != null) {
            try {
                c.socket().close();
            } catch (IOException ignored) {
                // closing unblocks the reader
            }
        }
    }

    /** Null: encrypt without checking the certificate; else trust only SOURCE_SSL_CA (relative to the data directory). */
    private javax.net.ssl.SSLContext tlsContext(ChannelConfig cfg) throws MysqlException {
        String ca = cfg.verifyAgainstCa();
        if (ca == null) return null;
        try {
            return ClientTls.trustingCaFile(host.datadir().resolve(ca));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new MysqlException(MysqlClient.CR_SSL_CONNECTION_ERROR, "HY000",
                    "SSL connection error: cannot use SOURCE_SSL_CA '" + ca + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void run() {
        long attempts = 0;
        try {
            while (!stop) {
                ChannelConfig cfg = ch.config();
                String u = user != null ? user : cfg.user();
                String p = user != null ? (password == null ? "" : password) : cfg.password();
                ch.io = Channel.IoState.CONNECTING;
                ch.ioStage = "Connecting to source";
                try {
                    MysqlClient.Options options = new MysqlClient.Options().user(u).password(p)
                            .getServerPublicKey(cfg.getPublicKey())
                            // A source that goes silent (no event, no heartbeat) is reconnected to, as MySQL does.
                            .readTimeoutMillis((int) Math.min(Integer.MAX_VALUE, host.netTimeoutSeconds() * 1000L));
                    if (cfg.ssl()) options.tls(ClientTls.Mode.REQUIRED, tlsContext(cfg));
                    Socket s = host.connect(cfg.host(), cfg.port(), cfg.bind(), 10_000);
                    client = MysqlClient.connect(s, options);
                } catch (MysqlException | IOException e) {
                    attempts++;
                    int code = e instanceof MysqlException m ? m.code() : ErrorCode.ER_CONNECTION_ERROR.code();
                    String msg = e instanceof MysqlException ? e.getMessage()
                            : ErrorCode.ER_CONNECTION_ERROR.format(cfg.host(), cfg.port(), 111);
                    ch.ioError(code, "Error connecting to source '" + u + "@" + cfg.host() + ":" + cfg.port()
                            + "'. This was attempt " + attempts + "/" + cfg.retryCount() + ", with a delay of "
                            + cfg.connectRetry() + " seconds between attempts. Message: " + msg);
                    if (attempts >= cfg.retryCount()) break;
                    sleepSeconds(cfg.connectRetry());
                    continue;
                }
                try {
                    if (!handshake(cfg)) return;
                    attempts = 0;
                    stream();
                } catch (FatalDumpError e) {
                    ch.ioError(ErrorCode.ER_SERVER_SOURCE_FATAL_ERROR_READING_BINLOG.code(),
                            ErrorCode.ER_SERVER_SOURCE_FATAL_ERROR_READING_BINLOG.format(e.code, e.getMessage()));
                    return;
                } catch (IOException | MysqlException e) {
                    if (stop) return;
                    attempts++;
                    ch.ioError(2013, "Error reading packet from server for channel '" + ch.name()
                            + "': Lost connection to MySQL server during query (server_errno=2013)");
                    log.info("Replica channel '{}' lost its source connection: {}", ch.name(), e.toString());
                    if (attempts >= cfg.retryCount()) break;
                    ch.io = Channel.IoState.CONNECTING;
                    ch.ioStage = "Waiting to reconnect after a failed source event read";
                    sleepSeconds(Math.min(cfg.connectRetry(), 1));
                } finally {
                    MysqlClient c = client;
                    client = null;
                    if (c != null) c.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ch.io = Channel.IoState.NO;
            ch.ioStage = "";
        }
    }

    private void sleepSeconds(long s) throws InterruptedException {
        long end = System.currentTimeMillis() + Math.max(1, s) * 1000;
        while (!stop && System.currentTimeMillis() < end) Thread.sleep(50);
    }

    /** The queries a MySQL replica sends before the dump; false when it must stop (1593). */
    private boolean handshake(ChannelConfig cfg) throws IOException, MysqlException, InterruptedException {
        MysqlClient c = client;
        ch.ioStage = "Checking source version";
        try {
            long sourceNow = Long.parseLong(c.query("SELECT UNIX_TIMESTAMP()").value());
            ch.clockDiffSeconds = System.currentTimeMillis() / 1000 - sourceNow;
        } catch (RuntimeException e) {
            ch.clockDiffSeconds = 0;
        }
        long sourceId = Long.parseLong(c.query("SELECT @@GLOBAL.SERVER_ID").value());
        if (sourceId == host.serverId()) {
            fatalConfig("The replica I/O thread stops because source and replica have equal MySQL server ids; these"
                    + " ids must be different for replication to work (or the --replicate-same-server-id option must"
                    + " be used on replica but this does not always make sense; please check the manual before using it).");
            return false;
        }
        ignoredServerIds = serverIds(cfg.get(SourceOption.IGNORE_SERVER_IDS));
        double hb = cfg.heartbeatPeriod();
        if (hb > 0) {
            long ns = (long) (hb * 1_000_000_000L);
            c.execute("SET @master_heartbeat_period = " + ns + ", @source_heartbeat_period = " + ns);
        }
        c.execute("SET @master_binlog_checksum = @@global.binlog_checksum,"
                + " @source_binlog_checksum = @@global.binlog_checksum");
        String uuid = c.query("SELECT @@GLOBAL.SERVER_UUID").value();
        if (uuid.equalsIgnoreCase(host.serverUuid())) {
            fatalConfig("The replica I/O thread stops because source and replica have equal MySQL server UUIDs; these"
                    + " UUIDs must be different for replication to work.");
            return false;
        }
        ch.sourceServerId = sourceId;
        ch.sourceUuid = uuid;
        c.execute("SET @slave_uuid = '" + host.serverUuid() + "', @replica_uuid = '" + host.serverUuid() + "'");
        ch.ioStage = "Registering replica on source";
        PacketChannel p = c.channel();
        p.resetSequence();
        p.write(new PayloadWriter().int1(0x15).int4(host.serverId()).lenencString(host.reportHost())
                .lenencString(cfg.user()).lenencString("").int2(host.reportPort()).int4(0).int4(0));
        p.flush();
        byte[] ok = p.read();
        if (ok == null) throw new IOException("source closed the connection");
        if ((ok[0] & 0xFF) == 0xFF) throw MysqlClient.error(ok, true);
        return true;
    }

    private void fatalConfig(String message) {
        ch.ioError(ErrorCode.ER_REPLICA_FATAL_ERROR.code(), ErrorCode.ER_REPLICA_FATAL_ERROR.format(message));
        stop = true;
    }

    /** Sends the dump request and reads events until the connection ends. */
    private void stream() throws IOException, MysqlException, InterruptedException, FatalDumpError {
        ChannelConfig cfg = ch.config();
        PacketChannel p = client.channel();
        p.resetSequence();
        ch.ioStage = "Requesting binlog dump";
        if (cfg.autoPosition()) {
            GtidSet have = host.gtids().executed().union(ch.retrieved);
            byte[] set = have.toBinary();
            p.write(new PayloadWriter().int1(0x1E).int2(0).int4(host.serverId()).int4(0).int8(4).int4(set.length).bytes(set));
        } else {
            String file;
            long pos;
            if (!ch.sourceLogFile.isEmpty()) {
                file = ch.sourceLogFile;
                pos = ch.readSourceLogPos;
            } else if (appliedFile.get() != null) {
                file = appliedFile.get();
                pos = appliedPosition.getAsLong();
            } else {
                file = cfg.sourceLogFile();
                pos = cfg.sourceLogPos();
            }
            p.write(new PayloadWriter().int1(0x12).int4(Math.max(4, pos)).int2(0).int4(host.serverId()).string(file));
        }
        p.flush();
        ch.io = Channel.IoState.YES;
        ch.ioError(0, "");
        ch.ioStage = "Waiting for source to send event";
        BinlogEventReader reader = new BinlogEventReader(ChecksumAlgorithm.CRC32);
        List<BinlogEvent> tx = null;
        List<byte[]> raw = null;
        Gtid gtid = null;
        GtidEventData gtidData = null;
        long originServerId = 0;
        boolean inBegin = false;
        while (!stop) {
            byte[] packet = p.read();
            if (packet == null) throw new IOException("source closed the connection");
            int first = packet[0] & 0xFF;
            if (first == 0xFF) {
                MysqlException e = MysqlClient.error(packet, true);
                if (e.code() == ErrorCode.ER_SOURCE_FATAL_ERROR_READING_BINLOG.code()) throw new FatalDumpError(e.code(), e.getMessage());
                throw e;
            }
            if (first == 0xFE && packet.length < 9) throw new IOException("source ended the dump");
            BinlogEvent event = reader.read(packet, 1);
            EventHeader h = event.header();
            relay.append(packet, 1, packet.length - 1);
            boolean artificial = (h.flags() & EventHeader.FLAG_ARTIFICIAL) != 0;
            if (event.data() instanceof RotateEventData r) {
                ch.sourceLogFile = r.nextFile();
                ch.readSourceLogPos = r.position();
                continue;
            }
            if (!artificial && h.logPos() > 0) ch.readSourceLogPos = h.logPos();
            EventType type = h.type();
            if (type == EventType.HEARTBEAT || type == EventType.HEARTBEAT_V2) {
                ch.receivedHeartbeats++;
                continue;
            }
            if (event.data() instanceof FormatDescriptionEventData || type == EventType.PREVIOUS_GTIDS
                    || type == EventType.STOP) {
                continue;
            }
            if (event.data() instanceof GtidEventData g) {
                gtidData = g;
                gtid = g.gtid();
                originServerId = h.serverId();
                tx = new ArrayList<>();
                tx.add(event);
                raw = new ArrayList<>();
                raw.add(java.util.Arrays.copyOfRange(packet, 1, packet.length));
                inBegin = false;
                continue;
            }
            if (tx == null) continue;
            tx.add(event);
            raw.add(java.util.Arrays.copyOfRange(packet, 1, packet.length));
            boolean complete = false;
            if (event.data() instanceof QueryEventData q) {
                if (q.sql().equals("BEGIN")) inBegin = true;
                else if (!inBegin || q.sql().equals("COMMIT")) complete = true;
            } else if (event.data() instanceof XidEventData) {
                complete = true;
            }
            if (complete && ignoredServerIds.contains(originServerId)) {
                // As MySQL's receiver: not queued, not counted as retrieved.
                tx = null;
                continue;
            }
            if (complete) {
                ch.ioStage = "Waiting for the replica SQL thread to free relay log space";
                ReceivedTransaction rt = new ReceivedTransaction(gtid, tx, raw, ch.sourceLogFile, h.logPos(), originServerId,
                        gtidData.originalCommitTimestamp(), gtidData.immediateCommitTimestamp(),
                        gtidData.originalServerVersion(), relay.name(), relay.position());
                while (!stop && !queue.offer(rt, 200, TimeUnit.MILLISECONDS)) {
                    // The applier is behind: wait for room.
                }
                if (gtid != null) ch.retrieved = ch.retrieved.add(gtid);
                ch.relayLogSpace = relay.space();
                ch.ioStage = "Waiting for source to send event";
                tx = null;
            }
        }
    }

    static java.util.Set<Long> serverIds(String list) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        if (list != null) {
            for (String id : list.split(",")) {
                if (!id.isBlank()) ids.add(Long.parseLong(id.trim()));
            }
        }
        return ids;
    }

    /** ERR 1236 from the source: the dump is refused; no retry. */
    static final class FatalDumpError extends Exception {
        final int code;

        FatalDumpError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

}
