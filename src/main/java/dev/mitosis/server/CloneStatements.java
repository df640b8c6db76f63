package dev.mitosis.server;

import dev.mitosis.clone.CloneProtocol;
import dev.mitosis.clone.CloneReceiver;
import dev.mitosis.clone.CloneStatus;
import dev.mitosis.clone.H2Snapshot;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.client.ClientTls;
import dev.mitosis.protocol.client.MysqlClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLONE INSTANCE FROM ... and CLONE LOCAL DATA DIRECTORY on the recipient: MySQL's checks in
 * order, the transfer into a staging file, then either a new data directory or the in-process
 * restart on the cloned data. Until the swap the recipient's own data is untouched.
 */
final class CloneStatements {
    private static final Logger log = LoggerFactory.getLogger(CloneStatements.class);
    private static final String NAME = "('(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|[A-Za-z0-9_.$-]+)";
    private static final String STRING = "('(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\")";
    private static final Pattern INSTANCE = Pattern.compile("(?is)^\\s*CLONE\\s+INSTANCE\\s+FROM\\s+" + NAME + "\\s*@\\s*"
            + NAME + "\\s*:\\s*(\\d+)\\s+IDENTIFIED\\s+BY\\s+" + STRING
            + "(?:\\s+DATA\\s+DIRECTORY\\s*=?\\s*" + STRING + ")?(?:\\s+REQUIRE\\s+(NO\\s+)?(SSL))?\\s*;?\\s*$");
    private static final Pattern LOCAL = Pattern.compile("(?is)^\\s*CLONE\\s+LOCAL\\s+DATA\\s+DIRECTORY\\s*=?\\s*" + STRING
            + "\\s*;?\\s*$");
    private static final long MIN_PACKET = 2097152;
    /** Streams with clone_autotune_concurrency=ON (at most clone_max_concurrency). */
    static final int AUTOTUNE_STREAMS = 4;

    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    CloneStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    static String unquote(String s) {
        if (s.length() >= 2) {
            char q = s.charAt(0);
            if ((q == '\'' || q == '"' || q == '`') && s.charAt(s.length() - 1) == q) {
                return s.substring(1, s.length() - 1).replace("\\" + q, String.valueOf(q)).replace("" + q + q, "" + q)
                        .replace("\\\\", "\\");
            }
        }
        return s;
    }

    void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        Matcher local = LOCAL.matcher(stmt);
        if (local.matches()) {
            begin();
            try {
                cloneLocal(Path.of(unquote(local.group(1))));
            } finally {
                instance.cloning().set(false);
            }
            exec.ok(0, more);
            return;
        }
        Matcher m = INSTANCE.matcher(stmt);
        if (!m.matches()) {
            String near = stmt.strip();
            throw ErrorCode.ER_PARSE_ERROR.exception(near.length() > 80 ? near.substring(0, 80) : near, 1);
        }
        String user = unquote(m.group(1));
        String host = unquote(m.group(2)).toLowerCase(Locale.ROOT);
        int port = Integer.parseInt(m.group(3));
        String password = unquote(m.group(4));
        Path dir = m.group(5) == null ? null : Path.of(unquote(m.group(5)));
        // REQUIRE SSL / REQUIRE NO SSL; without the clause TLS is tried and plain TCP accepted, as MySQL does.
        ClientTls.Mode tls = m.group(7) == null ? ClientTls.Mode.PREFERRED
                : m.group(6) != null ? ClientTls.Mode.DISABLED : ClientTls.Mode.REQUIRED;
        begin();
        try {
            boolean restarting = cloneRemote(user, host, port, password, dir, tls);
            if (restarting) return; // this session was closed by the restart
        } finally {
            instance.cloning().set(false);
        }
        exec.ok(0, more);
    }

    /** Plugin, then one clone at a time (3634). */
    private void begin() throws MysqlException {
        instance.plugins().requireActive("clone");
        if (!instance.cloning().compareAndSet(false, true)) throw ErrorCode.ER_CLONE_TOO_MANY.exception();
    }

    private long variable(String name) {
        return Long.parseLong(instance.variables().get(name));
    }

    private void checkDirectory(Path dir) throws MysqlException {
        if (!dir.isAbsolute()) throw ErrorCode.ER_WRONG_ARGUMENTS.exception("DATA DIRECTORY");
        if (Files.exists(dir)) throw ErrorCode.ER_DB_CREATE_EXISTS_DIR.exception(dir.toString());
        if (dir.toAbsolutePath().normalize().startsWith(instance.datadir())) {
            throw new MysqlException(3632, "HY000", "Clone target directory '" + dir + "' is inside the data directory.", null);
        }
    }

    /** Returns true when the instance restarted on the cloned data (the session is gone). */
    private boolean cloneRemote(String user, String host, int port, String password, Path dir, ClientTls.Mode tls)
            throws IOException, MysqlException, SQLException {
        String donor = host + ":" + port;
        String valid = instance.variables().get("clone_valid_donor_list");
        if (!donorAllowed(valid, donor)) {
            throw ErrorCode.ER_CLONE_SYS_CONFIG.exception(donor + " is not found in clone_valid_donor_list: "
                    + (valid == null ? "" : valid));
        }
        if (dir != null) checkDirectory(dir);
        if (dir == null && isSelf(host, port)) throw ErrorCode.ER_CLONE_LOOPBACK.exception();
        long packet = variable("max_allowed_packet");
        if (packet < MIN_PACKET) throw ErrorCode.ER_CLONE_NETWORK_PACKET_SIZE.exception(MIN_PACKET, packet);

        CloneStatus status = instance.cloneStatus();
        status.begin(session.id(), donor, dir == null ? "LOCAL INSTANCE" : dir.toString());
        status.save();
        try {
            CloneReceiver.Connector connector = () -> {
                try {
                    return MysqlClient.connect(OutgoingSockets.connect(instance, host, port, null, 10_000),
                            new MysqlClient.Options().user(user).password(password).getServerPublicKey(true).tls(tls, null)
                                    .readTimeoutMillis((int) Math.min(Integer.MAX_VALUE, (variable("clone_ddl_timeout") + 300) * 1000)))
                            .channel();
                } catch (MysqlException e) {
                    throw ErrorCode.ER_CLONE_DONOR.exception("Connect failed: " + e.code() + " : " + e.getMessage());
                }
                // A network failure stays an IOException: a stream retries it while the donor keeps the snapshot.
            };
            long bandwidth = Math.max(0, Math.min(nonZero(variable("clone_max_data_bandwidth")),
                    nonZero(variable("clone_max_network_bandwidth"))));
            int streams = (int) variable("clone_max_concurrency");
            if ("ON".equals(instance.variables().get("clone_autotune_concurrency"))) streams = Math.min(streams, AUTOTUNE_STREAMS);
            CloneReceiver receiver = new CloneReceiver(connector, new CloneReceiver.Limits(streams,
                    bandwidth == Long.MAX_VALUE ? 0 : bandwidth * 1024 * 1024,
                    "ON".equals(instance.variables().get("clone_enable_compression")),
                    Long.MAX_VALUE, Instance.VERSION, (int) variable("clone_buffer_size"), variable("clone_ddl_timeout"),
                    "ON".equals(instance.variables().get("clone_block_ddl"))),
                    (data, network, estimate) -> progress(status, data, network));
            CloneProtocol.Locator locator;
            try {
                locator = receiver.locate();
            } catch (IOException e) {
                throw ErrorCode.ER_CLONE_DONOR.exception("Connect failed: 2003 : Can't connect to MySQL server on '"
                        + donor + "' (111)");
            }
            checkDonor(locator);
            status.startStage("DROP DATA", 0, 1);
            status.finishStage("DROP DATA");
            Path staging = instance.datadir().resolve("#clone").resolve("staging");
            Files.createDirectories(staging);
            Path staged = staging.resolve(locator.fileName());
            Files.deleteIfExists(staged);
            status.startStage("FILE COPY", locator.dataBytes(), streams);
            status.save();
            long received = System.nanoTime();
            receiver.receive(locator, staged);
            received = System.nanoTime() - received;
            log.info("Clone: {} bytes of a {} byte file received in {} ms ({} MB/s)", locator.dataBytes(),
                    locator.length(), received / 1_000_000, received > 0 ? locator.dataBytes() * 1000 / received : 0);
            status.finishStage("FILE COPY");
            status.startStage("PAGE COPY", 0, 1);
            status.finishStage("PAGE COPY");
            status.startStage("REDO COPY", 0, 1);
            status.binlogFile = locator.binlogFile();
            status.binlogPosition = locator.binlogPosition();
            status.gtidExecuted = locator.gtidExecuted();
            status.finishStage("REDO COPY");
            status.startStage("FILE SYNC", locator.length(), 1);
            status.save();
            if (dir != null) {
                sync(staged);
                status.finishStage("FILE SYNC");
                Files.createDirectories(dir);
                Files.move(staged, dir.resolve(locator.fileName()), StandardCopyOption.ATOMIC_MOVE);
                status.completed();
                status.save();
                return false;
            }
            restartOnClonedData(status, staged);
            return true;
        } catch (MysqlException e) {
            fail(status, e.code(), e.getMessage());
            throw e;
        } catch (IOException e) {
            MysqlException m = ErrorCode.ER_CLONE_DONOR.exception(String.valueOf(e.getMessage()));
            fail(status, m.code(), m.getMessage());
            throw m;
        } catch (SQLException | RuntimeException e) {
            fail(status, ErrorCode.ER_CLONE_DONOR.code(), ErrorCode.ER_CLONE_DONOR.format(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private static long nonZero(long mib) {
        return mib == 0 ? Long.MAX_VALUE : mib;
    }

    private void progress(CloneStatus status, long data, long network) {
        CloneStatus.Stage s = status.stage("FILE COPY");
        long elapsed = s.begin == null ? 0 : java.time.Duration.between(s.begin, java.time.LocalDateTime.now()).toMillis();
        s.data = data;
        s.network = network;
        if (elapsed > 0) {
            s.dataSpeed = data * 1000 / elapsed;
            s.networkSpeed = network * 1000 / elapsed;
        }
    }

    private void fail(CloneStatus status, int code, String message) {
        status.failed(code, message);
        try {
            status.save();
        } catch (IOException e) {
            log.warn("Cannot save clone status: {}", e.toString());
        }
    }

    /** Donor identity checks: same major.minor version (3864), OS (3865), platform (3866), charset (3868). */
    private void checkDonor(CloneProtocol.Locator l) throws MysqlException {
        if (!majorMinor(l.donorVersion()).equals(majorMinor(Instance.VERSION))) {
            throw ErrorCode.ER_CLONE_DONOR_VERSION.exception(l.donorVersion(), Instance.VERSION);
        }
        String os = instance.variables().get("version_compile_os");
        if (!os.equals(l.versionCompileOs())) throw ErrorCode.ER_CLONE_OS.exception(l.versionCompileOs(), os);
        String machine = instance.variables().get("version_compile_machine");
        if (!machine.equals(l.versionCompileMachine())) {
            throw ErrorCode.ER_CLONE_PLATFORM.exception(l.versionCompileMachine(), machine);
        }
        String cs = instance.variables().get("character_set_server");
        if (!cs.equals(l.characterSetServer())) {
            throw ErrorCode.ER_CLONE_CONFIG.exception("character_set_server", l.characterSetServer(), cs);
        }
    }

    private static String majorMinor(String version) {
        String[] p = version.split("[.-]");
        return p.length >= 2 ? p[0] + "." + p[1] : version;
    }

    /** clone_valid_donor_list: host:port entries compared as text, host lower-cased. */
    static boolean donorAllowed(String list, String donor) {
        if (list == null || list.isBlank()) return false;
        for (String e : list.split(",")) {
            if (e.trim().toLowerCase(Locale.ROOT).equals(donor)) return true;
        }
        return false;
    }

    private boolean isSelf(String host, int port) {
        if (port != instance.port()) return false;
        try {
            InetAddress target = instance.hostNames().resolve(host);
            if (target == null) target = InetAddress.getByName(host);
            String bind = instance.bindAddress();
            return target.isLoopbackAddress() && (bind.equals("*") || bind.equals("0.0.0.0")
                    || InetAddress.getByName(bind).equals(target));
        } catch (IOException e) {
            return false;
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * FILE SYNC, RESTART and RECOVERY: the instance reopens on the cloned data, same port and
     * identity. The staged file is synced while the old runtime closes, and swapped in once
     * both are done.
     */
    private void restartOnClonedData(CloneStatus status, Path staged) throws IOException, SQLException {
        java.util.concurrent.FutureTask<Void> syncing = new java.util.concurrent.FutureTask<>(() -> {
            long t0 = System.nanoTime();
            sync(staged);
            log.info("Clone: final sync of the staged file took {} ms", (System.nanoTime() - t0) / 1_000_000);
            return null;
        });
        Thread syncer = new Thread(syncing, "mitosis-clone-sync");
        syncer.setDaemon(true);
        syncer.start();
        log.info("Clone completed; restarting on the cloned data");
        long restart = System.nanoTime();
        instance.restartWithData(datadir -> {
            long closed = System.nanoTime();
            try {
                syncing.get();
                log.info("Clone: old data closed after {} ms, then waited {} ms for the sync",
                        (closed - restart) / 1_000_000, (System.nanoTime() - closed) / 1_000_000);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while syncing the cloned data");
            }
            status.finishStage("FILE SYNC");
            status.startStage("RESTART", 0, 1);
            status.save();
            Files.move(staged, datadir.resolve(staged.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(datadir.resolve("mitosis.trace.db"));
            deleteRelayLogs(datadir);
        }, () -> {
            status.pid = 0;
            status.finishStage("RESTART");
            status.startStage("RECOVERY", 0, 1);
            status.finishStage("RECOVERY");
            status.completed();
            status.save();
        });
        log.info("Clone: file sync and restart on the cloned data took {} ms", (System.nanoTime() - restart) / 1_000_000);
    }

    private static void deleteRelayLogs(Path datadir) throws IOException {
        try (var ds = Files.newDirectoryStream(datadir, "*-relay-bin*")) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
    }

    /** CLONE LOCAL DATA DIRECTORY: a consistent copy of this instance into a new directory. */
    private void cloneLocal(Path dir) throws IOException, MysqlException, SQLException {
        checkDirectory(dir);
        CloneStatus status = instance.cloneStatus();
        status.begin(session.id(), "LOCAL INSTANCE", dir.toString());
        try {
            Files.createDirectories(dir);
            try (Connection c = instance.engine().connect();
                 H2Snapshot snap = H2Snapshot.take(c, () -> {
                     dev.mitosis.binlog.BinaryLog.Hold h = instance.binlog().holdCommits();
                     return h::close;
                 }, () -> new String[] {instance.gtids().executed().toCompactString(),
                         instance.binlog().enabled() ? instance.binlog().currentFile() : "",
                         Long.toString(instance.binlog().enabled() ? instance.binlog().currentPosition() : 0)})) {
                status.startStage("FILE COPY", snap.length(), 1);
                try (FileChannel out = FileChannel.open(dir.resolve(snap.fileName()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.allocate((int) variable("clone_buffer_size"));
                    long off = 0;
                    int n;
                    while ((n = snap.read(off, buf.clear())) > 0) {
                        buf.flip();
                        while (buf.hasRemaining()) out.write(buf);
                        off += n;
                        status.stage("FILE COPY").data = off;
                    }
                    out.force(true);
                }
                String[] point = (String[]) snap.captured();
                status.gtidExecuted = point[0];
                status.binlogFile = point[1];
                status.binlogPosition = Long.parseLong(point[2]);
            }
            for (String s : new String[] {"DROP DATA", "FILE COPY", "PAGE COPY", "REDO COPY", "FILE SYNC"}) {
                if (status.stage(s).state != CloneStatus.State.COMPLETED) status.finishStage(s);
            }
            status.completed();
            status.save();
        } catch (IOException | SQLException | RuntimeException e) {
            fail(status, ErrorCode.ER_CLONE_DONOR.code(), String.valueOf(e.getMessage()));
            throw e;
        }
    }
}
