package dev.mitosis.replication;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Rows of performance_schema's replication tables, one per configured channel. */
public final class ReplicaTables {
    private ReplicaTables() {}

    /** A column: name and JDBC type. */
    public record Col(String name, int type) {}

    private static Col s(String n) { return new Col(n, Types.VARCHAR); }
    private static Col n(String n) { return new Col(n, Types.BIGINT); }

    public static final List<Col> CONNECTION_CONFIGURATION = List.of(s("channel_name"), s("host"), n("port"), s("user"),
            s("network_interface"), s("auto_position"), s("ssl_allowed"), s("ssl_ca_file"), s("ssl_ca_path"),
            s("ssl_certificate"), s("ssl_cipher"), s("ssl_key"), s("ssl_verify_server_certificate"), s("ssl_crl_file"),
            s("ssl_crl_path"), n("connection_retry_interval"), n("connection_retry_count"), s("heartbeat_interval"),
            s("tls_version"), s("public_key_path"), s("get_public_key"), s("network_namespace"),
            s("compression_algorithm"), n("zstd_compression_level"), s("tls_ciphersuites"),
            s("source_connection_auto_failover"), s("gtid_only"));

    public static final List<Col> CONNECTION_STATUS = List.of(s("channel_name"), s("group_name"), s("source_uuid"),
            n("thread_id"), s("service_state"), n("count_received_heartbeats"), s("last_heartbeat_timestamp"),
            s("received_transaction_set"), n("last_error_number"), s("last_error_message"), s("last_error_timestamp"),
            s("last_queued_transaction"), s("last_queued_transaction_original_commit_timestamp"),
            s("last_queued_transaction_immediate_commit_timestamp"), s("last_queued_transaction_start_queue_timestamp"),
            s("last_queued_transaction_end_queue_timestamp"), s("queueing_transaction"),
            s("queueing_transaction_original_commit_timestamp"), s("queueing_transaction_immediate_commit_timestamp"),
            s("queueing_transaction_start_queue_timestamp"));

    public static final List<Col> APPLIER_STATUS = List.of(s("channel_name"), s("service_state"), n("remaining_delay"),
            n("count_transactions_retries"));

    public static final List<Col> APPLIER_STATUS_BY_WORKER = List.of(s("channel_name"), n("worker_id"), n("thread_id"),
            s("service_state"), n("last_error_number"), s("last_error_message"), s("last_error_timestamp"),
            s("last_applied_transaction"), s("last_applied_transaction_original_commit_timestamp"),
            s("last_applied_transaction_immediate_commit_timestamp"), s("last_applied_transaction_start_apply_timestamp"),
            s("last_applied_transaction_end_apply_timestamp"), s("applying_transaction"),
            s("applying_transaction_original_commit_timestamp"), s("applying_transaction_immediate_commit_timestamp"),
            s("applying_transaction_start_apply_timestamp"), n("last_applied_transaction_retries_count"),
            n("last_applied_transaction_last_transient_error_number"),
            s("last_applied_transaction_last_transient_error_message"),
            s("last_applied_transaction_last_transient_error_timestamp"), n("applying_transaction_retries_count"),
            n("applying_transaction_last_transient_error_number"), s("applying_transaction_last_transient_error_message"),
            s("applying_transaction_last_transient_error_timestamp"));

    public static final List<Col> APPLIER_CONFIGURATION = List.of(s("channel_name"), n("desired_delay"),
            s("privilege_checks_user"), s("require_row_format"), s("require_table_primary_key_check"),
            s("assign_gtids_to_anonymous_transactions_type"), s("assign_gtids_to_anonymous_transactions_value"));

    public static final List<Col> APPLIER_STATUS_BY_COORDINATOR = List.of(s("channel_name"), n("thread_id"),
            s("service_state"), n("last_error_number"), s("last_error_message"), s("last_error_timestamp"),
            s("last_processed_transaction"), s("last_processed_transaction_original_commit_timestamp"),
            s("last_processed_transaction_immediate_commit_timestamp"),
            s("last_processed_transaction_start_buffer_timestamp"), s("last_processed_transaction_end_buffer_timestamp"),
            s("processing_transaction"), s("processing_transaction_original_commit_timestamp"),
            s("processing_transaction_immediate_commit_timestamp"), s("processing_transaction_start_buffer_timestamp"));

    private static final String NEVER = "0000-00-00 00:00:00.000000";
    private static final java.time.format.DateTimeFormatter MICROS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** A timestamp in microseconds as performance_schema prints it; "never" for 0. */
    static String micros(long us) {
        if (us <= 0) return NEVER;
        return java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000),
                java.time.ZoneId.systemDefault()).format(MICROS);
    }

    public static List<Object[]> connectionConfiguration(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured()) continue;
            ChannelConfig c = ch.config();
            rows.add(new Object[] {c.channel(), c.host(), (long) c.port(), c.user(), c.bind(),
                    c.autoPosition() ? "1" : "0", c.get(SourceOption.SOURCE_SSL).equals("1") ? "YES" : "NO",
                    c.get(SourceOption.SOURCE_SSL_CA), c.get(SourceOption.SOURCE_SSL_CAPATH),
                    c.get(SourceOption.SOURCE_SSL_CERT), c.get(SourceOption.SOURCE_SSL_CIPHER),
                    c.get(SourceOption.SOURCE_SSL_KEY), c.get(SourceOption.SOURCE_SSL_VERIFY_SERVER_CERT).equals("1") ? "YES" : "NO",
                    c.get(SourceOption.SOURCE_SSL_CRL), c.get(SourceOption.SOURCE_SSL_CRLPATH), (long) c.connectRetry(),
                    c.retryCount(), c.get(SourceOption.SOURCE_HEARTBEAT_PERIOD), c.get(SourceOption.SOURCE_TLS_VERSION),
                    c.get(SourceOption.SOURCE_PUBLIC_KEY_PATH), c.getPublicKey() ? "YES" : "NO",
                    c.get(SourceOption.NETWORK_NAMESPACE), c.get(SourceOption.SOURCE_COMPRESSION_ALGORITHMS),
                    Long.parseLong(c.get(SourceOption.SOURCE_ZSTD_COMPRESSION_LEVEL)), c.get(SourceOption.SOURCE_TLS_CIPHERSUITES),
                    c.get(SourceOption.SOURCE_CONNECTION_AUTO_FAILOVER), c.get(SourceOption.GTID_ONLY)});
        }
        return rows;
    }

    public static List<Object[]> connectionStatus(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured()) continue;
            String state = switch (ch.io) {
                case YES -> "ON";
                case CONNECTING -> "CONNECTING";
                case NO -> "OFF";
            };
            rows.add(new Object[] {ch.name(), "", ch.sourceUuid, null, state, ch.receivedHeartbeats, NEVER,
                    ch.retrieved.toString(), (long) ch.lastIoErrno, ch.lastIoError, ch.lastIoErrorTime.isEmpty() ? NEVER : ch.lastIoErrorTime,
                    "", NEVER, NEVER, NEVER, NEVER, "", NEVER, NEVER, NEVER});
        }
        return rows;
    }

    public static List<Object[]> applierConfiguration(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured()) continue;
            rows.add(new Object[] {ch.name(), ch.config().delay(), null, "NO", "STREAM", "OFF", null});
        }
        return rows;
    }

    public static List<Object[]> applierStatus(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured()) continue;
            rows.add(new Object[] {ch.name(), ch.sqlRunning ? "ON" : "OFF", null, ch.transactionRetries});
        }
        return rows;
    }

    public static List<Object[]> applierStatusByWorker(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured()) continue;
            for (WorkerStatus w : ch.workers) {
                boolean applying = !w.applyingGtid.isEmpty();
                rows.add(new Object[] {ch.name(), (long) w.id, null, w.running ? "ON" : "OFF", (long) w.lastErrno,
                        w.lastError, micros(w.lastErrorMicros), w.lastAppliedGtid,
                        micros(w.lastAppliedOriginalCommitMicros), micros(w.lastAppliedImmediateCommitMicros),
                        micros(w.lastAppliedStartMicros), micros(w.lastAppliedEndMicros), w.applyingGtid,
                        micros(applying ? w.applyingOriginalCommitMicros : 0), micros(applying ? w.applyingImmediateCommitMicros : 0),
                        micros(applying ? w.applyingStartMicros : 0), w.lastAppliedRetries, (long) w.lastTransientErrno,
                        w.lastTransientError, micros(w.lastTransientErrorMicros), applying ? w.applyingRetries : 0L, 0L, "",
                        NEVER});
            }
        }
        return rows;
    }

    public static List<Object[]> applierStatusByCoordinator(ReplicaChannels replicas) {
        List<Object[]> rows = new ArrayList<>();
        for (Channel ch : replicas.channels()) {
            if (!ch.config().isConfigured() || ch.workers.isEmpty() || ch.workers.get(0).id == 0) continue;
            rows.add(new Object[] {ch.name(), null, ch.sqlRunning ? "ON" : "OFF", (long) ch.lastSqlErrno, ch.lastSqlError,
                    ch.lastSqlErrno == 0 ? NEVER : micros(ch.workers.stream().mapToLong(w -> w.lastErrorMicros).max().orElse(0)),
                    ch.lastAppliedGtid,
                    micros(ch.lastAppliedOriginalCommitMicros), micros(ch.lastAppliedImmediateCommitMicros),
                    micros(ch.lastAppliedStartMicros), micros(ch.lastAppliedEndMicros), "", NEVER, NEVER, NEVER});
        }
        return rows;
    }
}
