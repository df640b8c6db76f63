package dev.mitosis.server;

import dev.mitosis.server.VariableDef.Scope;
import dev.mitosis.server.VariableDef.Type;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The system variables Mitosis knows, with MySQL 8.4's names, scopes and defaults. */
public final class VariableCatalog {
    private static final Map<String, VariableDef> DEFS = new TreeMap<>();

    static final String SQL_MODES = "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ONLY_FULL_GROUP_BY,"
            + "NO_UNSIGNED_SUBTRACTION,NO_DIR_IN_CREATE,ANSI,NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES,"
            + "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ALLOW_INVALID_DATES,"
            + "ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,HIGH_NOT_PRECEDENCE,NO_ENGINE_SUBSTITUTION,"
            + "PAD_CHAR_TO_FULL_LENGTH,TIME_TRUNCATE_FRACTIONAL";

    private VariableCatalog() {}

    private static void def(String name, Scope scope, Type type, String dflt, boolean readOnly, String... allowed) {
        DEFS.put(name, new VariableDef(name, scope, type, dflt, readOnly, allowed));
    }

    private static void bool(String name, Scope scope, boolean dflt) {
        def(name, scope, Type.BOOL, dflt ? "ON" : "OFF", false);
    }

    private static void integer(String name, Scope scope, long dflt) {
        def(name, scope, Type.INT, Long.toString(dflt), false);
    }

    private static void str(String name, Scope scope, String dflt) {
        def(name, scope, Type.STRING, dflt, false);
    }

    /** Read-only: set only by options at start-up (or by the server itself). */
    private static void fixed(String name, Type type, String dflt) {
        def(name, Scope.GLOBAL, type, dflt, true);
    }

    static {
        Scope G = Scope.GLOBAL, S = Scope.SESSION, B = Scope.BOTH;
        integer("auto_increment_increment", B, 1);
        integer("auto_increment_offset", B, 1);
        bool("autocommit", B, true);
        fixed("basedir", Type.STRING, "/usr/");
        // NULL: the server reads and writes no files for LOAD DATA INFILE (not LOCAL); a directory: only there.
        fixed("secure_file_priv", Type.STRING, null);
        integer("big_tables", B, 0);
        fixed("bind_address", Type.STRING, "*");
        integer("binlog_expire_logs_seconds", G, 2592000);
        def("binlog_checksum", G, Type.ENUM, "CRC32", false, "NONE", "CRC32");
        def("binlog_format", B, Type.ENUM, "ROW", false, "ROW", "STATEMENT", "MIXED");
        def("binlog_row_image", B, Type.ENUM, "FULL", false, "FULL", "MINIMAL", "NOBLOB");
        integer("binlog_cache_size", G, 32768);
        for (String cs : new String[] {"character_set_client", "character_set_connection",
                "character_set_database", "character_set_results", "character_set_server"}) {
            str(cs, B, "utf8mb4");
        }
        fixed("character_set_system", Type.STRING, "utf8mb3");
        str("character_set_filesystem", B, "binary");
        fixed("character_sets_dir", Type.STRING, "/usr/share/mysql/charsets/");
        for (String c : new String[] {"collation_connection", "collation_database", "collation_server"}) {
            str(c, B, "utf8mb4_0900_ai_ci");
        }
        integer("connect_timeout", G, 10);
        fixed("datadir", Type.STRING, "");
        str("default_collation_for_utf8mb4", B, "utf8mb4_0900_ai_ci");
        str("default_storage_engine", B, "InnoDB");
        str("default_tmp_storage_engine", B, "InnoDB");
        integer("default_week_format", B, 0);
        integer("div_precision_increment", B, 4);
        def("enforce_gtid_consistency", G, Type.ENUM, "ON", false, "OFF", "ON", "WARN");
        integer("eq_range_index_dive_limit", B, 200);
        integer("error_count", S, 0);
        bool("explicit_defaults_for_timestamp", B, true);
        bool("foreign_key_checks", B, true);
        integer("group_concat_max_len", B, 1024);
        def("gtid_mode", G, Type.ENUM, "ON", false, "OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "ON");
        str("gtid_next", S, "AUTOMATIC");
        fixed("gtid_executed", Type.STRING, "");
        str("gtid_purged", G, "");
        fixed("have_ssl", Type.STRING, "DISABLED");
        fixed("have_openssl", Type.STRING, "DISABLED");
        fixed("hostname", Type.STRING, "localhost");
        integer("identity", S, 0);
        str("init_connect", G, "");
        integer("innodb_lock_wait_timeout", B, 50);
        // InnoDB's settings as MySQL 8.4 reports them by default: tools read them; H2 has no equivalent.
        integer("innodb_buffer_pool_size", G, 134217728);
        fixed("innodb_buffer_pool_instances", Type.INT, "1");
        integer("innodb_flush_log_at_trx_commit", G, 1);
        def("innodb_flush_method", G, Type.STRING, "O_DIRECT", true);
        integer("innodb_redo_log_capacity", G, 104857600);
        fixed("innodb_log_file_size", Type.INT, "50331648");
        bool("innodb_file_per_table", G, true);
        integer("innodb_io_capacity", G, 10000);
        fixed("innodb_page_size", Type.INT, "16384");
        fixed("innodb_read_only", Type.BOOL, "OFF");
        fixed("innodb_autoinc_lock_mode", Type.INT, "2");
        bool("innodb_strict_mode", B, true);
        str("innodb_default_row_format", G, "dynamic");
        integer("innodb_thread_concurrency", G, 0);
        fixed("innodb_version", Type.STRING, Instance.VERSION.replace("-mitosis", ""));
        integer("sort_buffer_size", B, 262144);
        integer("join_buffer_size", B, 262144);
        integer("read_buffer_size", B, 131072);
        integer("max_user_connections", G, 0);
        fixed("open_files_limit", Type.INT, "10000");
        bool("slow_query_log", G, false);
        bool("general_log", G, false);
        def("log_timestamps", G, Type.ENUM, "UTC", false, "UTC", "SYSTEM");
        integer("insert_id", S, 0);
        integer("interactive_timeout", B, 28800);
        integer("last_insert_id", S, 0);
        fixed("license", Type.STRING, "GPL");
        integer("lock_wait_timeout", B, 31536000);
        bool("local_infile", G, false);
        fixed("log_bin", Type.BOOL, "ON");
        fixed("log_bin_basename", Type.STRING, "");
        fixed("log_bin_index", Type.STRING, "");
        fixed("log_error", Type.STRING, "stderr");
        fixed("log_replica_updates", Type.BOOL, "ON");
        fixed("log_slave_updates", Type.BOOL, "ON");
        integer("long_query_time", B, 10);
        fixed("lower_case_table_names", Type.INT, "0");
        integer("max_allowed_packet", B, 67108864);
        integer("max_binlog_size", G, 1073741824);
        integer("max_connections", G, 151);
        integer("max_execution_time", B, 0);
        integer("max_heap_table_size", B, 16777216);
        integer("net_buffer_length", B, 16384);
        integer("net_read_timeout", B, 30);
        integer("net_retry_count", B, 10);
        integer("net_write_timeout", B, 60);
        fixed("performance_schema", Type.BOOL, "ON");
        fixed("pid_file", Type.STRING, "");
        fixed("plugin_dir", Type.STRING, "/usr/lib/mysql/plugin/");
        fixed("port", Type.INT, "3306");
        fixed("protocol_version", Type.INT, "10");
        bool("read_only", G, false);
        fixed("report_host", Type.STRING, "");
        fixed("report_port", Type.INT, "3306");
        bool("require_secure_transport", G, false);
        integer("server_id", G, 1);
        fixed("server_uuid", Type.STRING, "");
        fixed("skip_name_resolve", Type.BOOL, "OFF");
        fixed("skip_networking", Type.BOOL, "OFF");
        fixed("skip_replica_start", Type.BOOL, "OFF");
        fixed("skip_slave_start", Type.BOOL, "OFF");
        // The parallel applier (read at START REPLICA, as MySQL does).
        integer("replica_parallel_workers", G, 4);
        def("replica_parallel_type", G, Type.ENUM, "LOGICAL_CLOCK", false, "DATABASE", "LOGICAL_CLOCK");
        bool("replica_preserve_commit_order", G, true);
        integer("replica_transaction_retries", G, 10);
        integer("replica_pending_jobs_size_max", G, 134217728);
        integer("replica_net_timeout", G, 60);
        fixed("relay_log_recovery", Type.BOOL, "ON");
        fixed("socket", Type.STRING, "/tmp/mysql.sock");
        bool("sql_auto_is_null", B, false);
        bool("sql_big_selects", B, true);
        bool("sql_log_bin", S, true);
        def("sql_mode", B, Type.SET,
                "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
                false, SQL_MODES.split(","));
        bool("sql_notes", B, true);
        bool("sql_quote_show_create", B, true);
        bool("sql_safe_updates", B, false);
        str("sql_select_limit", B, "18446744073709551615");
        bool("sql_warnings", B, false);
        bool("super_read_only", G, false);
        integer("sync_binlog", G, 1);
        integer("sync_relay_log", G, 10000);
        fixed("system_time_zone", Type.STRING, "UTC");
        integer("table_open_cache", G, 4000);
        integer("thread_cache_size", G, 9);
        integer("thread_stack", G, 1048576);
        str("time_zone", B, "SYSTEM");
        str("timestamp", S, "0");
        // Settable at run time; they take effect at ALTER INSTANCE RELOAD TLS.
        str("tls_version", G, "TLSv1.2,TLSv1.3");
        str("ssl_ca", G, "");
        str("ssl_cert", G, "");
        str("ssl_key", G, "");
        fixed("auto_generate_certs", Type.BOOL, "ON");
        integer("tmp_table_size", B, 16777216);
        fixed("tmpdir", Type.STRING, "/tmp");
        def("transaction_isolation", B, Type.ENUM, "REPEATABLE-READ", false,
                "READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE");
        bool("transaction_read_only", B, false);
        bool("unique_checks", B, true);
        fixed("version", Type.STRING, "");
        fixed("version_comment", Type.STRING, "Mitosis (MySQL-compatible, embedded H2)");
        fixed("version_compile_machine", Type.STRING, "x86_64");
        fixed("version_compile_os", Type.STRING, "Linux");
        fixed("version_compile_zlib", Type.STRING, "1.3.1");
        integer("wait_timeout", B, 28800);
        integer("warning_count", S, 0);
    }

    /** Inclusive bounds of integer variables; SET clamps to them with warning 1292, as MySQL does. */
    private static final Map<String, long[]> RANGES = new TreeMap<>();

    private static void range(String name, long min, long max) {
        RANGES.put(name, new long[] {min, max});
    }

    static {
        Scope G = Scope.GLOBAL;
        // The clone plugin's variables (reference/clone.md section 5) and ours.
        bool("clone_autotune_concurrency", G, true);
        bool("clone_block_ddl", G, false);
        integer("clone_buffer_size", G, 4194304);
        range("clone_buffer_size", 1048576, 268435456);
        integer("clone_ddl_timeout", G, 300);
        range("clone_ddl_timeout", 0, 2592000);
        integer("clone_delay_after_data_drop", G, 0);
        range("clone_delay_after_data_drop", 0, 3600);
        integer("clone_donor_timeout_after_network_failure", G, 5);
        range("clone_donor_timeout_after_network_failure", 0, 30);
        bool("clone_enable_compression", G, false);
        integer("clone_max_concurrency", G, 16);
        range("clone_max_concurrency", 1, 128);
        integer("clone_max_data_bandwidth", G, 0);
        range("clone_max_data_bandwidth", 0, 1048576);
        integer("clone_max_network_bandwidth", G, 0);
        range("clone_max_network_bandwidth", 0, 1048576);
        str("clone_ssl_ca", G, "");
        str("clone_ssl_cert", G, "");
        str("clone_ssl_key", G, "");
        str("clone_valid_donor_list", G, "");
        // Mitosis: how long a donor keeps the binary logs a clone it served needs (0 = off).
        integer("clone_donor_binlog_retention_seconds", G, 3600);
        range("clone_donor_binlog_retention_seconds", 0, 31536000);
        // Mitosis: the share of its commit rate before a clone that a donor keeps while serving it (0 = off).
        integer("clone_donor_min_commit_rate_pct", G, 80);
        range("clone_donor_min_commit_rate_pct", 0, 100);
        range("replica_parallel_workers", 0, 1024);
        range("replica_transaction_retries", 0, 4294967295L);
        range("max_connections", 1, 100000);
        range("max_allowed_packet", 1024, 1073741824);
        range("wait_timeout", 1, 31536000);
        range("interactive_timeout", 1, 31536000);
    }

    /** The bounds of an integer variable, or null. */
    static long[] range(String name) {
        return RANGES.get(name);
    }

    public static VariableDef find(String name) {
        return DEFS.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public static Map<String, VariableDef> all() {
        return Collections.unmodifiableMap(DEFS);
    }

    /** Variables whose value the session computes (not stored in any map). */
    static boolean isComputedSessionValue(String name) {
        return switch (name) {
            case "warning_count", "error_count", "last_insert_id", "identity", "timestamp", "autocommit",
                    "gtid_executed" -> true;
            default -> false;
        };
    }
}
