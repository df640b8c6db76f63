package dev.mitosis.server;

import dev.mitosis.protocol.CachingSha2Password;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.NativePassword;
import dev.mitosis.server.AccountSyntax.Auth;
import dev.mitosis.server.AccountSyntax.UserHost;
import dev.mitosis.sql.StatementKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE USER, ALTER USER, DROP USER, RENAME USER, SET PASSWORD, SHOW CREATE USER and
 * FLUSH PRIVILEGES. Each statement is atomic, as in MySQL 8: every named account is checked
 * first, and the grant tables change in one engine transaction; then the in-memory ACL is
 * rebuilt. Passwords are hashed before anything is stored and never logged.
 */
final class AccountStatements {
    static final String DEFAULT_PLUGIN = CachingSha2Password.PLUGIN;

    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    AccountStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    interface Work {
        void run(Connection c) throws SQLException, MysqlException;
    }

    /** Runs grant-table changes in one transaction of the system connection, then reloads the ACL. */
    static void transaction(Instance instance, Work work) throws SQLException, MysqlException {
        Connection c = instance.engine().system();
        synchronized (c) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | MysqlException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        instance.accounts().reload();
    }

    private void begin() throws SQLException, MysqlException {
        session.access().checkReadOnly(StatementKind.ACCOUNT_MANAGEMENT);
        if (session.inTransaction()) session.commit();
    }

    private void requireCreateUser() throws MysqlException {
        session.access().requireAny("CREATE USER");
    }

    // ---- CREATE USER

    void createUser(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("CREATE");
        s.expect("USER");
        boolean ifNotExists = false;
        if (s.accept("IF")) {
            s.expect("NOT");
            s.expect("EXISTS");
            ifNotExists = true;
        }
        List<UserHost> users = new ArrayList<>();
        List<Auth> auths = new ArrayList<>();
        do {
            users.add(s.user(session));
            auths.add(s.auth());
        } while (s.acceptSymbol(","));
        AccountOptions opts = options(s);
        s.expectEnd();
        requireCreateUser();
        begin();
        List<String[]> rows = new ArrayList<>();
        for (int k = 0; k < users.size(); k++) rows.add(secret(auths.get(k), null));
        Acl acl = instance.accounts().acl();
        List<String> failed = new ArrayList<>();
        for (UserHost u : users) {
            if (acl.find(u.user(), u.host()) != null) failed.add(u.quoted());
        }
        if (!failed.isEmpty() && !ifNotExists) {
            throw ErrorCode.ER_CANNOT_USER.exception("CREATE USER", String.join(",", failed));
        }
        transaction(instance, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mysql.\"user\" (\"user\", host, plugin,"
                    + " authentication_string, account_locked, ssl_type) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int k = 0; k < users.size(); k++) {
                    UserHost u = users.get(k);
                    if (failed.contains(u.quoted())) continue;
                    ps.setString(1, u.user());
                    ps.setString(2, u.host());
                    ps.setString(3, rows.get(k)[0]);
                    ps.setString(4, rows.get(k)[1]);
                    ps.setString(5, Boolean.TRUE.equals(opts.lock()) ? "Y" : "N");
                    ps.setString(6, opts.sslType() == null ? "" : opts.sslType());
                    ps.executeUpdate();
                }
            }
        });
        for (String f : failed) {
            session.addWarning("Note", ErrorCode.ER_USER_ALREADY_EXISTS.code(), ErrorCode.ER_USER_ALREADY_EXISTS.format(f));
        }
        exec.ok(0, more);
    }

    /** ACCOUNT LOCK/UNLOCK and REQUIRE NONE/SSL as given; null where the statement leaves them as they are. */
    private record AccountOptions(Boolean lock, String sslType) {}

    /** Account options after the names: ACCOUNT LOCK/UNLOCK, REQUIRE, and accepted no-ops. */
    private static AccountOptions options(AccountSyntax s) throws MysqlException {
        Boolean lock = null;
        String sslType = null;
        while (!s.atEnd()) {
            if (s.accept("REQUIRE")) {
                if (s.accept("NONE")) sslType = "";
                else if (s.accept("SSL")) sslType = "ANY";
                else if (s.peek().is("X509") || s.peek().is("SUBJECT") || s.peek().is("ISSUER") || s.peek().is("CIPHER")) {
                    // Client certificates are not requested, so no account could log in.
                    throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("REQUIRE X509/SUBJECT/ISSUER/CIPHER (client certificates)");
                } else throw s.syntax();
            } else if (s.accept("ACCOUNT")) {
                if (s.accept("LOCK")) lock = true;
                else if (s.accept("UNLOCK")) lock = false;
                else throw s.syntax();
            } else if (s.peek().is("DEFAULT") && s.peek(1).is("ROLE")) {
                throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("roles");
            } else if (!s.ignorableOption()) {
                throw s.syntax();
            }
        }
        return new AccountOptions(lock, sslType);
    }

    /**
     * {plugin, authentication_string} for an IDENTIFIED clause; for null, the account's current
     * plugin (or the default) with an empty password.
     */
    private static String[] secret(Auth auth, Account current) throws MysqlException {
        String plugin = auth != null && auth.plugin() != null ? auth.plugin()
                : current != null ? current.plugin() : DEFAULT_PLUGIN;
        if (!plugin.equals(CachingSha2Password.PLUGIN) && !plugin.equals(NativePassword.PLUGIN)) {
            throw ErrorCode.ER_PLUGIN_IS_NOT_LOADED.exception(plugin);
        }
        if (auth == null) return new String[] {plugin, current != null ? current.authenticationString() : ""};
        if (auth.hash() != null) {
            boolean ok = plugin.equals(NativePassword.PLUGIN)
                    ? auth.hash().isEmpty() || auth.hash().matches("\\*[0-9A-Fa-f]{40}")
                    : Sha2Hash.isValid(auth.hash());
            if (!ok) throw ErrorCode.ER_PASSWORD_FORMAT.exception();
            return new String[] {plugin, auth.hash()};
        }
        String password = auth.password() == null ? "" : auth.password();
        if (auth.password() == null && auth.plugin() != null && current != null && current.plugin().equals(plugin)) {
            return new String[] {plugin, current.authenticationString()};
        }
        return new String[] {plugin, hash(plugin, password)};
    }

    static String hash(String plugin, String password) {
        return plugin.equals(NativePassword.PLUGIN)
                ? NativePassword.authenticationString(NativePassword.hash(password))
                : Sha2Hash.authenticationString(password);
    }

    // ---- ALTER USER

    void alterUser(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("ALTER");
        s.expect("USER");
        boolean ifExists = false;
        if (s.accept("IF")) {
            s.expect("EXISTS");
            ifExists = true;
        }
        List<UserHost> users = new ArrayList<>();
        List<Auth> auths = new ArrayList<>();
        do {
            users.add(s.user(session));
            auths.add(s.auth());
            if (s.accept("REPLACE")) s.string();
            if (s.accept("RETAIN")) {
                s.expect("CURRENT");
                s.expect("PASSWORD");
            }
            if (s.accept("DISCARD")) {
                s.expect("OLD");
                s.expect("PASSWORD");
            }
        } while (s.acceptSymbol(","));
        AccountOptions opts = options(s);
        Boolean lock = opts.lock();
        s.expectEnd();
        Account self = session.account();
        boolean onlySelf = users.size() == 1 && self != null && users.get(0).user().equals(self.user())
                && users.get(0).host().equalsIgnoreCase(self.host()) && lock == null && opts.sslType() == null;
        if (!onlySelf) requireCreateUser();
        begin();
        Acl acl = instance.accounts().acl();
        List<String> failed = new ArrayList<>();
        List<Account> found = new ArrayList<>();
        for (UserHost u : users) {
            Account a = acl.find(u.user(), u.host());
            if (a == null) failed.add(u.quoted());
            found.add(a);
        }
        if (!failed.isEmpty() && !ifExists) throw ErrorCode.ER_CANNOT_USER.exception("ALTER USER", String.join(",", failed));
        List<String[]> secrets = new ArrayList<>();
        for (int k = 0; k < users.size(); k++) {
            secrets.add(found.get(k) == null ? null : secret(auths.get(k), found.get(k)));
        }
        transaction(instance, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mysql.\"user\" SET plugin = ?,"
                    + " authentication_string = ?, account_locked = COALESCE(?, account_locked),"
                    + " ssl_type = COALESCE(?, ssl_type) WHERE \"user\" = ? AND host = ?")) {
                for (int k = 0; k < users.size(); k++) {
                    Account a = found.get(k);
                    if (a == null) continue;
                    ps.setString(1, secrets.get(k)[0]);
                    ps.setString(2, secrets.get(k)[1]);
                    ps.setString(3, lock == null ? null : lock ? "Y" : "N");
                    ps.setString(4, opts.sslType());
                    ps.setString(5, a.user());
                    ps.setString(6, a.host());
                    ps.executeUpdate();
                }
            }
        });
        for (Account a : found) if (a != null) instance.accounts().forget(a);
        for (String f : failed) {
            session.addWarning("Note", ErrorCode.ER_USER_DOES_NOT_EXIST.code(), ErrorCode.ER_USER_DOES_NOT_EXIST.format(f));
        }
        exec.ok(0, more);
    }

    // ---- SET PASSWORD [FOR user] = 'pw'

    void setPassword(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("SET");
        s.expect("PASSWORD");
        UserHost target;
        Account self = session.account();
        if (s.accept("FOR")) {
            target = s.user(session);
        } else {
            target = new UserHost(self.user(), self.host());
        }
        if (!s.acceptSymbol("=")) s.expect("TO");
        if (s.peek().is("RANDOM")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("RANDOM PASSWORD");
        String password = s.string();
        if (s.accept("REPLACE")) s.string();
        if (s.accept("RETAIN")) {
            s.expect("CURRENT");
            s.expect("PASSWORD");
        }
        s.expectEnd();
        boolean isSelf = target.user().equals(self.user()) && target.host().equalsIgnoreCase(self.host());
        if (!isSelf) requireCreateUser();
        begin();
        Account a = instance.accounts().acl().find(target.user(), target.host());
        if (a == null) throw ErrorCode.ER_PASSWORD_NO_MATCH.exception();
        String auth = hash(a.plugin(), password);
        transaction(instance, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mysql.\"user\" SET authentication_string = ? WHERE \"user\" = ? AND host = ?")) {
                ps.setString(1, auth);
                ps.setString(2, a.user());
                ps.setString(3, a.host());
                ps.executeUpdate();
            }
        });
        instance.accounts().forget(a);
        exec.ok(0, more);
    }

    // ---- DROP USER

    void dropUser(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("DROP");
        s.expect("USER");
        boolean ifExists = false;
        if (s.accept("IF")) {
            s.expect("EXISTS");
            ifExists = true;
        }
        List<UserHost> users = new ArrayList<>();
        do {
            users.add(s.user(session));
        } while (s.acceptSymbol(","));
        s.expectEnd();
        requireCreateUser();
        begin();
        Acl acl = instance.accounts().acl();
        List<String> failed = new ArrayList<>();
        List<Account> found = new ArrayList<>();
        for (UserHost u : users) {
            Account a = acl.find(u.user(), u.host());
            if (a == null) failed.add(u.quoted());
            else found.add(a);
        }
        if (!failed.isEmpty() && !ifExists) throw ErrorCode.ER_CANNOT_USER.exception("DROP USER", String.join(",", failed));
        transaction(instance, c -> {
            for (Account a : found) deleteAccount(c, a.user(), a.host());
        });
        for (Account a : found) instance.accounts().forget(a);
        for (String f : failed) {
            session.addWarning("Note", ErrorCode.ER_USER_DOES_NOT_EXIST.code(), ErrorCode.ER_USER_DOES_NOT_EXIST.format(f));
        }
        exec.ok(0, more);
    }

    static void deleteAccount(Connection c, String user, String host) throws SQLException {
        for (String table : new String[] {"\"user\"", "db", "tables_priv", "global_grants"}) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mysql." + table + " WHERE \"user\" = ? AND host = ?")) {
                ps.setString(1, user);
                ps.setString(2, host);
                ps.executeUpdate();
            }
        }
    }

    // ---- RENAME USER a TO b, ...

    void renameUser(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("RENAME");
        s.expect("USER");
        List<UserHost[]> pairs = new ArrayList<>();
        do {
            UserHost from = s.user(session);
            s.expect("TO");
            pairs.add(new UserHost[] {from, s.user(session)});
        } while (s.acceptSymbol(","));
        s.expectEnd();
        requireCreateUser();
        begin();
        Acl acl = instance.accounts().acl();
        List<String> failed = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Account a : acl.accounts()) names.add(Acl.key(a.user(), a.host()));
        for (UserHost[] p : pairs) {
            String from = Acl.key(p[0].user(), p[0].host());
            String to = Acl.key(p[1].user(), p[1].host());
            if (!names.contains(from) || names.contains(to)) {
                failed.add(p[0].quoted());
                continue;
            }
            names.remove(from);
            names.add(to);
        }
        if (!failed.isEmpty()) throw ErrorCode.ER_CANNOT_USER.exception("RENAME USER", String.join(",", failed));
        transaction(instance, c -> {
            for (UserHost[] p : pairs) {
                for (String table : new String[] {"\"user\"", "db", "tables_priv", "global_grants"}) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE mysql." + table
                            + " SET \"user\" = ?, host = ? WHERE \"user\" = ? AND host = ?")) {
                        ps.setString(1, p[1].user());
                        ps.setString(2, p[1].host());
                        ps.setString(3, p[0].user());
                        ps.setString(4, p[0].host());
                        ps.executeUpdate();
                    }
                }
            }
        });
        instance.accounts().forgetAll();
        exec.ok(0, more);
    }

    // ---- SHOW CREATE USER

    void showCreateUser(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("SHOW");
        s.expect("CREATE");
        s.expect("USER");
        UserHost u = s.user(session);
        s.expectEnd();
        Account self = session.account();
        boolean isSelf = u.user().equals(self.user()) && u.host().equalsIgnoreCase(self.host());
        if (!isSelf && (session.privileges().dbMask("mysql") & Privilege.SELECT.bit) == 0) {
            session.access().requireTable("mysql", "user", Privilege.SELECT, "SELECT");
        }
        Account a = instance.accounts().acl().find(u.user(), u.host());
        if (a == null) throw ErrorCode.ER_CANNOT_USER.exception("SHOW CREATE USER", u.quoted());
        String text = "CREATE USER " + u.backquoted() + " IDENTIFIED WITH '" + a.plugin() + "'"
                + (a.hasPassword() ? " AS '" + a.authenticationString().replace("'", "''") + "'" : "")
                + (a.requiresTls() ? " REQUIRE SSL" : " REQUIRE NONE") + " PASSWORD EXPIRE DEFAULT ACCOUNT " + (a.locked() ? "LOCK" : "UNLOCK")
                + " PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT";
        exec.writeRows(List.of(ResultColumn.text("CREATE USER for " + u.user() + "@" + u.host())),
                List.<Object[]>of(new Object[] {text}), more);
    }

    // ---- FLUSH PRIVILEGES

    void flushPrivileges() throws SQLException {
        instance.accounts().reload();
        instance.accounts().forgetAll();
    }

    /** Whether an account exists (for GRANT and SHOW GRANTS). */
    static Account find(Instance instance, UserHost u) {
        return instance.accounts().acl().find(u.user(), u.host());
    }

    static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int k = 0; k < args.length; k++) ps.setString(k + 1, args[k]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
