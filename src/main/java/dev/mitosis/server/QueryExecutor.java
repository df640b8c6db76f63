package dev.mitosis.server;

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
import java.util.Set;

/**
 * Executes text statements for one session: the server's own statements through small
 * executors, data statements through the engine after translation.
 */
final class QueryExecutor {
    private static final Set<String> IMPLICIT_COMMIT = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME");

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
                MysqlException m = EngineErrors.translate(e, session.database(), stmt);
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

    private void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        session.setInfo(stmt);
        String[] w = SqlFront.leadingWords(stmt, 3);
        if (!w[0].equals("SHOW") || !(w[1].equals("WARNINGS") || w[1].equals("ERRORS")
                || w[1].equals("COUNT"))) {
            session.clearWarnings();
        }
        if (session.binlog().skipStatement(w)) {
            ok(0, more);
            return;
        }
        if (server.tryExecute(stmt, w, more)) {
            session.endServerStatement();
            return;
        }
        if (IMPLICIT_COMMIT.contains(w[0]) && session.inTransaction()) session.commit();
        runOnEngine(stmt, w, more);
        if (w[0].equals("DROP") && (w[1].equals("DATABASE") || w[1].equals("SCHEMA"))) {
            session.forgetDatabase(SqlScan.unquote(lastWord(stmt)));
        }
    }

    private static String lastWord(String stmt) {
        String[] parts = stmt.trim().replaceAll(";+$", "").split("\\s+");
        return parts[parts.length - 1];
    }

    /** Runs a data statement on the engine and writes its result. */
    void runOnEngine(String stmt, String[] w, boolean more) throws IOException, MysqlException, SQLException {
        String h2 = SqlFront.translate(dev.mitosis.gtid.GtidFunctions.rewrite(
                Substitutions.apply(stmt, session, this::readVariable), dev.mitosis.engine.Engine.TYPES_SCHEMA));
        boolean insert = w[0].equals("INSERT") || w[0].equals("REPLACE");
        session.binlog().statementStart(w);
        try (Statement st = session.engine().createStatement()) {
            session.running(st);
            boolean hasResult = insert ? st.execute(h2, Statement.RETURN_GENERATED_KEYS) : st.execute(h2);
            if (session.killed()) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            if (hasResult) {
                try (ResultSet rs = st.getResultSet()) {
                    writeResult(rs, more, binaryRows);
                }
                session.setRowCount(-1);
                session.noteStatementRan(false);
            } else {
                long count = Math.max(0, st.getLargeUpdateCount());
                long insertId = 0;
                if (insert) {
                    try (ResultSet keys = st.getGeneratedKeys()) {
                        if (keys != null && keys.next()) {
                            insertId = keys.getLong(1);
                            session.setLastInsertId(insertId);
                        }
                    }
                }
                session.setRowCount(count);
                if (IMPLICIT_COMMIT.contains(w[0])) session.ddlRan(stmt);
                else if (SqlScan.leadingWords(stmt, 1)[0].matches("SAVEPOINT|ROLLBACK|RELEASE")) session.binlog().savepointStatement(stmt);
                if (!IMPLICIT_COMMIT.contains(w[0])) session.noteStatementRan(count > 0);
                out.ok(count, insertId, ResultWriter.moreResults(session.statusFlags(), more),
                        session.warningCount(), null);
            }
        } catch (SQLException | MysqlException | RuntimeException e) {
            session.binlog().statementFailed();
            throw e;
        } finally {
            session.running(null);
        }
    }

    void writeResult(ResultSet rs, boolean more, boolean binary) throws SQLException, IOException {
        List<ResultColumn> cols = ColumnTypes.of(rs.getMetaData());
        out.resultSet(cols, Rows.of(rs, cols), binary, ResultWriter.moreResults(session.statusFlags(), more),
                session.warningCount(), Long.MAX_VALUE);
    }

    /** An emulated result set (SHOW, variables, ...). */
    void writeRows(List<ResultColumn> cols, List<Object[]> rows, boolean more) throws IOException, SQLException {
        out.resultSet(cols, Rows.of(rows), binaryRows, ResultWriter.moreResults(session.statusFlags(), more),
                session.warningCount(), Long.MAX_VALUE);
    }

    void ok(long affected, boolean more) throws IOException {
        out.ok(affected, 0, ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(), null);
    }

    /** Value of @@[scope.]name for a SELECT: 1193 if unknown, 1238 on a scope mismatch. */
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
                value = sessionValue(name);
            }
            default -> value = def.hasSession() ? sessionValue(name) : globalValue(name);
        }
        if (name.equals("character_set_results") && value != null && value.isEmpty()) return null;
        return def.selectValue(value);
    }

    String globalValue(String name) {
        return instance.variables().get(name);
    }

    String sessionValue(String name) {
        return switch (name) {
            case "warning_count" -> Integer.toString(session.warningCount());
            case "error_count" -> Long.toString(session.warnings().stream().filter(x -> x.level().equals("Error")).count());
            case "last_insert_id", "identity" -> Long.toString(session.lastInsertId());
            case "timestamp" -> {
                String t = session.sessionOverrides().get("timestamp");
                yield t != null && !t.equals("0") ? t
                        : new java.math.BigDecimal(System.currentTimeMillis()).movePointLeft(3).toPlainString();
            }
            default -> session.sessionValue(name);
        };
    }

    /** COM_FIELD_LIST: the columns of a table, with default values. */
    void fieldList(String table, String wildcard) throws IOException, MysqlException, SQLException {
        if (session.database() == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        String t = table.toLowerCase(Locale.ROOT);
        if (!Catalog.tableExists(session.engine(), session.database(), t)) {
            throw ErrorCode.ER_NO_SUCH_TABLE.exception(session.database(), table);
        }
        try (Statement st = session.engine().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + Catalog.quote(session.database().toLowerCase(Locale.ROOT))
                     + "." + Catalog.quote(t) + " WHERE 1=0")) {
            List<ColumnDefinition41> defs = new ArrayList<>();
            for (ResultColumn c : ColumnTypes.of(rs.getMetaData())) defs.add(c.def());
            out.fieldList(defs, session.statusFlags());
        }
    }

    /** KILL [CONNECTION|QUERY] id / COM_PROCESS_KILL. */
    void kill(long id, boolean queryOnly) throws MysqlException {
        ClientSession target = instance.sessions().get(id);
        if (target == null) throw ErrorCode.ER_NO_SUCH_THREAD.exception(id);
        if (queryOnly) target.killQuery();
        else if (target.id() == session.id()) client.kill();
        else target.kill();
    }

    void shutdown() throws IOException {
        out.ok(0, 0, session.statusFlags(), 0, null);
        out.flush();
        instance.requestStop();
    }
}
