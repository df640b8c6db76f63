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
 * The GTID state of one instance: {@code gtid_executed} (persisted in {@code
 * mysql.gtid_executed}: in the same engine transaction as the data, or with the binary log on at
 * its checkpoints, see BinaryLog), {@code
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

    /** Reads the table (runs of adjacent rows are merged before they join the set). */
    public static GtidSet loadTable(Connection c) throws SQLException {
        GtidSet set = GtidSet.EMPTY;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_uuid, interval_start, interval_end FROM mysql.gtid_executed"
                     + " ORDER BY source_uuid, interval_start")) {
            String source = null;
            long first = 0;
            long last = 0;
            while (rs.next()) {
                String u = rs.getString(1);
                long f = rs.getLong(2);
                long l = rs.getLong(3);
                if (u.equals(source) && f <= last + 1) {
                    last = Math.max(last, l);
                    continue;
                }
                if (source != null) set = set.union(GtidSet.of(Uuids.parse(source), first, last));
                source = u;
                first = f;
                last = l;
            }
            if (source != null) set = set.union(GtidSet.of(Uuids.parse(source), first, last));
        }
        return set;
    }

    /** Rewrites the whole table as one row per interval (MySQL's compression). */
    public static void compressTable(Connection c) throws SQLException {
        Object[] cursor = null;
        do {
            cursor = compressStep(c, cursor, 5000);
        } while (cursor != null);
    }

    /**
     * One step of the table's compression, in its own transaction: merges the rows of up to
     * {@code maxRows} keys from {@code cursor} (a {source_uuid, interval_start} key, or null for
     * the start), each run of rows into one with a range delete and an insert. Returns where the
     * next step starts, or null when the table is done. Only rows committed before are touched:
     * a concurrently inserted GTID never starts inside an interval already in the table, and a
     * step whose delete finds other rows than it read (RESET, SET gtid_purged) changes nothing.
     */
    public static Object[] compressStep(Connection c, Object[] cursor, int maxRows) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // Runs of rows: source, first, last, rows.
            List<Object[]> runs = new ArrayList<>();
            int read = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT source_uuid, interval_start, interval_end"
                    + " FROM mysql.gtid_executed" + (cursor == null ? "" : " WHERE (source_uuid, interval_start) >= (?, ?)")
                    + " ORDER BY source_uuid, interval_start LIMIT ?")) {
                int i = 1;
                if (cursor != null) {
                    s.setString(i++, (String) cursor[0]);
                    s.setLong(i++, (long) cursor[1]);
                }
                s.setInt(i, maxRows);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        String source = rs.getString(1);
                        long first = rs.getLong(2);
                        long last = rs.getLong(3);
                        Object[] run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                        if (run != null && run[0].equals(source) && first <= (long) run[2] + 1) {
                            run[2] = Math.max((long) run[2], last);
                            run[3] = (int) run[3] + 1;
                        } else {
                            runs.add(new Object[] {source, first, last, 1});
                        }
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mysql.gtid_executed"
                    + " WHERE source_uuid = ? AND interval_start BETWEEN ? AND ?");
                 PreparedStatement ins = c.prepareStatement(INSERT_SQL)) {
                for (Object[] run : runs) {
                    if ((int) run[3] == 1) continue;
                    del.setString(1, (String) run[0]);
                    del.setLong(2, (long) run[1]);
                    del.setLong(3, (long) run[2]);
                    if (del.executeUpdate() != (int) run[3]) {
                        c.rollback();
                        return null;
                    }
                    ins.setString(1, (String) run[0]);
                    ins.setLong(2, (long) run[1]);
                    ins.setLong(3, (long) run[2]);
                    ins.executeUpdate();
                }
            }
            c.commit();
            if (read < maxRows || runs.size() < 2 && (int) runs.get(0)[3] == 1) return null;
            // The last run may go on past this window: the next step starts at it.
            Object[] last = runs.get(runs.size() - 1);
            return new Object[] {last[0], last[1]};
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Replaces the table's content by {@code set} (RESET, SET gtid_purged). */
    public static void writeTable(Connection c, GtidSet set) throws SQLException {
        changeTable(c, set, true);
    }

    /** Adds {@code set}, none of which is in the table yet, a row per interval. */
    public static void appendTable(Connection c, GtidSet set) throws SQLException {
        changeTable(c, set, false);
    }

    private static void changeTable(Connection c, GtidSet set, boolean replace) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); PreparedStatement ins = c.prepareStatement(INSERT_SQL)) {
            if (replace) s.execute("DELETE FROM mysql.gtid_executed");
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
