package dev.mitosis.replication;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the replica-side statements: CHANGE REPLICATION SOURCE TO (and CHANGE MASTER TO, CHANGE
 * SOURCE TO), START / STOP / RESET REPLICA (and SLAVE), SHOW REPLICA STATUS.
 */
public final class ReplicationStatements {
    private ReplicationStatements() {}

    /** CHANGE REPLICATION SOURCE TO ...: the options given, in canonical form. */
    public record ChangeSource(Map<SourceOption, String> options, String channel, boolean legacy) {}

    public enum UntilKind { NONE, SQL_BEFORE_GTIDS, SQL_AFTER_GTIDS, SOURCE_LOG, RELAY_LOG, SQL_AFTER_MTS_GAPS }

    public record Until(UntilKind kind, String gtids, String file, long pos) {
        static final Until NONE = new Until(UntilKind.NONE, null, null, 0);
    }

    /** START REPLICA: which threads (both when neither is named), UNTIL, one-run credentials. */
    public record StartReplica(boolean io, boolean sql, Until until, String user, String password, String channel) {}

    public record StopReplica(boolean io, boolean sql, String channel) {}

    public record ResetReplica(boolean all, String channel) {}

    /** Token cursor with MySQL-style syntax errors. */
    private static final class Cursor {
        final String sql;
        final List<Token> tokens;
        int i;

        Cursor(String sql) {
            this.sql = sql;
            this.tokens = Lexer.tokenize(sql);
        }

        Token peek() {
            return tokens.get(i);
        }

        Token next() {
            return tokens.get(i++);
        }

        boolean accept(String keyword) {
            if (peek().is(keyword)) {
                i++;
                return true;
            }
            return false;
        }

        boolean acceptSymbol(String s) {
            if (peek().isSymbol(s)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(String keyword) throws MysqlException {
            if (!accept(keyword)) throw error();
        }

        void expectSymbol(String s) throws MysqlException {
            if (!acceptSymbol(s)) throw error();
        }

        boolean atEnd() {
            return peek().type == TokenType.EOF || peek().isSymbol(";");
        }

        MysqlException error() {
            Token t = peek();
            String near = t.type == TokenType.EOF ? "" : sql.substring(t.start);
            if (near.length() > 80) near = near.substring(0, 80);
            int line = 1;
            for (int k = 0; k < Math.min(t.start, sql.length()); k++) if (sql.charAt(k) == '\n') line++;
            return ErrorCode.ER_PARSE_ERROR.exception(near, line);
        }

        String string() throws MysqlException {
            Token t = next();
            if (t.type != TokenType.STRING) {
                i--;
                throw error();
            }
            return t.text;
        }

        String channelClause() throws MysqlException {
            if (!accept("FOR")) return null;
            expect("CHANNEL");
            String name = string();
            if (name.length() > 64) throw ErrorCode.ER_REPLICA_CHANNEL_NAME_INVALID_OR_TOO_LONG.exception();
            return name.toLowerCase(Locale.ROOT);
        }
    }

    public static ChangeSource parseChangeSource(String sql) throws MysqlException {
        Cursor c = new Cursor(sql);
        c.expect("CHANGE");
        boolean legacy = false;
        if (c.accept("REPLICATION")) {
            c.expect("SOURCE");
        } else if (c.accept("MASTER")) {
            legacy = true;
        } else {
            c.expect("SOURCE");
        }
        c.expect("TO");
        Map<SourceOption, String> options = new EnumMap<>(SourceOption.class);
        do {
            Token nameToken = c.next();
            SourceOption o = nameToken.isName() ? SourceOption.byName(nameToken.text) : null;
            if (o == null) {
                c.i--;
                throw c.error();
            }
            c.expectSymbol("=");
            options.put(o, value(c, o));
        } while (c.acceptSymbol(","));
        String channel = c.channelClause();
        if (!c.atEnd()) throw c.error();
        return new ChangeSource(options, channel, legacy);
    }

    private static String value(Cursor c, SourceOption o) throws MysqlException {
        Token t = c.next();
        switch (o.type) {
            case STRING:
                if (t.type == TokenType.STRING) {
                    if (o == SourceOption.PRIVILEGE_CHECKS_USER && c.peek().type == TokenType.USER_VARIABLE) {
                        // 'user'@'host' lexes as a string then an @-token.
                        return t.text + "@" + c.next().text;
                    }
                    return t.text;
                }
                if (o == SourceOption.PRIVILEGE_CHECKS_USER && t.is("NULL")) return "";
                break;
            case INT:
                if (t.type == TokenType.INTEGER) return new BigDecimal(t.text).toBigInteger().toString();
                break;
            case DECIMAL:
                if (t.type == TokenType.INTEGER || t.type == TokenType.DECIMAL || t.type == TokenType.FLOAT) {
                    return new BigDecimal(t.text).setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
                }
                break;
            case BOOL:
                if (t.type == TokenType.INTEGER && (t.text.equals("0") || t.text.equals("1"))) return t.text;
                break;
            case WORD:
                if (t.isName() || t.type == TokenType.STRING) return t.text.toUpperCase(Locale.ROOT);
                break;
            case LIST: {
                if (!t.isSymbol("(")) break;
                // MySQL keeps the list sorted and without duplicates (Replicate_Ignore_Server_Ids).
                java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
                if (!c.acceptSymbol(")")) {
                    do {
                        Token id = c.next();
                        if (id.type != TokenType.INTEGER) {
                            c.i--;
                            throw c.error();
                        }
                        ids.add(Long.parseLong(id.text));
                    } while (c.acceptSymbol(","));
                    c.expectSymbol(")");
                }
                return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
            }
            default:
                break;
        }
        c.i--;
        throw c.error();
    }

    public static StartReplica parseStart(String sql) throws MysqlException {
        Cursor c = new Cursor(sql);
        c.expect("START");
        replicaWord(c);
        boolean[] threads = threads(c);
        Until until = Until.NONE;
        String user = null;
        String password = null;
        if (c.accept("UNTIL")) until = until(c);
        while (!c.atEnd() && !c.peek().is("FOR")) {
            Token t = c.next();
            if (t.is("USER")) {
                c.expectSymbol("=");
                user = c.string();
            } else if (t.is("PASSWORD")) {
                c.expectSymbol("=");
                password = c.string();
            } else if (t.is("DEFAULT_AUTH") || t.is("PLUGIN_DIR")) {
                c.expectSymbol("=");
                c.string();
            } else {
                c.i--;
                throw c.error();
            }
        }
        String channel = c.channelClause();
        if (!c.atEnd()) throw c.error();
        return new StartReplica(threads[0], threads[1], until, user, password, channel);
    }

    private static Until until(Cursor c) throws MysqlException {
        Token t = c.next();
        String n = t.text.toUpperCase(Locale.ROOT);
        switch (n) {
            case "SQL_BEFORE_GTIDS", "SQL_AFTER_GTIDS" -> {
                c.expectSymbol("=");
                return new Until(UntilKind.valueOf(n), c.string(), null, 0);
            }
            case "SQL_AFTER_MTS_GAPS" -> {
                return new Until(UntilKind.SQL_AFTER_MTS_GAPS, null, null, 0);
            }
            case "SOURCE_LOG_FILE", "MASTER_LOG_FILE", "RELAY_LOG_FILE" -> {
                c.expectSymbol("=");
                String file = c.string();
                c.expectSymbol(",");
                Token pos = c.next();
                if (!pos.text.toUpperCase(Locale.ROOT).endsWith("_LOG_POS")) {
                    c.i--;
                    throw c.error();
                }
                c.expectSymbol("=");
                Token v = c.next();
                if (v.type != TokenType.INTEGER) {
                    c.i--;
                    throw c.error();
                }
                return new Until(n.startsWith("RELAY") ? UntilKind.RELAY_LOG : UntilKind.SOURCE_LOG, null, file,
                        Long.parseLong(v.text));
            }
            default -> {
                c.i--;
                throw c.error();
            }
        }
    }

    public static StopReplica parseStop(String sql) throws MysqlException {
        Cursor c = new Cursor(sql);
        c.expect("STOP");
        replicaWord(c);
        boolean[] threads = threads(c);
        String channel = c.channelClause();
        if (!c.atEnd()) throw c.error();
        return new StopReplica(threads[0], threads[1], channel);
    }

    public static ResetReplica parseReset(String sql) throws MysqlException {
        Cursor c = new Cursor(sql);
        c.expect("RESET");
        replicaWord(c);
        boolean all = c.accept("ALL");
        String channel = c.channelClause();
        if (!c.atEnd()) throw c.error();
        return new ResetReplica(all, channel);
    }

    /** SHOW REPLICA|SLAVE STATUS [FOR CHANNEL 'c']: the channel, or null for all. */
    public static String parseShowStatusChannel(String sql) throws MysqlException {
        Cursor c = new Cursor(sql);
        c.expect("SHOW");
        replicaWord(c);
        c.expect("STATUS");
        String channel = c.channelClause();
        if (!c.atEnd()) throw c.error();
        return channel;
    }

    private static void replicaWord(Cursor c) throws MysqlException {
        if (!c.accept("REPLICA") && !c.accept("SLAVE")) throw c.error();
    }

    /** [IO_THREAD] [, SQL_THREAD]: {io, sql}; both when none is named. */
    private static boolean[] threads(Cursor c) throws MysqlException {
        boolean io = false;
        boolean sql = false;
        do {
            if (c.accept("IO_THREAD")) io = true;
            else if (c.accept("SQL_THREAD")) sql = true;
            else break;
        } while (c.acceptSymbol(","));
        if (!io && !sql) return new boolean[] {true, true};
        return new boolean[] {io, sql};
    }
}
