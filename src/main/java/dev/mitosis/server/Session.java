package dev.mitosis.server;

import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.ServerStatus;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of one client session: identity, current database, transaction state, session
 * variables, warnings, and its engine connection.
 */
final class Session {
    private final Instance instance;
    private final long id;
    private final InetSocketAddress remote;
    private final long connectedAt = System.currentTimeMillis();
    private int clientCaps;
    private Account account;
    /** The client's host name (resolved once at connect), or null: then its IP is shown. */
    private final String resolvedHost;
    /** Privileges of the account, valid while the instance's Acl snapshot is {@link #privilegesFrom}. */
    private AccountPrivileges privileges = AccountPrivileges.NONE;
    private Acl privilegesFrom;
    private final AccessControl access;
    private String user = "";
    private String database;
    private Connection engine;
    private SessionBinlog binlog;
    private boolean multiStatements;
    private boolean inTransaction;
    private final Map<String, String> sessionVars = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private long lastInsertId;
    private long rowCount = -1;
    private String tlsVersion = "";
    private String tlsCipher = "";
    private long foundRows;
    private volatile String command = "Connect";
    private volatile String info;
    private volatile long commandStart = System.currentTimeMillis();
    private volatile Statement running;
    private volatile boolean killed;

    record Warning(String level, int code, String message) {}

    private final DeferredForeignKeys deferredForeignKeys = new DeferredForeignKeys();

    /** Foreign keys of tables created with foreign_key_checks off, added when the checks come back. */
    DeferredForeignKeys deferredForeignKeys() {
        return deferredForeignKeys;
    }

    boolean foreignKeyChecks() {
        String v = sessionValue("foreign_key_checks");
        return v == null || !(v.equalsIgnoreCase("OFF") || v.equals("0"));
    }

    Session(Instance instance, long id, InetSocketAddress remote) {
        this.instance = instance;
        this.id = id;
        this.remote = remote;
        this.resolvedHost = instance.hostNames().nameOf(remote.getAddress());
        this.access = new AccessControl(instance, this);
    }

    /** Privilege checks for this session's statements. */
    AccessControl access() {
        return access;
    }

    long id() { return id; }
    Instance instance() { return instance; }
    Account account() { return account; }
    String user() { return user; }
    String database() { return database; }
    String command() { return command; }
    String info() { return info; }
    long connectedAt() { return connectedAt; }
    long commandSeconds() { return (System.currentTimeMillis() - commandStart) / 1000; }

    long commandStarted() { return commandStart; }
    int clientCapabilities() { return clientCaps; }
    Connection engine() { return engine; }
    boolean inTransaction() { return inTransaction; }

    /** When the open transaction began (epoch millis), for information_schema.INNODB_TRX. */
    long transactionStarted() { return transactionStarted; }

    private long transactionStarted;

    private void transactionOpens() {
        if (!inTransaction) transactionStarted = System.currentTimeMillis();
        inTransaction = true;
    }
    long lastInsertId() { return lastInsertId; }
    void setLastInsertId(long id) { this.lastInsertId = id; }
    long rowCount() { return rowCount; }
    void setRowCount(long n) { this.rowCount = n; }

    void setTls(String protocol, String cipherSuite) {
        this.tlsVersion = protocol;
        this.tlsCipher = opensslCipherName(cipherSuite);
    }

    boolean secure() { return !tlsVersion.isEmpty(); }

    /** The session's Ssl_version and Ssl_cipher (empty without TLS), as SHOW SESSION STATUS has them. */
    Map<String, String> tlsStatus() {
        return Map.of("Ssl_version", tlsVersion, "Ssl_cipher", tlsCipher);
    }

    private static final java.util.regex.Pattern JSSE_TLS12_SUITE = java.util.regex.Pattern.compile(
            "TLS_(ECDHE|DHE)_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");

    /**
     * MySQL reports cipher suites by OpenSSL's names: TLS 1.3's are the standard ones, TLS 1.2's
     * read ECDHE-RSA-AES128-GCM-SHA256 where Java says TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.
     */
    static String opensslCipherName(String suite) {
        java.util.regex.Matcher m = JSSE_TLS12_SUITE.matcher(suite);
        if (!m.matches()) return suite;
        String kx = m.group(1) + (m.group(1).equals("DHE") && m.group(2).equals("RSA") ? "" : "-" + m.group(2));
        return m.group(4) != null ? kx + "-AES" + m.group(4) + "-GCM-SHA" + m.group(5) : kx + "-CHACHA20-POLY1305";
    }

    /** The client's host as MySQL shows it (host_or_ip): its name if it has one ("localhost"), else the IP. */
    String hostName() {
        return resolvedHost != null ? resolvedHost : remote.getAddress().getHostAddress();
    }

    java.net.InetAddress address() {
        return remote.getAddress();
    }

    /**
     * The account's effective privileges. Cached per session: one volatile read and a reference
     * compare per call until GRANT/REVOKE/FLUSH PRIVILEGES publishes a new snapshot.
     */
    AccountPrivileges privileges() {
        Acl acl = instance.accounts().acl();
        if (acl != privilegesFrom) {
            Account a = account == null ? null : acl.find(account.user(), account.host());
            privileges = acl.privilegesOf(a);
            privilegesFrom = acl;
        }
        return privileges;
    }

    String hostAndPort() {
        return hostName() + ":" + remote.getPort();
    }

    /** USER(): the name the client gave and the host it came from. */
    String userAtHost() {
        return user + "@" + hostName();
    }

    /** CURRENT_USER(): the account it authenticated as. */
    String currentUser() {
        return account == null ? "" : account.user() + "@" + account.host();
    }

    void setClientCapabilities(int caps) {
        this.clientCaps = caps;
        this.multiStatements = (caps & Capabilities.MULTI_STATEMENTS) != 0;
    }

    boolean multiStatements() { return multiStatements; }
    void setMultiStatements(boolean on) { multiStatements = on; }
    boolean clientFoundRows() { return (clientCaps & Capabilities.FOUND_ROWS) != 0; }

    /** The statement that just ran on the engine: its affected rows as MySQL counts them for this client. */
    AffectedRows affectedRows(dev.mitosis.sql.StatementKind kind, long engineCount) {
        return AffectedRows.of(kind, engineCount, binlog().unchangedRows(), clientFoundRows(), warningCount());
    }

    void login(Account account, String user) {
        this.account = account;
        this.user = user;
        this.privilegesFrom = null;
    }

    void openEngine() throws SQLException {
        engine = instance.engine().connect();
        // binlog: commits go through the binary log's pipeline (SessionBinlog), never engine autocommit.
        binlog = new SessionBinlog(this, instance, engine);
        engine.setAutoCommit(false);
        EngineSessions.register(engine, this);
        applyDatabase();
        engine.commit();
    }

    SessionBinlog binlog() { return binlog; }

    void beginCommand(int com) {
        command = com == ClientSession.COM_STMT_EXECUTE ? "Execute" : com == ClientSession.COM_QUERY ? "Query" : "Query";
        commandStart = System.currentTimeMillis();
        killed = false;
    }

    /** A long-running command's name in the processlist (e.g. "Binlog Dump GTID"). */
    void setCommand(String name) {
        command = name;
    }

    void endCommand() {
        command = "Sleep";
        info = null;
        commandStart = System.currentTimeMillis();
    }

    void setInfo(String sql) {
        this.info = sql;
    }

    // ---- current database

    void useDatabase(String db) throws MysqlException, SQLException {
        if (db == null) {
            database = null;
            applyDatabase();
            return;
        }
        String name = db.trim();
        if (name.startsWith("`") && name.endsWith("`") && name.length() > 1) {
            name = name.substring(1, name.length() - 1).replace("``", "`");
        }
        if (!privileges().canUseDb(name.toLowerCase(Locale.ROOT))) throw access.dbDenied(name);
        if (!Catalog.schemaExists(instance.engine(), name)) {
            throw ErrorCode.ER_BAD_DB_ERROR.exception(name);
        }
        database = name;
        applyDatabase();
    }

    /** Called when a DROP DATABASE removed the current one. */
    void forgetDatabase(String dropped) throws SQLException {
        if (database != null && database.equalsIgnoreCase(dropped)) {
            database = null;
            applyDatabase();
        }
    }

    private void applyDatabase() throws SQLException {
        if (engine == null) return;
        try (Statement s = engine.createStatement()) {
            // With no database selected, name resolution falls into an empty schema of our own.
            s.execute("SET SCHEMA " + (database == null ? "PUBLIC" : Catalog.quote(database.toLowerCase(Locale.ROOT))));
        }
    }

    // ---- transactions

    boolean autocommit() {
        return "ON".equals(sessionValue("autocommit"));
    }

    /** BEGIN / START TRANSACTION: implicit commit of an open transaction, then a new one. */
    void begin() throws SQLException {
        if (inTransaction) commit();
        transactionOpens();
    }

    void commit() throws SQLException {
        inTransaction = false;
        binlog.commit(true);
    }

    void rollback() throws SQLException {
        inTransaction = false;
        binlog.rollback();
    }

    void rollbackQuietly() {
        try {
            if (engine != null && binlog != null) rollback();
        } catch (SQLException ignored) {
            // the connection is going away anyway
        }
    }

    /**
     * After a statement ran: in autocommit=0 mode a transaction is open; otherwise the statement
     * was its own transaction and commits now, before the client hears of it (binlog pipeline).
     */
    void noteStatementRan(boolean changedData) throws SQLException {
        if (!autocommit()) {
            transactionOpens();
        } else if (!inTransaction) {
            binlog.commit(false);
        }
    }

    /** A server statement may have read through the engine: end that read-only transaction. */
    void endServerStatement() throws SQLException {
        if (!inTransaction && engine != null) binlog.commitUnlogged();
    }

    /** A DDL statement ran on the engine (which committed it): log it. */
    void ddlRan(String stmt) throws SQLException {
        inTransaction = false;
        binlog.ddl(stmt);
    }

    void setAutocommit(boolean on) throws SQLException {
        boolean was = autocommit();
        sessionVars.put("autocommit", on ? "ON" : "OFF");
        if (on && !was && inTransaction) commit();
    }

    int statusFlags() {
        int f = 0;
        if (autocommit()) f |= ServerStatus.AUTOCOMMIT;
        if (inTransaction) f |= ServerStatus.IN_TRANS;
        return f;
    }

    // ---- variables

    /** The session's value of a variable, falling back to the global value. */
    String sessionValue(String name) {
        String v = sessionVars.get(name);
        if (v != null || sessionVars.containsKey(name)) return v;
        VariableDef def = VariableCatalog.find(name);
        if (def == null) return null;
        if (!def.hasGlobal()) return def.defaultValue();
        return instance.variables().get(name);
    }

    /** Value of @@[scope.]name: 1193 if unknown, 1238 on a scope mismatch. */
    Object readVariable(String scope, String name) throws MysqlException {
        VariableDef def = VariableCatalog.find(name);
        if (def == null) throw ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
        String value;
        switch (scope) {
            case "global" -> {
                if (!def.hasGlobal()) throw ErrorCode.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(name, "SESSION");
                value = globalValue(name);
            }
            case "session", "local" -> {
                if (!def.hasSession()) throw ErrorCode.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(name, "GLOBAL");
                value = computedSessionValue(name);
            }
            default -> value = def.hasSession() ? computedSessionValue(name) : globalValue(name);
        }
        if (name.equals("character_set_results") && value != null && value.isEmpty()) return null;
        return def.selectValue(value);
    }

    /** SHOW [GLOBAL] VARIABLES: every variable with a value at that scope, by name. */
    java.util.SortedMap<String, String> variables(boolean global) {
        java.util.SortedMap<String, String> values = new java.util.TreeMap<>();
        for (VariableDef def : VariableCatalog.all().values()) {
            String v;
            if (global) {
                if (!def.hasGlobal()) continue;
                v = globalValue(def.name());
            } else {
                v = def.hasSession() ? computedSessionValue(def.name()) : globalValue(def.name());
            }
            values.put(def.name(), v == null ? "" : v);
        }
        return values;
    }

    String globalValue(String name) {
        return instance.variables().get(name);
    }

    /** The session value including the ones computed from session state. */
    String computedSessionValue(String name) {
        return switch (name) {
            // Read by a SELECT, which cleared the list as it began: the last statement's counts, as in MySQL.
            case "warning_count" -> Integer.toString(Math.max(warningCount(), previousWarnings));
            case "error_count" -> Long.toString(warningCount() > 0
                    ? warnings.stream().filter(x -> x.level().equals("Error")).count() : previousErrors);
            case "last_insert_id", "identity" -> Long.toString(lastInsertId);
            case "timestamp" -> {
                String t = sessionVars.get("timestamp");
                yield t != null && !t.equals("0") ? t
                        : new java.math.BigDecimal(System.currentTimeMillis()).movePointLeft(3).toPlainString();
            }
            default -> sessionValue(name);
        };
    }

    long foundRows() {
        return foundRows;
    }

    void setFoundRows(long n) {
        foundRows = n;
    }

    void setSessionValue(String name, String value) {
        sessionVars.put(name, value);
    }

    Map<String, String> sessionOverrides() {
        return sessionVars;
    }

    // ---- warnings

    List<Warning> warnings() { return warnings; }

    /** MySQL's max_error_count: the warnings kept for SHOW WARNINGS; warning_count counts them all. */
    static final int MAX_ERROR_COUNT = 1024;
    private int warningTotal;

    /** The counts of the statement before the current one, whose list the current one cleared. */
    private int previousWarnings;
    private long previousErrors;

    void clearWarnings() {
        if (warningTotal == 0 && previousWarnings == 0) return; // every statement: keep it cheap
        previousWarnings = warningTotal;
        previousErrors = warningTotal == 0 ? 0 : warnings.stream().filter(x -> x.level().equals("Error")).count();
        warnings.clear();
        warningTotal = 0;
    }

    void addWarning(String level, int code, String message) {
        if (warnings.size() < MAX_ERROR_COUNT) warnings.add(new Warning(level, code, message));
        warningTotal++;
    }

    /** Warnings that count toward warning_count without being kept (past max_error_count). */
    void countWarnings(long n) {
        warningTotal += (int) Math.min(Integer.MAX_VALUE - warningTotal, n);
    }

    int warningCount() {
        return warningTotal;
    }

    // ---- kill and cleanup

    void running(Statement s) {
        running = s;
    }

    void markKilled() {
        killed = true;
    }

    boolean killed() {
        return killed;
    }

    void cancelRunningStatement() {
        Statement s = running;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // finished meanwhile
            }
        }
    }

    /**
     * COM_RESET_CONNECTION: roll back, forget variables, user variables and warnings; keep user
     * and database. User variables live in the engine session, so it gets a fresh one.
     */
    void reset() throws SQLException {
        rollbackQuietly();
        sessionVars.clear();
        warnings.clear();
        lastInsertId = 0;
        rowCount = -1;
        inTransaction = false;
        if (engine != null) {
            EngineSessions.unregister(engine);
            if (binlog != null) binlog.close();
            engine.close();
            openEngine();
        }
    }

    void close() {
        rollbackQuietly();
        if (binlog != null) binlog.close();
        if (engine != null) {
            EngineSessions.unregister(engine);
            try {
                engine.close();
            } catch (SQLException ignored) {
                // engine already shut down
            }
        }
    }
}
