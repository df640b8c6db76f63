package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Statements about the server itself, executed by Mitosis rather than the engine. Dispatch is a
 * lookup on the leading keyword; each form is a small method.
 */
final class ServerStatements {
    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;
    private final SetStatement set;
    private final ShowStatements show;
    private final AccountStatements accounts;
    private final GrantStatements grants;
    private final PluginStatements plugins;
    private final ReplicaStatements replica;

    ServerStatements(Instance instance, Session session, ResultWriter out, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
        this.set = new SetStatement(session, exec);
        this.accounts = new AccountStatements(instance, session, exec);
        this.grants = new GrantStatements(instance, session, exec);
        this.plugins = new PluginStatements(instance, session, exec);
        this.show = new ShowStatements(instance, session, exec, accounts, grants, plugins);
        this.replica = new ReplicaStatements(instance, session, exec);
        this.binlogStatements = new BinlogStatements(instance, session, exec);
        this.prepared = new SqlPreparedStatements(session, exec);
    }

    private final SqlPreparedStatements prepared;

    private final BinlogStatements binlogStatements;

    /** Executes the statement if it is one of ours; false sends it to the engine. */
    boolean tryExecute(String stmt, String[] w, boolean more) throws IOException, MysqlException, SQLException {
        if (binlogStatements.tryExecute(stmt, w, more)) return true;
        if (prepared.tryExecute(stmt, w, more)) return true;
        switch (w[0]) {
            case "SET":
                if (w[1].equals("PASSWORD")) accounts.setPassword(stmt, more);
                else set.execute(stmt, more);
                return true;
            case "GRANT":
                grants.grant(stmt, more);
                return true;
            case "REVOKE":
                grants.revoke(stmt, more);
                return true;
            case "ALTER":
                if (w[1].equals("INSTANCE")) {
                    alterInstance(stmt, more);
                    return true;
                }
                if (!w[1].equals("USER")) return false;
                accounts.alterUser(stmt, more);
                return true;
            case "RENAME":
                if (!w[1].equals("USER")) return false;
                accounts.renameUser(stmt, more);
                return true;
            case "INSTALL":
                plugins.install(stmt, more);
                return true;
            case "UNINSTALL":
                plugins.uninstall(stmt, more);
                return true;
            case "SHOW":
                if (w[1].equals("REPLICAS") || w[1].equals("SLAVE") && w[2].equals("HOSTS")) {
                    replica.showReplicas(w[1].equals("SLAVE"), more);
                    return true;
                }
                if ((w[1].equals("REPLICA") || w[1].equals("SLAVE")) && w[2].equals("STATUS")) {
                    replica.showStatus(stmt, w[1].equals("SLAVE"), more);
                    return true;
                }
                show.execute(stmt, more);
                return true;
            case "CLONE":
                new CloneStatements(instance, session, exec).execute(stmt, more);
                return true;
            case "CHANGE":
                if (!(w[1].equals("REPLICATION") || w[1].equals("MASTER") || w[1].equals("SOURCE"))) return false;
                replica.change(stmt, more);
                return true;
            case "DESCRIBE", "DESC", "EXPLAIN":
                if (ExplainStatement.explainsStatement(w)) new ExplainStatement(session, exec).execute(stmt, more);
                else show.describe(stmt, more);
                return true;
            case "USE":
                session.useDatabase(SqlScan.unquote(argumentAfter(stmt, "USE")));
                exec.ok(0, more);
                return true;
            case "BEGIN":
                session.begin();
                exec.ok(0, more);
                return true;
            case "START":
                if (w[1].equals("REPLICA") || w[1].equals("SLAVE")) {
                    replica.start(stmt, more);
                    return true;
                }
                if (!w[1].equals("TRANSACTION")) return false;
                session.begin();
                exec.ok(0, more);
                return true;
            case "COMMIT":
                session.commit();
                exec.ok(0, more);
                return true;
            case "ROLLBACK":
                if (w[1].equals("TO")) return false;
                session.rollback();
                exec.ok(0, more);
                return true;
            case "KILL": {
                boolean queryOnly = w[1].equals("QUERY");
                String id = w[1].equals("QUERY") || w[1].equals("CONNECTION") ? w[2] : w[1];
                try {
                    exec.kill(Long.parseLong(id), queryOnly);
                } catch (NumberFormatException e) {
                    throw ErrorCode.ER_PARSE_ERROR.exception(id, 1);
                }
                exec.ok(0, more);
                return true;
            }
            case "SHUTDOWN":
                exec.shutdown();
                return true;
            case "CHECKSUM":
                checksum(stmt, more);
                return true;
            case "FLUSH":
                flush(w);
                exec.ok(0, more);
                return true;
            case "STOP":
                if (!(w[1].equals("REPLICA") || w[1].equals("SLAVE"))) return false;
                replica.stop(stmt, more);
                return true;
            case "RESET":
                if (w[1].equals("REPLICA") || w[1].equals("SLAVE")) {
                    replica.reset(stmt, more);
                    return true;
                }
                if (!w[1].equals("PERSIST")) return false;
                resetPersist(stmt, more);
                return true;
            case "LOCK", "UNLOCK", "DO":
                exec.ok(0, more);
                return true;
            case "ANALYZE", "OPTIMIZE", "CHECK", "REPAIR":
                tableMaintenance(stmt, w[0].toLowerCase(Locale.ROOT), more);
                return true;
            case "CREATE":
                if (w[1].equals("USER")) {
                    accounts.createUser(stmt, more);
                    return true;
                }
                if (w[1].equals("ROLE")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("roles");
                if (w[1].equals("DATABASE") || w[1].equals("SCHEMA")) {
                    createDatabase(stmt, more);
                    return true;
                }
                return false;
            case "DROP":
                if (w[1].equals("USER")) {
                    accounts.dropUser(stmt, more);
                    return true;
                }
                if (w[1].equals("ROLE")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("roles");
                if (w[1].equals("DATABASE") || w[1].equals("SCHEMA")) {
                    dropDatabase(stmt, more);
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** Whether tryExecute would take a statement with these leading words. */
    boolean handles(String[] w) {
        return switch (w[0]) {
            case "RESET" -> w[1].equals("PERSIST") || w[1].equals("REPLICA") || w[1].equals("SLAVE")
                    || w[1].equals("MASTER") || w[1].equals("BINARY");
            case "PURGE" -> true;
            case "CHANGE" -> w[1].equals("REPLICATION") || w[1].equals("MASTER") || w[1].equals("SOURCE");
            case "CLONE" -> true;
            case "STOP" -> w[1].equals("REPLICA") || w[1].equals("SLAVE");
            case "SET", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "USE", "BEGIN", "COMMIT", "KILL", "SHUTDOWN", "CHECKSUM", "FLUSH",
                    "LOCK", "UNLOCK", "DO", "ANALYZE", "OPTIMIZE", "CHECK", "REPAIR", "GRANT", "REVOKE", "INSTALL",
                    "UNINSTALL" -> true;
            case "ALTER" -> w[1].equals("USER") || w[1].equals("INSTANCE");
            case "RENAME" -> w[1].equals("USER");
            case "START" -> w[1].equals("TRANSACTION") || w[1].equals("REPLICA") || w[1].equals("SLAVE");
            case "ROLLBACK" -> !w[1].equals("TO");
            case "CREATE", "DROP" -> w[1].equals("DATABASE") || w[1].equals("SCHEMA") || w[1].equals("USER")
                    || w[1].equals("ROLE");
            default -> false;
        };
    }

    private static final java.util.regex.Pattern RELOAD_TLS = java.util.regex.Pattern.compile(
            "(?is)^\\s*ALTER\\s+INSTANCE\\s+RELOAD\\s+TLS(?:\\s+FOR\\s+CHANNEL\\s+(mysql_main|mysql_admin))?"
            + "(\\s+NO\\s+ROLLBACK\\s+ON\\s+ERROR)?\\s*;?\\s*$");

    /**
     * ALTER INSTANCE RELOAD TLS: new connections use the files and versions the ssl_* and
     * tls_version variables name now. The other ALTER INSTANCE actions are about InnoDB and keyrings.
     */
    private void alterInstance(String stmt, boolean more) throws IOException, MysqlException {
        java.util.regex.Matcher m = RELOAD_TLS.matcher(stmt);
        if (!m.matches()) {
            String[] w = SqlScan.leadingWords(stmt, 4);
            if (w[2].equals("ROTATE") || w[2].equals("ENABLE") || w[2].equals("DISABLE") || w[2].equals("RELOAD")) {
                throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("ALTER INSTANCE " + w[2] + " " + w[3]);
            }
            throw ErrorCode.ER_PARSE_ERROR.exception(stmt.strip(), 1);
        }
        session.access().requireAny(DynamicPrivileges.CONNECTION_ADMIN);
        // mysql_admin is the administrative interface's channel, which Mitosis does not have.
        if (!"mysql_admin".equalsIgnoreCase(m.group(1))) {
            GlobalVariables v = instance.variables();
            MysqlException off = instance.tls().reload(v.get("ssl_ca"), v.get("ssl_cert"), v.get("ssl_key"),
                    v.get("tls_version"), m.group(2) != null);
            if (off != null) session.addWarning("Warning", off.code(), off.getMessage());
        }
        exec.ok(0, more);
    }

    /** FLUSH PRIVILEGES re-reads the grant tables; FLUSH HOSTS empties the host name cache. */
    private void flush(String[] w) throws SQLException {
        String what = w[1].equals("LOCAL") || w[1].equals("NO_WRITE_TO_BINLOG") ? w[2] : w[1];
        if (what.equals("PRIVILEGES")) accounts.flushPrivileges();
        else if (what.equals("HOSTS")) instance.hostNames().flush();
    }

    static String argumentAfter(String stmt, String keyword) {
        String s = stmt.trim();
        int i = s.toUpperCase(Locale.ROOT).indexOf(keyword) + keyword.length();
        String rest = s.substring(i).trim();
        if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).trim();
        return rest;
    }

    private void createDatabase(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        String[] w = SqlScan.leadingWords(stmt, 6);
        boolean ifNotExists = w[2].equals("IF");
        String name = databaseName(stmt, ifNotExists ? 5 : 2);
        if (name.isEmpty()) throw ErrorCode.ER_PARSE_ERROR.exception("", 1);
        if (session.inTransaction()) session.commit();
        // Checked under the DDL lock: another session's CREATE DATABASE cannot come in between.
        java.util.concurrent.locks.Lock serial = exec.lockEngineDdl();
        try {
            if (Catalog.schemaExists(instance.engine(), name) || Catalog.HIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
                if (!ifNotExists) throw ErrorCode.ER_DB_CREATE_EXISTS.exception(name);
                session.addWarning("Note", 1007, ErrorCode.ER_DB_CREATE_EXISTS.format(name));
                exec.ok(0, more);
                return;
            }
            runSchemaDdl(stmt, "CREATE SCHEMA " + Catalog.quote(name.toLowerCase(Locale.ROOT)));
        } finally {
            serial.unlock();
        }
        exec.ok(1, more);
    }

    private void dropDatabase(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        String[] w = SqlScan.leadingWords(stmt, 5);
        boolean ifExists = w[2].equals("IF");
        String name = databaseName(stmt, ifExists ? 4 : 2);
        if (session.inTransaction()) session.commit();
        int tables;
        java.util.concurrent.locks.Lock serial = exec.lockEngineDdl();
        try {
            if (!Catalog.schemaExists(instance.engine(), name) || name.equalsIgnoreCase("information_schema")) {
                if (!ifExists) throw ErrorCode.ER_DB_DROP_EXISTS.exception(name);
                session.addWarning("Note", 1008, ErrorCode.ER_DB_DROP_EXISTS.format(name));
                exec.ok(0, more);
                return;
            }
            tables = Catalog.tables(session.engine(), name).size();
            runSchemaDdl(stmt, "DROP SCHEMA " + Catalog.quote(name.toLowerCase(Locale.ROOT)) + " CASCADE");
        } finally {
            serial.unlock();
        }
        session.forgetDatabase(name);
        exec.ok(tables, more);
    }

    /** Runs a database's CREATE or DROP in the engine and logs it; the caller holds the DDL lock (Engine.ddlLock). */
    private void runSchemaDdl(String stmt, String h2) throws SQLException {
        try (Statement st = session.engine().createStatement()) {
            st.execute(h2);
            session.ddlRan(stmt);
        }
    }

    /** RESET PERSIST [[IF EXISTS] name]. */
    private void resetPersist(String stmt, boolean more) throws MysqlException, IOException {
        String[] w = SqlScan.leadingWords(stmt, 5);
        boolean ifExists = w[2].equals("IF");
        String name = ifExists ? w[4] : w[2];
        try {
            if (name.isEmpty()) {
                instance.variables().resetPersisted(null);
            } else {
                String n = name.toLowerCase(Locale.ROOT);
                if (VariableCatalog.find(n) == null && !ifExists) throw ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE.exception(n);
                instance.variables().resetPersisted(n);
            }
        } catch (java.io.IOException e) {
            throw ErrorCode.ER_INTERNAL_ERROR.exception("cannot write mysqld-auto.cnf");
        }
        exec.ok(0, more);
    }

    /** The database named by CREATE/DROP DATABASE, as written (the token at this index). */
    private static String databaseName(String stmt, int index) throws MysqlException {
        java.util.List<dev.mitosis.sql.Token> tokens = dev.mitosis.sql.Lexer.tokenize(stmt);
        if (tokens.size() <= index || tokens.get(index).type == dev.mitosis.sql.TokenType.EOF) {
            throw ErrorCode.ER_PARSE_ERROR.exception("", 1);
        }
        return tokens.get(index).text;
    }

    /** The tables named after a keyword: "db.t" or "t" in the current database. */
    private List<String[]> tableList(String stmt, String afterKeyword) throws MysqlException {
        String rest = argumentAfter(stmt, afterKeyword);
        rest = rest.replaceAll("(?i)\\s+(QUICK|EXTENDED|FAST|MEDIUM|CHANGED|FOR\\s+UPGRADE|NO_WRITE_TO_BINLOG|LOCAL)\\s*$", "");
        List<String[]> out = new ArrayList<>();
        for (String part : rest.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String db = session.database();
            String t = p;
            int dot = dotOutsideQuotes(p);
            if (dot > 0) {
                db = SqlScan.unquote(p.substring(0, dot).trim());
                t = p.substring(dot + 1).trim();
            }
            if (db == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
            out.add(new String[] {db, SqlScan.unquote(t)});
        }
        return out;
    }

    private static int dotOutsideQuotes(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '`' || c == '"') {
                i = SqlScan.skipQuoted(s, i);
            } else if (c == '.') {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * CHECKSUM TABLE: the sum of a CRC32 per row over a canonical text of the row, so equal
     * contents give equal checksums whatever the row order or the instance.
     */
    private void checksum(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tableList(stmt, "TABLE")) {
            String name = t[0] + "." + t[1];
            if (!Catalog.tableExists(session.engine(), t[0], t[1])) {
                session.addWarning("Error", 1146, ErrorCode.ER_NO_SUCH_TABLE.format(t[0], t[1]));
                rows.add(new Object[] {name, null});
                continue;
            }
            rows.add(new Object[] {name, checksumOf(t[0], t[1])});
        }
        exec.writeRows(List.of(ResultColumn.text("Table"), ResultColumn.bigint("Checksum")), rows, more);
    }

    private long checksumOf(String db, String table) throws SQLException {
        long sum = 0;
        CRC32 crc = new CRC32();
        try (Statement st = session.engine().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + Catalog.quote(db.toLowerCase(Locale.ROOT)) + "."
                     + Catalog.quote(table.toLowerCase(Locale.ROOT)))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                crc.reset();
                for (int i = 1; i <= n; i++) {
                    String v = rs.getString(i);
                    if (v == null) {
                        crc.update(0xFF);
                    } else {
                        crc.update(v.getBytes(StandardCharsets.UTF_8));
                        crc.update(0);
                    }
                }
                sum += crc.getValue();
            }
        }
        return sum;
    }

    private void tableMaintenance(String stmt, String op, boolean more) throws MysqlException, SQLException, IOException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tableList(stmt, "TABLE")) {
            boolean exists = Catalog.tableExists(session.engine(), t[0], t[1]);
            String name = t[0] + "." + t[1];
            if (exists) {
                rows.add(new Object[] {name, op, "status", op.equals("optimize")
                        ? "Table does not support optimize, doing recreate + analyze instead" : "OK"});
            } else {
                rows.add(new Object[] {name, op, "Error", ErrorCode.ER_NO_SUCH_TABLE.format(t[0], t[1])});
                rows.add(new Object[] {name, op, "status", "Operation failed"});
            }
        }
        exec.writeRows(List.of(ResultColumn.text("Table"), ResultColumn.text("Op"), ResultColumn.text("Msg_type"),
                ResultColumn.text("Msg_text")), rows, more);
    }
}
