package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.TableRefs;
import java.util.List;
import java.util.Locale;

/**
 * Privilege checks for one session, before a statement or command runs. The hot path is one
 * mask test against the session's cached global privileges: an account holding the needed
 * privileges on *.* (root) never has its statement's tables extracted.
 */
final class AccessControl {
    /** For each statement kind: every static privilege it may need on some object. */
    private static final long[] NEED = new long[StatementKind.values().length];
    /** Statement kinds that change data or definitions: refused under read_only. */
    private static final boolean[] WRITES = new boolean[StatementKind.values().length];

    static {
        need(StatementKind.SELECT, Privilege.SELECT);
        need(StatementKind.INSERT, Privilege.INSERT, Privilege.UPDATE, Privilege.SELECT);
        need(StatementKind.REPLACE, Privilege.INSERT, Privilege.DELETE, Privilege.SELECT);
        need(StatementKind.UPDATE, Privilege.UPDATE, Privilege.SELECT);
        need(StatementKind.DELETE, Privilege.DELETE, Privilege.SELECT);
        need(StatementKind.CREATE_TABLE, Privilege.CREATE, Privilege.CREATE_TEMPORARY_TABLES, Privilege.SELECT);
        need(StatementKind.ALTER_TABLE, Privilege.ALTER, Privilege.CREATE, Privilege.INSERT, Privilege.DROP);
        need(StatementKind.DROP_TABLE, Privilege.DROP);
        need(StatementKind.TRUNCATE_TABLE, Privilege.DROP);
        need(StatementKind.RENAME_TABLE, Privilege.ALTER, Privilege.DROP, Privilege.CREATE, Privilege.INSERT);
        need(StatementKind.CREATE_INDEX, Privilege.INDEX);
        need(StatementKind.DROP_INDEX, Privilege.INDEX);
        need(StatementKind.CREATE_VIEW, Privilege.CREATE_VIEW, Privilege.DROP, Privilege.SELECT);
        need(StatementKind.ALTER_VIEW, Privilege.CREATE_VIEW, Privilege.DROP, Privilege.SELECT);
        need(StatementKind.DROP_VIEW, Privilege.DROP);
        need(StatementKind.CREATE_DATABASE, Privilege.CREATE);
        need(StatementKind.DROP_DATABASE, Privilege.DROP);
        need(StatementKind.ALTER_DATABASE, Privilege.ALTER);
        need(StatementKind.TABLE_MAINTENANCE, Privilege.SELECT, Privilege.INSERT);
        for (StatementKind k : new StatementKind[] {StatementKind.INSERT, StatementKind.REPLACE, StatementKind.UPDATE,
                StatementKind.DELETE, StatementKind.CREATE_TABLE, StatementKind.ALTER_TABLE, StatementKind.DROP_TABLE,
                StatementKind.TRUNCATE_TABLE, StatementKind.RENAME_TABLE, StatementKind.CREATE_INDEX,
                StatementKind.DROP_INDEX, StatementKind.CREATE_VIEW, StatementKind.ALTER_VIEW, StatementKind.DROP_VIEW,
                StatementKind.CREATE_DATABASE, StatementKind.DROP_DATABASE, StatementKind.ALTER_DATABASE,
                StatementKind.ACCOUNT_MANAGEMENT, StatementKind.PLUGIN, StatementKind.STORED_PROGRAM}) {
            WRITES[k.ordinal()] = true;
        }
    }

    private static void need(StatementKind k, Privilege... ps) {
        for (Privilege p : ps) NEED[k.ordinal()] |= p.bit;
    }

    /** Table references by statement text: accounts without global privileges repeat the same statements. */
    private static final java.util.concurrent.ConcurrentHashMap<String, List<TableRefs.Ref>> REFS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int REFS_LIMIT = 10_000;
    private static final int CACHEABLE_LENGTH = 4_096;

    private final Instance instance;
    private final Session session;

    AccessControl(Instance instance, Session session) {
        this.instance = instance;
        this.session = session;
    }

    AccountPrivileges privileges() {
        return session.privileges();
    }

    /**
     * Checks a statement before it runs: read_only, then the object privileges of data and
     * definition statements and the administrative privileges of replication, binary log and
     * clone statements. Statements whose needs depend on their arguments (SET GLOBAL, KILL,
     * account statements, SHOW ...) are checked where they execute.
     */
    void checkStatement(StatementKind kind, String stmt, String[] words) throws MysqlException {
        int k = kind.ordinal();
        AccountPrivileges p = session.privileges();
        if (WRITES[k]) checkReadOnly(p, kind, words);
        checkSystemObjects(kind, stmt, words);
        long need = NEED[k];
        if (need != 0) {
            if (p.hasGlobal(need)) return;
            checkObjects(p, kind, stmt, words);
            return;
        }
        switch (kind) {
            case REPLICATION, BINARY_LOG, CLONE, SHOW -> checkAdministrative(p, words);
            case FLUSH -> checkFlush(p, words);
            default -> { }
        }
    }

    private void checkReadOnly(AccountPrivileges p, StatementKind kind, String[] w) throws MysqlException {
        GlobalVariables v = instance.variables();
        if (!"ON".equals(v.get("read_only")) && !"ON".equals(v.get("super_read_only"))) return;
        if ((kind == StatementKind.CREATE_TABLE || kind == StatementKind.DROP_TABLE) && w[1].equals("TEMPORARY")) return;
        if ("ON".equals(v.get("super_read_only"))) {
            throw ErrorCode.ER_OPTION_PREVENTS_STATEMENT.exception("--super-read-only");
        }
        if (!p.hasAny("SUPER", DynamicPrivileges.CONNECTION_ADMIN)) {
            throw ErrorCode.ER_OPTION_PREVENTS_STATEMENT.exception("--read-only");
        }
    }

    /** read_only for statements executed elsewhere (account statements, INSTALL PLUGIN). */
    void checkReadOnly(StatementKind kind) throws MysqlException {
        checkReadOnly(session.privileges(), kind, new String[] {"", "", ""});
    }

    private void checkObjects(AccountPrivileges p, StatementKind kind, String stmt, String[] w) throws MysqlException {
        switch (kind) {
            case CREATE_DATABASE, DROP_DATABASE, ALTER_DATABASE -> {
                String db = databaseOf(stmt, w);
                if (db != null) requireDb(p, db, NEED[kind.ordinal()]);
                return;
            }
            default -> { }
        }
        boolean temporary = kind == StatementKind.CREATE_TABLE && w[1].equals("TEMPORARY");
        boolean onDuplicate = kind == StatementKind.INSERT && stmt.toUpperCase(Locale.ROOT).contains("DUPLICATE");
        String op = w[0];
        for (TableRefs.Ref ref : refs(stmt, kind)) {
            String db = ref.schema() != null ? ref.schema() : session.database();
            if (db == null || db.equalsIgnoreCase("information_schema")) continue;
            long required = required(kind, ref.role(), temporary, onDuplicate, op);
            if (required == 0) continue;
            long held = p.tableMask(db.toLowerCase(Locale.ROOT), ref.table());
            Privilege missing = Privilege.firstMissing(required, held);
            if (missing != null) throw tableDenied(missing.sqlName, ref.table());
        }
    }

    /**
     * 3552 for DDL that would take away what the server runs on, whoever asks (an --all-databases
     * dump's DROP TABLE mysql.gtid_executed stopped the server at its next commit): the mysql
     * schema, as MySQL rejects, and the mysql tables the server keeps; and for rows written into
     * the tables of its GTID and replication state (the same dump's INSERTs would have claimed
     * the dumped server's transactions).
     */
    private void checkSystemObjects(StatementKind kind, String stmt, String[] w) throws MysqlException {
        switch (kind) {
            case DROP_DATABASE -> {
                String db = databaseOf(stmt, w);
                if ("mysql".equalsIgnoreCase(db)) throw ErrorCode.ER_NO_SYSTEM_TABLE_ACCESS.exception("system schema", "mysql");
            }
            case INSERT, REPLACE, UPDATE, DELETE -> {
                // Cheap first: only statements that name such a table are parsed.
                if (Lexer.mentions(stmt, "gtid_executed") || Lexer.mentions(stmt, "slave_")) {
                    rejectTables(stmt, kind, SystemSchema::isServerState);
                }
            }
            case DROP_TABLE, ALTER_TABLE, RENAME_TABLE, TRUNCATE_TABLE, CREATE_INDEX, DROP_INDEX ->
                    rejectTables(stmt, kind, SystemSchema::isMaintained);
            default -> { }
        }
    }

    /** 3552 if the statement changes a table (not one it only reads) that {@code system} holds. */
    private void rejectTables(String stmt, StatementKind kind, java.util.function.BiPredicate<String, String> system)
            throws MysqlException {
        for (TableRefs.Ref ref : refs(stmt, kind)) {
            String db = ref.schema() != null ? ref.schema() : session.database();
            if (ref.role() != TableRefs.Role.READ && system.test(db, ref.table())) {
                throw ErrorCode.ER_NO_SYSTEM_TABLE_ACCESS.exception("system table", "mysql." + ref.table());
            }
        }
    }

    private static List<TableRefs.Ref> refs(String stmt, StatementKind kind) {
        if (stmt.length() > CACHEABLE_LENGTH) return TableRefs.of(stmt, kind);
        List<TableRefs.Ref> r = REFS.get(stmt);
        if (r == null) {
            r = List.copyOf(TableRefs.of(stmt, kind));
            if (REFS.size() >= REFS_LIMIT) REFS.clear();
            REFS.put(stmt, r);
        }
        return r;
    }

    private static long required(StatementKind kind, TableRefs.Role role, boolean temporary, boolean onDuplicate, String op) {
        if (role == TableRefs.Role.READ) return Privilege.SELECT.bit;
        boolean target = role == TableRefs.Role.TARGET;
        return switch (kind) {
            case SELECT -> Privilege.SELECT.bit;
            case INSERT -> Privilege.INSERT.bit | (onDuplicate ? Privilege.UPDATE.bit : 0);
            case REPLACE -> Privilege.INSERT.bit | Privilege.DELETE.bit;
            case UPDATE -> Privilege.UPDATE.bit;
            case DELETE -> Privilege.DELETE.bit;
            case CREATE_TABLE -> temporary ? Privilege.CREATE_TEMPORARY_TABLES.bit : Privilege.CREATE.bit;
            case ALTER_TABLE, RENAME_TABLE -> target
                    ? Privilege.ALTER.bit | (kind == StatementKind.RENAME_TABLE ? Privilege.DROP.bit : 0)
                    : Privilege.CREATE.bit | Privilege.INSERT.bit;
            case DROP_TABLE, DROP_VIEW, TRUNCATE_TABLE -> Privilege.DROP.bit;
            case CREATE_INDEX, DROP_INDEX -> Privilege.INDEX.bit;
            case CREATE_VIEW -> Privilege.CREATE_VIEW.bit;
            case ALTER_VIEW -> Privilege.CREATE_VIEW.bit | Privilege.DROP.bit;
            case TABLE_MAINTENANCE -> op.equals("CHECKSUM") || op.equals("CHECK") ? Privilege.SELECT.bit
                    : Privilege.SELECT.bit | Privilege.INSERT.bit;
            default -> 0;
        };
    }

    private String databaseOf(String stmt, String[] w) {
        String[] words = SqlScan.leadingWords(stmt, 6);
        String name = words[2].equals("IF") ? (words[3].equals("NOT") ? words[5] : words[4]) : words[2];
        String raw = SqlScan.unquote(name);
        return raw.isEmpty() ? null : raw;
    }

    /** 1044 unless the account holds {@code mask} on the database. */
    void requireDb(AccountPrivileges p, String db, long mask) throws MysqlException {
        if ((p.dbMask(db.toLowerCase(Locale.ROOT)) & mask) != mask) throw dbDenied(db);
    }

    MysqlException dbDenied(String db) {
        Account a = session.account();
        return ErrorCode.ER_DBACCESS_DENIED_ERROR.exception(a == null ? session.user() : a.user(),
                a == null ? session.hostName() : a.host(), db);
    }

    MysqlException tableDenied(String command, String table) {
        Account a = session.account();
        return ErrorCode.ER_TABLEACCESS_DENIED_ERROR.exception(command, a == null ? session.user() : a.user(),
                session.hostName(), table);
    }

    /** 1142 unless the account holds {@code p} on the table. */
    void requireTable(String db, String table, Privilege p, String command) throws MysqlException {
        if (db == null || db.equalsIgnoreCase("information_schema")) return;
        if ((session.privileges().tableMask(db.toLowerCase(Locale.ROOT), table) & p.bit) == 0) {
            throw tableDenied(command, table);
        }
    }

    /** 1142 unless the account holds some privilege on the table (SHOW COLUMNS, SHOW CREATE TABLE). */
    void requireAnyOnTable(String db, String table, String command) throws MysqlException {
        if (db == null || db.equalsIgnoreCase("information_schema")) return;
        if (!session.privileges().canSeeTable(db.toLowerCase(Locale.ROOT), table)) throw tableDenied(command, table);
    }

    /**
     * 1227 unless the account holds one of the named privileges (static names like "SUPER",
     * dynamic ones like "SYSTEM_VARIABLES_ADMIN"); the message names them as MySQL does.
     */
    void requireAny(String... names) throws MysqlException {
        Privileges.requireAny(session.privileges(), names);
    }

    private void checkAdministrative(AccountPrivileges p, String[] w) throws MysqlException {
        String[] need = Privileges.forAdministrativeStatement(w);
        if (need != null) Privileges.requireAny(p, need);
    }

    private void checkFlush(AccountPrivileges p, String[] w) throws MysqlException {
        String what = w[1].equals("LOCAL") || w[1].equals("NO_WRITE_TO_BINLOG") ? w[2] : w[1];
        switch (what) {
            case "PRIVILEGES" -> Privileges.requireAny(p, "RELOAD", DynamicPrivileges.FLUSH_PRIVILEGES);
            case "TABLES", "TABLE" -> Privileges.requireAny(p, "RELOAD", "FLUSH_TABLES");
            case "STATUS" -> Privileges.requireAny(p, "RELOAD", "FLUSH_STATUS");
            default -> Privileges.requireAny(p, "RELOAD");
        }
    }

    /** KILL of another user's session needs CONNECTION_ADMIN or SUPER (1095 otherwise). */
    void checkKill(Session target) throws MysqlException {
        if (target == session) return;
        if (target.user().equals(session.user())) return;
        if (!session.privileges().hasAny("SUPER", DynamicPrivileges.CONNECTION_ADMIN)) {
            throw ErrorCode.ER_KILL_DENIED_ERROR.exception(target.id());
        }
    }

    List<String> visibleDatabases(List<String> all) {
        AccountPrivileges p = session.privileges();
        if (p.hasGlobal(Privilege.SHOW_DATABASES) || (p.global() & Privilege.DB_LEVEL) != 0) return all;
        return all.stream().filter(p::canSeeDb).toList();
    }
}
