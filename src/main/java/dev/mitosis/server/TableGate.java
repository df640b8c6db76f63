package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The part of MySQL's metadata locks that H2 lacks. H2 runs ALTER TABLE by building a copy of
 * the table and dropping the old one, and lets go of its lock on the old table while it copies:
 * writes that come meanwhile go into the table about to be dropped and are lost, and statements
 * that waited for its lock run against the dropped table. So ALTER, DROP and RENAME TABLE take
 * their tables here for their whole run, and writing statements wait for them, as they wait for
 * MySQL's metadata lock during an ALTER TABLE ... ALGORITHM=COPY. Reads go on (they read the old
 * table, as in MySQL).
 *
 * <p>Statements are not counted per table while no such DDL runs (the common case costs an
 * atomic increment). A DDL statement first announces itself, so later statements check the
 * tables they name, and then waits until the statements that started before it have ended. A
 * statement of a transaction that already holds the engine's lock on a table does not wait for
 * it; the DDL waits for such transactions to end, as MySQL's waits for the metadata locks of
 * open transactions (H2's own locks would not make RENAME TABLE wait).
 */
final class TableGate {
    /** Data statements running that started while no DDL was announced. */
    private final AtomicInteger unchecked = new AtomicInteger();
    /** DDL statements announced (waiting or running); read without the monitor on the fast path. */
    private volatile int ddlAnnounced;
    /** Tables taken by DDL ("schema.table", lower case) and how many data statements run on each. */
    private final Map<String, Integer> takenByDdl = new HashMap<>();
    private final Map<String, Integer> checkedRunning = new HashMap<>();

    /**
     * DDL that takes its tables here: what H2 runs by dropping or replacing tables, and what
     * makes or empties a table. H2 commits DDL before the binary log has it, so a write let in
     * meanwhile would be logged before the DDL it ran after (an insert into a table that a
     * replica has yet to create, or a row that a logged TRUNCATE would then remove).
     */
    static boolean holdsWrites(dev.mitosis.sql.StatementKind kind) {
        return switch (kind) {
            case ALTER_TABLE, DROP_TABLE, RENAME_TABLE, CREATE_TABLE, TRUNCATE_TABLE -> true;
            default -> false;
        };
    }

    /**
     * The tables a statement names, as "schema.table" in lower case; unqualified names are in
     * {@code database} (none when it is null).
     */
    static Set<String> tableNames(String sql, dev.mitosis.sql.StatementKind kind, String database) {
        return tableNames(sql, kind, database, role -> true);
    }

    /** The tables a DDL statement takes here ({@link #holdsWrites}): those it changes, and RENAME's new names. */
    static Set<String> ddlTables(String sql, dev.mitosis.sql.StatementKind kind, String database) {
        return tableNames(sql, kind, database,
                role -> role == dev.mitosis.sql.TableRefs.Role.TARGET || role == dev.mitosis.sql.TableRefs.Role.NEW_NAME);
    }

    private static Set<String> tableNames(String sql, dev.mitosis.sql.StatementKind kind, String database,
                                          java.util.function.Predicate<dev.mitosis.sql.TableRefs.Role> roles) {
        Set<String> names = new java.util.HashSet<>();
        for (dev.mitosis.sql.TableRefs.Ref r : dev.mitosis.sql.TableRefs.of(sql, kind)) {
            if (!roles.test(r.role())) continue;
            String db = r.schema() != null ? r.schema() : database;
            if (db != null) names.add((db + "." + r.table()).toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    /** A data statement's pass; close it when the statement has ended. */
    interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    private final Pass uncheckedPass = () -> {
        if (unchecked.decrementAndGet() == 0 && ddlAnnounced > 0) wakeAll();
    };

    /**
     * Before a writing statement runs in the engine: waits while DDL holds one of its tables.
     * {@code tables} is asked only while DDL is announced.
     */
    Pass enterStatement(Connection engine, Supplier<Set<String>> tables) throws SQLException {
        unchecked.incrementAndGet();
        if (ddlAnnounced == 0) return uncheckedPass;
        uncheckedPass.close();
        Set<String> names = tables.get();
        Set<String> locked = dev.mitosis.engine.Engine.lockedTables(engine);
        synchronized (this) {
            while (true) {
                boolean free = true;
                for (String t : names) {
                    if (takenByDdl.containsKey(t) && !locked.contains(t)) {
                        free = false;
                        break;
                    }
                }
                if (free) break;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("Query execution was interrupted", "70100", 1317);
                }
            }
            for (String t : names) checkedRunning.merge(t, 1, Integer::sum);
        }
        return () -> {
            synchronized (this) {
                for (String t : names) checkedRunning.merge(t, -1, (a, b) -> a + b == 0 ? null : a + b);
                notifyAll();
            }
        };
    }

    /**
     * Takes {@code tables} for a DDL statement run on {@code engine}: waits, at most
     * {@code timeoutSeconds} (1205 after that), for other DDL on them, for the writing statements
     * running on them, and (with {@code waitForTransactions}) for the other transactions that hold
     * engine locks on them, to end. CREATE TABLE does not wait for transactions: it finds either
     * no table, which no transaction can have used, or one that exists (IF NOT EXISTS: a note, and
     * MySQL does not wait for transactions then either).
     */
    void enterDdl(Connection engine, Set<String> tables, long timeoutSeconds, boolean waitForTransactions)
            throws MysqlException, SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, timeoutSeconds));
        takeForDdl(tables, deadline);
        // Transactions that already use a table go on (enterStatement lets them); wait for them.
        try {
            while (waitForTransactions && dev.mitosis.engine.Engine.lockedByOthers(engine, tables)) {
                if (System.nanoTime() - deadline > 0) throw ErrorCode.ER_LOCK_WAIT_TIMEOUT.exception();
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitDdl(tables);
            throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
        } catch (MysqlException | SQLException | RuntimeException e) {
            exitDdl(tables);
            throw e;
        }
    }

    private void takeForDdl(Set<String> tables, long deadline) throws MysqlException {
        synchronized (this) {
            ddlAnnounced++;
            try {
                awaitUntil(() -> tables.stream().noneMatch(takenByDdl::containsKey), deadline);
                for (String t : tables) takenByDdl.merge(t, 1, Integer::sum);
                try {
                    awaitUntil(() -> unchecked.get() == 0 && tables.stream().noneMatch(checkedRunning::containsKey), deadline);
                } catch (MysqlException e) {
                    release(tables);
                    throw e;
                }
            } catch (MysqlException e) {
                ddlAnnounced--;
                notifyAll();
                throw e;
            }
        }
    }

    /** After the DDL statement of {@link #enterDdl} has ended. */
    synchronized void exitDdl(Set<String> tables) {
        release(tables);
        ddlAnnounced--;
        notifyAll();
    }

    private void release(Set<String> tables) {
        for (String t : tables) takenByDdl.merge(t, -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    private synchronized void wakeAll() {
        notifyAll();
    }

    /** Waits on this monitor (held) until {@code done}; 1205 at the deadline. */
    private void awaitUntil(java.util.function.BooleanSupplier done, long deadline) throws MysqlException {
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw ErrorCode.ER_LOCK_WAIT_TIMEOUT.exception();
            try {
                // Bounded: the unchecked count falls without taking this monitor when no DDL
                // had been announced as its statement began.
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ErrorCode.ER_QUERY_INTERRUPTED.exception();
            }
        }
    }
}
