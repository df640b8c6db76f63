package dev.mitosis.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbc.JdbcConnection;

/**
 * The row changes one session's open transaction made, as captured by {@link CaptureTrigger}.
 * The server keeps a mark per statement and per savepoint and truncates back to it when the
 * statement fails or the transaction rolls back to the savepoint: triggers fire for rows the
 * engine later undoes (reference/h2-findings.md section 2).
 *
 * <p>Buffers are found by the engine session a trigger fires in. The registry is keyed by H2
 * session objects, which are unique per connection, so instances in one JVM never share entries.
 */
public final class RowCapture {
    private static final Map<Object, RowCapture> BY_SESSION = new ConcurrentHashMap<>();

    private final Object h2Session;
    private final Object owner;
    private final ArrayList<RowChange> changes = new ArrayList<>();
    private final Map<String, Integer> savepoints = new HashMap<>();
    private int statementMark;
    private int statement;
    private long unchanged;
    private volatile boolean enabled = true;

    private RowCapture(Object h2Session, Object owner) {
        this.h2Session = h2Session;
        this.owner = owner;
    }

    /** Starts capturing for an engine connection; {@code owner} is what functions may ask for. */
    public static RowCapture register(Connection engine, Object owner) throws SQLException {
        Object s = engine.unwrap(JdbcConnection.class).getSession();
        RowCapture c = new RowCapture(s, owner);
        BY_SESSION.put(s, c);
        return c;
    }

    /** The capture of the session a trigger or function runs in, or null. */
    public static RowCapture of(Connection conn) throws SQLException {
        if (BY_SESSION.isEmpty()) return null;
        return BY_SESSION.get(conn.unwrap(JdbcConnection.class).getSession());
    }

    public void unregister() {
        BY_SESSION.remove(h2Session, this);
    }

    public Object owner() {
        return owner;
    }

    /** sql_log_bin=0: changes are not captured. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    void add(String schema, String table, RowChange.Kind kind, Object[] before, Object[] after) {
        changes.add(new RowChange(schema, table, kind, before, after, statement));
    }

    /** Before each statement. */
    public void statementStart() {
        statementMark = changes.size();
        statement++;
        unchanged = 0;
    }

    /** An UPDATE row whose values stayed as they were: MySQL finds it but does not count it as changed. */
    void unchangedUpdate() {
        unchanged++;
    }

    /** The current statement's rows that an UPDATE (or ON DUPLICATE KEY UPDATE) left as they were. */
    public long unchangedRows() {
        return unchanged;
    }

    /** A statement failed: the engine undid its rows. */
    public void statementFailed() {
        truncate(statementMark);
    }

    /** True if the current statement has neither changed a row nor found one it left unchanged. */
    public boolean statementChangedNothing() {
        return changes.size() == statementMark && unchanged == 0;
    }

    public void savepoint(String name) {
        savepoints.put(name.toLowerCase(java.util.Locale.ROOT), changes.size());
    }

    public void rollbackToSavepoint(String name) {
        Integer mark = savepoints.get(name.toLowerCase(java.util.Locale.ROOT));
        if (mark != null) {
            truncate(mark);
            // Savepoints set after this one are gone, as in the engine.
            savepoints.values().removeIf(m -> m > mark);
        }
    }

    public void releaseSavepoint(String name) {
        savepoints.remove(name.toLowerCase(java.util.Locale.ROOT));
    }

    private void truncate(int mark) {
        if (mark < changes.size()) changes.subList(mark, changes.size()).clear();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public int size() {
        return changes.size();
    }

    /** The transaction's changes; valid until {@link #clear}. */
    public List<RowChange> changes() {
        return changes;
    }

    /** Transaction end (commit or rollback). */
    public void clear() {
        changes.clear();
        savepoints.clear();
        statementMark = 0;
    }
}
