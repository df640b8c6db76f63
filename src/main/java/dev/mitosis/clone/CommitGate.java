package dev.mitosis.clone;

/**
 * Holds back engine commits: while held, no transaction commits, so the store, gtid_executed and
 * the binary log position describe one and the same point.
 */
public interface CommitGate {
    /** Blocks new commits and waits for commits in flight; close() lets them go again. */
    Hold hold();

    interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
