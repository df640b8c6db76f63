package dev.mitosis.replication;

/** What performance_schema.replication_applier_status_by_worker shows of one applier worker. */
final class WorkerStatus {
    final int id;
    volatile boolean running;
    volatile int lastErrno;
    volatile String lastError = "";
    volatile long lastErrorMicros;
    volatile String lastAppliedGtid = "";
    volatile long lastAppliedOriginalCommitMicros;
    volatile long lastAppliedImmediateCommitMicros;
    volatile long lastAppliedStartMicros;
    volatile long lastAppliedEndMicros;
    volatile long lastAppliedRetries;
    volatile String applyingGtid = "";
    volatile long applyingOriginalCommitMicros;
    volatile long applyingImmediateCommitMicros;
    volatile long applyingStartMicros;
    volatile long applyingRetries;
    volatile int lastTransientErrno;
    volatile String lastTransientError = "";
    volatile long lastTransientErrorMicros;

    WorkerStatus(int id) {
        this.id = id;
    }
}
