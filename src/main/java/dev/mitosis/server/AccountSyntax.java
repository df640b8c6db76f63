package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.SqlSyntaxException;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.util.List;
import java.util.Locale;

/**
 * A cursor over the tokens of one account or plugin statement, with the pieces their grammars
 * share: account names ({@code 'u'@'h'}, {@code u@h}, {@code u}, {@code CURRENT_USER()}),
 * authentication options and privilege levels.
 */
final class AccountSyntax {
    /** 'user'@'host'; host is lower-cased as MySQL stores it. */
    record UserHost(String user, String host) {
        String quoted() {
            return "'" + user + "'@'" + host + "'";
        }

        String backquoted() {
            return "`" + user.replace("`", "``") + "`@`" + host.replace("`", "``") + "`";
        }
    }

    /** IDENTIFIED [WITH plugin] [BY 'password' | AS 'hash']; null fields when absent. */
    record Auth(String plugin, String password, String hash) {}

    /** ON *.* (db and table null), ON db.* (table null), ON db.table. */
    record Level(String db, String table) {
        boolean global() { return db == null; }
        boolean database() { return db != null && table == null; }
    }

    private final String sql;
    private final Token[] t;
    private final int n;
    int i;

    AccountSyntax(String sql) throws MysqlException {
        this.sql = sql;
        List<Token> tokens;
        try {
            tokens = Lexer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            throw e.toMysqlException();
        }
        int size = tokens.size() - 1;
        if (size > 0 && tokens.get(size - 1).isSymbol(";")) size--;
        this.t = tokens.toArray(new Token[0]);
        this.n = size;
    }

    Token peek() {
        return i < n ? t[i] : t[t.length - 1];
    }

    Token peek(int ahead) {
        return i + ahead < n ? t[i + ahead] : t[t.length - 1];
    }

    Token next() {
        Token tok = peek();
        if (i < n) i++;
        return tok;
    }

    boolean atEnd() {
        return i >= n;
    }

    boolean accept(String keyword) {
        if (peek().is(keyword)) {
            i++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            i++;
            return true;
        }
        return false;
    }

    void expect(String keyword) throws MysqlException {
        if (!accept(keyword)) throw syntax();
    }

    void expectSymbol(String symbol) throws MysqlException {
        if (!acceptSymbol(symbol)) throw syntax();
    }

    void expectEnd() throws MysqlException {
        if (!atEnd()) throw syntax();
    }

    /** 1064 near the current token, as MySQL words it. */
    MysqlException syntax() {
        String near = i < n ? sql.substring(t[i].start).strip() : "";
        if (near.endsWith(";")) near = near.substring(0, near.length() - 1);
        if (near.length() > 80) near = near.substring(0, 80);
        return ErrorCode.ER_PARSE_ERROR.exception(near, 1);
    }

    String string() throws MysqlException {
        Token tok = next();
        if (tok.type != TokenType.STRING) {
            i--;
            throw syntax();
        }
        return tok.text;
    }

    /** A name: identifier, quoted identifier or string. */
    String name() throws MysqlException {
        Token tok = next();
        if (tok.type == TokenType.IDENTIFIER || tok.type == TokenType.QUOTED_IDENTIFIER || tok.type == TokenType.STRING) {
            return tok.text;
        }
        i--;
        throw syntax();
    }

    /** An account name; CURRENT_USER and USER() are the session's own account. */
    UserHost user(Session session) throws MysqlException {
        if (peek().is("CURRENT_USER") || (peek().is("USER") && peek(1).isSymbol("("))) {
            next();
            if (acceptSymbol("(")) expectSymbol(")");
            Account a = session.account();
            return new UserHost(a.user(), a.host());
        }
        Token u = next();
        if (u.type != TokenType.IDENTIFIER && u.type != TokenType.QUOTED_IDENTIFIER && u.type != TokenType.STRING) {
            i--;
            throw syntax();
        }
        String host = "%";
        if (peek().type == TokenType.USER_VARIABLE) {
            host = next().text;
        }
        return new UserHost(u.text, host.toLowerCase(Locale.ROOT));
    }

    /** IDENTIFIED ... after an account name, or null. */
    Auth auth() throws MysqlException {
        if (!accept("IDENTIFIED")) return null;
        String plugin = null;
        if (accept("WITH")) {
            plugin = name().toLowerCase(Locale.ROOT);
            if (accept("BY")) {
                if (peek().is("RANDOM")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("RANDOM PASSWORD");
                return new Auth(plugin, string(), null);
            }
            if (accept("AS")) return new Auth(plugin, null, string());
            return new Auth(plugin, null, null);
        }
        expect("BY");
        if (peek().is("RANDOM")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("RANDOM PASSWORD");
        if (peek().is("PASSWORD")) throw syntax();
        return new Auth(null, string(), null);
    }

    /** ON [TABLE] *.* | * | db.* | db.table | table */
    Level level(Session session) throws MysqlException {
        accept("TABLE");
        if (acceptSymbol("*")) {
            if (acceptSymbol(".")) {
                expectSymbol("*");
                return new Level(null, null);
            }
            return session.database() == null ? new Level(null, null) : new Level(session.database(), null);
        }
        String first = identifier();
        if (acceptSymbol(".")) {
            if (acceptSymbol("*")) return new Level(first, null);
            return new Level(first, identifier());
        }
        if (session.database() == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        return new Level(session.database(), first);
    }

    private String identifier() throws MysqlException {
        Token tok = next();
        if (tok.type == TokenType.IDENTIFIER || tok.type == TokenType.QUOTED_IDENTIFIER) return tok.text;
        i--;
        throw syntax();
    }

    /** Skips account options that Mitosis accepts without effect (password policy, limits, comments). */
    boolean ignorableOption() throws MysqlException {
        if (accept("PASSWORD")) {
            if (accept("EXPIRE")) {
                if (accept("INTERVAL")) {
                    next();
                    expect("DAY");
                } else if (!accept("DEFAULT")) {
                    accept("NEVER");
                }
                return true;
            }
            if (accept("HISTORY")) {
                next();
                return true;
            }
            if (accept("REUSE")) {
                expect("INTERVAL");
                if (!accept("DEFAULT")) {
                    next();
                    expect("DAY");
                }
                return true;
            }
            if (accept("REQUIRE")) {
                expect("CURRENT");
                if (!accept("DEFAULT")) accept("OPTIONAL");
                return true;
            }
            throw syntax();
        }
        if (accept("FAILED_LOGIN_ATTEMPTS") || accept("PASSWORD_LOCK_TIME")) {
            next();
            return true;
        }
        if (accept("WITH")) {
            boolean any = false;
            while (peek().is("MAX_QUERIES_PER_HOUR") || peek().is("MAX_UPDATES_PER_HOUR")
                    || peek().is("MAX_CONNECTIONS_PER_HOUR") || peek().is("MAX_USER_CONNECTIONS")) {
                next();
                next();
                any = true;
            }
            if (!any) throw syntax();
            return true;
        }
        if (accept("COMMENT") || accept("ATTRIBUTE")) {
            string();
            return true;
        }
        return false;
    }
}
