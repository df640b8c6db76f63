package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;

import dev.mitosis.clone.CloneStatus;
import dev.mitosis.engine.Engine;
import dev.mitosis.protocol.RsaKeys;
import dev.mitosis.replication.ChannelStore;
import dev.mitosis.replication.ReplicaChannels;
import dev.mitosis.replication.ReplicaRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mitosis instance: a datadir, its embedded engine, its listener and its sessions. Several
 * instances can run in one JVM; they share nothing.
 */
public final class Instance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Instance.class);
    public static final String VERSION = "8.4.3-mitosis";

    private final InstanceConfig config;
    private final Path datadir;
    private final String serverUuid;
    private final HostNames hostNames;
    private final Sessions sessions = new Sessions();
    private final dev.mitosis.clone.DonorSnapshots donorSnapshots = new dev.mitosis.clone.DonorSnapshots(
            new dev.mitosis.clone.DonorPacer(() -> {
                dev.mitosis.binlog.BinaryLog b = this.binlog;
                return b == null ? 0 : b.commitCount();
            }, () -> {
                GlobalVariables v = this.variables;
                return v == null ? 0 : Integer.parseInt(v.get("clone_donor_min_commit_rate_pct"));
            }));
    private final BackupLock backupLock = new BackupLock();
    private final TableGate tableGate = new TableGate();
    private final BinlogPins binlogPins = new BinlogPins(
            () -> Long.parseLong(this.variables.get("clone_donor_binlog_retention_seconds")));
    private final java.util.concurrent.atomic.AtomicBoolean cloning = new java.util.concurrent.atomic.AtomicBoolean();
    private final dev.mitosis.replication.ReplicaRegistry replicaRegistry = new dev.mitosis.replication.ReplicaRegistry();
    private final ColumnCatalog columnCatalog = new ColumnCatalog();
    private final StatusCounters status = new StatusCounters();
    private final RsaKeys rsaKeys;
    private final ServerTls tls;
    private final CloneStatus cloneStatus;
    private final Listener listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Guards the runtime below: it is replaced as a whole when a clone restarts the instance. */
    private final Object lifecycle = new Object();
    private volatile boolean restarting;

    // The runtime: everything bound to the engine's data. Reopened by restartWithData().
    private volatile Engine engine;
    private volatile GlobalVariables variables;
    private volatile Accounts accounts;
    private volatile Plugins plugins;
    private volatile ReplicaChannels replicas;
    // binlog: GTID state and binary log (issue 4), part of the runtime
    private volatile dev.mitosis.gtid.GtidState gtids;
    private volatile dev.mitosis.binlog.BinaryLog binlog;
    private volatile GtidTableCompressor gtidCompressor;

    private Instance(InstanceConfig config) throws IOException, SQLException {
        this.config = config;
        this.datadir = config.datadir();
        Files.createDirectories(datadir);
        this.serverUuid = AutoCnf.loadOrCreate(datadir);
        this.hostNames = new HostNames(config);
        this.cloneStatus = CloneStatus.load(datadir);
        this.rsaKeys = RsaKeys.generate();
        this.tls = ServerTls.configure(config, datadir, VERSION);
        this.listener = new Listener(this, config.bindAddress(), config.port());
        try {
            openRuntime();
        } catch (IOException | SQLException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** Opens the engine and everything that lives in its data, as at a server start. */
    private void openRuntime() throws IOException, SQLException {
        boolean fresh = !Files.exists(datadir.resolve("mitosis.mv.db"));
        long t0 = System.nanoTime();
        engine = Engine.open(datadir);
        log.info("Engine opened in {} ms", (System.nanoTime() - t0) / 1_000_000);
        try {
            SystemSchema.install(engine, fresh);
            AccessTables.install(engine);
            variables = new GlobalVariables(this, config);
            variables.setInternal("port", Integer.toString(listener.port()));
            if (config.get("report_port") == null) variables.setInternal("report_port", Integer.toString(listener.port()));
            variables.setInternal("bind_address", config.bindAddress());
            ServerTls t = tls;
            variables.setComputed("have_ssl", () -> t.enabled() ? "YES" : "DISABLED");
            variables.setComputed("have_openssl", () -> t.enabled() ? "YES" : "DISABLED");
            variables.setInternal("ssl_ca", tls.caFile());
            variables.setInternal("ssl_cert", tls.certFile());
            variables.setInternal("ssl_key", tls.keyFile());
            variables.setInternal("tls_version", tls.versions());
            accounts = new Accounts(engine, hostNames);
            plugins = Plugins.start(engine, config);
            ChannelStore channelStore = new ChannelStore(engine);
            replicas = new ReplicaChannels(channelStore);
            replicas.setRunner(new ReplicaRunner(new InstanceReplicaHost(this), channelStore));
            PerformanceSchema.install(engine);
            columnCatalog.invalidate();
            gtids = new dev.mitosis.gtid.GtidState(java.util.UUID.fromString(serverUuid));
            binlog = Binlogging.open(this, gtids);
            dev.mitosis.gtid.GtidState g = gtids;
            variables.setComputed("gtid_executed", () -> g.executed().toString());
            variables.setComputed("gtid_purged", () -> g.purged().toString());
            variables.setComputed("gtid_owned", () -> g.owned().toString());
            gtidCompressor = GtidTableCompressor.start(engine, listener.port());
        } catch (SQLException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Configured channels start with the server, unless skip_replica_start. */
    private void startReplication() {
        if ("ON".equals(variables.get("skip_replica_start"))) return;
        replicas.startConfigured();
    }

    /** Closes what openRuntime opened: replication threads first, the engine last. */
    private void closeRuntime() {
        closeRuntime(false);
    }

    /**
     * {@code replaced}: the data is about to be replaced, so H2 closes without compacting or
     * storing (SHUTDOWN IMMEDIATELY); should the replacement fail, the binary log redoes what
     * the store lacks when the old data opens again.
     */
    private void closeRuntime(boolean replaced) {
        replicas.stopAll();
        if (gtidCompressor != null) gtidCompressor.close();
        if (binlog != null) binlog.close();
        if (replaced) engine.closeImmediately();
        else engine.close();
    }

    /**
     * Restarts the instance in-process on new data, as a clone's RESTART stage does: sessions are
     * closed, the engine is shut down, {@code swap} replaces the data files, and the instance
     * opens again on the same port. New connections wait meanwhile. If the swap fails, the
     * instance opens again on its old data and the failure is thrown.
     */
    public void restartWithData(DataSwap swap) throws IOException, SQLException {
        restartWithData(swap, () -> { });
    }

    /**
     * As {@link #restartWithData(DataSwap)}, running {@code reopened} once the instance is open on
     * the new data and before any waiting connection proceeds (a clone marks itself Completed there,
     * so no client can read it In Progress after the restart).
     */
    public void restartWithData(DataSwap swap, Reopened reopened) throws IOException, SQLException {
        synchronized (lifecycle) {
            restarting = true;
            try {
                log.info("Restarting on new data");
                sessions.closeAll();
                closeRuntime(true);
                try {
                    swap.swap(datadir);
                } catch (IOException | RuntimeException e) {
                    log.warn("Replacing the data failed ({}): reopening on the old data", e.toString());
                    openRuntime();
                    throw e;
                }
                // The old binary log describes data that is gone: start a fresh one.
                Binlogging.discardLogs(datadir);
                long t0 = System.nanoTime();
                openRuntime();
                log.info("Reopened on the new data in {} ms", (System.nanoTime() - t0) / 1_000_000);
                // Channels that came with cloned data wait for START REPLICA (they may need re-pointing).
                reopened.run();
                log.info("Restart complete: Mitosis {} ready for connections on port {}", VERSION, port());
            } finally {
                restarting = false;
                lifecycle.notifyAll();
            }
        }
    }

    /** Work done once the instance is open on new data, before clients are let in. */
    public interface Reopened {
        void run() throws IOException;
    }

    /** Replaces the data files of a stopped instance. */
    public interface DataSwap {
        void swap(Path datadir) throws IOException;
    }

    /** Blocks a new connection while the instance restarts; false if it is stopping instead. */
    boolean awaitAvailable() {
        synchronized (lifecycle) {
            while (restarting && !stopping) {
                try {
                    lifecycle.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !stopping;
    }

    /** Starts an instance: initializes an empty datadir, opens the engine, listens. */
    public static Instance start(InstanceConfig config) throws IOException, SQLException {
        Instance instance = new Instance(config);
        try {
            instance.listener.start();
        } catch (IOException e) {
            instance.stop();
            throw e;
        }
        instance.startReplication();
        log.info("Mitosis {} ready for connections. Bind-address: '{}' port: {} server_uuid: {}",
                VERSION, config.bindAddress(), instance.port(), instance.serverUuid);
        return instance;
    }

    public InstanceConfig config() { return config; }
    public Path datadir() { return datadir; }
    public String serverUuid() { return serverUuid; }
    public int port() { return listener.port(); }
    public String bindAddress() { return config.bindAddress(); }
    public long serverId() { return Long.parseLong(variables.get("server_id")); }
    public Engine engine() { return engine; }
    public GlobalVariables variables() { return variables; }
    public Accounts accounts() { return accounts; }
    /** Host names of this instance: what account hosts match and what outgoing connections resolve. */
    public HostNames hostNames() { return hostNames; }
    public Plugins plugins() { return plugins; }
    public Sessions sessions() { return sessions; }
    public dev.mitosis.clone.DonorSnapshots donorSnapshots() { return donorSnapshots; }
    public BinlogPins binlogPins() { return binlogPins; }
    /** The backup lock between DDL and clones served by this instance. */
    BackupLock backupLock() { return backupLock; }

    TableGate tableGate() { return tableGate; }
    /** Set while this instance runs a CLONE as recipient: one at a time. */
    java.util.concurrent.atomic.AtomicBoolean cloning() { return cloning; }
    public dev.mitosis.replication.ReplicaRegistry replicaRegistry() { return replicaRegistry; }
    public ColumnCatalog columnCatalog() { return columnCatalog; }
    public StatusCounters status() { return status; }

    /** SHOW GLOBAL STATUS: the counters, by name. */
    java.util.SortedMap<String, String> statusValues() {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>(status.snapshot(sessions()));
        BinaryLog b = binlog;
        if (b != null) {
            // Group commit counters, named as MariaDB names them (commits per fsync = their ratio).
            m.put("Binlog_commits", Long.toString(b.commitCount()));
            m.put("Binlog_group_commits", Long.toString(b.fsyncCount()));
        }
        // The TLS files in effect (the ssl_* variables may name others, for the next RELOAD TLS).
        m.put("Current_tls_ca", tls.caFile());
        m.put("Current_tls_cert", tls.certFile());
        m.put("Current_tls_key", tls.keyFile());
        m.put("Current_tls_version", tls.versions());
        return m;
    }
    /** SHOW [SESSION] STATUS: the counters and the session's own TLS state. */
    java.util.SortedMap<String, String> statusValues(Session session) {
        java.util.SortedMap<String, String> m = statusValues();
        m.putAll(session.tlsStatus());
        return m;
    }
    public RsaKeys rsaKeys() { return rsaKeys; }
    ServerTls tls() { return tls; }
    public ReplicaChannels replicas() { return replicas; }
    public CloneStatus cloneStatus() { return cloneStatus; }
    public boolean isStopping() { return stopping; }
    public dev.mitosis.gtid.GtidState gtids() { return gtids; }
    /** The binary log and commit pipeline (present with log_bin=OFF too, then logging nothing). */
    public dev.mitosis.binlog.BinaryLog binlog() { return binlog; }

    /** Stops asynchronously: used by SHUTDOWN, which must first answer its own client. */
    public void requestStop() {
        Thread t = new Thread(this::stop, "mitosis-shutdown-" + port());
        t.start();
    }

    /** Graceful stop: refuse new connections, close sessions, close the engine. */
    public synchronized void stop() {
        if (stopping) return;
        stopping = true;
        log.info("Shutting down instance on port {}", port());
        try {
            listener.close();
            donorSnapshots.close();
            sessions.closeAll();
            synchronized (lifecycle) {
                closeRuntime();
            }
            log.info("Shutdown complete");
        } catch (RuntimeException | Error e) {
            log.error("Shutdown failed", e);
            throw e;
        } finally {
            // Whoever waits for the stop (mitosisd's main) must not wait forever.
            stopped.countDown();
        }
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }
}
