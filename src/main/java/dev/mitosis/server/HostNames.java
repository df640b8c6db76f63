package dev.mitosis.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host names as one instance sees them: the names account hosts like {@code 'mysql-c'} match, and
 * the names outgoing connections (replication, clone) resolve. Sources, first match wins:
 * <ol>
 * <li>names mapped at run time with {@link #map} (tests; the {@code mitosis} tool in-process);</li>
 * <li>the {@code host_map} option: {@code name=address[,name=address...]};</li>
 * <li>the {@code hosts_file} option: a file in /etc/hosts format ({@code address name [alias...]}),
 *     re-read when it changes, so a tool can add nodes while instances run;</li>
 * <li>the system resolver (reverse lookups only when {@code skip_name_resolve} is OFF).</li>
 * </ol>
 * 127.0.0.1 and ::1 are always {@code localhost}. Reverse results are cached per address, as
 * MySQL's host cache does; {@link #flush} empties the cache (FLUSH HOSTS).
 */
public final class HostNames {
    private final Map<String, String> mapped = new ConcurrentHashMap<>();
    private final Map<String, String> reverseCache = new ConcurrentHashMap<>();
    private final Path hostsFile;
    private final boolean skipNameResolve;
    private volatile long hostsFileStamp = -1;
    private volatile Map<String, String> fileNames = Map.of();

    public HostNames(InstanceConfig config) {
        String file = config.get("hosts_file");
        this.hostsFile = file == null || file.isBlank() ? null : Path.of(file);
        String skip = config.get("skip_name_resolve");
        this.skipNameResolve = skip != null && (skip.equalsIgnoreCase("ON") || skip.equals("1")
                || skip.equalsIgnoreCase("TRUE")) || "OFF".equalsIgnoreCase(config.get("name_resolve"));
        String map = config.get("host_map");
        if (map != null) {
            for (String entry : map.split("[,;\\s]+")) {
                int eq = entry.indexOf('=');
                if (eq > 0) map(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
    }

    public boolean skipNameResolve() {
        return skipNameResolve;
    }

    /** Maps a host name to an address (both directions). */
    public void map(String name, String address) {
        mapped.put(name.trim().toLowerCase(Locale.ROOT), address.trim());
        reverseCache.clear();
    }

    public void unmap(String name) {
        mapped.remove(name.trim().toLowerCase(Locale.ROOT));
        reverseCache.clear();
    }

    public void flush() {
        reverseCache.clear();
    }

    /** Forward resolution for outgoing connections: mapped names first, then the system resolver. */
    public InetAddress resolve(String host) throws UnknownHostException {
        String key = host.trim().toLowerCase(Locale.ROOT);
        String addr = mapped.get(key);
        if (addr == null) addr = fileMap().get(key);
        return InetAddress.getByName(addr != null ? addr : host.trim());
    }

    /**
     * The host name of a client address, or null when it has none (or names are not resolved).
     * Account host names are matched against it.
     */
    public String nameOf(InetAddress address) {
        String ip = address.getHostAddress();
        if (ip.equals("127.0.0.1") || address.isLoopbackAddress() && address.getAddress().length == 16) {
            return "localhost";
        }
        for (Map.Entry<String, String> e : mapped.entrySet()) {
            if (sameAddress(e.getValue(), ip)) return e.getKey();
        }
        for (Map.Entry<String, String> e : fileMap().entrySet()) {
            if (sameAddress(e.getValue(), ip)) return e.getKey();
        }
        if (skipNameResolve) return null;
        String cached = reverseCache.get(ip);
        if (cached != null) return cached.isEmpty() ? null : cached;
        String name = null;
        try {
            String n = InetAddress.getByAddress(address.getAddress()).getCanonicalHostName();
            if (n != null && !n.equals(ip)) name = n.toLowerCase(Locale.ROOT);
        } catch (UnknownHostException ignored) {
            // no name
        }
        reverseCache.put(ip, name == null ? "" : name);
        return name;
    }

    private static boolean sameAddress(String configured, String ip) {
        if (configured.equals(ip)) return true;
        try {
            return InetAddress.getByName(configured).getHostAddress().equals(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** name to address from the hosts file, re-read when its modification time changes. */
    private Map<String, String> fileMap() {
        if (hostsFile == null) return Map.of();
        long stamp;
        try {
            stamp = Files.exists(hostsFile) ? Files.getLastModifiedTime(hostsFile).toMillis() ^ Files.size(hostsFile) : 0;
        } catch (IOException e) {
            return fileNames;
        }
        if (stamp != hostsFileStamp) {
            Map<String, String> names = new LinkedHashMap<>();
            try {
                if (stamp != 0) {
                    for (String line : Files.readAllLines(hostsFile, StandardCharsets.UTF_8)) {
                        int hash = line.indexOf('#');
                        String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
                        if (l.isEmpty()) continue;
                        String[] parts = l.split("\\s+");
                        for (int i = 1; i < parts.length; i++) names.putIfAbsent(parts[i].toLowerCase(Locale.ROOT), parts[0]);
                    }
                }
            } catch (IOException e) {
                return fileNames;
            }
            fileNames = names;
            hostsFileStamp = stamp;
            reverseCache.clear();
        }
        return fileNames;
    }
}
