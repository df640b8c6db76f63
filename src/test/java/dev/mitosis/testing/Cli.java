package dev.mitosis.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real client programs (mariadb, sysbench) for end-to-end tests, bounded in time. */
public final class Cli {
    private Cli() {}

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    /**
     * The path of a client program. In CI (.ci/run installs them) a missing program fails the
     * test; on a developer machine without it the test is skipped with a message.
     */
    public static String require(String program) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        if (System.getenv("CI") != null) fail(program + " is not installed; .ci/run should install it");
        org.junit.jupiter.api.Assumptions.abort(program + " is not installed");
        return null;
    }

    public static Result run(List<String> command, String stdin, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (stdin != null) {
                try (var os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The mariadb client's connection arguments for an instance, as root without TLS. */
    public static List<String> mariadb(TestInstance t, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(require("mariadb"), "--protocol=TCP", "-h", t.host(),
                "-P", Integer.toString(t.port()), "-u", "root", "--skip-ssl"));
        cmd.addAll(List.of(extra));
        return cmd;
    }
}
