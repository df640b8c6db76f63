package dev.mitosis.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MySQL's static privileges, in the order SHOW GRANTS lists them, with the mysql.user / mysql.db
 * column that stores each and the levels it can be granted at. Sets of them are bit masks.
 */
public enum Privilege {
    SELECT("SELECT", "select_priv", Level.TABLE, "Select"),
    INSERT("INSERT", "insert_priv", Level.TABLE, "Insert"),
    UPDATE("UPDATE", "update_priv", Level.TABLE, "Update"),
    DELETE("DELETE", "delete_priv", Level.TABLE, "Delete"),
    CREATE("CREATE", "create_priv", Level.TABLE, "Create"),
    DROP("DROP", "drop_priv", Level.TABLE, "Drop"),
    RELOAD("RELOAD", "reload_priv", Level.GLOBAL, null),
    SHUTDOWN("SHUTDOWN", "shutdown_priv", Level.GLOBAL, null),
    PROCESS("PROCESS", "process_priv", Level.GLOBAL, null),
    FILE("FILE", "file_priv", Level.GLOBAL, null),
    GRANT_OPTION("GRANT OPTION", "grant_priv", Level.TABLE, "Grant"),
    REFERENCES("REFERENCES", "references_priv", Level.TABLE, "References"),
    INDEX("INDEX", "index_priv", Level.TABLE, "Index"),
    ALTER("ALTER", "alter_priv", Level.TABLE, "Alter"),
    SHOW_DATABASES("SHOW DATABASES", "show_db_priv", Level.GLOBAL, null),
    SUPER("SUPER", "super_priv", Level.GLOBAL, null),
    CREATE_TEMPORARY_TABLES("CREATE TEMPORARY TABLES", "create_tmp_table_priv", Level.DB, null),
    LOCK_TABLES("LOCK TABLES", "lock_tables_priv", Level.DB, null),
    EXECUTE("EXECUTE", "execute_priv", Level.DB, null),
    REPLICATION_SLAVE("REPLICATION SLAVE", "repl_slave_priv", Level.GLOBAL, null),
    REPLICATION_CLIENT("REPLICATION CLIENT", "repl_client_priv", Level.GLOBAL, null),
    CREATE_VIEW("CREATE VIEW", "create_view_priv", Level.TABLE, "Create View"),
    SHOW_VIEW("SHOW VIEW", "show_view_priv", Level.TABLE, "Show view"),
    CREATE_ROUTINE("CREATE ROUTINE", "create_routine_priv", Level.DB, null),
    ALTER_ROUTINE("ALTER ROUTINE", "alter_routine_priv", Level.DB, null),
    CREATE_USER("CREATE USER", "create_user_priv", Level.GLOBAL, null),
    EVENT("EVENT", "event_priv", Level.DB, null),
    TRIGGER("TRIGGER", "trigger_priv", Level.TABLE, "Trigger"),
    CREATE_TABLESPACE("CREATE TABLESPACE", "create_tablespace_priv", Level.GLOBAL, null),
    CREATE_ROLE("CREATE ROLE", "create_role_priv", Level.GLOBAL, null),
    DROP_ROLE("DROP ROLE", "drop_role_priv", Level.GLOBAL, null);

    /** The narrowest level a privilege can be granted at: GLOBAL ones only on *.*. */
    public enum Level { GLOBAL, DB, TABLE }

    /** How GRANT and SHOW GRANTS spell it. */
    public final String sqlName;
    /** Column in mysql.user (and mysql.db for DB/TABLE-level ones). */
    public final String column;
    public final Level level;
    /** Element of mysql.tables_priv.table_priv, for table-level privileges. */
    public final String tableSetName;
    public final long bit;

    Privilege(String sqlName, String column, Level level, String tableSetName) {
        this.sqlName = sqlName;
        this.column = column;
        this.level = level;
        this.tableSetName = tableSetName;
        this.bit = 1L << ordinal();
    }

    private static final Map<String, Privilege> BY_NAME = new HashMap<>();
    /** Every static privilege except GRANT OPTION, at each level: what ALL [PRIVILEGES] means there. */
    public static final long ALL_GLOBAL;
    public static final long ALL_DB;
    public static final long ALL_TABLE;
    /** Privileges that concern a database's objects: holding one of them on *.* makes every database visible. */
    public static final long DB_LEVEL;

    static {
        long g = 0, d = 0, t = 0;
        for (Privilege p : values()) {
            BY_NAME.put(p.sqlName, p);
            if (p == GRANT_OPTION) continue;
            g |= p.bit;
            if (p.level != Level.GLOBAL) d |= p.bit;
            if (p.level == Level.TABLE) t |= p.bit;
        }
        ALL_GLOBAL = g;
        ALL_DB = d;
        ALL_TABLE = t;
        DB_LEVEL = d | GRANT_OPTION.bit;
    }

    /** The privilege spelled so (words upper-cased and single-spaced), or null. */
    public static Privilege byName(String name) {
        return BY_NAME.get(name.toUpperCase(Locale.ROOT).trim().replaceAll("\\s+", " "));
    }

    public static Privilege byTableSetName(String name) {
        for (Privilege p : values()) {
            if (p.tableSetName != null && p.tableSetName.equalsIgnoreCase(name.trim())) return p;
        }
        return null;
    }

    /** The privileges in a mask, in SHOW GRANTS order, GRANT OPTION excluded. */
    public static List<Privilege> of(long mask) {
        List<Privilege> out = new ArrayList<>();
        for (Privilege p : values()) {
            if (p != GRANT_OPTION && (mask & p.bit) != 0) out.add(p);
        }
        return Collections.unmodifiableList(out);
    }

    /** The first privilege of {@code required} missing from {@code held}, or null. */
    public static Privilege firstMissing(long required, long held) {
        long missing = required & ~held;
        if (missing == 0) return null;
        return values()[Long.numberOfTrailingZeros(missing)];
    }

    /** "SELECT, INSERT" as SHOW GRANTS writes a list. */
    public static String list(long mask) {
        StringBuilder b = new StringBuilder();
        for (Privilege p : of(mask)) {
            if (b.length() > 0) b.append(", ");
            b.append(p.sqlName);
        }
        return b.toString();
    }
}
