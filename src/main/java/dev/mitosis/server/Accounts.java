package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts in mysql.user and how a connection is matched to one: the most specific host first,
 * then the most specific user, as MySQL sorts its in-memory account list.
 */
public final class Accounts {
    private final Engine engine;
    /** caching_sha2_password's cache: account key to SHA256(SHA256(pw)), filled by full auth. */
    private final Map<String, byte[]> sha2Cache = new ConcurrentHashMap<>();

    Accounts(Engine engine) {
        this.engine = engine;
    }

    List<Account> load() throws SQLException {
        List<Account> out = new ArrayList<>();
        synchronized (engine.system()) {
            try (PreparedStatement ps = engine.system().prepareStatement(
                    "SELECT \"user\", host, plugin, authentication_string, account_locked FROM mysql.\"user\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            "Y".equals(rs.getString(5))));
                }
            }
        }
        return out;
    }

    /** The account a connection from this address with this user name authenticates as, or null. */
    public Account match(String user, InetAddress address) throws SQLException {
        List<Account> candidates = new ArrayList<>();
        for (Account a : load()) {
            if ((a.user().isEmpty() || a.user().equals(user)) && HostPattern.matches(a.host(), address)) {
                candidates.add(a);
            }
        }
        candidates.sort(Comparator.comparingInt((Account a) -> HostPattern.specificity(a.host())).reversed()
                .thenComparing(a -> a.user().isEmpty()));
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    static String key(Account a) {
        return a.user() + "@" + a.host();
    }

    byte[] cachedSha2(Account a) {
        return sha2Cache.get(key(a));
    }

    void cacheSha2(Account a, byte[] doubleHash) {
        sha2Cache.put(key(a), doubleHash);
    }

    public void forget(Account a) {
        sha2Cache.remove(key(a));
    }
}
