package dev.mitosis.testing;

import dev.mitosis.server.Instance;
import dev.mitosis.server.InstanceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** An in-process instance on a free loopback port, in its own temporary datadir. */
public final class TestInstance implements AutoCloseable {
    private final Path datadir;
    private final InstanceConfig config;
    private Instance instance;

    private TestInstance(Path datadir, InstanceConfig config) {
        this.datadir = datadir;
        this.config = config;
    }

    public static TestInstance start() throws IOException, SQLException {
        return start(b -> { });
    }

    public static TestInstance start(Consumer<InstanceConfig.Builder> options) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("mitosis-test-");
        InstanceConfig.Builder b = InstanceConfig.builder().datadir(dir).port(0).bindAddress("127.0.0.1");
        options.accept(b);
        TestInstance t = new TestInstance(dir, b.build());
        t.instance = Instance.start(t.config);
        return t;
    }

    /** An instance on an existing datadir (e.g. a cloned directory); the directory is kept. */
    public static TestInstance startIn(Path datadir, Consumer<InstanceConfig.Builder> options) throws IOException, SQLException {
        InstanceConfig.Builder b = InstanceConfig.builder().datadir(datadir).port(0).bindAddress("127.0.0.1");
        options.accept(b);
        TestInstance t = new TestInstance(datadir, b.build());
        t.keepDatadir = true;
        t.instance = Instance.start(t.config);
        return t;
    }

    private boolean keepDatadir;

    public Instance instance() { return instance; }
    public int port() { return instance.port(); }
    public Path datadir() { return datadir; }
    public String host() { return instance.bindAddress(); }

    /** Stops and starts again on the same datadir and port. */
    public void restart() throws IOException, SQLException {
        int port = instance.port();
        instance.stop();
        instance = Instance.start(config.toBuilder().port(port).build());
    }

    public String mysqlUrl(String db, String extra) {
        return "jdbc:mysql://" + host() + ":" + port() + "/" + (db == null ? "" : db)
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=60000"
                + (extra == null || extra.isEmpty() ? "" : "&" + extra);
    }

    /**
     * A Connector/J URL that keeps the driver's own defaults (sslMode=PREFERRED,
     * allowPublicKeyRetrieval=false), as a MySQL user's would, with bounded timeouts and {@code params}.
     */
    public String mysqlUrlWithDriverDefaults(String params) {
        return "jdbc:mysql://" + host() + ":" + port() + "/?connectTimeout=5000&socketTimeout=60000"
                + (params == null || params.isEmpty() ? "" : "&" + params);
    }

    public String mariadbUrl(String db, String extra) {
        return "jdbc:mariadb://" + host() + ":" + port() + "/" + (db == null ? "" : db)
                + "?connectTimeout=5000&socketTimeout=60000&allowPublicKeyRetrieval=true"
                + (extra == null || extra.isEmpty() ? "" : "&" + extra);
    }

    public Connection connectMysql(String db, String extra) throws SQLException {
        return DriverManager.getConnection(mysqlUrl(db, extra), "root", "");
    }

    public Connection connect() throws SQLException {
        return connectMysql(null, null);
    }

    @Override
    public void close() {
        if (instance != null) instance.stop();
        if (!keepDatadir) deleteTree(datadir);
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
