package dev.mitosis.server;

import java.net.InetAddress;

/** MySQL account host patterns: names, IPs, '%' and '_' wildcards, ip/netmask, localhost. */
final class HostPattern {
    private HostPattern() {}

    /**
     * Whether an account host matches a client. {@code hostName} is the client's resolved name,
     * or null. 'localhost' matches 127.0.0.1, ::1 and clients whose name is localhost.
     */
    static boolean matches(String pattern, InetAddress address, String hostName) {
        String ip = address.getHostAddress();
        if (pattern.equalsIgnoreCase("localhost")) {
            return ip.equals("127.0.0.1") || "localhost".equalsIgnoreCase(hostName)
                    || address.isLoopbackAddress() && address.getAddress().length == 16;
        }
        if (pattern.contains("/")) return matchesNetmask(pattern, address);
        if (wildcardMatch(pattern, ip)) return true;
        return hostName != null && wildcardMatch(pattern, hostName);
    }

    static boolean matches(String pattern, InetAddress address) {
        return matches(pattern, address, address.getHostAddress().equals("127.0.0.1") ? "localhost" : null);
    }

    private static boolean matchesNetmask(String pattern, InetAddress address) {
        try {
            String[] parts = pattern.split("/");
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] mask = InetAddress.getByName(parts[1]).getAddress();
            byte[] ip = address.getAddress();
            if (net.length != ip.length || mask.length != ip.length) return false;
            for (int i = 0; i < ip.length; i++) {
                if ((ip[i] & mask[i]) != net[i]) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** SQL LIKE-style match: '%' any run, '_' one character, '\' escapes, case-insensitive. */
    static boolean wildcardMatch(String pattern, String text) {
        return match(pattern.toLowerCase(), 0, text.toLowerCase(), 0);
    }

    private static boolean match(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = ti; k <= t.length(); k++) {
                    if (match(p, pi + 1, t, k)) return true;
                }
                return false;
            }
            if (ti >= t.length()) return false;
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                c = p.charAt(pi);
                if (c != t.charAt(ti)) return false;
            } else if (c != '_' && c != t.charAt(ti)) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.length();
    }

    static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') i++;
            else if (c == '%' || c == '_') return true;
        }
        return false;
    }

    /**
     * Sort key, larger first: exact names and IPs, then ip/netmask, then patterns by the position
     * of their first wildcard, '%' and '' last.
     */
    static int specificity(String pattern) {
        if (pattern.equals("%") || pattern.isEmpty()) return 0;
        if (pattern.contains("/")) return 900;
        int wild = pattern.indexOf('%');
        int under = pattern.indexOf('_');
        int first = wild < 0 ? under : (under < 0 ? wild : Math.min(wild, under));
        if (first < 0) return 1000 + pattern.length();
        return 1 + first;
    }
}
