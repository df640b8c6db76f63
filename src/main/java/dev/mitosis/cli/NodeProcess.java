package dev.mitosis.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The mitosisd process of a sandbox node: started detached (its own session, so a Ctrl-C in the
 * tool's terminal does not stop it), found again by the pid file mitosisd writes in its datadir,
 * stopped with SIGTERM.
 */
final class NodeProcess {
    private NodeProcess() {}

    /** The Java command that runs mitosisd: this JVM's java and class path. */
    static List<String> command(Path cnf) {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) cmd.add("/usr/bin/setsid");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("MITOSIS_NODE_JAVA_OPTS");
        if (opts == null) opts = "-Xms32m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";
        for (String o : opts.trim().split("\\s+")) if (!o.isEmpty()) cmd.add(o);
        String cp = classPath();
        Path archive = cdsArchive(cp);
        if (archive != null && System.getenv("MITOSIS_NODE_JAVA_OPTS") == null) {
            // class data sharing: the archive is written when a node exits and makes later starts about 2x faster
            cmd.add("-XX:+AutoCreateSharedArchive");
            cmd.add("-XX:SharedArchiveFile=" + archive);
            cmd.add("-Xlog:cds=off,cds+dynamic=off");
        }
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("dev.mitosis.cli.Mitosisd");
        cmd.add("--defaults-file=" + cnf);
        return cmd;
    }

    /** Next to the built jar (bin/mitosis runs from it); none when running from class directories (tests). */
    static Path cdsArchive(String cp) {
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.startsWith("mitosis-") && name.endsWith(".jar") && p.getParent() != null
                    && Files.isWritable(p.getParent())) {
                return p.getParent().resolve("mitosisd.jsa");
            }
        }
        return null;
    }

    static String classPath() {
        String cp = System.getProperty("mitosis.classpath");
        if (cp == null || cp.isBlank()) cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        return cp;
    }

    /** The running process of a node, if any (the pid file's process, checked to be this node's mitosisd). */
    static Optional<ProcessHandle> find(Sandbox s, Sandbox.Node n) {
        Path pidFile = s.dir(n).resolve("mitosisd.pid");
        try {
            if (!Files.exists(pidFile)) return Optional.empty();
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) return Optional.empty();
            String cmdline = h.get().info().commandLine().orElse("");
            if (!cmdline.isEmpty() && !cmdline.contains(s.cnf(n).toString())) return Optional.empty(); // pid reused
            return h;
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fails with a clear message when the node's address and port cannot be listened on. */
    static void checkFree(Sandbox.Node n) {
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getByName(n.address), n.port));
        } catch (IOException e) {
            String what = e.getMessage() != null && e.getMessage().contains("assign") ? "address " + n.address
                    + " is not available on this machine" : "port " + n.port + " on " + n.address
                    + " is already in use (another program or sandbox listens there)";
            throw new CliException("cannot place " + n.name + ": " + what + "; choose another --base-port", 2);
        }
        // a listener on the wildcard address or on 127.0.0.1 also takes connections for this port on some systems
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(n.address), n.port), 200);
            throw new CliException("cannot place " + n.name + ": something already answers on " + n.endpoint()
                    + "; choose another --base-port", 2);
        } catch (IOException free) {
            // nothing answers: free
        }
    }

    /** Starts the node's mitosisd (detached), without waiting. */
    static Process start(Sandbox s, Sandbox.Node n) throws IOException {
        Files.createDirectories(s.dir(n));
        ProcessBuilder pb = new ProcessBuilder(command(s.cnf(n)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log(n).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        Files.writeString(s.dir(n).resolve("mitosisd.pid"), p.pid() + "\n");
        return p;
    }

    /** Waits until the node accepts a login, or its process exits, or the time runs out. */
    static void awaitReady(Sandbox s, Sandbox.Node n, Process p, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String last = null;
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive() && find(s, n).isEmpty()) {
                throw new CliException(n.name + " exited at start (status " + p.exitValue() + "): " + tail(s.log(n))
                        + " (log: " + s.log(n) + ")");
            }
            try (Conn c = Conn.open(n, 1000)) {
                c.ping();
                return;
            } catch (IOException | dev.mitosis.protocol.MysqlException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new CliException(n.name + " did not accept connections on " + n.endpoint() + " within "
                + timeoutMillis / 1000 + " s (" + last + "); log: " + s.log(n));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).trim();
        } catch (IOException ignored) {
            // no log
        }
        return "(no output)";
    }

    /** SIGTERM and wait; SIGKILL after the timeout. Returns whether it was running. */
    static boolean stop(Sandbox s, Sandbox.Node n, long timeoutMillis) throws InterruptedException {
        Optional<ProcessHandle> h = find(s, n);
        if (h.isEmpty()) return false;
        h.get().destroy();
        try {
            h.get().onExit().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
            try {
                h.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
                // gone or stuck
            }
        } catch (java.util.concurrent.ExecutionException ignored) {
            // exited
        }
        return true;
    }
}
