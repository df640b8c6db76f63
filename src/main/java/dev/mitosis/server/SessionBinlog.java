package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.engine.Engine;
import dev.mitosis.engine.RowCapture;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidState;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.locks.Lock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One session's side of the commit pipeline: its row capture with statement and savepoint marks,
 * gtid_next and sql_log_bin, and the commit / rollback / DDL calls into the binary log. The
 * session's engine connection never auto-commits: every commit goes through here.
 */
final class SessionBinlog {
    private static final Pattern SAVEPOINT = Pattern.compile(
            "(?is)^\\s*(SAVEPOINT|ROLLBACK\\s+(?:WORK\\s+)?TO\\s+(?:SAVEPOINT\\s+)?|RELEASE\\s+SAVEPOINT)\\s*[`\"]?([^`\"\\s;]+)[`\"]?\\s*;?\\s*$");
    private static final String GTID_NEXT_AUTOMATIC = "AUTOMATIC";

    private final Session session;
    private final Instance instance;
    private final Connection engine;
    private final RowCapture capture;
    private final PreparedStatement gtidInsert;
    /** A GTID given with SET gtid_next, owned by this session until commit or rollback. */
    private Gtid givenGtid;
    /** After a commit with a given GTID, gtid_next must be set again (ER 1837). */
    private boolean gtidNextUndefined;
    private String gtidNextText = GTID_NEXT_AUTOMATIC;
    private boolean logBin = true;

    SessionBinlog(Session session, Instance instance, Connection engine) throws SQLException {
        this.session = session;
        this.instance = instance;
        this.engine = engine;
        this.capture = RowCapture.register(engine, instance.gtids());
        this.gtidInsert = engine.prepareStatement(GtidState.INSERT_SQL);
    }

    // ---- statements

    /** Before a statement runs on the engine. */
    void statementStart(String[] words) throws MysqlException {
        if (gtidNextUndefined && needsGtid(words)) {
            throw new MysqlException(1837, "HY000", "When @@SESSION.GTID_NEXT is set to a GTID, you must explicitly set it"
                    + " to a different value after a COMMIT or ROLLBACK. Please check GTID_NEXT variable manual page for"
                    + " detailed explanation. Current @@SESSION.GTID_NEXT is '" + gtidNextText + "'.", null);
        }
        capture.statementStart();
    }

    private static boolean needsGtid(String[] w) {
        return switch (w[0]) {
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "BEGIN",
                    "START", "COMMIT", "SELECT", "CALL" -> true;
            default -> false;
        };
    }

    /** The current statement's rows that an UPDATE left as they were. */
    long unchangedRows() {
        return capture.unchangedRows();
    }

    void statementFailed() {
        capture.statementFailed();
    }

    /** The statement is run again: what its first run captured goes. */
    void statementRetried() {
        capture.statementFailed();
        capture.statementStart();
    }

    /** True if the current statement has not changed (or matched unchanged) a row so far. */
    boolean statementChangedNothing() {
        return capture.statementChangedNothing();
    }

    /** After SAVEPOINT / ROLLBACK TO / RELEASE SAVEPOINT ran on the engine. */
    void savepointStatement(String stmt) {
        Matcher m = SAVEPOINT.matcher(stmt);
        if (!m.matches()) return;
        String kind = m.group(1).toUpperCase(Locale.ROOT);
        String name = m.group(2);
        if (kind.startsWith("SAVEPOINT")) capture.savepoint(name);
        else if (kind.startsWith("ROLLBACK")) capture.rollbackToSavepoint(name);
        else capture.releaseSavepoint(name);
    }

    // ---- transaction end

    private BinaryLog.TxContext context() {
        return new BinaryLog.TxContext(session.id(), session.database(), givenGtid, gtidInsert);
    }

    /**
     * COMMIT (explicit or implicit: {@code explicit}), or the end of an autocommit statement. A
     * GTID given with gtid_next is consumed by a transaction with changes or by an explicit
     * commit (empty transaction), not by a read-only autocommit statement.
     */
    void commit(boolean explicit) throws SQLException {
        boolean consumesGiven = givenGtid != null && (explicit || !capture.isEmpty());
        try {
            BinaryLog binlog = instance.binlog();
            if (logBin && binlog != null && (!capture.isEmpty() || consumesGiven)) {
                binlog.commit(engine, capture.changes(), context());
            } else {
                commitUnlogged();
            }
        } catch (SQLException e) {
            capture.clear();
            try {
                endOutsidePipeline(false);
            } catch (SQLException ignored) {
                // the original error matters
            }
            releaseGiven();
            throw e;
        } finally {
            capture.clear();
        }
        if (consumesGiven) afterGivenGtid();
    }

    void rollback() throws SQLException {
        capture.clear();
        try {
            endOutsidePipeline(false);
        } finally {
            releaseGiven();
            afterGivenGtid();
        }
    }

    /** A DDL statement ran (and the engine committed it): log it as a QUERY event. */
    void ddl(String stmt) throws SQLException {
        capture.clear();
        BinaryLog binlog = instance.binlog();
        if (binlog != null && isTemporary(stmt)) return;
        if (binlog == null || !logBin) {
            // H2 committed the DDL itself: only a checkpoint makes it durable.
            endOutsidePipeline(true);
            checkpoint();
            return;
        }
        try {
            binlog.commitDdl(engine, stmt.trim().replaceAll(";+\\s*$", ""), context());
        } finally {
            afterGivenGtid();
        }
        try {
            dev.mitosis.engine.CaptureTrigger.ensureAll(instance.engine().system(), Binlogging.SYSTEM_SCHEMAS);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(SessionBinlog.class).warn("Adding capture triggers: {}", e.getMessage());
        }
    }

    /**
     * Commits what the binary log does not hold (sql_log_bin=0, tables without row capture such
     * as the system tables, read-only transactions). With deferred engine stores nothing would
     * redo such changes after a crash, so a checkpoint makes them durable before the client hears
     * of the commit.
     */
    void commitUnlogged() throws SQLException {
        if (endOutsidePipeline(true)) checkpoint();
    }

    /** Set when a checkpoint must follow once this thread lets go of transactionEnds. */
    private boolean checkpointDue;

    private void checkpoint() {
        if (instance.engine().transactionEnds().getReadHoldCount() > 0) {
            checkpointDue = true; // a checkpoint cannot start while this thread holds the read lock
            return;
        }
        BinaryLog binlog = instance.binlog();
        if (binlog != null) binlog.checkpoint();
    }

    /** After releasing transactionEnds: the checkpoint a commit inside asked for. */
    void checkpointIfDue() {
        if (checkpointDue) {
            checkpointDue = false;
            checkpoint();
        }
    }

    /**
     * Commits or rolls back the engine transaction outside the commit pipeline, never while a
     * checkpoint stores (see Engine.transactionEnds). True if it had changes.
     */
    private boolean endOutsidePipeline(boolean commit) throws SQLException {
        Lock ends = instance.engine().transactionEnds().readLock();
        ends.lock();
        try {
            boolean changes = Engine.hasChanges(engine);
            if (commit) engine.commit();
            else engine.rollback();
            return changes;
        } finally {
            ends.unlock();
        }
    }

    private static boolean isTemporary(String stmt) {
        String[] w = SqlScan.leadingWords(stmt, 2);
        return (w[0].equals("CREATE") || w[0].equals("DROP")) && w[1].equals("TEMPORARY");
    }

    private void releaseGiven() {
        if (givenGtid != null) instance.gtids().released(givenGtid);
    }

    private void afterGivenGtid() {
        if (givenGtid != null) {
            givenGtid = null;
            gtidNextUndefined = true;
        }
    }

    // ---- variables

    /** SET gtid_next. */
    void setGtidNext(String value, boolean inTransaction) throws MysqlException {
        String v = value.trim();
        if (givenGtid != null && inTransaction) {
            throw new MysqlException(1790, "HY000", "@@SESSION.GTID_NEXT cannot be changed by a client that owns a GTID."
                    + " The client owns " + givenGtid + ". Ownership is released on COMMIT or ROLLBACK.", null);
        }
        if (v.equalsIgnoreCase("ANONYMOUS")) {
            throw new MysqlException(1782, "HY000",
                    "@@SESSION.GTID_NEXT cannot be set to ANONYMOUS when @@GLOBAL.GTID_MODE = ON.", null);
        }
        if (givenGtid != null) {
            instance.gtids().released(givenGtid);
            givenGtid = null;
        }
        if (v.equalsIgnoreCase(GTID_NEXT_AUTOMATIC)) {
            gtidNextUndefined = false;
            gtidNextText = GTID_NEXT_AUTOMATIC;
            session.setSessionValue("gtid_next", GTID_NEXT_AUTOMATIC);
            return;
        }
        Gtid g;
        try {
            g = Gtid.parse(v);
        } catch (IllegalArgumentException e) {
            throw new MysqlException(1773, "HY000", "Malformed GTID specification '" + v + "'.", null);
        }
        gtidNextUndefined = false;
        gtidNextText = g.toString();
        session.setSessionValue("gtid_next", gtidNextText);
        if (!instance.gtids().own(g)) {
            // Already executed (or owned elsewhere): MySQL skips such a transaction. We log
            // nothing for it and leave the data untouched by committing nothing of our own.
            if (instance.gtids().executed().contains(g)) {
                skipNext = true;
                return;
            }
            throw new MysqlException(1840, "HY000", "@@SESSION.GTID_NEXT cannot be set to '" + g
                    + "' because it is owned by another client.", null);
        }
        givenGtid = g;
    }

    /** Set when gtid_next names an executed GTID: the transaction is skipped. */
    private boolean skipNext;

    boolean skipping() {
        return skipNext && !gtidNextUndefined;
    }

    void endSkip() {
        if (skipNext) {
            skipNext = false;
            gtidNextUndefined = true;
        }
    }

    /**
     * While gtid_next names an executed GTID, the transaction's statements are skipped (answered
     * with OK, nothing executed); COMMIT or ROLLBACK ends the skip. True when {@code w} is skipped.
     */
    boolean skipStatement(String[] w) {
        if (!skipping()) return false;
        switch (w[0]) {
            case "SET", "SHOW", "BEGIN", "START", "SELECT", "USE":
                return false;
            case "COMMIT", "ROLLBACK":
                endSkip();
                return false;
            default:
                if (!session.inTransaction() && session.autocommit()) endSkip();
                return true;
        }
    }

    void setLogBin(boolean on) {
        logBin = on;
        capture.setEnabled(on);
    }

    void close() {
        capture.unregister();
        releaseGiven();
        try {
            gtidInsert.close();
        } catch (SQLException ignored) {
            // connection closing
        }
    }
}
