package dev.mitosis.server;

import dev.mitosis.protocol.BinaryValues;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.sql.InsertRows;
import dev.mitosis.sql.ReplaceExecutor;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.Translation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** COM_STMT_PREPARE / EXECUTE / SEND_LONG_DATA / RESET / CLOSE for one session. */
final class PreparedStatements {
    private final Session session;
    private final ResultWriter out;
    private final QueryExecutor queries;
    private static final java.util.Set<StatementKind> ENGINE_PREPARED = java.util.EnumSet.of(
            StatementKind.SELECT, StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE);
    private final Map<Long, Prepared> byId = new HashMap<>();
    private long nextId = 1;

    /** One prepared statement; {@code engine} is null for statements the server runs itself. */
    private static final class Prepared {
        final long id;
        final String sql;
        /** Replaced once if the engine rejects an execution that the column types fix ({@link #retyped}). */
        PreparedStatement engine;
        final int paramCount;
        final List<ResultColumn> columns;
        final boolean insert;
        /** Parameters bound to the AUTO_INCREMENT column: a bound 0 means "generate". */
        int[] autoIncrementParams = new int[0];
        /** A one-row INSERT IGNORE, prepared as a plain INSERT: a duplicate is MySQL's 1062 warning. */
        boolean duplicateWarns;
        /** REPLACE runs as delete-then-insert with its parameters, not as one engine statement. */
        final Translation replace;
        int[] paramTypes;
        boolean[] paramUnsigned;
        /** Set for statements the engine runs: privileges are checked again at every execute. */
        StatementKind kind;
        String[] words;
        final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();

        Prepared(long id, String sql, PreparedStatement engine, int paramCount, List<ResultColumn> columns, boolean insert,
                 Translation replace) {
            this.replace = replace;
            this.id = id;
            this.sql = sql;
            this.engine = engine;
            this.paramCount = paramCount;
            this.columns = columns;
            this.insert = insert;
        }
    }

    PreparedStatements(Session session, ResultWriter out, QueryExecutor queries) {
        this.session = session;
        this.out = out;
        this.queries = queries;
    }

    void prepare(String sql) throws IOException, MysqlException, SQLException {
        String stmt = sql.trim();
        if (SqlScan.isBlank(stmt)) throw ErrorCode.ER_EMPTY_QUERY.exception();
        Prepared p;
        long id = nextId++;
        StatementKind kind = SqlFront.classify(stmt);
        String[] words = SqlFront.leadingWords(stmt, 3);
        if (kind.translated) session.access().checkStatement(kind, stmt, words);
        int[] autoParams = new int[0];
        if (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) {
            InsertValues.Result a = queries.insertValues(stmt);
            stmt = a.sql();
            autoParams = a.parameters();
        }
        if (kind == StatementKind.REPLACE) {
            Translation t = SqlFront.translate(stmt, session);
            p = new Prepared(id, stmt, null, t.parameterCount(), List.of(), true, t);
            p.kind = kind;
            p.words = words;
        } else if (!ENGINE_PREPARED.contains(kind) || queries.isServerStatement(stmt)) {
            // Server statements, transaction control and DDL run through the text path at execute.
            if (SqlFront.translateOrNull(stmt) instanceof Translation t && t.parameterCount() > 0
                    || !kind.translated && stmt.indexOf('?') >= 0) {
                throw ErrorCode.ER_UNSUPPORTED_PS.exception();
            }
            p = new Prepared(id, stmt, null, 0, List.of(), false, null);
        } else {
            String mysql = dev.mitosis.gtid.GtidFunctions.rewrite(stmt, dev.mitosis.engine.Engine.TYPES_SCHEMA);
            Translation t = SqlFront.translate(mysql, session);
            boolean insert = kind == StatementKind.INSERT;
            List<String> rows = insert && t.has(Translation.Flag.IGNORE) ? InsertRows.split(mysql) : null;
            boolean duplicateWarns = rows != null && rows.size() == 1;
            PreparedStatement ps;
            try {
                ps = prepareEngine(duplicateWarns ? InsertRows.withoutIgnore(t.sql()) : t.sql(), insert);
            } catch (SQLException e) {
                // A date or time column in arithmetic: prepared again with the column types.
                Translation typed = SqlFront.retranslate(mysql, e, session);
                if (typed == null) throw e;
                ps = prepareEngine(duplicateWarns ? InsertRows.withoutIgnore(typed.sql()) : typed.sql(), insert);
            }
            int params = ps.getParameterMetaData().getParameterCount();
            java.sql.ResultSetMetaData md = ps.getMetaData();
            List<ResultColumn> cols = md == null ? List.of()
                    : ColumnTypes.of(md, session.engine(), session.instance().columnCatalog());
            p = new Prepared(id, stmt, ps, params, cols, insert, null);
            p.duplicateWarns = duplicateWarns;
            p.kind = kind;
            p.words = words;
        }
        p.autoIncrementParams = autoParams;
        byId.put(id, p);
        out.prepareOk(id, p.columns, p.paramCount, session.statusFlags());
    }

    private PreparedStatement prepareEngine(String h2, boolean insert) throws SQLException {
        return insert ? session.engine().prepareStatement(h2, Statement.RETURN_GENERATED_KEYS)
                : session.engine().prepareStatement(h2);
    }

    void execute(PayloadReader r) throws IOException, MysqlException, SQLException {
        Prepared p = find(r.readInt4(), "mysqld_stmt_execute");
        int flags = r.readInt1();
        r.readInt4(); // iteration count, always 1
        if ((flags & 0x03) != 0 && !p.columns.isEmpty()) {
            // Cursors are not supported; MySQL clients fall back when told so.
        }
        if (p.kind != null) session.access().checkStatement(p.kind, p.sql, p.words);
        String[] words = SqlFront.leadingWords(p.sql, 2);
        if (p.engine != null || p.replace != null) {
            // Each execution starts with no warnings (the text path clears them for the rest).
            session.clearWarnings();
            if (session.binlog().skipStatement(words)) { // binlog: gtid_next names an executed GTID
                p.longData.clear();
                out.ok(0, 0, session.statusFlags(), session.warningCount(), null);
                return;
            }
            session.binlog().statementStart(words);
        }
        try {
            executeStatement(p, r);
        } catch (SQLException | MysqlException | RuntimeException e) {
            if (p.engine != null || p.replace != null) session.binlog().statementFailed();
            throw e;
        }
    }

    private void executeStatement(Prepared p, PayloadReader r) throws IOException, MysqlException, SQLException {
        if (p.replace != null) {
            Object[] values = p.paramCount > 0 ? readParameters(p, r) : new Object[0];
            long n;
            try (TableGate.Pass ignored = queries.enterWritingStatement(p.sql, StatementKind.REPLACE)) {
                n = ReplaceExecutor.execute(session.engine(), p.replace.replace(), values);
            } catch (SQLException e) {
                // Rejected before it changed anything: a date or time column in arithmetic.
                Translation typed = SqlFront.retranslate(p.sql, e, session);
                if (typed == null) throw e;
                n = ReplaceExecutor.execute(session.engine(), typed.replace(), values);
            }
            session.setRowCount(n);
            session.noteStatementRan(n > 0);
            p.longData.clear();
            out.ok(n, 0, session.statusFlags(), session.warningCount(), null);
            return;
        }
        if (p.engine == null) {
            queries.executeAsPrepared(p.sql);
            return;
        }
        PreparedStatement ps = p.engine;
        Object[] values = new Object[0];
        if (p.paramCount > 0) {
            values = readParameters(p, r);
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
        }
        session.running(ps);
        try {
            // H2 prepares the statement again by itself when the schema has changed.
            boolean hasResult;
            boolean duplicate = false;
            try {
                hasResult = queries.executeAgainIfTableReplaced(p.sql, p.kind, ps::execute);
            } catch (SQLException e) {
                PreparedStatement typed;
                if (p.duplicateWarns && e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
                    MysqlException m = EngineErrors.translate(e, session.database());
                    session.addWarning("Warning", m.code(), m.getMessage());
                    hasResult = false;
                    duplicate = true;
                } else if ((typed = retyped(p, e)) != null) {
                    ps = typed;
                    for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
                    session.running(ps);
                    session.binlog().statementRetried();
                    hasResult = queries.executeAgainIfTableReplaced(p.sql, p.kind, ps::execute);
                } else {
                    throw e;
                }
            }
            if (session.killed()) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            if (hasResult) {
                try (ResultSet rs = ps.getResultSet()) {
                    queries.writeResult(rs, false, true);
                }
                session.noteStatementRan(false);
                if (p.kind == StatementKind.SELECT && p.sql.toUpperCase(java.util.Locale.ROOT).contains("SQL_CALC_FOUND_ROWS")
                        && SqlFront.translate(p.sql, session).has(Translation.Flag.CALC_FOUND_ROWS)) {
                    session.setFoundRows(queries.rowsWithoutLimit(p.sql, values));
                }
            } else {
                AffectedRows affected = session.affectedRows(p.kind, duplicate ? 0 : Math.max(0, ps.getLargeUpdateCount()));
                long count = affected.count();
                long insertId = p.insert && !duplicate ? queries.generatedKey(ps) : 0;
                session.setRowCount(count);
                session.noteStatementRan(count > 0);
                out.ok(count, insertId, session.statusFlags(), session.warningCount(), affected.info());
            }
        } finally {
            session.running(null);
            p.longData.clear();
        }
    }

    /**
     * After the engine rejected an execution for a conversion (a text column compared with a
     * number, see SqlFront.retranslate): the statement prepared again with the column types, kept
     * for later executions; null when the types change nothing.
     */
    private PreparedStatement retyped(Prepared p, SQLException failure) throws SQLException, MysqlException {
        String mysql = dev.mitosis.gtid.GtidFunctions.rewrite(p.sql, dev.mitosis.engine.Engine.TYPES_SCHEMA);
        Translation typed = SqlFront.retranslate(mysql, failure, session);
        if (typed == null) return null;
        PreparedStatement ps = prepareEngine(p.duplicateWarns ? InsertRows.withoutIgnore(typed.sql()) : typed.sql(), p.insert);
        p.engine.close();
        p.engine = ps;
        return ps;
    }

    /** The parameter values of one COM_STMT_EXECUTE, long data included. */
    private Object[] readParameters(Prepared p, PayloadReader r) {
        int n = p.paramCount;
        byte[] nulls = r.readBytes((n + 7) / 8);
        int newBound = r.readInt1();
        if (newBound == 1) {
            p.paramTypes = new int[n];
            p.paramUnsigned = new boolean[n];
            for (int i = 0; i < n; i++) {
                p.paramTypes[i] = r.readInt1();
                p.paramUnsigned[i] = (r.readInt1() & 0x80) != 0;
            }
        } else if (p.paramTypes == null) {
            // No types yet: libmysqlclient always sends them on the first execute.
            p.paramTypes = new int[n];
            p.paramUnsigned = new boolean[n];
            java.util.Arrays.fill(p.paramTypes, FieldType.VAR_STRING);
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            ByteArrayOutputStream longData = p.longData.get(i);
            if (longData != null) {
                byte[] bytes = longData.toByteArray();
                values[i] = isBinaryType(p.paramTypes[i]) || !QueryText.isValidUtf8(bytes, 0, bytes.length)
                        ? bytes : new String(bytes, StandardCharsets.UTF_8);
            } else if (!isNull) {
                Object v = BinaryValues.read(r, p.paramTypes[i], p.paramUnsigned[i]);
                values[i] = v instanceof Duration d ? ValueText.duration(d, 6) : v;
            }
        }
        for (int k : p.autoIncrementParams) {
            Object v = values[k];
            if (v instanceof Number num && num.longValue() == 0 || "0".equals(v)) values[k] = null;
        }
        return values;
    }

    private static boolean isBinaryType(int type) {
        return type == FieldType.BLOB || type == FieldType.TINY_BLOB || type == FieldType.MEDIUM_BLOB
                || type == FieldType.LONG_BLOB || type == FieldType.GEOMETRY;
    }

    void sendLongData(PayloadReader r) {
        Prepared p = byId.get(r.readInt4());
        int param = r.readInt2();
        byte[] data = r.readRestBytes();
        if (p == null || param < 0 || param >= p.paramCount) return; // no reply is defined for this command
        p.longData.computeIfAbsent(param, k -> new ByteArrayOutputStream()).writeBytes(data);
    }

    void close(PayloadReader r) {
        Prepared p = byId.remove(r.readInt4());
        if (p != null) closeQuietly(p);
    }

    void reset(PayloadReader r) throws IOException, MysqlException {
        Prepared p = find(r.readInt4(), "mysqld_stmt_reset");
        p.longData.clear();
        out.ok(0, 0, session.statusFlags(), 0, null);
    }

    void fetch(PayloadReader r) throws MysqlException {
        find(r.readInt4(), "mysqld_stmt_fetch");
        throw ErrorCode.ER_UNKNOWN_COM_ERROR.exception();
    }

    private Prepared find(long id, String command) throws MysqlException {
        Prepared p = byId.get(id);
        if (p == null) throw ErrorCode.ER_UNKNOWN_STMT_HANDLER.exception(Long.toString(id), command);
        return p;
    }

    void closeAll() {
        for (Prepared p : byId.values()) closeQuietly(p);
        byId.clear();
    }

    private static void closeQuietly(Prepared p) {
        if (p.engine == null) return;
        try {
            p.engine.close();
        } catch (SQLException ignored) {
            // engine connection already gone
        }
    }
}
