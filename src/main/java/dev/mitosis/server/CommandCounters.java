package dev.mitosis.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * MySQL's Com_xxx status counters: how many statements of each kind the server was sent. Every
 * counter is listed, counted or not, as MySQL lists them; statements are classified by their
 * leading words.
 */
final class CommandCounters {
    private static final String[] NAMES = {
        "admin_commands", "alter_db", "alter_table", "alter_user", "analyze", "begin", "change_db",
        "change_replication_source", "check", "checksum", "clone", "commit", "create_db", "create_index",
        "create_table", "create_user", "create_view", "delete", "do", "drop_db", "drop_index", "drop_table",
        "drop_user", "drop_view", "flush", "grant", "insert", "install_plugin", "kill", "lock_instance",
        "lock_tables", "optimize", "purge", "release_savepoint", "rename_table", "rename_user", "replace",
        "replica_start", "replica_stop", "reset", "revoke", "rollback", "rollback_to_savepoint", "savepoint",
        "select", "set_option", "set_password", "show_binary_log_status", "show_binlog_events", "show_binlogs",
        "show_create_db", "show_create_table", "show_create_user", "show_databases", "show_engine_status",
        "show_errors", "show_fields", "show_grants", "show_keys", "show_plugins", "show_processlist",
        "show_replica_status", "show_replicas", "show_status", "show_table_status", "show_tables",
        "show_variables", "show_warnings", "shutdown", "truncate", "uninstall_plugin", "unlock_instance",
        "unlock_tables", "update",
    };
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    CommandCounters() {
        for (String n : NAMES) counts.put(n, new LongAdder());
    }

    /** Counts a statement by its first three words (upper case, as SqlFront.leadingWords gives them). */
    void count(String[] w) {
        String key = key(w);
        LongAdder a = key == null ? null : counts.get(key);
        if (a != null) a.increment();
    }

    /** Com_xxx name to count, by name. */
    Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put("Com_" + k, Long.toString(v.sum())));
        return m;
    }

    private static String key(String[] w) {
        String first = w[0];
        String second = w.length > 1 ? w[1] : "";
        String third = w.length > 2 ? w[2] : "";
        return switch (first) {
            case "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT", "SAVEPOINT", "GRANT", "REVOKE",
                 "TRUNCATE", "FLUSH", "KILL", "ANALYZE", "OPTIMIZE", "CHECK", "CHECKSUM", "PURGE", "RESET", "CLONE",
                 "BEGIN", "DO", "SHUTDOWN" -> first.toLowerCase(java.util.Locale.ROOT);
            case "ROLLBACK" -> second.equals("TO") ? "rollback_to_savepoint" : "rollback";
            case "RELEASE" -> "release_savepoint";
            case "USE" -> "change_db";
            case "SET" -> second.equals("PASSWORD") ? "set_password" : "set_option";
            case "START" -> second.equals("TRANSACTION") ? "begin" : "replica_start";
            case "STOP" -> "replica_stop";
            case "CHANGE" -> "change_replication_source";
            case "LOCK" -> second.equals("INSTANCE") ? "lock_instance" : "lock_tables";
            case "UNLOCK" -> second.equals("INSTANCE") ? "unlock_instance" : "unlock_tables";
            case "INSTALL" -> "install_plugin";
            case "UNINSTALL" -> "uninstall_plugin";
            case "CREATE", "DROP", "ALTER", "RENAME" -> {
                String object = switch (second) {
                    case "DATABASE", "SCHEMA" -> "db";
                    case "TABLE", "TEMPORARY" -> "table";
                    case "INDEX", "UNIQUE" -> "index";
                    case "VIEW" -> "view";
                    case "USER" -> "user";
                    default -> second.equals("OR") ? "view" : null;
                };
                yield object == null ? null : first.toLowerCase(java.util.Locale.ROOT) + "_" + object;
            }
            case "SHOW" -> show(second, third);
            default -> null;
        };
    }

    private static String show(String second, String third) {
        return switch (second) {
            case "DATABASES", "SCHEMAS" -> "show_databases";
            case "TABLES" -> "show_tables";
            case "VARIABLES" -> "show_variables";
            case "STATUS" -> "show_status";
            case "PROCESSLIST" -> "show_processlist";
            case "WARNINGS" -> "show_warnings";
            case "ERRORS" -> "show_errors";
            case "GRANTS" -> "show_grants";
            case "PLUGINS" -> "show_plugins";
            case "REPLICAS" -> "show_replicas";
            case "COLUMNS", "FIELDS" -> "show_fields";
            case "INDEX", "INDEXES", "KEYS" -> "show_keys";
            case "ENGINE" -> "show_engine_status";
            case "TABLE" -> "show_table_status";
            case "FULL", "GLOBAL", "SESSION", "LOCAL" -> show(third, "");
            case "CREATE" -> switch (third) {
                case "TABLE", "VIEW" -> "show_create_table";
                case "DATABASE", "SCHEMA" -> "show_create_db";
                case "USER" -> "show_create_user";
                default -> null;
            };
            case "REPLICA", "SLAVE" -> third.equals("HOSTS") ? "show_replicas" : "show_replica_status";
            case "BINARY", "MASTER" -> third.equals("LOGS") ? "show_binlogs" : "show_binary_log_status";
            case "BINLOG" -> "show_binlog_events";
            default -> null;
        };
    }
}
