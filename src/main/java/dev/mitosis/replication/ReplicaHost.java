package dev.mitosis.replication;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.gtid.GtidState;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** What a replica's receiver and applier need from their instance. */
public interface ReplicaHost {
    /** A socket to the source, from SOURCE_BIND or the instance's bind address. */
    Socket connect(String host, int port, String sourceBind, int timeoutMillis) throws IOException;

    long serverId();

    String serverUuid();

    String reportHost();

    int reportPort();

    /** replica_net_timeout: seconds without an event or heartbeat after which the receiver reconnects. */
    int netTimeoutSeconds();

    GtidState gtids();

    /** The binary log (log_replica_updates: applied transactions are logged with their GTIDs). */
    BinaryLog binlog();

    BinaryLog.TableSchemas tableSchemas();

    /** A new engine connection for an applier, not auto-committing. */
    Connection engineConnection() throws SQLException;

    /** Executes a replicated DDL statement (MySQL text) in a database; new tables get row capture. */
    void executeDdl(Connection c, String database, String sql) throws SQLException;

    /** Where relay logs go. */
    Path datadir();

    String hostname();

    /** An engine error as MySQL reports it (code and text), for Last_SQL_Error. */
    SQLException mysqlError(SQLException engineError, String database);

    /** replica_parallel_workers: the applier's worker count (0: one worker, MySQL's single-threaded applier). */
    int parallelWorkers();

    /** replica_transaction_retries: how often a worker retries a transaction after a transient error. */
    int transactionRetries();

    /** replica_pending_jobs_size_max: bytes of received transactions waiting for the applier. */
    long pendingJobsSizeMax();

    /** sync_relay_log: relay log events between forces (0: never forced). */
    long syncRelayLog();

    /** Called after replicated DDL: caches of table definitions must go. */
    void ddlApplied();
}
