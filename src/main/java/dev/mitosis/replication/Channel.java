package dev.mitosis.replication;

import dev.mitosis.gtid.GtidSet;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One replication channel: its configuration and the live state of its receiver (I/O) and
 * applier (SQL) threads, as SHOW REPLICA STATUS and performance_schema report them. The
 * threads update these fields; readers take them as a snapshot.
 */
public final class Channel {
    public enum IoState { NO, CONNECTING, YES }

    private static final DateTimeFormatter ERROR_TS = DateTimeFormatter.ofPattern("yyMMdd HH:mm:ss");

    private volatile ChannelConfig config;

    // Receiver
    volatile IoState io = IoState.NO;
    volatile String ioStage = "";
    volatile int lastIoErrno;
    volatile String lastIoError = "";
    volatile String lastIoErrorTime = "";
    volatile String sourceLogFile = "";
    volatile long readSourceLogPos = 4;
    volatile long sourceServerId;
    volatile String sourceUuid = "";
    volatile GtidSet retrieved = GtidSet.EMPTY;
    volatile long receivedHeartbeats;
    volatile long clockDiffSeconds;

    // Applier
    volatile boolean sqlRunning;
    volatile String sqlStage = "";
    volatile int lastSqlErrno;
    volatile String lastSqlError = "";
    volatile String lastSqlErrorTime = "";
    volatile String relaySourceLogFile = "";
    volatile long execSourceLogPos;
    volatile String relayLogFile = "";
    volatile long relayLogPos = 4;
    volatile long relayLogSpace;
    /** Original commit time (microseconds) of the last applied transaction, for the lag. */
    volatile long lastAppliedOriginalCommitMicros;
    volatile String lastAppliedGtid = "";
    volatile long lastAppliedImmediateCommitMicros;
    volatile long lastAppliedStartMicros;
    volatile long lastAppliedEndMicros;
    /** The applier's workers, as the last START REPLICA created them. */
    volatile java.util.List<WorkerStatus> workers = java.util.List.of();
    /** Transactions retried after a transient error (lock wait, deadlock, ordering). */
    volatile long transactionRetries;
    /** True while the applier has applied everything the receiver queued. */
    volatile boolean caughtUp = true;
    volatile ReplicationStatements.Until until = ReplicationStatements.Until.NONE;

    public Channel(ChannelConfig config) {
        this.config = config;
    }

    public ChannelConfig config() { return config; }
    public String name() { return config.channel(); }

    void setConfig(ChannelConfig config) {
        this.config = config;
    }

    public IoState io() { return io; }

    /** True while the applier runs or has work queued. */
    boolean sqlRunningOrQueued() {
        return sqlRunning || !caughtUp;
    }
    public boolean sqlRunning() { return sqlRunning; }
    public int lastIoErrno() { return lastIoErrno; }
    public String lastIoError() { return lastIoError; }
    public int lastSqlErrno() { return lastSqlErrno; }
    public String lastSqlError() { return lastSqlError; }
    public GtidSet retrieved() { return retrieved; }

    public void ioError(int errno, String message) {
        lastIoErrno = errno;
        lastIoError = message;
        lastIoErrorTime = errno == 0 ? "" : LocalDateTime.now().format(ERROR_TS);
    }

    public void sqlError(int errno, String message) {
        lastSqlErrno = errno;
        lastSqlError = message;
        lastSqlErrorTime = errno == 0 ? "" : LocalDateTime.now().format(ERROR_TS);
    }

    /** RESET REPLICA: positions, errors and the retrieved set go; the configuration stays. */
    void resetState() {
        ioError(0, "");
        sqlError(0, "");
        sourceLogFile = "";
        readSourceLogPos = 4;
        retrieved = GtidSet.EMPTY;
        relaySourceLogFile = "";
        execSourceLogPos = 0;
        relayLogPos = 4;
        relayLogSpace = 0;
        until = ReplicationStatements.Until.NONE;
    }

    /**
     * Seconds_Behind_Source as MySQL computes it: NULL with the applier stopped; 0 when caught
     * up with a connected receiver, NULL if not connected; else now minus the original commit
     * time of the last applied transaction, less the clock difference, floored at 0.
     */
    public Long secondsBehindSource() {
        if (!sqlRunning) return null;
        if (caughtUp) return io == IoState.YES ? 0L : null;
        if (lastAppliedOriginalCommitMicros == 0) return 0L;
        long lag = System.currentTimeMillis() / 1000 - lastAppliedOriginalCommitMicros / 1_000_000 - clockDiffSeconds;
        return Math.max(0, lag);
    }
}
