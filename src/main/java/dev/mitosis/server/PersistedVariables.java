package dev.mitosis.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SET PERSIST: variables kept in {@code mysqld-auto.cnf} in the datadir (MySQL's JSON layout),
 * applied at the next start over the options, as MySQL does.
 */
final class PersistedVariables {
    private static final Pattern ENTRY = Pattern.compile("\"([a-z0-9_]+)\"\\s*:\\s*\\{\\s*\"Value\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private final Path file;
    private final Map<String, String> values = new LinkedHashMap<>();

    PersistedVariables(Path datadir) throws IOException {
        this.file = datadir.resolve("mysqld-auto.cnf");
        if (Files.exists(file)) {
            Matcher m = ENTRY.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) values.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
    }

    synchronized Map<String, String> values() {
        return new LinkedHashMap<>(values);
    }

    synchronized void persist(String name, String value) throws IOException {
        values.put(name, value);
        write();
    }

    synchronized void reset(String name) throws IOException {
        if (name == null) values.clear();
        else values.remove(name);
        write();
    }

    private void write() throws IOException {
        StringBuilder b = new StringBuilder("{\"Version\": 2, \"mysql_dynamic_variables\": {");
        boolean first = true;
        long now = System.currentTimeMillis() * 1000;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) b.append(", ");
            first = false;
            b.append('"').append(e.getKey()).append("\": {\"Value\": \"")
             .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
             .append("\", \"Metadata\": {\"Timestamp\": ").append(now)
             .append(", \"User\": \"root\", \"Host\": \"localhost\"}}");
        }
        b.append("}}\n");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
