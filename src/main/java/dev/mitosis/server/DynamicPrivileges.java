package dev.mitosis.server;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dynamic privileges MySQL 8.4 registers (global level only, stored in mysql.global_grants).
 * GRANT ALL ON *.* grants every one of them; SHOW GRANTS lists them sorted, comma-separated.
 */
public final class DynamicPrivileges {
    public static final String BACKUP_ADMIN = "BACKUP_ADMIN";
    public static final String BINLOG_ADMIN = "BINLOG_ADMIN";
    public static final String CLONE_ADMIN = "CLONE_ADMIN";
    public static final String CONNECTION_ADMIN = "CONNECTION_ADMIN";
    public static final String FLUSH_PRIVILEGES = "FLUSH_PRIVILEGES";
    public static final String REPLICATION_APPLIER = "REPLICATION_APPLIER";
    public static final String REPLICATION_SLAVE_ADMIN = "REPLICATION_SLAVE_ADMIN";
    public static final String SESSION_VARIABLES_ADMIN = "SESSION_VARIABLES_ADMIN";
    public static final String SYSTEM_VARIABLES_ADMIN = "SYSTEM_VARIABLES_ADMIN";
    public static final String SYSTEM_USER = "SYSTEM_USER";

    /** Sorted, as SHOW GRANTS prints them. */
    public static final Set<String> ALL = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "ALLOW_NONEXISTENT_DEFINER", "APPLICATION_PASSWORD_ADMIN", "AUDIT_ABORT_EXEMPT", "AUDIT_ADMIN",
            "AUTHENTICATION_POLICY_ADMIN", BACKUP_ADMIN, BINLOG_ADMIN, "BINLOG_ENCRYPTION_ADMIN", CLONE_ADMIN,
            CONNECTION_ADMIN, "ENCRYPTION_KEY_ADMIN", "FIREWALL_EXEMPT", "FLUSH_OPTIMIZER_COSTS", FLUSH_PRIVILEGES,
            "FLUSH_STATUS", "FLUSH_TABLES", "FLUSH_USER_RESOURCES", "GROUP_REPLICATION_ADMIN",
            "GROUP_REPLICATION_STREAM", "INNODB_REDO_LOG_ARCHIVE", "INNODB_REDO_LOG_ENABLE", "OPTIMIZE_LOCAL_TABLE",
            "PASSWORDLESS_USER_ADMIN", "PERSIST_RO_VARIABLES_ADMIN", REPLICATION_APPLIER, REPLICATION_SLAVE_ADMIN,
            "RESOURCE_GROUP_ADMIN", "RESOURCE_GROUP_USER", "ROLE_ADMIN", "SENSITIVE_VARIABLES_OBSERVER",
            "SERVICE_CONNECTION_ADMIN", SESSION_VARIABLES_ADMIN, "SET_ANY_DEFINER", "SHOW_ROUTINE", SYSTEM_USER,
            SYSTEM_VARIABLES_ADMIN, "TABLE_ENCRYPTION_ADMIN", "TELEMETRY_LOG_ADMIN", "TRANSACTION_GTID_TAG",
            "XA_RECOVER_ADMIN")));

    private DynamicPrivileges() {}

    /** The canonical (upper-case) name if registered, else null. */
    public static String canonical(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return ALL.contains(n) ? n : null;
    }
}
