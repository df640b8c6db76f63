package dev.mitosis.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective privileges of one account, from an {@link Acl} snapshot: static privileges as
 * bit masks ({@link Privilege#bit}) per level, dynamic ones by name. Immutable; a session keeps
 * the one of its account until the next GRANT/REVOKE/FLUSH PRIVILEGES publishes a new snapshot.
 */
public final class AccountPrivileges {
    public static final AccountPrivileges NONE = new AccountPrivileges(0, Map.of(), List.of(), Map.of());

    /** A database-level grant: db is a pattern ('_' and '%' are wildcards unless escaped). */
    record DbGrant(String db, long mask) {}

    private final long global;
    /** dynamic privilege to grantable */
    private final Map<String, Boolean> dynamic;
    private final List<DbGrant> dbs;
    /** lower-case "db" to lower-case "table" to mask */
    private final Map<String, Map<String, Long>> tables;

    AccountPrivileges(long global, Map<String, Boolean> dynamic, List<DbGrant> dbs, Map<String, Map<String, Long>> tables) {
        this.global = global;
        this.dynamic = dynamic;
        this.dbs = dbs;
        this.tables = tables;
    }

    /** Static privileges held on *.* (GRANT OPTION included as its bit). */
    public long global() { return global; }

    public boolean hasGlobal(Privilege p) {
        return (global & p.bit) != 0;
    }

    /** All of {@code mask} on *.*. */
    public boolean hasGlobal(long mask) {
        return (global & mask) == mask;
    }

    public boolean hasDynamic(String name) {
        return dynamic.containsKey(name);
    }

    public boolean dynamicGrantable(String name) {
        return Boolean.TRUE.equals(dynamic.get(name));
    }

    Map<String, Boolean> dynamicPrivileges() { return dynamic; }
    List<DbGrant> dbGrants() { return dbs; }
    Map<String, Map<String, Long>> tableGrants() { return tables; }

    /**
     * True when the account holds at least one of the named privileges; names are static
     * privilege names ("SUPER", "REPLICATION SLAVE") or dynamic ones ("BACKUP_ADMIN").
     */
    public boolean hasAny(String... names) {
        for (String n : names) {
            Privilege p = Privilege.byName(n);
            if (p != null ? hasGlobal(p) : hasDynamic(n.toUpperCase(Locale.ROOT))) return true;
        }
        return false;
    }

    /** Privileges that apply to every table of {@code db}: global ones and matching db grants. */
    public long dbMask(String db) {
        long m = global;
        if (db == null) return m;
        for (DbGrant g : dbs) {
            if (g.db.equals(db) || HostPattern.wildcardMatch(g.db, db)) m |= g.mask;
        }
        return m;
    }

    /** Privileges that apply to one table. */
    public long tableMask(String db, String table) {
        long m = dbMask(db);
        if (db == null || tables.isEmpty()) return m;
        Map<String, Long> t = tables.get(db.toLowerCase(Locale.ROOT));
        if (t != null) {
            Long tm = t.get(table.toLowerCase(Locale.ROOT));
            if (tm != null) m |= tm;
        }
        return m;
    }

    /** Whether the database shows in SHOW DATABASES and may be USEd: any privilege on it or in it. */
    public boolean canSeeDb(String db) {
        if ((global & Privilege.DB_LEVEL) != 0 || hasGlobal(Privilege.SHOW_DATABASES)) return true;
        if (db.equalsIgnoreCase("information_schema")) return true;
        if ((dbMask(db) & Privilege.DB_LEVEL) != 0) return true;
        Map<String, Long> t = tables.get(db.toLowerCase(Locale.ROOT));
        return t != null && !t.isEmpty();
    }

    /** Whether USE db is allowed (SHOW DATABASES alone does not allow it). */
    public boolean canUseDb(String db) {
        if ((global & Privilege.DB_LEVEL) != 0 || db.equalsIgnoreCase("information_schema")) return true;
        if ((dbMask(db) & Privilege.DB_LEVEL) != 0) return true;
        Map<String, Long> t = tables.get(db.toLowerCase(Locale.ROOT));
        return t != null && !t.isEmpty();
    }

    /** Whether any privilege at all applies to the table (SHOW COLUMNS, SHOW TABLES listing). */
    public boolean canSeeTable(String db, String table) {
        return (tableMask(db, table) & Privilege.DB_LEVEL) != 0;
    }
}
