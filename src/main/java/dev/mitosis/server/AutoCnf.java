package dev.mitosis.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** auto.cnf: the server_uuid, generated once per datadir and kept, as MySQL does. */
final class AutoCnf {
    private AutoCnf() {}

    static String loadOrCreate(Path datadir) throws IOException {
        Path file = datadir.resolve("auto.cnf");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.trim();
                if (l.startsWith("server-uuid") || l.startsWith("server_uuid")) {
                    return UUID.fromString(l.substring(l.indexOf('=') + 1).trim()).toString();
                }
            }
            throw new IOException(file + " has no server-uuid");
        }
        String uuid = UUID.randomUUID().toString();
        Files.writeString(file, "[auto]\nserver-uuid=" + uuid + "\n", StandardCharsets.UTF_8);
        return uuid;
    }
}
