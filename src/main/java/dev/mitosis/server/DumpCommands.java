package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.replication.BinlogSender;
import dev.mitosis.replication.DumpRequest;
import dev.mitosis.replication.ReplicaRegistry;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** COM_REGISTER_SLAVE and the binlog dump commands of a session that is a replica's connection. */
final class DumpCommands {
    private final Instance instance;
    private final Session session;
    private final ResultWriter out;

    DumpCommands(Instance instance, Session session, ResultWriter out) {
        this.instance = instance;
        this.session = session;
        this.out = out;
    }

    /** COM_REGISTER_SLAVE: server_id, report host/user/password (lengths as lenenc), port. */
    void register(PayloadReader r) throws IOException, MysqlException {
        Privileges.requireReplicationSlave(session.privileges());
        long serverId = r.readInt4();
        String host = r.readLenencString();
        r.readLenencString(); // report_user
        r.readLenencString(); // report_password: never kept
        int port = r.readInt2();
        String uuid = userVariable("replica_uuid", "slave_uuid");
        instance.replicaRegistry().register(session.id(), new ReplicaRegistry.Registered(serverId,
                host == null ? "" : host, port, instance.serverId(), uuid == null ? "" : uuid));
        out.ok(0, 0, session.statusFlags(), 0, null);
    }

    /** COM_BINLOG_DUMP / COM_BINLOG_DUMP_GTID: the connection streams until it ends. */
    void dump(PayloadReader r, boolean gtid, PacketChannel channel, ClientSession client) throws IOException, MysqlException {
        Privileges.requireReplicationSlave(session.privileges());
        DumpRequest req = gtid ? DumpRequest.readGtid(r) : DumpRequest.readFilePosition(r);
        session.setCommand(gtid ? "Binlog Dump GTID" : "Binlog Dump");
        String checksum = userVariable("source_binlog_checksum", "master_binlog_checksum");
        String heartbeat = userVariable("source_heartbeat_period", "master_heartbeat_period");
        long heartbeatNanos = parseLong(heartbeat);
        BinlogSender.Source source = new BinlogSender.Source() {
            @Override public BinaryLog binlog() { return instance.binlog(); }
            @Override public long serverId() { return instance.serverId(); }
            @Override public String serverUuid() { return instance.serverUuid(); }
            @Override public GtidSet executed() { return instance.gtids().executed(); }
            @Override public GtidSet purged() { return instance.gtids().purged(); }
            @Override public String replicaChecksum() { return checksum; }
            @Override public long heartbeatPeriodNanos() { return heartbeatNanos; }
            // A replica reading from this file on releases the retention a clone asked for.
            @Override public void attached(String file) { instance.binlogPins().replicaAttached(file); }
        };
        try {
            new BinlogSender(source, channel, () -> client.isClosed() || instance.isStopping()).run(req);
        } finally {
            instance.replicaRegistry().unregister(session.id());
        }
    }

    private static long parseLong(String s) {
        if (s == null || s.isEmpty()) return 0;
        try {
            return new java.math.BigDecimal(s.trim()).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A user variable of this session (they live in the engine session), trying each name in turn. */
    private String userVariable(String... names) {
        try (Statement st = session.engine().createStatement()) {
            for (String n : names) {
                try (ResultSet rs = st.executeQuery("SELECT @" + n)) {
                    if (rs.next() && rs.getString(1) != null) return rs.getString(1);
                }
            }
        } catch (SQLException e) {
            return null;
        }
        return null;
    }
}
