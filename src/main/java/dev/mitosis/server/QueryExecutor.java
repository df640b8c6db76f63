package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import dev.mitosis.protocol.ColumnDefinition41;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import dev.mitosis.sql.InsertRows;
import dev.mitosis.sql.ReplaceExecutor;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.Translation;

/**
 * Executes text statements for one session: the server's own statements through small
 * executors, data statements through the engine after translation.
 */
final class QueryExecutor {
    private final Instance instance;
    private final Session session;
    private final ResultWriter out;
    private final ClientSession client;
    private final ServerStatements server;
    /** Set while a prepared server statement executes: its rows use the binary protocol. */
    private boolean binaryRows;

    QueryExecutor(Instance instance, Session session, ResultWriter out, ClientSession client) {
        this.instance = instance;
        this.session = session;
        this.out = out;
        this.client = client;
        this.server = new ServerStatements(instance, session, out, this);
    }

    Session session() { return session; }
    ResultWriter out() { return out; }

    /** COM_QUERY: one statement, or several when multi-statements are on. */
    void query(String sql) throws IOException {
        instance.status().questions.incrementAndGet();
        List<String> stmts = session.multiStatements() ? SqlFront.split(sql) : List.of(sql);
        if (stmts.isEmpty() || SqlScan.isBlank(stmts.get(0))) {
            out.error(ErrorCode.ER_EMPTY_QUERY.exception());
            return;
        }
        for (int i = 0; i < stmts.size(); i++) {
            boolean more = i < stmts.size() - 1;
            String stmt = stmts.get(i);
            try {
                execute(stmt, more);
            } catch (MysqlException e) {
                session.addWarning("Error", e.code(), e.getMessage());
                out.error(e);
                return;
            } catch (SQLException e) {
                MysqlException m = EngineErrors.withForeignKeyActions(EngineErrors.translate(e, session.database(), stmt),
                        session.engine());
                session.addWarning("Error", m.code(), m.getMessage());
                out.error(m);
                return;
            }
        }
    }

    /** Executes a statement prepared as COM_STMT_PREPARE that the engine cannot prepare. */
    void executeAsPrepared(String stmt) throws IOException, MysqlException, SQLException {
        binaryRows = true;
        try {
            execute(stmt, false);
        } finally {
            binaryRows = false;
        }
    }

    /** True when the statement is one the server executes itself rather than the engine. */
    boolean isServerStatement(String stmt) {
        return server.handles(SqlFront.leadingWords(stmt, 3));
    }

    void execute(String sent, boolean more) throws IOException, MysqlException, SQLException {
        String stmt = dev.mitosis.sql.ExecutableComments.expand(sent);
        StatementKind kind = SqlFront.classify(stmt);
        String[] w = SqlFront.leadingWords(stmt, 3);
        instance.status().commands.count(w);
        session.setInfo(SecretText.mayHoldSecret(kind, w) ? SecretText.mask(stmt) : stmt);
        if (kind != StatementKind.SHOW || !(w[1].equals("WARNINGS") || w[1].equals("ERRORS") || w[1].equals("COUNT"))) {
            session.clearWarnings();
        }
        session.access().checkStatement(kind, stmt, w);
        if (session.binlog().skipStatement(w)) { // binlog: gtid_next names an executed GTID
            ok(0, more);
            return;
        }
        if (kind == StatementKind.SELECT && dev.mitosis.sql.Lexer.mentions(stmt, "INTO")) {
            dev.mitosis.sql.SelectInto into;
            try {
                into = dev.mitosis.sql.SelectInto.split(stmt);
            } catch (dev.mitosis.sql.SqlSyntaxException e) {
                throw e.toMysqlException();
            }
            if (into != null) {
                new SelectIntoExecutor(session, instance, out).execute(into, select -> execute(select, false), more);
                return;
            }
        }
        if (tryServerStatement(stmt, w, more)) return;
        if (kind == StatementKind.OTHER) {
            String near = stmt.strip();
            throw ErrorCode.ER_PARSE_ERROR.exception(near.length() > 80 ? near.substring(0, 80) : near, 1);
        }
        if (kind == StatementKind.LOAD_DATA) {
            new LoadData(session, instance, out, this::executeQuietly).execute(stmt, more);
            return;
        }
        if (!kind.translated) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception(String.join(" ", w).trim());
        DeferredForeignKeys.Split deferred = kind == StatementKind.CREATE_TABLE && !session.foreignKeyChecks()
                ? DeferredForeignKeys.split(stmt) : null;
        if (deferred != null) stmt = deferred.createTable();
        String text = stmt;
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) {
            InsertValues.Result values = insertValues(stmt);
            text = values.sql();
            raiseAutoIncrement(values.explicit());
        }
        String mysql = dev.mitosis.gtid.GtidFunctions.rewrite(text, dev.mitosis.engine.Engine.TYPES_SCHEMA);
        // CREATE TABLE t LIKE s: created from s's definition; logged as written (stmt).
        List<String> generated = List.of();
        String existing = null;
        if (kind == StatementKind.CREATE_TABLE) {
            existing = CreateTableLike.existingTarget(session.engine(), session.database(), mysql);
            if (existing != null) session.addWarning("Note", 1050, "Table '" + existing + "' already exists");
            CreateTableLike.Copy copy = CreateTableLike.copy(session.engine(), session.database(), mysql);
            generated = copy.afterCreate();
            mysql = copy.sql();
        }
        Translation t = SqlFront.translate(mysql, session);
        if (existing != null) {
            // IF NOT EXISTS of an existing table changes nothing (its indexes, constraints and
            // counter stay as they are); the statement is still logged, as MySQL does.
            t = new Translation(t.kind(), t.h2().subList(0, 1), t.parameterCount(), t.name(), t.flags(), t.replace());
        } else if (!generated.isEmpty()) {
            List<String> program = new ArrayList<>(t.h2());
            program.addAll(generated);
            t = new Translation(t.kind(), program, t.parameterCount(), t.name(), t.flags(), t.replace());
        }
        if (t.kind().implicitCommit && session.inTransaction() && !t.has(Translation.Flag.TEMPORARY)) session.commit();
        session.binlog().statementStart(w);
        try {
            try {
                runTranslation(stmt, mysql, t, more);
            } catch (SQLException e) {
                // The engine rejects a date or time column in arithmetic before running anything, and
                // a string compared with a number while running (the failed statement's changes are
                // undone): translated with the column types, the statement runs as MySQL's would.
                Translation typed = SqlFront.retranslate(mysql, e, session);
                if (typed == null) throw e;
                session.binlog().statementRetried();
                runTranslation(stmt, mysql, typed, more);
            }
        } catch (SQLException | MysqlException | RuntimeException e) {
            session.binlog().statementFailed();
            throw e;
        }
        if (t.kind().implicitCommit) instance.columnCatalog().invalidate();
        if (deferred != null) session.deferredForeignKeys().defer(deferred.addForeignKeys());
    }

    /**
     * foreign_key_checks came back on: the foreign keys of the tables created meanwhile are added
     * now, each as its own DDL statement. One that the data contradicts is reported as a warning.
     */
    void addDeferredForeignKeys() {
        for (String alter : session.deferredForeignKeys().drain()) {
            try {
                runDdlQuietly(alter);
            } catch (MysqlException e) {
                session.addWarning("Warning", e.code(), e.getMessage());
            } catch (SQLException e) {
                MysqlException m = EngineErrors.translate(e, session.database(), alter);
                session.addWarning("Warning", m.code(), m.getMessage());
            }
        }
    }

    /**
     * Statements Mitosis executes itself. Those that write system tables (accounts, grants,
     * plugins, replication channels) commit outside the binary log: a checkpoint afterwards makes
     * them durable before the client is told; the account and plugin ones, which commit through
     * the system connection, also run while no checkpoint stores.
     */
    private boolean tryServerStatement(String stmt, String[] w, boolean more)
            throws IOException, MysqlException, SQLException {
        boolean writes = switch (w[0]) {
            case "CREATE", "DROP", "ALTER", "RENAME", "GRANT", "REVOKE", "INSTALL", "UNINSTALL" -> true;
            default -> false;
        };
        // The backup lock first (a clone may hold it): DDL and account statements wait for it.
        if (writes) instance.backupLock().enterDdl(lockWaitTimeout());
        boolean done;
        try {
            java.util.concurrent.locks.Lock ends = writes ? instance.engine().transactionEnds().readLock() : null;
            if (ends != null) ends.lock();
            try {
                done = server.tryExecute(stmt, w, more);
                if (done) session.endServerStatement();
            } finally {
                if (ends != null) ends.unlock();
            }
        } finally {
            if (writes) instance.backupLock().exitDdl();
        }
        // Anything but a read may have written system tables (accounts, replication channels,
        // plugins, ...) outside the binary log: a checkpoint makes it durable before the OK.
        boolean durable = switch (w[0]) {
            case "SHOW", "SELECT", "USE", "DO", "HELP", "EXPLAIN", "DESCRIBE", "DESC", "KILL", "CHECKSUM",
                    "BEGIN", "COMMIT", "ROLLBACK", "FLUSH", "PURGE", "RESET", "PREPARE", "EXECUTE", "DEALLOCATE" -> false;
            case "SET" -> switch (w[1]) {
                case "PASSWORD", "DEFAULT", "PERSIST", "PERSIST_ONLY", "ROLE", "GLOBAL", "@@GLOBAL" -> true;
                default -> false;
            };
            default -> true;
        };
        session.binlog().checkpointIfDue();
        if (done && durable && instance.binlog() != null) instance.binlog().checkpoint();
        return done;
    }

    /** Runs and logs a DDL statement of the server's own, writing nothing to the client (as runTranslation's DDL path). */
    private void runDdlQuietly(String ddl) throws MysqlException, SQLException {
        Translation t = SqlFront.translate(ddl);
        if (session.inTransaction()) session.commit();
        session.binlog().statementStart(SqlFront.leadingWords(ddl, 3));
        instance.backupLock().enterDdl(lockWaitTimeout());
        java.util.concurrent.locks.Lock ends = instance.engine().transactionEnds().readLock();
        ends.lock();
        java.util.concurrent.locks.Lock serial = null;
        try (Statement st = session.engine().createStatement()) {
            serial = lockEngineDdl();
            for (String h2 : t.h2()) st.execute(h2);
            session.ddlRan(ddl);
        } catch (MysqlException | SQLException | RuntimeException e) {
            session.binlog().statementFailed();
            throw e;
        } finally {
            if (serial != null) serial.unlock();
            ends.unlock();
            instance.backupLock().exitDdl();
            instance.columnCatalog().invalidate();
        }
        session.binlog().checkpointIfDue();
    }

    /**
     * Takes the engine's DDL lock (Engine.ddlLock) for a client's DDL statement: as a statement
     * waiting for MySQL's metadata lock, it gives up after lock_wait_timeout (1205) and when
     * killed (1317).
     */
    java.util.concurrent.locks.Lock lockEngineDdl() throws MysqlException, SQLException {
        java.util.concurrent.locks.ReentrantLock lock = Engine.ddlLock(session.engine());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BackupLock.seconds(lockWaitTimeout()));
        try {
            while (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                if (session.killed()) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
                if (System.nanoTime() - deadline > 0) throw ErrorCode.ER_LOCK_WAIT_TIMEOUT.exception();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
        }
        return lock;
    }

    /** lock_wait_timeout of the session: how long DDL waits for the backup lock. */
    private String lockWaitTimeout() {
        return session.sessionValue("lock_wait_timeout");
    }

    /** INSERT/REPLACE values MySQL converts on storing them (InsertValues): AUTO_INCREMENT zeros, BIT byte strings. */
    InsertValues.Result insertValues(String stmt) {
        String mode = session.sessionValue("sql_mode");
        boolean zeroIsValue = mode != null && mode.contains("NO_AUTO_VALUE_ON_ZERO");
        ColumnCatalog catalog = instance.columnCatalog();
        return InsertValues.apply(stmt, session.database(), new InsertValues.Columns() {
            public InsertValues.AutoColumn autoIncrement(String db, String table) {
                return catalog.autoIncrement(session.engine(), db, table);
            }

            public java.util.Map<String, Integer> bitColumns(String db, String table) {
                return catalog.bitColumns(session.engine(), db, table);
            }
        }, zeroIsValue);
    }

    /**
     * Moves a table's AUTO_INCREMENT counter past the largest value a statement writes into it,
     * once, before the engine would move and persist it row by row (see AutoIncrement).
     */
    private void raiseAutoIncrement(InsertValues.ExplicitAuto explicit) throws SQLException {
        if (explicit == null) return;
        dev.mitosis.engine.AutoIncrement counter = dev.mitosis.engine.AutoIncrement.of(session.engine(), explicit.db(), explicit.table());
        if (counter != null) counter.raisePast(explicit.largest());
    }

    /** Runs a translated data statement on the engine and writes its result. */
    private void runTranslation(String stmt, String mysql, Translation t, boolean more)
            throws IOException, MysqlException, SQLException {
        switch (t.kind()) {
            case BEGIN -> {
                session.begin();
                ok(0, more);
                return;
            }
            case COMMIT -> {
                session.commit();
                ok(0, more);
                return;
            }
            case ROLLBACK -> {
                session.rollback();
                ok(0, more);
                return;
            }
            case REPLACE -> {
                long n;
                try (TableGate.Pass ignored = enterWritingStatement(stmt, t.kind())) {
                    n = ReplaceExecutor.execute(session.engine(), t.replace(), new Object[0]);
                }
                session.setRowCount(n);
                session.noteStatementRan(n > 0);
                ok(n, more);
                return;
            }
            default -> { }
        }
        List<String> program = t.h2();
        if (program.isEmpty()) {
            ok(0, more);
            return;
        }
        boolean insert = t.kind() == StatementKind.INSERT;
        long[] insertId = new long[1];
        boolean ddl = t.kind().implicitCommit && !t.has(Translation.Flag.TEMPORARY);
        // Table DDL keeps writes off its tables for its whole run, until it is logged (TableGate).
        java.util.Set<String> gated = ddl && TableGate.holdsWrites(t.kind())
                ? TableGate.ddlTables(stmt, t.kind(), session.database())
                : java.util.Set.of();
        List<String> ignoreRows = insert && t.has(Translation.Flag.IGNORE) ? InsertRows.split(mysql) : null;
        runDdlOrData(stmt, t, program, insert, more, insertId, ddl, gated, ignoreRows);
    }

    private void runDdlOrData(String stmt, Translation t, List<String> program, boolean insert, boolean more,
                              long[] insertId, boolean ddl, java.util.Set<String> gated, List<String> ignoreRows)
            throws IOException, MysqlException, SQLException {
        long count;
        AffectedRows affected;
        if (ddl) instance.backupLock().enterDdl(lockWaitTimeout());
        boolean gateTaken = false;
        java.util.concurrent.locks.Lock ends = null;
        java.util.concurrent.locks.Lock serial = null;
        try {
            // Waits for the writes and open transactions on its tables as a running DDL: a clone
            // waits for it (clone_ddl_timeout), as for DDL waiting for MySQL's metadata locks.
            if (!gated.isEmpty()) {
                instance.tableGate().enterDdl(session.engine(), gated, BackupLock.seconds(lockWaitTimeout()),
                        t.kind() != StatementKind.CREATE_TABLE);
                gateTaken = true;
            }
            // DDL: H2 commits it itself, before it is logged; no checkpoint may store in between.
            ends = ddl ? instance.engine().transactionEnds().readLock() : null;
            if (ends != null) ends.lock();
            // One DDL statement at a time in the engine (Engine.ddlLock).
            serial = ddl ? lockEngineDdl() : null;
            count = ignoreRows != null ? insertIgnore(stmt, t.kind(), program.get(0), ignoreRows, insertId)
                    : runProgram(stmt, t.kind(), program, insert, more, insertId);
            if (count < 0) {
                if (t.has(Translation.Flag.CALC_FOUND_ROWS)) session.setFoundRows(rowsWithoutLimit(stmt));
                return;
            }
            affected = session.affectedRows(t.kind(), count);
            count = affected.count();
            session.setRowCount(count);
            switch (t.kind()) { // binlog: DDL is logged as a statement; savepoints move the capture marks
                case SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> session.binlog().savepointStatement(stmt);
                default -> { }
            }
            if (ddl) session.ddlRan(stmt);
            else session.noteStatementRan(count > 0);
        } finally {
            if (serial != null) serial.unlock();
            if (ends != null) ends.unlock();
            if (gateTaken) instance.tableGate().exitDdl(gated);
            if (ddl) instance.backupLock().exitDdl();
        }
        session.binlog().checkpointIfDue();
        out.ok(count, insertId[0], ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(),
                affected.info());
    }

    /**
     * Runs the H2 statements of a translation: the update count of the first one, or -1 after
     * writing the result set of the last one.
     */
    private long runProgram(String stmt, StatementKind kind, List<String> program, boolean insert, boolean more,
                            long[] insertId) throws IOException, MysqlException, SQLException {
        long count = 0;
        try (Statement st = session.engine().createStatement()) {
            session.running(st);
            for (int i = 0; i < program.size(); i++) {
                String h2 = program.get(i);
                boolean last = i == program.size() - 1;
                boolean hasResult = executeAgainIfTableReplaced(stmt, kind,
                        () -> insert ? st.execute(h2, Statement.RETURN_GENERATED_KEYS) : st.execute(h2));
                if (session.killed()) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
                if (hasResult && last) {
                    try (ResultSet rs = st.getResultSet()) {
                        writeResult(rs, more, binaryRows);
                    }
                    session.setRowCount(-1);
                    session.noteStatementRan(false);
                    return -1;
                }
                if (i == 0) {
                    count = Math.max(0, st.getLargeUpdateCount());
                    if (insert) insertId[0] = generatedKey(st);
                }
            }
        } finally {
            session.running(null);
        }
        return count;
    }

    /** Where an INSERT IGNORE that skipped rows is undone, to run again one row at a time. */
    private static final String IGNORE_SAVEPOINT = "mitosis_insert_ignore";

    /**
     * INSERT IGNORE ... VALUES: MySQL warns (1062) for each row it skips as a duplicate, H2 skips
     * them silently. One row runs as a plain INSERT, its duplicate error becoming the warning.
     * Several run as one INSERT IGNORE first; only if that skipped rows is it undone (to a
     * savepoint, in the engine and the row capture) and run one row at a time.
     */
    private long insertIgnore(String stmt, StatementKind kind, String h2, List<String> rows, long[] insertId)
            throws SQLException, MysqlException {
        try (Statement st = session.engine().createStatement()) {
            session.running(st);
            if (rows.size() == 1) return insertOrWarn(stmt, kind, st, InsertRows.withoutIgnore(h2), insertId);
            st.execute("SAVEPOINT " + IGNORE_SAVEPOINT);
            session.binlog().savepointStatement("SAVEPOINT " + IGNORE_SAVEPOINT);
            try {
                executeAgainIfTableReplaced(stmt, kind, () -> st.execute(h2, Statement.RETURN_GENERATED_KEYS));
                long count = Math.max(0, st.getLargeUpdateCount());
                if (count >= rows.size()) {
                    insertId[0] = generatedKey(st);
                    return count;
                }
                st.execute("ROLLBACK TO SAVEPOINT " + IGNORE_SAVEPOINT);
                session.binlog().savepointStatement("ROLLBACK TO SAVEPOINT " + IGNORE_SAVEPOINT);
                count = 0;
                for (String row : rows) {
                    long[] id = new long[1];
                    count += insertOrWarn(stmt, kind, st, SqlFront.translateOnce(row).h2().get(0), id);
                    if (insertId[0] == 0) insertId[0] = id[0];
                }
                // LAST_INSERT_ID() is the first row's generated id, as for one multi-row INSERT.
                if (insertId[0] != 0) session.setLastInsertId(insertId[0]);
                return count;
            } finally {
                st.execute("RELEASE SAVEPOINT " + IGNORE_SAVEPOINT);
                session.binlog().savepointStatement("RELEASE SAVEPOINT " + IGNORE_SAVEPOINT);
            }
        } finally {
            session.running(null);
        }
    }

    /** One plain INSERT: its rows, or 0 and MySQL's 1062 warning when it is a duplicate. */
    private long insertOrWarn(String stmt, StatementKind kind, Statement st, String h2, long[] insertId)
            throws SQLException {
        try {
            executeAgainIfTableReplaced(stmt, kind, () -> st.execute(h2, Statement.RETURN_GENERATED_KEYS));
        } catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DUPLICATE_KEY_1) throw e;
            MysqlException duplicate = EngineErrors.translate(e, session.database());
            session.addWarning("Warning", duplicate.code(), duplicate.getMessage());
            return 0;
        }
        insertId[0] = generatedKey(st);
        return Math.max(0, st.getLargeUpdateCount());
    }

    /** One engine execution: true if it produced a result set. */
    interface EngineExecution {
        boolean execute() throws SQLException;
    }

    /**
     * Runs {@code execution}, and runs it again when it waited for a DDL statement that replaced a
     * table it uses: H2's ALTER TABLE builds a copy of the table and drops the old one, and a
     * statement waiting for the old one's lock then either finds no table (if H2 prepares it
     * again), or fails as it changes the dropped table (in the capture trigger, or inside H2;
     * H2 undoes the statement), or changes nothing there. In MySQL such a statement waits for the
     * metadata lock and then runs against the new definition; here it runs again once the DDL has
     * ended. TableGate keeps writes from waiting inside H2 for such DDL; this covers the rest
     * (reads, tables reached through views or foreign keys).
     */
    boolean executeAgainIfTableReplaced(String stmt, StatementKind kind, EngineExecution execution) throws SQLException {
        // DDL runs one statement at a time in the engine (Engine.ddlLock): no other DDL can
        // replace its table meanwhile, and it must not wait for DDL queued behind the lock it holds.
        if (kind.implicitCommit) return execution.execute();
        // Reads go on while an ALTER copies, as with MySQL's ALGORITHM=COPY: H2 reads the old table.
        boolean writes = kind == StatementKind.INSERT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE
                || kind == StatementKind.REPLACE;
        return executeAgainIfTableReplaced(execution, writes ? () -> enterWritingStatement(stmt, kind) : null);
    }

    /** A writing statement's pass through the table gate: it waits while DDL replaces one of its tables. */
    TableGate.Pass enterWritingStatement(String stmt, StatementKind kind) throws SQLException {
        return instance.tableGate().enterStatement(session.engine(),
                () -> TableGate.tableNames(stmt, kind, session.database()));
    }

    /** Enters the table gate for one run of a writing statement. */
    private interface GateEntry {
        TableGate.Pass enter() throws SQLException;
    }

    /** {@code gate}: null for a read, which passes no gate and is also run again after H2 failed inside as DDL changed a table. */
    private boolean executeAgainIfTableReplaced(EngineExecution execution, GateEntry gate) throws SQLException {
        BackupLock ddl = instance.backupLock();
        java.sql.Connection c = session.engine();
        boolean lockedDroppedBefore = Engine.locksDroppedTable(c);
        for (int attempt = 1; ; attempt++) {
            long mark = ddl.ddlMark();
            boolean lastAttempt = attempt >= MAX_RUNS_AFTER_DDL;
            // The pass is given back before waiting below: the DDL waited for may be waiting for it.
            try (TableGate.Pass ignored = gate == null ? null : gate.enter()) {
                boolean result = execution.execute();
                // It ran against a dropped table and found nothing there: run it against the new one.
                if (lastAttempt || lockedDroppedBefore || !session.binlog().statementChangedNothing()
                        || !Engine.locksDroppedTable(c)) {
                    return result;
                }
            } catch (SQLException e) {
                int code = e.getErrorCode();
                boolean noTable = code == 42102 || code == 42103 || code == 42104;
                boolean ddlMeanwhile = mark < 0 || ddl.ddlMark() != mark;
                // H2 also fails with its own errors as it writes into a dropped table (50000).
                boolean ranOnDropped = !lockedDroppedBefore && Engine.locksDroppedTable(c);
                boolean racedDdl = gate == null && EngineErrors.racedDdl(e);
                if (lastAttempt || !(code == Engine.TABLE_REPLACED || ranOnDropped || noTable && ddlMeanwhile || racedDdl)) {
                    throw e;
                }
            }
            session.binlog().statementRetried();
            try {
                ddl.awaitDdlEnteredBy(ddl.ddlEntered(), TABLE_REPLACED_WAIT_MILLIS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", "70100", 1317);
            }
        }
    }

    /** How often a statement runs at most when DDL keeps replacing its tables. */
    private static final int MAX_RUNS_AFTER_DDL = 4;

    /** How long a statement that lost its table to DDL waits for that DDL to end before it runs again. */
    private static final long TABLE_REPLACED_WAIT_MILLIS = 10_000;

    /** SELECT SQL_CALC_FOUND_ROWS: how many rows the query has without its LIMIT, for FOUND_ROWS(). */
    private long rowsWithoutLimit(String stmt) throws MysqlException, SQLException {
        return rowsWithoutLimit(stmt, new Object[0]);
    }

    /**
     * As {@link #rowsWithoutLimit(String)} for a prepared statement executed with {@code values}:
     * the LIMIT's own parameters, last in the statement, are left out with it.
     */
    long rowsWithoutLimit(String stmt, Object[] values) throws MysqlException, SQLException {
        Translation t = SqlFront.translate(dev.mitosis.sql.SelectLimit.without(stmt), session);
        String h2 = t.h2().get(t.h2().size() - 1).strip();
        if (h2.endsWith(";")) h2 = h2.substring(0, h2.length() - 1);
        try {
            return countRows("SELECT COUNT(*) FROM (" + h2 + ") AS \"found_rows\"", values, t.parameterCount(), true);
        } catch (SQLException e) {
            // Not a derived table H2 takes (duplicate column names, FOR UPDATE): the rows counted.
            return countRows(h2, values, t.parameterCount(), false);
        }
    }

    private long countRows(String sql, Object[] values, int parameters, boolean counted) throws SQLException {
        try (java.sql.PreparedStatement ps = session.engine().prepareStatement(sql)) {
            for (int i = 0; i < parameters && i < values.length; i++) ps.setObject(i + 1, values[i]);
            try (ResultSet rs = ps.executeQuery()) {
                if (counted) {
                    rs.next();
                    return rs.getLong(1);
                }
                long n = 0;
                while (rs.next()) n++;
                return n;
            }
        }
    }

    /** The first generated AUTO_INCREMENT value, which becomes LAST_INSERT_ID(); 0 if none. */
    long generatedKey(Statement st) throws SQLException {
        try (ResultSet keys = st.getGeneratedKeys()) {
            // Without an AUTO_INCREMENT column the engine reports the primary key: not an id.
            if (keys != null && keys.next() && keys.getObject(1) instanceof Number n) {
                long id = n.longValue();
                session.setLastInsertId(id);
                return id;
            }
        }
        return 0;
    }


    void writeResult(ResultSet rs, boolean more, boolean binary) throws SQLException, IOException {
        List<ResultColumn> cols = ColumnTypes.of(rs.getMetaData(), session.engine(), instance.columnCatalog());
        // FOUND_ROWS(): the rows the last SELECT sent (SQL_CALC_FOUND_ROWS sets it afterwards).
        session.setFoundRows(out.resultSet(cols, Rows.of(rs, cols), binary,
                ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(), Long.MAX_VALUE));
    }

    /** An emulated result set (SHOW, variables, ...). */
    void writeRows(List<ResultColumn> cols, List<Object[]> rows, boolean more) throws IOException, SQLException {
        session.setFoundRows(out.resultSet(cols, Rows.of(rows), binaryRows,
                ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(), Long.MAX_VALUE));
    }

    /** Runs a statement as the client's without answering it (LOAD DATA's inserts); returns its affected rows. */
    private long executeQuietly(String sql) throws IOException, MysqlException, SQLException {
        out.swallowOks();
        try {
            execute(sql, false);
            return out.affectedOfLastOk();
        } finally {
            out.sendOks();
        }
    }

    void ok(long affected, boolean more) throws IOException {
        out.ok(affected, 0, ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(), null);
    }

    Object readVariable(String scope, String name) throws MysqlException {
        return session.readVariable(scope, name);
    }

    String globalValue(String name) {
        return session.globalValue(name);
    }

    String sessionValue(String name) {
        return session.computedSessionValue(name);
    }

    /** COM_FIELD_LIST: the columns of a table, with default values. */
    void fieldList(String table, String wildcard) throws IOException, MysqlException, SQLException {
        if (session.database() == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        String t = table.toLowerCase(Locale.ROOT);
        session.access().requireAnyOnTable(session.database(), table, "SELECT");
        if (!Catalog.tableExists(session.engine(), session.database(), t)) {
            throw ErrorCode.ER_NO_SUCH_TABLE.exception(session.database(), table);
        }
        try (Statement st = session.engine().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + Catalog.quote(session.database().toLowerCase(Locale.ROOT))
                     + "." + Catalog.quote(t) + " WHERE 1=0")) {
            List<ColumnDefinition41> defs = new ArrayList<>();
            for (ResultColumn c : ColumnTypes.of(rs.getMetaData(), session.engine(), instance.columnCatalog())) {
                defs.add(c.def());
            }
            out.fieldList(defs, session.statusFlags());
        }
    }

    /** KILL [CONNECTION|QUERY] id / COM_PROCESS_KILL. */
    void kill(long id, boolean queryOnly) throws MysqlException {
        ClientSession target = instance.sessions().get(id);
        if (target == null) throw ErrorCode.ER_NO_SUCH_THREAD.exception(id);
        session.access().checkKill(target.state());
        if (queryOnly) target.killQuery();
        else if (target.id() == session.id()) client.kill();
        else target.kill();
    }

    void shutdown() throws IOException, MysqlException {
        session.access().requireAny("SHUTDOWN");
        out.ok(0, 0, session.statusFlags(), 0, null);
        out.flush();
        instance.requestStop();
    }
}
