package dev.mitosis.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.message.DbException;
import org.h2.result.SortOrder;
import org.h2.schema.Schema;
import org.h2.schema.Sequence;
import org.h2.table.Column;
import org.h2.table.Table;
import org.h2.table.TableType;
import org.h2.value.Value;

/**
 * The counter of a table's AUTO_INCREMENT column, which H2 keeps in the column's identity
 * sequence. When a row brings its own, larger value, H2 moves the sequence past it and persists
 * the sequence at once (a metadata row, committed by its system session, one at a time for the
 * whole database): an insert of explicit values cost four times one of generated values, and a
 * replica gets every value explicit. {@link #raisePast} moves the counter first, in memory only,
 * which leaves H2 nothing to do. The persisted counter may then lag behind the rows; it is written
 * at a clean shutdown ({@link #persistRaised}), and {@link #restoreAll} raises every counter past
 * its column's largest value when the database opens (after a crash, or in a cloned store).
 */
public final class AutoIncrement {
    /** Sequences raised in memory and not persisted since. */
    private static final Set<Sequence> RAISED = ConcurrentHashMap.newKeySet();

    private final Sequence sequence;
    private final int column;

    private AutoIncrement(Sequence sequence, int column) {
        this.sequence = sequence;
        this.column = column;
    }

    /** The AUTO_INCREMENT counter of a table (names as the engine stores them), or null if it has none. */
    public static AutoIncrement of(Connection c, String schema, String table) throws SQLException {
        SessionLocal session = Engine.session(c);
        Schema s = session.getDatabase().findSchema(schema);
        Table t = s == null ? null : s.findTableOrView(session, table);
        if (t == null) return null;
        for (Column col : t.getColumns()) {
            if (col.isIdentity() && col.getSequence() != null) return new AutoIncrement(col.getSequence(), col.getColumnId());
        }
        return null;
    }

    /** The column's 0-based position in the table. */
    public int column() {
        return column;
    }

    /** Makes the next generated value follow {@code value} (a value of the column) if it is beyond the counter. */
    public void raisePast(Object value) {
        if (value instanceof Number n && !(value instanceof java.math.BigInteger b && b.bitLength() > 63)) {
            if (raise(sequence, n.longValue()) && RAISED.add(sequence) && RAISED.size() > 10_000) {
                RAISED.removeIf(s -> !s.isValid()); // dropped tables' counters
            }
        }
    }

    /** As H2 does for an explicit value, without persisting; false if the counter was already past it. */
    private static boolean raise(Sequence sequence, long value) {
        synchronized (sequence) {
            if (sequence.getCycle() == Sequence.Cycle.EXHAUSTED) return false;
            long increment = sequence.getIncrement();
            long current = sequence.getCurrentValue();
            if (increment > 0 ? value <= current : value >= current) return false;
            try {
                sequence.modify(value + increment, null, null, null, null, null, null);
                return true;
            } catch (DbException outOfRange) {
                // H2's own check decides what to do with a value past the sequence's range.
                return false;
            }
        }
    }

    /**
     * ALTER TABLE ... AUTO_INCREMENT = n, as InnoDB does it: the next value is n, or the column's
     * largest value + 1 if that is more. The engine function {@code mitosis_fn.mysql_alter_auto_increment}
     * calls it, as the statement's translation cannot name the column. {@code schema} null: the
     * connection's current schema. Nothing for a table without an AUTO_INCREMENT column.
     * Persisted at once (a rare statement).
     */
    public static void alter(Connection c, String schema, String table, long value) throws SQLException {
        SessionLocal session = Engine.session(c);
        Schema s = session.getDatabase().findSchema(schema != null ? schema : session.getCurrentSchemaName());
        Table t = s == null ? null : s.findTableOrView(session, table);
        if (t == null) return;
        for (Column col : t.getColumns()) {
            if (!col.isIdentity() || col.getSequence() == null) continue;
            Sequence sequence = col.getSequence();
            Long largest = largest(session, t, col);
            long next = largest == null ? value : Math.max(value, largest + sequence.getIncrement());
            synchronized (sequence) {
                sequence.modify(next, null, null, null, null, null, null);
            }
            sequence.flush(null);
            RAISED.remove(sequence);
        }
    }

    /** Persists the counters of {@code c}'s database raised since they were last persisted: before a clean shutdown. */
    static void persistRaised(Connection c) throws SQLException {
        Database db = Engine.session(c).getDatabase();
        for (Sequence s : RAISED) {
            if (s.getDatabase() != db) continue;
            RAISED.remove(s);
            if (s.isValid()) s.flush(null);
        }
    }

    /** Forgets the raised counters of {@code c}'s database: it is closed as a crash would close it. */
    static void forgetRaised(Connection c) throws SQLException {
        Database db = Engine.session(c).getDatabase();
        RAISED.removeIf(s -> s.getDatabase() == db);
    }

    /**
     * Raises every AUTO_INCREMENT counter past its column's largest value and persists it: the
     * persisted counter may lag behind rows a replica or a recovery inserted before a crash.
     * MySQL's counter after a crash is likewise at least the largest value.
     */
    static void restoreAll(Connection c) throws SQLException {
        SessionLocal session = Engine.session(c);
        for (Schema schema : session.getDatabase().getAllSchemasNoMeta()) {
            for (Table t : schema.getAllTablesAndViews(session)) {
                if (t.getTableType() != TableType.TABLE || t.isTemporary()) continue;
                for (Column col : t.getColumns()) {
                    if (!col.isIdentity() || col.getSequence() == null) continue;
                    Long largest = largest(session, t, col);
                    if (largest != null && raise(col.getSequence(), largest)) col.getSequence().flush(null);
                }
            }
        }
    }

    /** The column's largest value by an index it leads, or null (no such index, or no rows). */
    private static Long largest(SessionLocal session, Table t, Column col) {
        Index index = t.getIndexForColumn(col, true, false);
        if (index == null) return null;
        boolean descending = (index.getIndexColumns()[0].sortType & SortOrder.DESCENDING) != 0;
        Cursor cursor = index.findFirstOrLast(session, descending);
        if (!cursor.next() || cursor.get() == null) return null;
        Value v = cursor.get().getValue(col.getColumnId());
        return v == null || v == org.h2.value.ValueNull.INSTANCE ? null : v.getLong();
    }
}
