package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.gtid.GtidState;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.replication.ReplicaHost;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The instance as its replication channels see it. */
final class InstanceReplicaHost implements ReplicaHost {
    private final Instance instance;

    InstanceReplicaHost(Instance instance) {
        this.instance = instance;
    }

    @Override
    public Socket connect(String host, int port, String sourceBind, int timeoutMillis) throws IOException {
        return OutgoingSockets.connect(instance, host, port, sourceBind == null || sourceBind.isEmpty() ? null : sourceBind,
                timeoutMillis);
    }

    @Override public long serverId() { return instance.serverId(); }
    @Override public String serverUuid() { return instance.serverUuid(); }

    @Override
    public String reportHost() {
        String h = instance.variables().get("report_host");
        return h == null ? "" : h;
    }

    @Override
    public int reportPort() {
        return Integer.parseInt(instance.variables().get("report_port"));
    }

    @Override
    public int netTimeoutSeconds() {
        return Integer.parseInt(instance.variables().get("replica_net_timeout"));
    }

    @Override public GtidState gtids() { return instance.gtids(); }
    @Override public BinaryLog binlog() { return instance.binlog(); }

    @Override
    public BinaryLog.TableSchemas tableSchemas() {
        BinaryLog b = instance.binlog();
        return b != null ? b.schemas() : new BinaryLog.TableSchemas();
    }

    @Override
    public Connection engineConnection() throws SQLException {
        Connection c = instance.engine().connect();
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public void executeDdl(Connection c, String database, String sql) throws SQLException {
        // Replicated DDL waits for a clone's backup lock as a client's does (lock_wait_timeout).
        try {
            instance.backupLock().enterDdl(instance.variables().get("lock_wait_timeout"));
        } catch (MysqlException e) {
            throw new SQLException(e.getMessage(), e.sqlState(), e.code(), e);
        }
        try {
            Binlogging.executeDdl(c, database, sql);
        } finally {
            instance.backupLock().exitDdl();
        }
    }

    @Override
    public SQLException mysqlError(SQLException engineError, String database) {
        MysqlException m = EngineErrors.translate(engineError, database);
        return new SQLException(m.getMessage(), m.sqlState(), m.code(), engineError);
    }

    @Override public Path datadir() { return instance.datadir(); }

    @Override
    public String hostname() {
        String h = instance.variables().get("hostname");
        return h == null || h.isEmpty() ? "mitosis" : h;
    }

    @Override
    public int parallelWorkers() {
        return (int) Math.max(0, Long.parseLong(instance.variables().get("replica_parallel_workers")));
    }

    @Override
    public int transactionRetries() {
        return (int) Math.max(0, Math.min(1000, Long.parseLong(instance.variables().get("replica_transaction_retries"))));
    }

    @Override
    public long pendingJobsSizeMax() {
        return Math.max(1024, Long.parseLong(instance.variables().get("replica_pending_jobs_size_max")));
    }

    @Override
    public long syncRelayLog() {
        return Math.max(0, Long.parseLong(instance.variables().get("sync_relay_log")));
    }

    @Override
    public void ddlApplied() {
        instance.columnCatalog().invalidate();
    }
}
