package dev.mitosis.server;

import dev.mitosis.protocol.BinaryValues;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PayloadReader;
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
    private final Map<Long, Prepared> byId = new HashMap<>();
    private long nextId = 1;

    /** One prepared statement; {@code engine} is null for statements the server runs itself. */
    private static final class Prepared {
        final long id;
        final String sql;
        final PreparedStatement engine;
        final int paramCount;
        final List<ResultColumn> columns;
        final boolean insert;
        int[] paramTypes;
        boolean[] paramUnsigned;
        final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();

        Prepared(long id, String sql, PreparedStatement engine, int paramCount, List<ResultColumn> columns, boolean insert) {
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
        if (queries.isServerStatement(stmt)) {
            if (stmt.indexOf('?') >= 0) throw ErrorCode.ER_UNSUPPORTED_PS.exception();
            p = new Prepared(id, stmt, null, 0, List.of(), false);
        } else {
            String[] w = SqlFront.leadingWords(stmt, 1);
            boolean insert = w[0].equals("INSERT") || w[0].equals("REPLACE");
            String h2 = SqlFront.translate(dev.mitosis.gtid.GtidFunctions.rewrite(
                    Substitutions.apply(stmt, session, queries::readVariable), dev.mitosis.engine.Engine.TYPES_SCHEMA));
            PreparedStatement ps = insert ? session.engine().prepareStatement(h2, Statement.RETURN_GENERATED_KEYS)
                    : session.engine().prepareStatement(h2);
            int params = ps.getParameterMetaData().getParameterCount();
            java.sql.ResultSetMetaData md = ps.getMetaData();
            List<ResultColumn> cols = md == null ? List.of() : ColumnTypes.of(md);
            p = new Prepared(id, stmt, ps, params, cols, insert);
        }
        byId.put(id, p);
        out.prepareOk(id, p.columns, p.paramCount, session.statusFlags());
    }

    void execute(PayloadReader r) throws IOException, MysqlException, SQLException {
        Prepared p = find(r.readInt4(), "mysqld_stmt_execute");
        int flags = r.readInt1();
        r.readInt4(); // iteration count, always 1
        if ((flags & 0x03) != 0 && !p.columns.isEmpty()) {
            // Cursors are not supported; MySQL clients fall back when told so.
        }
        if (p.engine == null) {
            queries.executeAsPrepared(p.sql);
            return;
        }
        if (p.paramCount > 0) bind(p, r);
        PreparedStatement ps = p.engine;
        String[] words = SqlFront.leadingWords(p.sql, 2);
        if (session.binlog().skipStatement(words)) {
            out.ok(0, 0, session.statusFlags(), session.warningCount(), null);
            return;
        }
        session.binlog().statementStart(words);
        session.running(ps);
        try {
            boolean hasResult = ps.execute();
            if (session.killed()) throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            if (hasResult) {
                try (ResultSet rs = ps.getResultSet()) {
                    queries.writeResult(rs, false, true);
                }
                session.noteStatementRan(false);
            } else {
                long count = Math.max(0, ps.getLargeUpdateCount());
                long insertId = 0;
                if (p.insert) {
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (keys != null && keys.next()) {
                            insertId = keys.getLong(1);
                            session.setLastInsertId(insertId);
                        }
                    }
                }
                session.setRowCount(count);
                if (words[0].matches("CREATE|ALTER|DROP|TRUNCATE|RENAME")) session.ddlRan(p.sql);
                else session.noteStatementRan(count > 0);
                out.ok(count, insertId, session.statusFlags(), session.warningCount(), null);
            }
        } catch (SQLException | MysqlException | RuntimeException e) {
            session.binlog().statementFailed();
            throw e;
        } finally {
            session.running(null);
            p.longData.clear();
        }
    }

    private void bind(Prepared p, PayloadReader r) throws SQLException {
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
        PreparedStatement ps = p.engine;
        for (int i = 0; i < n; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            ByteArrayOutputStream longData = p.longData.get(i);
            if (longData != null) {
                byte[] bytes = longData.toByteArray();
                if (isBinaryType(p.paramTypes[i]) || !QueryText.isValidUtf8(bytes, 0, bytes.length)) ps.setBytes(i + 1, bytes);
                else ps.setString(i + 1, new String(bytes, StandardCharsets.UTF_8));
                continue;
            }
            if (isNull) {
                ps.setObject(i + 1, null);
                continue;
            }
            Object v = BinaryValues.read(r, p.paramTypes[i], p.paramUnsigned[i]);
            if (v instanceof Duration d) v = ValueText.duration(d, 6);
            ps.setObject(i + 1, v);
        }
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
