package dev.mitosis.cli;

import dev.mitosis.server.Instance;
import dev.mitosis.server.InstanceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * mitosisd: one instance in the foreground, configured like mysqld: {@code --name=value}
 * options (dashes or underscores), and a {@code --defaults-file} whose [mysqld] section is read
 * first. SIGTERM stops it gracefully.
 */
public final class Mitosisd {
    private Mitosisd() {}

    public static void main(String[] args) throws Exception {
        InstanceConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mitosisd: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (config.get("datadir") == null) {
            System.err.println("mitosisd: --datadir is required");
            System.exit(1);
        }
        String logError = config.get("log_error");
        Path datadir = config.datadir();
        Files.createDirectories(datadir);
        System.setProperty("mitosis.log.file", logError != null ? Path.of(logError).toAbsolutePath().toString()
                : datadir.resolve("error.log").toString());
        Instance instance;
        try {
            instance = Instance.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("mitosisd: " + e.getMessage());
            System.exit(1);
            return;
        }
        Files.writeString(datadir.resolve("mitosis.pid"), ProcessHandle.current().pid() + "\n");
        // SIGTERM is a normal stop, as for mysqld: stop gracefully and exit 0.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> instance.requestStop());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> instance.requestStop());
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "mitosisd-exit"));
        instance.awaitStop();
        System.exit(0);
    }

    static InstanceConfig parse(String[] args) throws IOException {
        InstanceConfig.Builder b = InstanceConfig.builder();
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--defaults-file=")) {
                readDefaultsFile(Path.of(a.substring("--defaults-file=".length())), b);
            } else {
                rest.add(a);
            }
        }
        for (String a : rest) {
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String opt = a.substring(2);
            int eq = opt.indexOf('=');
            String name = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? "ON" : opt.substring(eq + 1);
            if (name.equals("skip-name-resolve") || name.equals("skip_name_resolve")) {
                // A boolean option whose own name starts with skip.
                b.set("skip_name_resolve", eq < 0 ? "ON" : value);
            } else if (name.startsWith("skip-") || name.startsWith("skip_")) {
                b.set(name.substring(5), "OFF");
            } else if (name.startsWith("loose-") || name.startsWith("loose_")) {
                b.set(name.substring(6), value);
            } else {
                b.set(name, value);
            }
        }
        return b.build();
    }

    /** my.cnf: [mysqld] (and [mitosisd]) sections, name = value lines, # and ; comments. */
    static void readDefaultsFile(Path file, InstanceConfig.Builder b) throws IOException {
        String section = "";
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).trim();
                continue;
            }
            if (!section.equals("mysqld") && !section.equals("mitosisd")) continue;
            int eq = line.indexOf('=');
            String name = (eq < 0 ? line : line.substring(0, eq)).trim();
            String value = eq < 0 ? "ON" : line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.startsWith("loose-") || name.startsWith("loose_")) name = name.substring(6);
            b.set(name, value);
        }
    }
}
