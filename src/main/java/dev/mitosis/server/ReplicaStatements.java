package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.replication.Channel;
import dev.mitosis.replication.ReplicaChannels;
import dev.mitosis.replication.ReplicaStatus;
import dev.mitosis.replication.ReplicationStatements;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** CHANGE REPLICATION SOURCE, START / STOP / RESET REPLICA and SHOW REPLICA STATUS for a session. */
final class ReplicaStatements {
    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    ReplicaStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    private ReplicaChannels replicas() {
        return instance.replicas();
    }

    void change(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        var parsed = ReplicationStatements.parseChangeSource(stmt);
        if (session.inTransaction()) session.commit();
        boolean gtidOn = "ON".equals(instance.variables().get("gtid_mode"));
        notes(replicas().change(parsed, gtidOn));
        exec.ok(0, more);
    }

    void start(String stmt, boolean more) throws MysqlException, IOException {
        notes(replicas().start(ReplicationStatements.parseStart(stmt)));
        exec.ok(0, more);
    }

    void stop(String stmt, boolean more) throws MysqlException, IOException {
        notes(replicas().stop(ReplicationStatements.parseStop(stmt)));
        exec.ok(0, more);
    }

    void reset(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        replicas().reset(ReplicationStatements.parseReset(stmt));
        exec.ok(0, more);
    }

    void showStatus(String stmt, boolean legacy, boolean more) throws MysqlException, IOException, SQLException {
        String channel = ReplicationStatements.parseShowStatusChannel(stmt);
        List<ResultColumn> cols = new ArrayList<>();
        for (int i = 0; i < ReplicaStatus.COLUMNS.size(); i++) {
            String name = ReplicaStatus.COLUMNS.get(i);
            if (legacy) name = ReplicaStatus.legacyName(name);
            cols.add(ReplicaStatus.NUMERIC.contains(i) ? ResultColumn.bigint(name) : ResultColumn.text(name));
        }
        List<Object[]> rows = new ArrayList<>();
        String executed = String.valueOf(session.readVariable("global", "gtid_executed"));
        for (Channel ch : replicas().channels()) {
            if (channel != null && !ch.name().equals(channel)) continue;
            if (!ch.config().isConfigured()) continue;
            rows.add(ReplicaStatus.row(ch, executed));
        }
        if (channel != null && replicas().channel(channel) == null) {
            throw dev.mitosis.protocol.ErrorCode.ER_REPLICA_CHANNEL_DOES_NOT_EXIST.exception(channel);
        }
        exec.writeRows(cols, rows, more);
    }

    /** SHOW REPLICAS (SHOW SLAVE HOSTS): replicas with a live dump thread here. */
    void showReplicas(boolean legacy, boolean more) throws IOException, SQLException {
        List<ResultColumn> cols = legacy
                ? List.of(ResultColumn.bigint("Server_id"), ResultColumn.text("Host"), ResultColumn.bigint("Port"),
                        ResultColumn.bigint("Master_id"), ResultColumn.text("Slave_UUID"))
                : List.of(ResultColumn.bigint("Server_Id"), ResultColumn.text("Host"), ResultColumn.bigint("Port"),
                        ResultColumn.bigint("Source_Id"), ResultColumn.text("Replica_UUID"));
        List<Object[]> rows = new ArrayList<>();
        for (var r : instance.replicaRegistry().list()) {
            rows.add(new Object[] {r.serverId(), r.host(), r.port(), r.sourceId(), r.replicaUuid()});
        }
        exec.writeRows(cols, rows, more);
    }

    private void notes(List<ReplicaChannels.Note> notes) {
        for (ReplicaChannels.Note n : notes) session.addWarning(n.level(), n.code().code(), n.message());
    }
}
