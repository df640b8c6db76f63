package dev.mitosis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Runs the mitosis tool in-process for transcript tests: each command and its output are kept, so a
 * failing assertion shows the whole session, as MySQL Shell's transcript tests do.
 */
final class Tool {
    record Result(int exit, String out, String err) {
        String all() { return out + err; }
    }

    final Path home;
    final StringBuilder transcript = new StringBuilder();

    Tool(Path home) {
        this.home = home;
    }

    Result run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.contains("--help") && !a.contains("--home")) a.add("--home=" + home);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Mitosis.run(a.toArray(String[]::new), o, e, false);
        }
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        transcript.append("$ mitosis ").append(String.join(" ", args)).append("\n").append(r.out).append(r.err)
                .append("[exit ").append(code).append("]\n");
        return r;
    }

    /** Runs and expects an exit status. */
    Result expect(int exit, String... args) {
        Result r = run(args);
        if (r.exit != exit) fail("expected exit " + exit + ", got " + r.exit + "\n--- transcript ---\n" + transcript);
        return r;
    }

    /** Re-runs a command until its result satisfies a condition (replication converging), bounded in time. */
    Result until(long timeoutMillis, Predicate<Result> ok, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Result r;
        do {
            r = run(args);
            if (ok.test(r)) return r;
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        fail("condition not met within " + timeoutMillis + " ms\n--- transcript ---\n" + transcript);
        return r;
    }

    void assertContains(Result r, String... parts) {
        for (String p : parts) {
            if (!r.all().contains(p)) fail("missing '" + p + "'\n--- transcript ---\n" + transcript);
        }
    }

    void assertEqualsExit(int expected, Result r) {
        assertEquals(expected, r.exit, transcript::toString);
    }

    /** A base port whose next n ports are free on 127.0.0.2.. (or 127.0.0.1). */
    static int freeBasePort(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(20000);
            boolean free = true;
            for (int i = 0; i < n + 2 && free; i++) {
                for (String addr : List.of("127.0.0.1", "127.0.0." + (2 + i))) {
                    try (ServerSocket s = new ServerSocket()) {
                        s.bind(new InetSocketAddress(InetAddress.getByName(addr), base + i));
                    } catch (IOException e) {
                        free = false;
                    }
                }
            }
            if (free) return base;
        }
        throw new IOException("no free port range");
    }
}
