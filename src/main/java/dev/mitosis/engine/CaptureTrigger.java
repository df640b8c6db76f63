package dev.mitosis.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * AFTER INSERT, UPDATE, DELETE row trigger on every user table: appends full row images to the
 * firing session's {@link RowCapture}. Unchanged UPDATE rows are dropped (MySQL logs nothing for
 * them), and so are rows changed by a foreign key's cascading action (a replica cascades itself).
 */
public final class CaptureTrigger implements Trigger {
    public static final String NAME_PREFIX = "mitosis_binlog_";
    private static final String CONSTRAINT_CLASS = "org.h2.constraint.ConstraintReferential";

    /**
     * Bumped after every DDL: H2 rebuilds a table on ALTER (a copy, then renamed) and keeps a
     * trigger across RENAME, so the table name a trigger was initialised with can go stale. A
     * trigger re-reads its table's name once after each DDL.
     */
    private static final java.util.concurrent.atomic.AtomicLong DDL_EPOCH = new java.util.concurrent.atomic.AtomicLong();

    private String schema;
    private String table;
    private String triggerName;
    /** H2's table this trigger is on; it stops being valid once the table is dropped. */
    private org.h2.table.Table engineTable;
    private long epoch = -1;
    private boolean cascadeChild;

    /** DDL creating the trigger for a table (names as H2 stores them). */
    public static String createSql(String schema, String table) {
        return "CREATE TRIGGER IF NOT EXISTS " + quote(schema) + "." + quote(triggerName(table))
                + " AFTER INSERT, UPDATE, DELETE ON " + quote(schema) + "." + quote(table)
                + " FOR EACH ROW CALL \"" + CaptureTrigger.class.getName() + "\"";
    }

    public static String triggerName(String table) {
        return NAME_PREFIX + table;
    }

    static String quote(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    /**
     * Adds the trigger to every table of the user schemas that lacks it; returns how many were
     * added. Cheap when nothing is missing (one catalog query). Under the database's DDL lock
     * ({@link Engine#ddlLock}): it runs DDL, and two appliers' DDL (two channels) would otherwise
     * race to add the same trigger.
     */
    public static int ensureAll(Connection c, java.util.Set<String> systemSchemas) throws SQLException {
        java.util.concurrent.locks.ReentrantLock lock = Engine.ddlLock(c);
        lock.lock();
        try {
            return ensureAllLocked(c, systemSchemas);
        } finally {
            lock.unlock();
        }
    }

    private static int ensureAllLocked(Connection c, java.util.Set<String> systemSchemas) throws SQLException {
        DDL_EPOCH.incrementAndGet();
        // A renamed table keeps its old trigger name, which a new table of that name would need.
        java.util.List<String[]> misnamed = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE"
                     + " FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_NAME LIKE '" + NAME_PREFIX + "%'")) {
            while (rs.next()) {
                if (!rs.getString(2).equals(triggerName(rs.getString(3)))) misnamed.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] t : misnamed) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER IF EXISTS " + quote(t[0]) + "." + quote(t[1]));
            }
        }
        java.util.List<String[]> missing = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM INFORMATION_SCHEMA.TABLES t"
                     + " WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA <> 'INFORMATION_SCHEMA'"
                     + " AND NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS g"
                     + " WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME"
                     + " AND g.TRIGGER_NAME LIKE '" + NAME_PREFIX + "%')")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                if (systemSchemas.contains(schema.toLowerCase(Locale.ROOT))) continue;
                missing.add(new String[] {schema, rs.getString(2)});
            }
        }
        for (String[] t : missing) {
            try (Statement s = c.createStatement()) {
                s.execute(createSql(t[0], t[1]));
            }
        }
        return missing.size();
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        this.schema = schemaName;
        // During ALTER TABLE, H2 builds the new table as a copy whose trigger is named
        // "<table>_COPY_n_m_<trigger>" and renames both afterwards: keep the final names.
        int at = triggerName.indexOf(NAME_PREFIX);
        this.triggerName = at > 0 ? triggerName.substring(at) : triggerName;
        this.table = finalName(tableName);
        org.h2.engine.SessionLocal session = Engine.session(conn);
        this.engineTable = session.getDatabase().getSchema(schemaName).findTableOrView(session, tableName);
        this.epoch = at > 0 ? -1 : DDL_EPOCH.get();
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
                + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA"
                + " AND t.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?"
                + " AND (r.UPDATE_RULE <> 'RESTRICT' AND r.UPDATE_RULE <> 'NO ACTION'"
                + " OR r.DELETE_RULE <> 'RESTRICT' AND r.DELETE_RULE <> 'NO ACTION')")) {
            ps.setString(1, schemaName);
            ps.setString(2, tableName);
            try (ResultSet rs = ps.executeQuery()) {
                cascadeChild = rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (engineTable != null && !engineTable.isValid()) {
            // The statement waited for a DDL statement that dropped this table: failing makes H2
            // undo it, and the server runs it again against the table as it is now.
            throw new SQLException("Table " + schema + "." + table + " was replaced while the statement waited for it",
                    "HY000", Engine.TABLE_REPLACED);
        }
        RowCapture capture = RowCapture.of(conn);
        if (capture == null) return;
        RowChange.Kind kind;
        if (oldRow == null) {
            kind = RowChange.Kind.INSERT;
        } else if (newRow == null) {
            kind = RowChange.Kind.DELETE;
        } else {
            kind = RowChange.Kind.UPDATE;
            if (Arrays.deepEquals(oldRow, newRow)) {
                // Counted (even with sql_log_bin=0) for the statement's affected rows, not logged.
                if (!(cascadeChild && fromForeignKeyAction())) capture.unchangedUpdate();
                return;
            }
        }
        if (!capture.enabled()) return;
        if (cascadeChild && fromForeignKeyAction()) return;
        if (epoch != DDL_EPOCH.get()) refreshTable(conn);
        capture.add(schema, table, kind, materialize(oldRow), materialize(newRow));
    }

    private void refreshTable(Connection conn) throws SQLException {
        long now = DDL_EPOCH.get();
        try (PreparedStatement ps = conn.prepareStatement("SELECT EVENT_OBJECT_TABLE FROM INFORMATION_SCHEMA.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, triggerName);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) table = finalName(rs.getString(1));
            }
        }
        epoch = now;
    }

    /** H2's name for the copy an ALTER TABLE builds: the table's name, then _COPY_, session and number. */
    private static final java.util.regex.Pattern ALTER_COPY = java.util.regex.Pattern.compile("(.+)_COPY_\\d+_\\d+");

    /**
     * The name a table will have once the ALTER TABLE building it ends: a statement that waited for
     * the ALTER may fire this trigger while H2 is still renaming the copy and its trigger.
     */
    private String finalName(String tableName) {
        java.util.regex.Matcher m = ALTER_COPY.matcher(tableName);
        return m.matches() && triggerName.equals(triggerName(m.group(1))) ? m.group(1) : tableName;
    }

    private static boolean fromForeignKeyAction() {
        return StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getClassName().equals(CONSTRAINT_CLASS)));
    }

    /** A copy with LOBs read: they are only readable inside fire(). */
    private static Object[] materialize(Object[] row) throws SQLException {
        if (row == null) return null;
        Object[] copy = row.clone();
        for (int i = 0; i < copy.length; i++) {
            Object v = copy[i];
            try {
                if (v instanceof Clob clob) {
                    StringWriter w = new StringWriter();
                    try (Reader r = clob.getCharacterStream()) {
                        r.transferTo(w);
                    }
                    copy[i] = w.toString();
                } else if (v instanceof Blob blob) {
                    try (InputStream in = blob.getBinaryStream()) {
                        copy[i] = in.readAllBytes();
                    }
                }
            } catch (IOException e) {
                throw new SQLException("Cannot read LOB for the binary log", e);
            }
        }
        return copy;
    }
}
