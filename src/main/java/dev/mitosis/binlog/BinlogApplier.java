package dev.mitosis.binlog;

import dev.mitosis.engine.AutoIncrement;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies logged transactions to the engine from their row images and DDL text: crash recovery
 * (transactions the engine lost) and replay into another instance. Rows are found by primary key
 * (all columns when the table has none). The GTID row is written in the same engine transaction.
 */
public final class BinlogApplier {
    /** Executes a logged DDL statement (MySQL text) in a database; null db for none. */
    public interface DdlExecutor {
        void execute(Connection c, String database, String sql) throws SQLException;
    }

    /** One transaction read from a binlog file. */
    public record Transaction(Gtid gtid, long start, long end, List<BinlogEvent> events) {
        /** The DDL statement of a DDL transaction, else null. */
        public QueryEventData ddl() {
            for (BinlogEvent e : events) {
                if (e.data() instanceof QueryEventData q && !q.sql().equals("BEGIN") && !q.sql().equals("COMMIT")) return q;
            }
            return null;
        }
    }

    private final BinaryLog.TableSchemas schemas;
    private final DdlExecutor ddl;
    /** Prepared row statements by table and kind, for the one connection this applier is used with. */
    private final java.util.Map<StatementKey, PreparedStatement> statements = new java.util.HashMap<>();
    private Connection statementsOf;
    /** Each table definition's AUTO_INCREMENT counter (empty: none), keyed by identity like the statements. */
    private final java.util.Map<TableSchema, java.util.Optional<AutoIncrement>> counters = new java.util.IdentityHashMap<>();

    /** A row event that cannot be applied: MySQL's 1032 (row not found) for the replica's applier. */
    public static final class RowNotFoundException extends SQLException {
        public final String kind;
        public final String database;
        public final String table;

        RowNotFoundException(String kind, String database, String table) {
            super("Can't find record in '" + table + "'", "HY000", 1032);
            this.kind = kind;
            this.database = database;
            this.table = table;
        }
    }

    public BinlogApplier(BinaryLog.TableSchemas schemas, DdlExecutor ddl) {
        this.schemas = schemas;
        this.ddl = ddl;
    }

    /** Reads the complete transactions of a file; a torn tail is left out. */
    public static List<Transaction> read(java.nio.file.Path file, long[] goodEnd) throws java.io.IOException {
        List<Transaction> out = new ArrayList<>();
        try {
            long end = scan(file, out::add);
            if (goodEnd != null) goodEnd[0] = end;
        } catch (SQLException e) {
            throw new IllegalStateException(e); // adding to a list throws none
        }
        return out;
    }

    /** Receives a file's complete transactions in log order. */
    public interface TransactionSink {
        void accept(Transaction t) throws SQLException;
    }

    /**
     * Reads a file's complete transactions one at a time (a log can be far larger than memory);
     * returns where the last complete one ends (a torn tail starts there).
     */
    public static long scan(java.nio.file.Path file, TransactionSink sink) throws java.io.IOException, SQLException {
        try (BinlogFileScanner s = new BinlogFileScanner(file)) {
            long end = s.position();
            List<BinlogEvent> cur = null;
            Gtid gtid = null;
            long start = 0;
            boolean inBegin = false;
            while (true) {
                long at = s.position();
                BinlogEvent e = s.next();
                if (e == null) break;
                EventData d = e.data();
                if (d instanceof GtidEventData g) {
                    cur = new ArrayList<>();
                    cur.add(e);
                    gtid = g.gtid();
                    start = at;
                    inBegin = false;
                    continue;
                }
                if (cur == null) {
                    end = s.position();
                    continue;
                }
                cur.add(e);
                boolean complete = false;
                if (d instanceof QueryEventData q) {
                    if (q.sql().equals("BEGIN")) inBegin = true;
                    else if (!inBegin || q.sql().equals("COMMIT")) complete = true;
                } else if (d instanceof XidEventData) {
                    complete = true;
                }
                if (complete) {
                    if (gtid != null) sink.accept(new Transaction(gtid, start, s.position(), cur));
                    cur = null;
                    end = s.position();
                }
            }
            return end;
        }
    }

    /** Applies one transaction and commits it with its GTID row. */
    public void apply(Connection c, Transaction t) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            QueryEventData q = t.ddl();
            if (q != null) {
                invalidate();
                try {
                    ddl.execute(c, q.database().isEmpty() ? null : q.database(), q.sql());
                } catch (SQLException e) {
                    // DDL and its GTID row are not atomic in the engine: the DDL may be there already.
                    org.slf4j.LoggerFactory.getLogger(BinlogApplier.class)
                            .warn("Re-applying DDL of {} failed ({}); recording it as applied", t.gtid(), e.getMessage());
                }
                invalidate();
            }
            applyRows(c, t);
            if (t.gtid() != null) {
                try (PreparedStatement ins = c.prepareStatement(GtidState.INSERT_SQL)) {
                    GtidState.bindRow(ins, t.gtid());
                    ins.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Receives every row image applied, as engine values: what a write set is computed from. */
    public interface RowImages {
        void image(TableSchema table, Object[] engineRow);
    }

    /** Applies the row events of a transaction on {@code c}, without committing. */
    public void applyRows(Connection c, Transaction t) throws SQLException {
        applyRows(c, t, null);
    }

    /** As {@link #applyRows(Connection, Transaction)}, handing each before and after image to {@code images}. */
    public void applyRows(Connection c, Transaction t, RowImages images) throws SQLException {
        for (BinlogEvent e : t.events()) {
            if (e.data() instanceof WriteRowsEventData w) {
                for (Row r : w.rows()) insert(c, w.table(), r, images);
            } else if (e.data() instanceof DeleteRowsEventData d) {
                for (Row r : d.rows()) delete(c, d.table(), r, images);
            } else if (e.data() instanceof UpdateRowsEventData u) {
                for (UpdateRowsEventData.Change ch : u.rows()) update(c, u.table(), ch.before(), ch.after(), images);
            }
        }
    }

    private static Object[] engineRow(TableSchema t, Row r) {
        Object[] out = new Object[t.columns().size()];
        for (int i = 0; i < out.length; i++) out[i] = value(t, i, r);
        return out;
    }

    /** Drops cached statements and table definitions: after DDL. */
    public void invalidate() {
        schemas.invalidate();
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection may be gone
            }
        }
        statements.clear();
        counters.clear();
    }

    private PreparedStatement statement(Connection c, TableSchema t, char kind) throws SQLException {
        return statement(c, t, kind, -1L);
    }

    /** {@code columns}: for an UPDATE, the columns it sets (bit i for column i; -1 for all). */
    private PreparedStatement statement(Connection c, TableSchema t, char kind, long columns) throws SQLException {
        if (statementsOf != c) {
            invalidateStatementsOnly();
            statementsOf = c;
        }
        // Keyed by the table definition object: a new one comes with every DDL.
        StatementKey key = new StatementKey(t, kind, columns);
        PreparedStatement ps = statements.get(key);
        if (ps == null || ps.isClosed()) {
            // Many update shapes (wide tables, varied changes) must not hold statements without bound.
            if (statements.size() >= 512) invalidateStatementsOnly();
            ps = c.prepareStatement(sql(t, kind, columns));
            statements.put(key, ps);
        }
        return ps;
    }

    private record StatementKey(TableSchema table, char kind, long columns) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StatementKey k && k.table == table && k.kind == kind && k.columns == columns;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(table) * 31 + kind) * 31 + Long.hashCode(columns);
        }
    }

    private void invalidateStatementsOnly() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection may be gone
            }
        }
        statements.clear();
    }

    private static String name(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    private TableSchema table(Connection c, TableMapEventData m) throws SQLException {
        return schemas.get(c, m.database(), m.table());
    }

    private void insert(Connection c, TableMapEventData m, Row r, RowImages images) throws SQLException {
        TableSchema t = table(c, m);
        PreparedStatement ps = statement(c, t, 'I');
        Object[] row = engineRow(t, r);
        raiseAutoIncrement(c, t, row);
        int p = 1;
        for (int i = 0; i < row.length; i++) {
            if (!t.isGenerated(i)) ps.setObject(p++, row[i]);
        }
        ps.executeUpdate();
        if (images != null) images.image(t, row);
    }

    /**
     * The INSERT, UPDATE or DELETE (kind I, U, D) of a table's rows, by key (all columns without
     * one); an UPDATE sets {@code columns} (see {@link #isSet}).
     */
    private static String sql(TableSchema t, char kind, long columns) {
        String table = name(t.schema()) + '.' + name(t.table());
        StringBuilder sql = new StringBuilder();
        if (kind == 'I') {
            sql.append("INSERT INTO ").append(table).append(" (");
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < t.columns().size(); i++) {
                if (t.isGenerated(i)) continue; // computed by the engine, as on the source
                if (values.length() > 0) {
                    sql.append(", ");
                    values.append(", ");
                }
                sql.append(name(t.columns().get(i).name()));
                values.append('?');
            }
            return sql.append(") VALUES (").append(values).append(')').toString();
        }
        if (kind == 'U') {
            sql.append("UPDATE ").append(table).append(" SET ");
            boolean first = true;
            for (int i = 0; i < t.columns().size(); i++) {
                if (!isSet(columns, i) || t.isGenerated(i)) continue;
                if (!first) sql.append(", ");
                first = false;
                sql.append(name(t.columns().get(i).name())).append(" = ?");
            }
        } else {
            sql.append("DELETE FROM ").append(table);
        }
        int[] keys = keyColumns(t);
        sql.append(" WHERE ");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) sql.append(" AND ");
            sql.append(name(t.columns().get(keys[i]).name())).append(" IS NOT DISTINCT FROM ?");
        }
        // Without a key, identical rows are indistinguishable: a row image changes one of them.
        if (t.primaryKey().length == 0) sql.append(" FETCH FIRST 1 ROW ONLY");
        return sql.toString();
    }

    private static int[] keyColumns(TableSchema t) {
        if (t.primaryKey().length > 0) return t.primaryKey();
        int[] all = new int[t.columns().size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    private void delete(Connection c, TableMapEventData m, Row before, RowImages images) throws SQLException {
        TableSchema t = table(c, m);
        PreparedStatement ps = statement(c, t, 'D');
        // The whole image only when it is wanted; the key columns are converted once either way.
        Object[] beforeRow = images != null ? engineRow(t, before) : null;
        int p = 1;
        for (int k : keyColumns(t)) ps.setObject(p++, beforeRow != null ? beforeRow[k] : value(t, k, before));
        if (ps.executeUpdate() == 0) throw new RowNotFoundException("Delete_rows", t.schema(), t.table());
        if (images != null) images.image(t, beforeRow);
    }

    private void update(Connection c, TableMapEventData m, Row before, Row after, RowImages images) throws SQLException {
        TableSchema t = table(c, m);
        Object[] beforeRow = engineRow(t, before);
        Object[] afterRow = engineRow(t, after);
        // Only the columns that change are set: less for the engine to convert and compare.
        long changed = t.columns().size() <= 64 ? changedColumns(t, beforeRow, afterRow) : -1L;
        PreparedStatement ps = statement(c, t, 'U', changed);
        raiseAutoIncrement(c, t, afterRow);
        int p = 1;
        for (int i = 0; i < afterRow.length; i++) {
            if (isSet(changed, i) && !t.isGenerated(i)) ps.setObject(p++, afterRow[i]);
        }
        for (int k : keyColumns(t)) ps.setObject(p++, beforeRow[k]);
        if (ps.executeUpdate() == 0) throw new RowNotFoundException("Update_rows", t.schema(), t.table());
        if (images != null) {
            images.image(t, beforeRow);
            images.image(t, afterRow);
        }
    }

    /** Moves the table's AUTO_INCREMENT counter past the row's value before the engine sees it (see AutoIncrement). */
    private void raiseAutoIncrement(Connection c, TableSchema t, Object[] row) throws SQLException {
        java.util.Optional<AutoIncrement> counter = counters.get(t);
        if (counter == null) {
            if (counters.size() >= 512) counters.clear();
            counter = java.util.Optional.ofNullable(AutoIncrement.of(c, t.schema(), t.table()));
            counters.put(t, counter);
        }
        if (counter.isPresent() && counter.get().column() < row.length) counter.get().raisePast(row[counter.get().column()]);
    }

    private static long changedColumns(TableSchema t, Object[] before, Object[] after) {
        long mask = 0;
        int firstWritable = -1;
        for (int i = 0; i < after.length; i++) {
            if (t.isGenerated(i)) continue;
            if (firstWritable < 0) firstWritable = i;
            if (!java.util.Objects.deepEquals(before[i], after[i])) mask |= 1L << i;
        }
        // No change at all still needs a statement that finds the row (1032 if it is missing).
        return mask == 0 ? 1L << Math.max(firstWritable, 0) : mask;
    }

    private static boolean isSet(long columns, int i) {
        return columns == -1L || i < 64 && (columns & (1L << i)) != 0;
    }

    private static Object value(TableSchema t, int i, Row r) {
        return i < r.size() ? TableSchema.toEngineValue(t.columns().get(i), r.get(i)) : null;
    }
}
