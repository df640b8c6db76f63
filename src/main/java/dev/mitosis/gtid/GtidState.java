package dev.mitosis.gtid;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The GTID state of one instance: {@code gtid_executed} (persisted one row per interval in
 * {@code mysql.gtid_executed}, written in the same engine transaction as the data), {@code
 * gtid_purged}, and the GTIDs owned by transactions between numbering and engine commit.
 *
 * <p>Numbering happens under the commit pipeline's order lock; this class is thread-safe on its
 * own so readers (variables, functions, WAIT_FOR_EXECUTED_GTID_SET) need no lock.
 */
public final class GtidState {
    public static final String TABLE = "mysql.gtid_executed";
    public static final String INSERT_SQL = "INSERT INTO mysql.gtid_executed (source_uuid, interval_start, interval_end)"
            + " VALUES (?, ?, ?)";

    private final UUID serverUuid;
    private volatile GtidSet executed = GtidSet.EMPTY;
    private volatile GtidSet purged = GtidSet.EMPTY;
    /** GTIDs numbered and logged but not yet committed in the engine. */
    private final Set<Gtid> owned = new HashSet<>();
    private long nextGno = 1;

    public GtidState(UUID serverUuid) {
        this.serverUuid = serverUuid;
    }

    public UUID serverUuid() {
        return serverUuid;
    }

    /** Creates the system table (MySQL's columns) if missing. */
    public static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS mysql.gtid_executed (source_uuid CHAR(36) NOT NULL,"
                    + " interval_start BIGINT NOT NULL, interval_end BIGINT NOT NULL,"
                    + " PRIMARY KEY (source_uuid, interval_start))");
        }
    }

    /** Reads the table. */
    public static GtidSet loadTable(Connection c) throws SQLException {
        GtidSet set = GtidSet.EMPTY;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_uuid, interval_start, interval_end FROM mysql.gtid_executed")) {
            while (rs.next()) {
                set = set.union(GtidSet.of(Uuids.parse(rs.getString(1)), rs.getLong(2), rs.getLong(3)));
            }
        }
        return set;
    }

    /**
     * Rewrites the table as one row per interval (MySQL's compression), in its own transaction.
     * Only rows committed before are touched; concurrent inserts of new GTIDs never collide with
     * the merged rows' keys because a merged row starts where its first committed row started.
     */
    public static void compressTable(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<Object[]> rows = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT source_uuid, interval_start, interval_end FROM mysql.gtid_executed"
                         + " ORDER BY source_uuid, interval_start FOR UPDATE")) {
                while (rs.next()) rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)});
            }
            List<Object[]> merged = new ArrayList<>();
            for (Object[] r : rows) {
                Object[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && last[0].equals(r[0]) && (long) r[1] <= (long) last[2] + 1) {
                    last[2] = Math.max((long) last[2], (long) r[2]);
                } else {
                    merged.add(r.clone());
                }
            }
            if (merged.size() == rows.size()) {
                c.rollback();
                return;
            }
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM mysql.gtid_executed WHERE source_uuid = ? AND interval_start = ?");
                 PreparedStatement ins = c.prepareStatement(INSERT_SQL)) {
                for (Object[] r : rows) {
                    del.setString(1, (String) r[0]);
                    del.setLong(2, (long) r[1]);
                    del.addBatch();
                }
                del.executeBatch();
                for (Object[] r : merged) {
                    ins.setString(1, (String) r[0]);
                    ins.setLong(2, (long) r[1]);
                    ins.setLong(3, (long) r[2]);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Replaces the table's content by {@code set} (RESET, SET gtid_purged). */
    public static void writeTable(Connection c, GtidSet set) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); PreparedStatement ins = c.prepareStatement(INSERT_SQL)) {
            s.execute("DELETE FROM mysql.gtid_executed");
            for (UUID u : set.sourceIds()) {
                for (GtidInterval i : set.intervals(u)) {
                    ins.setString(1, u.toString());
                    ins.setLong(2, i.first());
                    ins.setLong(3, i.last());
                    ins.addBatch();
                }
            }
            ins.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Binds one GTID as a table row to {@link #INSERT_SQL}. */
    public static void bindRow(PreparedStatement ins, Gtid gtid) throws SQLException {
        ins.setString(1, gtid.sourceId().toString());
        ins.setLong(2, gtid.gno());
        ins.setLong(3, gtid.gno());
    }

    public GtidSet executed() {
        return executed;
    }

    public GtidSet purged() {
        return purged;
    }

    public synchronized void reset(GtidSet newExecuted, GtidSet newPurged) {
        executed = newExecuted;
        purged = newPurged;
        nextGno = 1;
        notifyAll();
    }

    public synchronized void setPurged(GtidSet newPurged) {
        purged = newPurged;
    }

    /** Executed and owned together: what a new GTID must not collide with. */
    public synchronized boolean isExecutedOrOwned(Gtid g) {
        return executed.contains(g) || owned.contains(g);
    }

    public synchronized GtidSet owned() {
        GtidSet s = GtidSet.EMPTY;
        for (Gtid g : owned) s = s.add(g);
        return s;
    }

    /** The next automatic GTID (smallest free number), owned until {@link #committed} or {@link #released}. */
    public synchronized Gtid assignNext() {
        long gno = Math.max(nextGno, 1);
        while (true) {
            Gtid g = new Gtid(serverUuid, gno);
            if (!executed.contains(g) && !owned.contains(g)) {
                owned.add(g);
                nextGno = gno + 1;
                return g;
            }
            gno = executed.contains(g) ? Math.max(gno + 1, executed.firstFreeGno(serverUuid)) : gno + 1;
        }
    }

    /** Takes ownership of a given GTID (gtid_next); false if it is executed or owned already. */
    public synchronized boolean own(Gtid g) {
        if (executed.contains(g) || owned.contains(g)) return false;
        owned.add(g);
        return true;
    }

    public synchronized void committed(Gtid g) {
        owned.remove(g);
        executed = executed.add(g);
        notifyAll();
    }

    public synchronized void released(Gtid g) {
        owned.remove(g);
        if (g.sourceId().equals(serverUuid) && g.gno() < nextGno) nextGno = g.gno();
    }

    /** Adds GTIDs committed outside the pipeline (recovery, gtid_purged). */
    public synchronized void addExecuted(GtidSet s) {
        executed = executed.union(s);
        notifyAll();
    }

    /** WAIT_FOR_EXECUTED_GTID_SET: 0 when {@code set} is executed, 1 on timeout (seconds; <= 0 waits forever). */
    public synchronized int waitFor(GtidSet set, double timeoutSeconds) throws InterruptedException {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + (long) (timeoutSeconds * 1e9) : Long.MAX_VALUE;
        while (!executed.containsAll(set)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return 1;
            long ms = Math.max(1, Math.min(left / 1_000_000, 1000));
            wait(ms);
        }
        return 0;
    }
}
