package dev.mitosis.server;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The start-up options of one instance, MySQL-style: names with dashes or underscores, values as
 * strings. Known options have typed accessors; any other option naming a system variable sets
 * that variable's global value at start.
 */
public final class InstanceConfig {
    private final Map<String, String> options;

    private InstanceConfig(Map<String, String> options) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static String normalizeName(String name) {
        return name.trim().replace('-', '_').toLowerCase(Locale.ROOT);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.options.putAll(options);
        return b;
    }

    public String get(String name) {
        return options.get(normalizeName(name));
    }

    public String get(String name, String dflt) {
        String v = get(name);
        return v == null ? dflt : v;
    }

    public Map<String, String> options() {
        return options;
    }

    public Path datadir() {
        String d = get("datadir");
        if (d == null) throw new IllegalStateException("datadir is required");
        return Path.of(d).toAbsolutePath().normalize();
    }

    public int port() {
        return Integer.parseInt(get("port", "3306"));
    }

    public String bindAddress() {
        return get("bind_address", "127.0.0.1");
    }

    public long serverId() {
        return Long.parseLong(get("server_id", "1"));
    }

    public static final class Builder {
        private final Map<String, String> options = new LinkedHashMap<>();

        public Builder set(String name, Object value) {
            options.put(normalizeName(name), value == null ? null : value.toString());
            return this;
        }

        public Builder datadir(Path dir) { return set("datadir", dir.toAbsolutePath().normalize()); }
        public Builder port(int port) { return set("port", port); }
        public Builder bindAddress(String address) { return set("bind_address", address); }
        public Builder serverId(long id) { return set("server_id", id); }

        public InstanceConfig build() {
            return new InstanceConfig(options);
        }
    }
}
