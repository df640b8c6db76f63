package dev.mitosis.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A bin/mitosisd process, for tests about processes: restarts, SIGTERM, kill -9. */
public final class MitosisdProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private MitosisdProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Starts bin/mitosisd with the options and waits until it accepts connections. */
    public static MitosisdProcess start(Path workDir, String... options) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.dir"));
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin/mitosisd").toString());
        cmd.addAll(List.of(options));
        int port = -1;
        for (String o : options) {
            if (o.startsWith("--port=")) port = Integer.parseInt(o.substring(7));
            if (o.startsWith("--defaults-file=")) port = portFromCnf(Path.of(o.substring(16)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("mitosisd-" + port + ".out").toFile()).start();
        MitosisdProcess m = new MitosisdProcess(p, port);
        m.awaitListening(60);
        return m;
    }

    private static int portFromCnf(Path cnf) throws IOException {
        String section = "";
        for (String line : java.nio.file.Files.readAllLines(cnf)) {
            String l = line.trim();
            if (l.startsWith("[")) section = l;
            else if (section.equals("[mysqld]") && l.startsWith("port")) return Integer.parseInt(l.split("=")[1].trim());
        }
        return 3306;
    }

    private void awaitListening(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("mitosisd exited with " + process.exitValue());
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("mitosisd did not listen on " + port + " within " + seconds + " s");
    }

    public int port() { return port; }
    public long pid() { return process.pid(); }

    public List<String> mariadb(String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Cli.require("mariadb"), "--protocol=TCP", "-h", "127.0.0.1",
                "-P", Integer.toString(port), "-u", "root", "--skip-ssl"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** SIGTERM, then wait for the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) fail("mitosisd ignored SIGTERM");
        return process.exitValue();
    }

    /** SIGKILL: the crash case. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
