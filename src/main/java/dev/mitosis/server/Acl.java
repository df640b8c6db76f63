package dev.mitosis.server;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable in-memory copy of the grant tables, as MySQL keeps one: accounts sorted for
 * matching, and each account's privileges. Rebuilt after every account statement and by
 * FLUSH PRIVILEGES; sessions compare snapshots by identity to know their cache is stale.
 */
final class Acl {
    private final List<Account> accounts;
    private final Map<String, AccountPrivileges> privileges;

    private Acl(List<Account> accounts, Map<String, AccountPrivileges> privileges) {
        this.accounts = accounts;
        this.privileges = privileges;
    }

    static String key(String user, String host) {
        return user + "\u0000" + host.toLowerCase(Locale.ROOT);
    }

    List<Account> accounts() {
        return accounts;
    }

    Account find(String user, String host) {
        for (Account a : accounts) {
            if (a.user().equals(user) && a.host().equalsIgnoreCase(host)) return a;
        }
        return null;
    }

    AccountPrivileges privilegesOf(Account a) {
        if (a == null) return AccountPrivileges.NONE;
        AccountPrivileges p = privileges.get(key(a.user(), a.host()));
        return p == null ? AccountPrivileges.NONE : p;
    }

    /** The account a client authenticates as: most specific host first, then named before anonymous. */
    Account match(String user, InetAddress address, String hostName) {
        for (Account a : accounts) {
            if ((a.user().isEmpty() || a.user().equals(user)) && HostPattern.matches(a.host(), address, hostName)) return a;
        }
        return null;
    }

    /** Whether any account may connect from this client (else MySQL answers 1130 before the greeting). */
    boolean hostKnown(InetAddress address, String hostName) {
        for (Account a : accounts) {
            if (HostPattern.matches(a.host(), address, hostName)) return true;
        }
        return false;
    }

    static Acl load(Connection c) throws SQLException {
        synchronized (c) {
            StringBuilder cols = new StringBuilder();
            for (Privilege p : Privilege.values()) cols.append(", ").append(p.column);
            List<Account> accounts = new ArrayList<>();
            Map<String, Long> global = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"user\", host, plugin, authentication_string, account_locked, ssl_type"
                         + cols + " FROM mysql.\"user\"")) {
                while (rs.next()) {
                    Account a = new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            "Y".equals(rs.getString(5)), rs.getString(6));
                    accounts.add(a);
                    long mask = 0;
                    for (Privilege p : Privilege.values()) {
                        if ("Y".equals(rs.getString(7 + p.ordinal()))) mask |= p.bit;
                    }
                    global.put(key(a.user(), a.host()), mask);
                }
            }
            accounts.sort(Comparator.comparingInt((Account a) -> HostPattern.specificity(a.host())).reversed()
                    .thenComparing(a -> a.user().isEmpty()));
            Map<String, Map<String, Boolean>> dynamic = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"user\", host, priv, with_grant_option FROM mysql.global_grants"
                         + " ORDER BY priv")) {
                while (rs.next()) {
                    dynamic.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
                            .put(rs.getString(3).toUpperCase(Locale.ROOT), "Y".equals(rs.getString(4)));
                }
            }
            Map<String, List<AccountPrivileges.DbGrant>> dbs = new HashMap<>();
            StringBuilder dbCols = new StringBuilder();
            List<Privilege> dbPrivs = new ArrayList<>();
            for (Privilege p : Privilege.values()) {
                if (p.level != Privilege.Level.GLOBAL) {
                    dbCols.append(", ").append(p.column);
                    dbPrivs.add(p);
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"user\", host, db" + dbCols + " FROM mysql.db ORDER BY db")) {
                while (rs.next()) {
                    long mask = 0;
                    for (int i = 0; i < dbPrivs.size(); i++) {
                        if ("Y".equals(rs.getString(4 + i))) mask |= dbPrivs.get(i).bit;
                    }
                    dbs.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new AccountPrivileges.DbGrant(rs.getString(3), mask));
                }
            }
            Map<String, Map<String, Map<String, Long>>> tables = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"user\", host, db, table_name, table_priv FROM mysql.tables_priv"
                         + " ORDER BY db, table_name")) {
                while (rs.next()) {
                    long mask = parseTableSet(rs.getString(5));
                    tables.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(3).toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
                            .put(rs.getString(4).toLowerCase(Locale.ROOT), mask);
                }
            }
            Map<String, AccountPrivileges> privileges = new HashMap<>();
            for (Account a : accounts) {
                String k = key(a.user(), a.host());
                privileges.put(k, new AccountPrivileges(global.getOrDefault(k, 0L),
                        dynamic.getOrDefault(k, Map.of()), dbs.getOrDefault(k, List.of()),
                        tables.getOrDefault(k, Map.of())));
            }
            return new Acl(List.copyOf(accounts), privileges);
        }
    }

    /** mysql.tables_priv.table_priv: "Select,Insert,Create View" to a mask. */
    static long parseTableSet(String set) {
        long mask = 0;
        if (set == null || set.isEmpty()) return 0;
        for (String part : set.split(",")) {
            Privilege p = Privilege.byTableSetName(part);
            if (p != null) mask |= p.bit;
        }
        return mask;
    }

    static String tableSet(long mask) {
        StringBuilder b = new StringBuilder();
        for (Privilege p : Privilege.values()) {
            if (p.tableSetName != null && (mask & p.bit) != 0) {
                if (b.length() > 0) b.append(',');
                b.append(p.tableSetName);
            }
        }
        return b.toString();
    }
}
