package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.MysqlFunctions;
import dev.mitosis.sql.SessionFunctions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbc.JdbcConnection;

/**
 * Connects engine sessions back to client sessions, so functions the engine evaluates
 * (@@variables, LAST_INSERT_ID(), DATABASE(), ...) answer for the right client. Process-wide,
 * keyed by the engine's own session objects, so instances in one JVM do not mix.
 */
final class EngineSessions implements SessionFunctions {
    private static final Map<Object, Session> BY_ENGINE_SESSION = new ConcurrentHashMap<>();

    static {
        MysqlFunctions.setSessionFunctions(new EngineSessions());
    }

    private EngineSessions() {}

    static void register(Connection engine, Session session) throws SQLException {
        BY_ENGINE_SESSION.put(key(engine), session);
    }

    static void unregister(Connection engine) {
        try {
            BY_ENGINE_SESSION.remove(key(engine));
        } catch (SQLException ignored) {
            // connection already unusable
        }
    }

    private static Object key(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getSession();
    }

    /**
     * Whether H2 is only asking a table function for its columns (it calls the function once with
     * such a connection at view creation and planning): the rows are then left out.
     */
    static boolean isColumnList(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:columnlist:");
    }

    static Session sessionOf(Connection c) {
        return of(c);
    }

    private static Session of(Connection c) {
        try {
            return BY_ENGINE_SESSION.get(key(c));
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public Long foundRows(Connection c) {
        Session s = of(c);
        return s == null ? 0L : s.foundRows();
    }

    @Override
    public Long rowCount(Connection c) {
        Session s = of(c);
        return s == null ? -1L : s.rowCount();
    }

    @Override
    public BigDecimal lastInsertId(Connection c) {
        Session s = of(c);
        return BigDecimal.valueOf(s == null ? 0 : s.lastInsertId());
    }

    @Override
    public BigDecimal lastInsertId(Connection c, BigDecimal value) {
        Session s = of(c);
        if (s != null && value != null) s.setLastInsertId(value.longValue());
        return value;
    }

    @Override
    public String version(Connection c) {
        return Instance.VERSION;
    }

    @Override
    public Long connectionId(Connection c) {
        Session s = of(c);
        return s == null ? 0L : s.id();
    }

    @Override
    public String user(Connection c) {
        Session s = of(c);
        return s == null ? "" : s.userAtHost();
    }

    @Override
    public String currentUser(Connection c) {
        Session s = of(c);
        return s == null ? "" : s.currentUser();
    }

    @Override
    public String database(Connection c) {
        Session s = of(c);
        return s == null ? null : s.database();
    }

    @Override
    public void warning(Connection c, int code, String message, boolean once) {
        Session s = of(c);
        if (s == null) return;
        if (once && s.warnings().stream().anyMatch(w -> w.code() == code && w.message().equals(message))) return;
        s.addWarning("Warning", code, message);
    }

    @Override
    public Object systemVariable(Connection c, String name) {
        Session s = of(c);
        if (s == null) return null;
        String ref = name.toLowerCase(java.util.Locale.ROOT);
        String scope = "";
        int dot = ref.indexOf('.');
        if (dot > 0) {
            scope = ref.substring(0, dot);
            ref = ref.substring(dot + 1);
        }
        try {
            return s.readVariable(scope, ref);
        } catch (MysqlException e) {
            throw new EngineErrors.MysqlRuntimeException(e);
        }
    }
}
