package dev.mitosis.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.lang.reflect.Field;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.util.Utils;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database of one instance. Every connection uses the one canonical URL built
 * here: H2 applies URL settings database-wide, so a second spelling would silently change the
 * mode for everyone (reference/h2-findings.md section 5).
 */
public final class Engine implements AutoCloseable {
    /** Schemas that exist for Mitosis itself and are never user databases. */
    public static final String TYPES_SCHEMA = "mitosis_types";
    public static final String INFO_SCHEMA = "mitosis_is";

    /**
     * Unsaved memory at which H2 would store on its own while stores are deferred. Far above what
     * the checkpointer lets accumulate; H2 multiplies it by 4 in an int, so it stays below 512 MB.
     */
    static final int DEFERRED_AUTO_STORE_BYTES = 400 << 20;

    static {
        // H2 interns every new value in one shared array (hashing whole strings, with writes from
        // every thread to the same array): 6% of a replica worker's samples under sysbench. It only
        // saves memory for repeated values. Read once, when H2's SysProperties loads.
        if (System.getProperty("h2.objectCache") == null) System.setProperty("h2.objectCache", "false");
    }

    private final String url;
    private final Connection keeper;
    private final MVStore store;
    private final boolean canDefer;
    private final ReentrantReadWriteLock transactionEnds = new ReentrantReadWriteLock();
    private volatile boolean deferred;
    /** Stores serialize and write in H2's own threads after the caller lets commits go. */
    private volatile boolean asyncStores;

    private Engine(String url, Connection keeper, MVStore store, boolean canDefer) {
        this.url = url;
        this.keeper = keeper;
        this.store = store;
        this.canDefer = canDefer;
    }

    public static String canonicalUrl(Path datadir) {
        return "jdbc:h2:" + datadir.toAbsolutePath().normalize().resolve("mitosis")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
                // No WRITE_DELAY here: H2 runs it as SET WRITE_DELAY on every new connection, which
                // would undo the store mode chosen below (setDeferredStores).
                // We close the database ourselves, after the sessions, on shutdown.
                + ";DB_CLOSE_ON_EXIT=FALSE"
                // innodb_lock_wait_timeout's default is 50 s.
                + ";LOCK_TIMEOUT=50000";
    }

    /** Opens (creating if needed) the database in the datadir. */
    public static Engine open(Path datadir) throws SQLException {
        String url = canonicalUrl(datadir);
        Connection keeper = DriverManager.getConnection(url, props());
        MVStore store = mvStore(keeper);
        // Store after every commit until the binary log takes over durability (setDeferredStores).
        store.setAutoCommitDelay(0);
        systemSessionWaitsAsLongAsClients(keeper);
        AutoIncrement.restoreAll(keeper);
        return new Engine(url, keeper, store, raiseAutoStoreLimit(store));
    }

    /**
     * H2 moves an AUTO_INCREMENT's cached range forward through its system session, which must
     * lock the metadata that a running CREATE INDEX or ALTER TABLE of any table holds: with H2's
     * 2 s default, an insert into one table failed with 1205 while another table's index was being
     * built (sysbench prepare with two threads). MySQL's inserts do not wait for other tables'
     * DDL at all; here they wait as long as a client's lock wait may.
     */
    private static void systemSessionWaitsAsLongAsClients(Connection keeper) throws SQLException {
        SessionLocal session = (SessionLocal) keeper.unwrap(JdbcConnection.class).getSession();
        session.getDatabase().getSystemSession().setLockTimeout(session.getLockTimeout());
    }

    static MVStore mvStore(Connection c) throws SQLException {
        return session(c).getDatabase().getStore().getMvStore();
    }

    /**
     * H2 stores on its own once unsaved memory passes autoCommitMemory (19 MB by default), from
     * whichever thread writes next: such a store can catch a commit half done. MVStore has no
     * setter for it, so it is raised by reflection; false if that is impossible (then stores are
     * never deferred).
     */
    private static boolean raiseAutoStoreLimit(MVStore store) {
        try {
            Field f = MVStore.class.getDeclaredField("autoCommitMemory");
            f.setAccessible(true);
            f.setInt(store, DEFERRED_AUTO_STORE_BYTES);
            return store.getAutoCommitMemory() == DEFERRED_AUTO_STORE_BYTES;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(Engine.class).warn("Cannot defer H2 stores ({}): storing at every commit", e.toString());
            return false;
        }
    }

    /**
     * Deferred: H2 stores only when {@link #store()} is called (the binary log's checkpoints, with
     * commits held), never per commit, in the background or on its own memory limit; the binary
     * log is the redo for what the store lacks after a crash. Not deferred: every engine commit
     * stores (no binary log to redo from). Returns whether stores are now deferred.
     */
    public boolean setDeferredStores(boolean on) {
        boolean d = on && canDefer;
        // -1: no background writer and no store at transaction end (H2 does both for 0 and > 0).
        store.setAutoCommitDelay(d ? -1 : 0);
        asyncStores = d && Boolean.parseBoolean(System.getProperty("mitosis.engine.asyncStores", "true"))
                && installStoreExecutors(store);
        deferred = d;
        return d;
    }

    /**
     * H2 serializes and writes a store in two executor threads when it has them, so a store holds
     * its caller only while it takes the maps' roots (the snapshot); the pages of that snapshot
     * are written afterwards while writers go on. H2 creates them only with its background
     * writer, which would also store and compact on its own; so they are installed here.
     */
    private static boolean installStoreExecutors(MVStore store) {
        try {
            FileStore<?> fs = store.getFileStore();
            for (String name : new String[] {"serializationExecutor", "bufferSaveExecutor"}) {
                Field f = FileStore.class.getDeclaredField(name);
                f.setAccessible(true);
                if (f.get(fs) == null) f.set(fs, Utils.createSingleThreadExecutor("H2-" + name));
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(Engine.class).warn("H2 stores stay synchronous: {}", e.toString());
            return false;
        }
    }

    private static void shutdownStoreExecutors(MVStore store) {
        try {
            FileStore<?> fs = store.getFileStore();
            for (String name : new String[] {"serializationExecutor", "bufferSaveExecutor"}) {
                Field f = FileStore.class.getDeclaredField(name);
                f.setAccessible(true);
                Object e = f.get(fs);
                if (e instanceof java.util.concurrent.ExecutorService x) x.shutdown();
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // nothing to stop
        }
    }

    public boolean storesDeferred() {
        return deferred;
    }

    /**
     * Writes every change to the store file. A store snapshots H2's maps one at a time, so it
     * describes a transaction boundary only while no engine transaction ends: callers hold the
     * commits (BinaryLog.holdCommits).
     */
    public void store() {
        if (!store.isClosed()) store.commit();
    }

    /**
     * Takes a store's snapshot (callers hold the commits, as for {@link #store()}); the writing
     * may go on after it returns: {@link #awaitStores()} waits for it. Without {@code mustStore}
     * it gives up when another store is busy.
     */
    public void storeSnapshot(boolean mustStore) {
        if (store.isClosed()) return;
        if (!asyncStores) {
            store.commit();
            return;
        }
        // tryCommit skips when another store operation holds H2's store lock (awaitStores does).
        while (store.tryCommit() < 0 && mustStore && store.hasUnsavedChanges()) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    /**
     * Waits until every store begun so far is written to the file, and forces the file to the
     * device. H2 never forces it itself: without this, a checkpoint would not survive a power
     * failure, and the kernel would write half a minute's pages back in one burst that stalls the
     * binary log's fsyncs behind it (lag spikes of 0.5 s on replicas sharing a disk).
     */
    public void awaitStores() {
        if (store.isClosed()) return;
        store.executeFilestoreOperation(() -> { });
        store.sync();
    }

    /** Memory of changes not yet in the store file. */
    public long unsavedBytes() {
        return store.getUnsavedMemory();
    }

    public boolean hasUnsavedChanges() {
        return !store.isClosed() && store.hasUnsavedChanges();
    }

    /**
     * Engine transactions that end outside the binary log's commit pipeline (rollbacks, commits
     * with sql_log_bin=0 or of server statements, DDL, which H2 commits itself) hold the read lock
     * while they end; holding the write lock keeps them all out.
     */
    public ReentrantReadWriteLock transactionEnds() {
        return transactionEnds;
    }

    /** True if the connection's engine transaction has changes to commit or roll back. */
    public static boolean hasChanges(Connection c) throws SQLException {
        return session(c).hasPendingTransaction();
    }

    /**
     * The error a statement fails with when it changed rows of a table that a DDL statement had
     * dropped or replaced while it waited for the table's lock (see {@link #locksDroppedTable}).
     */
    public static final int TABLE_REPLACED = 42999;

    /**
     * True if the connection's transaction holds the lock of a table that no longer exists. H2's
     * ALTER TABLE builds a copy of the table and drops the old one, and DROP TABLE drops it; a
     * statement that waited for the old table's lock then runs against the dropped table without
     * an error (H2 does not check), and what it wrote goes nowhere.
     */
    public static boolean locksDroppedTable(Connection c) throws SQLException {
        for (org.h2.table.Table t : session(c).getLocks()) {
            if (!t.isValid()) return true;
        }
        return false;
    }

    /** The tables the connection's transaction holds locks on, as "schema.table" in lower case. */
    public static java.util.Set<String> lockedTables(Connection c) throws SQLException {
        java.util.Set<org.h2.table.Table> locks = session(c).getLocks();
        if (locks.isEmpty()) return java.util.Set.of();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (org.h2.table.Table t : locks) {
            if (t != null && t.isValid()) names.add(lockName(t));
        }
        return names;
    }

    /**
     * True if a transaction other than the connection's holds a lock on one of {@code tables}
     * ("schema.table" in lower case). H2's RENAME TABLE takes no table lock, so it would rename a
     * table under an open transaction that writes it (MySQL's waits for its metadata lock).
     */
    public static boolean lockedByOthers(Connection c, java.util.Set<String> tables) throws SQLException {
        SessionLocal own = session(c);
        for (SessionLocal other : own.getDatabase().getSessions(false)) {
            if (other == own) continue;
            for (org.h2.table.Table t : other.getLocks()) {
                if (t != null && t.isValid() && tables.contains(lockName(t))) return true;
            }
        }
        return false;
    }

    private static String lockName(org.h2.table.Table t) {
        return (t.getSchema().getName() + "." + t.getName()).toLowerCase(java.util.Locale.ROOT);
    }

    static SessionLocal session(Connection c) throws SQLException {
        return (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
    }

    private static final java.util.Map<org.h2.engine.Database, ReentrantLock> DDL_LOCKS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The lock every DDL statement on {@code c}'s database runs under. H2 2.3 takes its two DDL
     * locks in opposite orders: CREATE SCHEMA holds the database's monitor while it waits for
     * the metadata lock, CREATE TABLE (and others) hold the metadata lock while they wait for
     * the monitor. Two such statements at once (two replication channels, two clients) then
     * wait for each other until the lock timeout (50 s) fails one of them. MySQL runs DDL on
     * different tables concurrently; one at a time costs little, as DDL is rare and short here.
     * Reentrant; per database, so other instances in the JVM are not held up.
     */
    public static ReentrantLock ddlLock(Connection c) throws SQLException {
        return DDL_LOCKS.computeIfAbsent(session(c).getDatabase(), d -> new ReentrantLock());
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        return p;
    }

    /** A new engine connection for one session. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, props());
    }

    /** A connection that lives as long as the engine, for system work. */
    public Connection system() {
        return keeper;
    }

    public void execute(String sql) throws SQLException {
        try (Statement s = keeper.createStatement()) {
            s.execute(sql);
        }
    }

    /** Shuts the database down: closes every connection to it and the file. */
    @Override
    public void close() {
        try {
            AutoIncrement.persistRaised(keeper);
        } catch (SQLException | RuntimeException e) {
            // the counters are restored from the rows at the next open
            LoggerFactory.getLogger(Engine.class).warn("Persisting AUTO_INCREMENT counters: {}", e.toString());
        }
        shutdown("SHUTDOWN");
    }

    /**
     * Closes the file as a crash would, without storing or compacting (H2 compacts for up to
     * 200 ms at a normal close): for data about to be replaced.
     */
    public void closeImmediately() {
        try {
            AutoIncrement.forgetRaised(keeper);
        } catch (SQLException ignored) {
            // already closed
        }
        shutdown("SHUTDOWN IMMEDIATELY");
    }

    private void shutdown(String statement) {
        try (Statement s = keeper.createStatement()) {
            s.execute(statement);
        } catch (SQLException ignored) {
            // already closed
        }
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // already closed
        }
        shutdownStoreExecutors(store);
    }
}
