package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts and privileges of one instance: the in-memory {@link Acl} built from the grant
 * tables, how a connection is matched to an account, and caching_sha2_password's cache of
 * SHA256(SHA256(pw)) filled by full authentications (emptied by a restart, FLUSH PRIVILEGES and
 * password changes, as in MySQL).
 */
public final class Accounts {
    private final Engine engine;
    private final HostNames hostNames;
    private volatile Acl acl;
    private final Map<String, byte[]> sha2Cache = new ConcurrentHashMap<>();

    Accounts(Engine engine, HostNames hostNames) throws SQLException {
        this.engine = engine;
        this.hostNames = hostNames;
        this.acl = Acl.load(engine.system());
    }

    Acl acl() {
        return acl;
    }

    /** Re-reads the grant tables (FLUSH PRIVILEGES, and after every account statement). */
    void reload() throws SQLException {
        acl = Acl.load(engine.system());
    }

    public HostNames hostNames() {
        return hostNames;
    }

    /** The account a connection from this address with this user name authenticates as, or null. */
    public Account match(String user, InetAddress address) {
        return acl.match(user, address, hostNames.nameOf(address));
    }

    /** Whether some account's host matches this client at all. */
    public boolean hostKnown(InetAddress address) {
        return acl.hostKnown(address, hostNames.nameOf(address));
    }

    /** The effective privileges of an account ({@link AccountPrivileges#NONE} if it does not exist). */
    public AccountPrivileges privilegesOf(String user, String host) {
        Acl a = acl;
        return a.privilegesOf(a.find(user, host));
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

    void forgetAll() {
        sha2Cache.clear();
    }
}
