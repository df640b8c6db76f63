package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.server.AccountSyntax.Level;
import dev.mitosis.server.AccountSyntax.UserHost;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.TokenType;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** GRANT, REVOKE and SHOW GRANTS for static (*.*, db.*, db.table) and dynamic (*.*) privileges. */
final class GrantStatements {
    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    GrantStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    /** What a GRANT or REVOKE names: static privileges as a mask, dynamic ones by name, ALL. */
    private static final class PrivilegeList {
        long mask;
        final Set<String> dynamic = new TreeSet<>();
        boolean all;
        boolean grantOption;
    }

    private PrivilegeList privileges(AccountSyntax s) throws MysqlException {
        PrivilegeList list = new PrivilegeList();
        do {
            if (s.peek().is("ON") || s.peek().is("FROM")) throw s.syntax();
            StringBuilder words = new StringBuilder();
            String first = null;
            while (!s.atEnd() && !s.peek().isSymbol(",") && !s.peek().is("ON") && !s.peek().is("FROM")
                    && !s.peek().is("TO")) {
                if (s.peek().isSymbol("(")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("column privileges");
                var tok = s.next();
                if (tok.type != TokenType.IDENTIFIER) throw s.syntax();
                if (first == null) first = tok.text;
                if (words.length() > 0) words.append(' ');
                words.append(tok.text.toUpperCase(Locale.ROOT));
            }
            String name = words.toString();
            if (name.isEmpty()) throw s.syntax();
            if (name.equals("ALL") || name.equals("ALL PRIVILEGES")) {
                list.all = true;
            } else if (name.equals("USAGE")) {
                // no privilege
            } else if (name.equals("GRANT OPTION")) {
                list.grantOption = true;
            } else if (name.equals("PROXY")) {
                throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("PROXY privileges");
            } else {
                Privilege p = Privilege.byName(name);
                if (p != null) {
                    list.mask |= p.bit;
                } else if (!name.contains(" ")) {
                    String d = DynamicPrivileges.canonical(name);
                    if (d == null) throw ErrorCode.ER_DYNAMIC_PRIV_NOT_REGISTERED.exception(first);
                    list.dynamic.add(d);
                } else {
                    throw s.syntax();
                }
            }
        } while (s.acceptSymbol(","));
        return list;
    }

    /** The static mask a list means at a level; validates level rules. */
    private long maskAt(PrivilegeList list, Level level) throws MysqlException {
        if (level.global()) return list.all ? Privilege.ALL_GLOBAL : list.mask;
        if (!list.dynamic.isEmpty()) throw ErrorCode.ER_ILLEGAL_PRIVILEGE_LEVEL.exception(list.dynamic.iterator().next());
        if (level.database()) {
            for (Privilege p : Privilege.of(list.mask)) {
                if (p.level == Privilege.Level.GLOBAL) throw ErrorCode.ER_WRONG_USAGE.exception("DB GRANT", "GLOBAL PRIVILEGES");
            }
            return list.all ? Privilege.ALL_DB : list.mask;
        }
        for (Privilege p : Privilege.of(list.mask)) {
            if (p.level != Privilege.Level.TABLE) throw ErrorCode.ER_ILLEGAL_GRANT_FOR_TABLE.exception();
        }
        return list.all ? Privilege.ALL_TABLE : list.mask;
    }

    /** The grantor must hold GRANT OPTION and what it grants, at the level or above. */
    private void checkGrantor(Level level, long mask, Set<String> dynamic, boolean allDynamic, String command)
            throws MysqlException {
        AccountPrivileges p = session.privileges();
        long need = mask | Privilege.GRANT_OPTION.bit;
        if (level.global()) {
            if (!p.hasGlobal(need)) {
                if (mask == 0 && !dynamic.isEmpty()) throw ErrorCode.ER_SPECIFIC_ACCESS_DENIED_ERROR.exception("GRANT OPTION");
                throw ErrorCode.ER_ACCESS_DENIED_ERROR.exception(session.account().user(), session.hostName(), "YES");
            }
            for (String d : allDynamic ? DynamicPrivileges.ALL : dynamic) {
                if (!p.dynamicGrantable(d)) throw ErrorCode.ER_SPECIFIC_ACCESS_DENIED_ERROR.exception("GRANT OPTION");
            }
        } else if (level.database()) {
            if ((p.dbMask(level.db().toLowerCase(Locale.ROOT)) & need) != need) throw session.access().dbDenied(level.db());
        } else {
            if ((p.tableMask(level.db().toLowerCase(Locale.ROOT), level.table()) & need) != need) {
                throw session.access().tableDenied(command, level.table());
            }
        }
    }

    // ---- GRANT

    void grant(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("GRANT");
        PrivilegeList list = privileges(s);
        if (!s.accept("ON")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("roles");
        Level level = s.level(session);
        s.expect("TO");
        List<UserHost> users = new ArrayList<>();
        do {
            users.add(s.user(session));
            if (s.peek().is("IDENTIFIED")) throw s.syntax();
        } while (s.acceptSymbol(","));
        boolean withGrant = false;
        if (s.accept("WITH")) {
            s.expect("GRANT");
            s.expect("OPTION");
            withGrant = true;
        }
        if (s.peek().is("AS")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("GRANT ... AS");
        s.expectEnd();
        if (list.grantOption) withGrant = true;
        long mask = maskAt(list, level);
        checkGrantor(level, mask, list.dynamic, list.all && level.global(), "GRANT");
        session.access().checkReadOnly(StatementKind.ACCOUNT_MANAGEMENT);
        if (session.inTransaction()) session.commit();
        for (UserHost u : users) {
            if (AccountStatements.find(instance, u) == null) throw ErrorCode.ER_CANT_CREATE_USER_WITH_GRANT.exception();
        }
        if (level.table() != null && !Catalog.tableExists(session.engine(), level.db(), level.table())) {
            throw ErrorCode.ER_NO_SUCH_TABLE.exception(level.db(), level.table());
        }
        Set<String> dynamic = list.all && level.global() ? DynamicPrivileges.ALL : list.dynamic;
        boolean grantOption = withGrant;
        String grantor = session.currentUser();
        AccountStatements.transaction(instance, c -> {
            for (UserHost u : users) {
                if (level.global()) grantGlobal(c, u, mask, dynamic, grantOption);
                else if (level.database()) grantDb(c, u, level.db(), mask, grantOption);
                else grantTable(c, u, level, mask, grantOption, grantor);
            }
        });
        exec.ok(0, more);
    }

    private static void grantGlobal(Connection c, UserHost u, long mask, Set<String> dynamic, boolean grantOption)
            throws SQLException {
        long m = mask | (grantOption ? Privilege.GRANT_OPTION.bit : 0);
        if (m != 0) setColumns(c, "\"user\"", "", u, null, m, "Y");
        for (String d : dynamic) {
            boolean had = AccountStatements.exists(c, "SELECT 1 FROM mysql.global_grants WHERE \"user\" = ? AND host = ?"
                    + " AND priv = ? AND with_grant_option = 'Y'", u.user(), u.host(), d);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.global_grants (\"user\", host, priv,"
                    + " with_grant_option) KEY (\"user\", host, priv) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, u.user());
                ps.setString(2, u.host());
                ps.setString(3, d);
                ps.setString(4, grantOption || had ? "Y" : "N");
                ps.executeUpdate();
            }
        }
    }

    private static void grantDb(Connection c, UserHost u, String db, long mask, boolean grantOption) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.db (host, db, \"user\") KEY (host, db, \"user\")"
                + " VALUES (?, ?, ?)")) {
            ps.setString(1, u.host());
            ps.setString(2, db);
            ps.setString(3, u.user());
            ps.executeUpdate();
        }
        long m = mask | (grantOption ? Privilege.GRANT_OPTION.bit : 0);
        if (m != 0) setColumns(c, "db", " AND db = ?", u, db, m, "Y");
    }

    /** UPDATE mysql.table SET col = value for each privilege in mask, for one account (and db). */
    private static void setColumns(Connection c, String table, String extraWhere, UserHost u, String db, long mask,
                                   String value) throws SQLException {
        StringBuilder set = new StringBuilder();
        for (Privilege p : Privilege.values()) {
            if ((mask & p.bit) == 0) continue;
            if (!table.equals("\"user\"") && p.level == Privilege.Level.GLOBAL) continue;
            set.append(set.length() == 0 ? "" : ", ").append(p.column).append(" = '").append(value).append("'");
        }
        if (set.length() == 0) return;
        try (PreparedStatement ps = c.prepareStatement("UPDATE mysql." + table + " SET " + set
                + " WHERE \"user\" = ? AND host = ?" + extraWhere)) {
            ps.setString(1, u.user());
            ps.setString(2, u.host());
            if (db != null) ps.setString(3, db);
            ps.executeUpdate();
        }
    }

    private static long tableGrant(Connection c, UserHost u, Level level) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_priv FROM mysql.tables_priv WHERE \"user\" = ?"
                + " AND host = ? AND db = ? AND table_name = ?")) {
            ps.setString(1, u.user());
            ps.setString(2, u.host());
            ps.setString(3, level.db());
            ps.setString(4, level.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Acl.parseTableSet(rs.getString(1)) : -1;
            }
        }
    }

    private static void grantTable(Connection c, UserHost u, Level level, long mask, boolean grantOption, String grantor)
            throws SQLException {
        long existing = tableGrant(c, u, level);
        long m = Math.max(existing, 0) | mask | (grantOption ? Privilege.GRANT_OPTION.bit : 0);
        writeTableGrant(c, u, level, m, grantor);
    }

    private static void writeTableGrant(Connection c, UserHost u, Level level, long mask, String grantor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.tables_priv (host, db, \"user\", table_name,"
                + " grantor, table_priv) KEY (host, db, \"user\", table_name) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, u.host());
            ps.setString(2, level.db());
            ps.setString(3, u.user());
            ps.setString(4, level.table());
            ps.setString(5, grantor);
            ps.setString(6, Acl.tableSet(mask));
            ps.executeUpdate();
        }
    }

    // ---- REVOKE

    void revoke(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("REVOKE");
        boolean ifExists = false;
        if (s.peek().is("IF") && s.peek(1).is("EXISTS")) {
            s.next();
            s.next();
            ifExists = true;
        }
        PrivilegeList list = privileges(s);
        if (s.accept("FROM")) {
            // REVOKE ALL [PRIVILEGES], GRANT OPTION FROM user, ...
            if (!list.all || !list.grantOption || list.mask != 0 || !list.dynamic.isEmpty()) throw s.syntax();
            List<UserHost> users = users(s);
            s.expectEnd();
            session.access().requireAny("CREATE USER");
            session.access().checkReadOnly(StatementKind.ACCOUNT_MANAGEMENT);
            if (session.inTransaction()) session.commit();
            requireExisting(users, "REVOKE");
            AccountStatements.transaction(instance, c -> {
                for (UserHost u : users) {
                    setColumns(c, "\"user\"", "", u, null, Privilege.ALL_GLOBAL | Privilege.GRANT_OPTION.bit, "N");
                    for (String table : new String[] {"db", "tables_priv", "global_grants"}) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "DELETE FROM mysql." + table + " WHERE \"user\" = ? AND host = ?")) {
                            ps.setString(1, u.user());
                            ps.setString(2, u.host());
                            ps.executeUpdate();
                        }
                    }
                }
            });
            exec.ok(0, more);
            return;
        }
        s.expect("ON");
        Level level = s.level(session);
        s.expect("FROM");
        List<UserHost> users = users(s);
        if (s.accept("IGNORE")) {
            s.expect("UNKNOWN");
            s.expect("USER");
        }
        s.expectEnd();
        long mask = maskAt(list, level) | (list.grantOption ? Privilege.GRANT_OPTION.bit : 0);
        checkGrantor(level, mask & ~Privilege.GRANT_OPTION.bit, list.dynamic, list.all && level.global(), "REVOKE");
        session.access().checkReadOnly(StatementKind.ACCOUNT_MANAGEMENT);
        if (session.inTransaction()) session.commit();
        requireExisting(users, "REVOKE");
        Set<String> dynamic = list.all && level.global() ? DynamicPrivileges.ALL : list.dynamic;
        boolean quiet = ifExists;
        List<MysqlException> notes = new ArrayList<>();
        AccountStatements.transaction(instance, c -> {
            for (UserHost u : users) {
                if (level.global()) {
                    setColumns(c, "\"user\"", "", u, null, mask, "N");
                    for (String d : dynamic) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "DELETE FROM mysql.global_grants WHERE \"user\" = ? AND host = ? AND priv = ?")) {
                            ps.setString(1, u.user());
                            ps.setString(2, u.host());
                            ps.setString(3, d);
                            ps.executeUpdate();
                        }
                    }
                    if (list.grantOption) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE mysql.global_grants SET with_grant_option = 'N'"
                                + " WHERE \"user\" = ? AND host = ?")) {
                            ps.setString(1, u.user());
                            ps.setString(2, u.host());
                            ps.executeUpdate();
                        }
                    }
                } else if (level.database()) {
                    if (!AccountStatements.exists(c, "SELECT 1 FROM mysql.db WHERE \"user\" = ? AND host = ? AND db = ?",
                            u.user(), u.host(), level.db())) {
                        MysqlException e = ErrorCode.ER_NONEXISTING_GRANT.exception(u.user(), u.host());
                        if (!quiet) throw e;
                        notes.add(e);
                        continue;
                    }
                    setColumns(c, "db", " AND db = ?", u, level.db(), mask, "N");
                    StringBuilder none = new StringBuilder();
                    for (Privilege p : Privilege.values()) {
                        if (p.level != Privilege.Level.GLOBAL) none.append(" AND ").append(p.column).append(" = 'N'");
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM mysql.db WHERE \"user\" = ? AND host = ?"
                            + " AND db = ?" + none)) {
                        ps.setString(1, u.user());
                        ps.setString(2, u.host());
                        ps.setString(3, level.db());
                        ps.executeUpdate();
                    }
                } else {
                    long existing = tableGrant(c, u, level);
                    if (existing < 0) {
                        MysqlException e = ErrorCode.ER_NONEXISTING_TABLE_GRANT.exception(u.user(), u.host(), level.table());
                        if (!quiet) throw e;
                        notes.add(e);
                        continue;
                    }
                    long left = existing & ~mask;
                    if (left == 0) {
                        try (PreparedStatement ps = c.prepareStatement("DELETE FROM mysql.tables_priv WHERE \"user\" = ?"
                                + " AND host = ? AND db = ? AND table_name = ?")) {
                            ps.setString(1, u.user());
                            ps.setString(2, u.host());
                            ps.setString(3, level.db());
                            ps.setString(4, level.table());
                            ps.executeUpdate();
                        }
                    } else {
                        writeTableGrant(c, u, level, left, session.currentUser());
                    }
                }
            }
        });
        for (MysqlException e : notes) session.addWarning("Warning", e.code(), e.getMessage());
        exec.ok(0, more);
    }

    private List<UserHost> users(AccountSyntax s) throws MysqlException {
        List<UserHost> users = new ArrayList<>();
        do {
            users.add(s.user(session));
        } while (s.acceptSymbol(","));
        return users;
    }

    private void requireExisting(List<UserHost> users, String op) throws MysqlException {
        for (UserHost u : users) {
            if (AccountStatements.find(instance, u) == null) throw ErrorCode.ER_NONEXISTING_GRANT.exception(u.user(), u.host());
        }
    }

    // ---- SHOW GRANTS [FOR user [USING role, ...]]

    void showGrants(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("SHOW");
        s.expect("GRANTS");
        Account self = session.account();
        UserHost u = new UserHost(self.user(), self.host());
        if (s.accept("FOR")) {
            u = s.user(session);
            if (s.accept("USING")) {
                do {
                    s.user(session);
                } while (s.acceptSymbol(","));
            }
        }
        s.expectEnd();
        boolean isSelf = u.user().equals(self.user()) && u.host().equalsIgnoreCase(self.host());
        if (!isSelf && (session.privileges().dbMask("mysql") & Privilege.SELECT.bit) == 0) {
            throw session.access().dbDenied("mysql");
        }
        Account a = AccountStatements.find(instance, u);
        if (a == null) throw ErrorCode.ER_NONEXISTING_GRANT.exception(u.user(), u.host());
        List<Object[]> rows = new ArrayList<>();
        for (String line : grantLines(instance.accounts().acl().privilegesOf(a), new UserHost(a.user(), a.host()))) {
            rows.add(new Object[] {line});
        }
        exec.writeRows(List.of(ResultColumn.text("Grants for " + a.user() + "@" + a.host())), rows, more);
    }

    /** SHOW GRANTS lines, in MySQL 8.4's form: global static privileges are listed one by one. */
    static List<String> grantLines(AccountPrivileges p, UserHost u) {
        List<String> out = new ArrayList<>();
        String to = " TO " + u.backquoted();
        long global = p.global();
        String grant = (global & Privilege.GRANT_OPTION.bit) != 0 ? " WITH GRANT OPTION" : "";
        long staticGlobal = global & ~Privilege.GRANT_OPTION.bit;
        out.add("GRANT " + (staticGlobal == 0 ? "USAGE" : Privilege.list(staticGlobal)) + " ON *.*" + to + grant);
        Set<String> plain = new LinkedHashSet<>();
        Set<String> grantable = new LinkedHashSet<>();
        for (Map.Entry<String, Boolean> e : new java.util.TreeMap<>(p.dynamicPrivileges()).entrySet()) {
            (e.getValue() ? grantable : plain).add(e.getKey());
        }
        if (!grantable.isEmpty()) out.add("GRANT " + String.join(",", grantable) + " ON *.*" + to + " WITH GRANT OPTION");
        if (!plain.isEmpty()) out.add("GRANT " + String.join(",", plain) + " ON *.*" + to);
        for (AccountPrivileges.DbGrant g : p.dbGrants()) {
            long m = g.mask() & ~Privilege.GRANT_OPTION.bit;
            String option = (g.mask() & Privilege.GRANT_OPTION.bit) != 0 ? " WITH GRANT OPTION" : "";
            String what = m == Privilege.ALL_DB ? "ALL PRIVILEGES" : m == 0 ? "USAGE" : Privilege.list(m);
            out.add("GRANT " + what + " ON " + quote(g.db()) + ".*" + to + option);
        }
        for (Map.Entry<String, Map<String, Long>> db : p.tableGrants().entrySet()) {
            for (Map.Entry<String, Long> t : db.getValue().entrySet()) {
                long m = t.getValue() & ~Privilege.GRANT_OPTION.bit;
                String option = (t.getValue() & Privilege.GRANT_OPTION.bit) != 0 ? " WITH GRANT OPTION" : "";
                String what = m == Privilege.ALL_TABLE ? "ALL PRIVILEGES" : m == 0 ? "USAGE" : Privilege.list(m);
                out.add("GRANT " + what + " ON " + quote(db.getKey()) + "." + quote(t.getKey()) + to + option);
            }
        }
        return out;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
