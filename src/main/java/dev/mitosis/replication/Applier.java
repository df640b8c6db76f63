package dev.mitosis.replication;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.binlog.BinlogApplier;
import dev.mitosis.binlog.BinlogEvent;
import dev.mitosis.binlog.DeleteRowsEventData;
import dev.mitosis.binlog.QueryEventData;
import dev.mitosis.binlog.TableMapEventData;
import dev.mitosis.binlog.UpdateRowsEventData;
import dev.mitosis.binlog.WriteRowsEventData;
import dev.mitosis.engine.RowCapture;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.gtid.GtidState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's applier (SQL thread): applies queued transactions by primary key under their
 * original GTIDs, DDL as statements, and records the applier position in the same engine
 * transaction. With the binary log on, applied transactions go through the commit pipeline with
 * their original GTIDs and commit timestamps (log_replica_updates). An error stops it with
 * MySQL's code and text; the failed transaction's GTID is not recorded.
 */
final class Applier implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Applier.class);

    private final ReplicaHost host;
    private final Channel ch;
    private final BlockingDeque<ReceivedTransaction> queue;
    private volatile boolean stop;

    Applier(ReplicaHost host, Channel ch, BlockingDeque<ReceivedTransaction> queue) {
        this.host = host;
        this.ch = ch;
        this.queue = queue;
    }

    void requestStop() {
        stop = true;
    }

    @Override
    public void run() {
        ch.sqlRunning = true;
        ch.sqlError(0, "");
        try (Connection c = host.engineConnection()) {
            c.setAutoCommit(false);
            RowCapture capture = RowCapture.register(c, host.gtids());
            try (PreparedStatement gtidInsert = c.prepareStatement(GtidState.INSERT_SQL)) {
                BinlogApplier rows = new BinlogApplier(host.tableSchemas(), (conn, db, sql) -> host.executeDdl(conn, db, sql));
                loop(c, capture, gtidInsert, rows);
            } finally {
                capture.unregister();
            }
        } catch (SQLException e) {
            ch.sqlError(1105, "Replica applier could not start: " + e.getMessage());
            log.warn("Replica applier of channel '{}' failed to start", ch.name(), e);
        } finally {
            ch.sqlRunning = false;
            ch.sqlStage = "";
        }
    }

    private void loop(Connection c, RowCapture capture, PreparedStatement gtidInsert, BinlogApplier rows) {
        while (!stop) {
            ReceivedTransaction t;
            try {
                t = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t == null) {
                ch.caughtUp = true;
                ch.sqlStage = "Replica has read all relay log; waiting for more updates";
                continue;
            }
            ch.caughtUp = false;
            ch.sqlStage = "Reading event from the relay log";
            ReplicationStatements.Until until = ch.until;
            if (until.kind() == ReplicationStatements.UntilKind.SQL_BEFORE_GTIDS && t.gtid() != null
                    && GtidSet.parse(until.gtids()).contains(t.gtid())) {
                queue.offerFirst(t);
                return;
            }
            if (!delay(t)) {
                queue.offerFirst(t);
                return;
            }
            long startMicros = System.currentTimeMillis() * 1000;
            try {
                apply(c, capture, gtidInsert, rows, t);
            } catch (SQLException raw) {
                SQLException e = raw instanceof BinlogApplier.RowNotFoundException ? raw : host.mysqlError(raw, null);
                capture.clear();
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the error below is what matters
                }
                if (t.gtid() != null) host.gtids().released(t.gtid());
                // Kept for the next START REPLICA, as MySQL keeps it in the relay log.
                queue.offerFirst(t);
                ch.sqlError(e.getErrorCode() == 0 ? 1105 : e.getErrorCode(), describe(t, e));
                log.warn("Replica channel '{}' applier stopped: {}", ch.name(), ch.lastSqlError);
                return;
            }
            ch.lastAppliedOriginalCommitMicros = t.originalCommitMicros();
            ch.lastAppliedImmediateCommitMicros = t.immediateCommitMicros();
            ch.lastAppliedStartMicros = startMicros;
            ch.lastAppliedEndMicros = System.currentTimeMillis() * 1000;
            ch.lastAppliedGtid = t.gtid() == null ? "" : t.gtid().toString();
            ch.relaySourceLogFile = t.sourceFile();
            ch.execSourceLogPos = t.endPosition();
            ch.relayLogFile = t.relayFile();
            ch.relayLogPos = t.relayEnd();
            if (until.kind() == ReplicationStatements.UntilKind.SQL_AFTER_GTIDS
                    && host.gtids().executed().containsAll(GtidSet.parse(until.gtids()))) {
                return;
            }
            if (until.kind() == ReplicationStatements.UntilKind.SOURCE_LOG && t.sourceFile().equals(until.file())
                    && t.endPosition() >= until.pos()) {
                return;
            }
        }
    }

    /** SOURCE_DELAY: wait until the transaction is that old; false if stopped meanwhile. */
    private boolean delay(ReceivedTransaction t) {
        long delay = ch.config().delay();
        if (delay <= 0 || t.originalCommitMicros() == 0) return true;
        long due = t.originalCommitMicros() / 1000 + delay * 1000;
        ch.sqlStage = "Waiting until SOURCE_DELAY seconds after source executed event";
        while (!stop && System.currentTimeMillis() < due) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, due - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stop;
    }

    private void apply(Connection c, RowCapture capture, PreparedStatement gtidInsert, BinlogApplier rows,
                       ReceivedTransaction t) throws SQLException {
        Gtid g = t.gtid();
        GtidState gtids = host.gtids();
        if (g != null && !gtids.own(g)) {
            // Already executed here (or in flight elsewhere): skip it, as auto-positioning does.
            recordPosition(c, t);
            c.commit();
            return;
        }
        BinaryLog binlog = host.binlog();
        BinaryLog.Origin origin = new BinaryLog.Origin(t.originServerId(), t.originalCommitMicros(),
                t.originalServerVersion());
        QueryEventData ddl = t.ddl();
        String db = null;
        if (ddl != null) {
            db = ddl.database().isEmpty() ? null : ddl.database();
            ch.sqlStage = "Applying DDL";
            rows.invalidate();
            host.executeDdl(c, db, ddl.sql());
            host.ddlApplied();
            binlog.commitDdl(c, ddl.sql(), new BinaryLog.TxContext(0, db, g, gtidInsert, origin));
            recordPosition(c, t);
            c.commit();
            return;
        }
        ch.sqlStage = "Applying batch of row changes";
        capture.statementStart();
        rows.applyRows(c, t.asApplierTransaction());
        recordPosition(c, t);
        if (binlog != null) {
            binlog.commit(c, capture.changes(), new BinaryLog.TxContext(0, db, g, gtidInsert, origin));
        } else {
            if (g != null) {
                GtidState.bindRow(gtidInsert, g);
                gtidInsert.executeUpdate();
            }
            c.commit();
            if (g != null) gtids.committed(g);
        }
        capture.clear();
    }

    private void recordPosition(Connection c, ReceivedTransaction t) throws SQLException {
        if (!t.sourceFile().isEmpty()) ChannelStore.recordApplied(c, ch.name(), t.sourceFile(), t.endPosition());
    }

    /** Last_SQL_Error as a single-threaded MySQL applier words it. */
    private static String describe(ReceivedTransaction t, SQLException e) {
        String at = "the event's source log " + t.sourceFile() + ", end_log_pos " + t.endPosition();
        QueryEventData ddl = t.ddl();
        if (ddl != null) {
            return "Error '" + e.getMessage() + "' on query. Default database: '" + ddl.database() + "'. Query: '"
                    + ddl.sql() + "'";
        }
        String kind = "Write_rows";
        String table = "?";
        for (BinlogEvent ev : t.events()) {
            if (ev.data() instanceof TableMapEventData m) table = m.database() + "." + m.table();
            if (ev.data() instanceof UpdateRowsEventData) kind = "Update_rows";
            if (ev.data() instanceof DeleteRowsEventData) kind = "Delete_rows";
            if (ev.data() instanceof WriteRowsEventData) kind = "Write_rows";
        }
        if (e instanceof BinlogApplier.RowNotFoundException nf) {
            return "Could not execute " + nf.kind + " event on table " + nf.database + "." + nf.table + "; Can't find record in '"
                    + nf.table + "', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND; " + at;
        }
        if (e.getErrorCode() == 1062) {
            return "Could not execute " + kind + " event on table " + table + "; " + e.getMessage()
                    + ", Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; " + at;
        }
        if (e.getErrorCode() == 1146) return "Error executing row event: '" + e.getMessage() + "'";
        return "Could not execute " + kind + " event on table " + table + "; " + e.getMessage() + ", Error_code: "
                + e.getErrorCode() + "; " + at;
    }
}
