package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHOW statements and DESCRIBE, with MySQL's column names and order. */
final class ShowStatements {
    private static final Pattern LIKE = Pattern.compile("(?is)^(.*?)\\s+LIKE\\s+('(?:[^'\\\\]|\\\\.|'')*'|\"[^\"]*\")\\s*$");
    private static final Pattern WHERE = Pattern.compile("(?is)^(.*?)\\s+WHERE\\s+(.*)$");
    private static final Pattern FROM = Pattern.compile("(?is)^(.*?)\\s+(?:FROM|IN)\\s+(`[^`]+`|[A-Za-z0-9_$]+)\\s*$");

    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;
    private final AccountStatements accounts;
    private final GrantStatements grants;
    private final PluginStatements plugins;

    ShowStatements(Instance instance, Session session, QueryExecutor exec, AccountStatements accounts,
                   GrantStatements grants, PluginStatements plugins) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
        this.accounts = accounts;
        this.grants = grants;
        this.plugins = plugins;
    }

    /** The rows of a SHOW statement (normalized {@code norm}); consumes {@code like[0]} where it filters itself. */
    private Result rows(String norm, String body, String[] like) throws IOException, MysqlException, SQLException {
        Result r;
        if (norm.equals("DATABASES") || norm.equals("SCHEMAS")) {
            r = databases();
        } else if (norm.matches("(FULL )?TABLES( (FROM|IN) .*)?")) {
            r = tables(body, norm.startsWith("FULL"), like[0]);
            like[0] = null;
        } else if (norm.matches("((GLOBAL|SESSION|LOCAL) )?VARIABLES")) {
            r = variables(norm.startsWith("GLOBAL"));
        } else if (norm.matches("((GLOBAL|SESSION|LOCAL) )?STATUS")) {
            r = status(norm.startsWith("GLOBAL"));
        } else if (norm.equals("WARNINGS") || norm.startsWith("WARNINGS LIMIT") || norm.equals("ERRORS")) {
            r = warnings(norm.equals("ERRORS"));
        } else if (norm.equals("COUNT(*) WARNINGS") || norm.equals("COUNT(*) ERRORS")) {
            r = new Result(List.of(ResultColumn.bigint("@@session.warning_count")),
                    List.<Object[]>of(new Object[] {(long) session.warningCount()}));
        } else if (norm.equals("PROCESSLIST") || norm.equals("FULL PROCESSLIST")) {
            r = processlist(norm.startsWith("FULL"));
        } else if (norm.matches("(FULL )?(COLUMNS|FIELDS) (FROM|IN) .*")) {
            r = columns(body.replaceFirst("(?is)^(FULL\\s+)?(COLUMNS|FIELDS)\\s+(FROM|IN)\\s+", ""), norm.startsWith("FULL"));
        } else if (norm.matches("(INDEX|INDEXES|KEYS) (FROM|IN) .*")) {
            r = TableShows.index(session, resolveTable(body.replaceFirst("(?is)^(INDEX|INDEXES|KEYS)\\s+(FROM|IN)\\s+", "")));
        } else if (norm.startsWith("CREATE TABLE ")) {
            String[] t = resolveTable(body.substring("CREATE TABLE ".length()));
            r = TableShows.viewText(session, t) != null ? TableShows.createView(session, t) : TableShows.createTable(session, t);
        } else if (norm.startsWith("CREATE VIEW ")) {
            r = TableShows.createView(session, resolveTable(body.substring("CREATE VIEW ".length())));
        } else if (norm.startsWith("CREATE DATABASE ") || norm.startsWith("CREATE SCHEMA ")) {
            String name = body.replaceFirst("(?is)^CREATE\\s+(DATABASE|SCHEMA)\\s+", "");
            String afterIf = name.replaceFirst("(?is)^IF\\s+NOT\\s+EXISTS\\s+", "");
            r = createDatabase(afterIf, afterIf.length() != name.length());
        } else if (norm.matches("TABLE STATUS( (FROM|IN) .*)?")) {
            r = TableShows.tableStatus(session, dbOf(body));
            if (like[0] != null) {
                r = r.filter(0, like[0]);
                like[0] = null;
            }
        } else if (norm.equals("ENGINES") || norm.equals("STORAGE ENGINES")) {
            r = engines();
        } else if (norm.equals("PLUGINS")) {
            r = plugins.show();
        } else if (norm.equals("CHARACTER SET") || norm.equals("CHARSET")) {
            r = charsets();
        } else if (norm.equals("COLLATION")) {
            r = collations();
        } else if (norm.matches("(EVENTS|TRIGGERS|PROCEDURE STATUS|FUNCTION STATUS)( (FROM|IN) .*)?")) {
            r = noObjects(norm);
        } else if (norm.matches("CREATE (PROCEDURE|FUNCTION) .+")) {
            String[] w = body.trim().split("\\s+", 3);
            throw ErrorCode.ER_SP_DOES_NOT_EXIST.exception(w[1].toUpperCase(java.util.Locale.ROOT),
                    SqlScan.unquote(w[2].replace(";", "").trim()));
        } else if (norm.matches("OPEN TABLES( (FROM|IN) .*)?")) {
            r = new Result(List.of(ResultColumn.text("Database"), ResultColumn.text("Table"), ResultColumn.bigint("In_use"),
                    ResultColumn.bigint("Name_locked")), List.of());
        } else if (norm.equals("PROFILES")) {
            r = new Result(List.of(ResultColumn.bigint("Query_ID"), ResultColumn.text("Duration"), ResultColumn.text("Query")),
                    List.of());
        } else if (norm.equals("ENGINE INNODB STATUS")) {
            // The data lives in H2, which has no InnoDB monitor: the row tools look for, without sections.
            r = new Result(List.of(ResultColumn.text("Type"), ResultColumn.text("Name"), ResultColumn.text("Status")),
                    List.<Object[]>of(new Object[] {"InnoDB", "", "\n=====================================\n"
                            + "Mitosis: tables are stored by the embedded H2 engine; no InnoDB monitor output.\n"}));
        } else {
            throw ErrorCode.ER_PARSE_ERROR.exception(body.length() > 80 ? body.substring(0, 80) : body, 1);
        }
        return r;
    }

    void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        String[] words = SqlScan.leadingWords(stmt, 3);
        if (words[1].equals("GRANTS")) {
            grants.showGrants(stmt, more);
            return;
        }
        if (words[1].equals("CREATE") && words[2].equals("USER")) {
            accounts.showCreateUser(stmt, more);
            return;
        }
        String body = ServerStatements.argumentAfter(stmt, "SHOW").trim();
        String like = null;
        String where = null;
        Matcher m = LIKE.matcher(body);
        if (m.matches()) {
            body = m.group(1).trim();
            String lit = m.group(2);
            like = lit.substring(1, lit.length() - 1).replace("\\_", "_").replace("\\%", "%");
        } else {
            m = WHERE.matcher(body);
            if (m.matches()) {
                body = m.group(1).trim();
                where = m.group(2);
            }
        }
        String norm = body.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        // H2 reads its catalog unguarded: a DDL statement running meanwhile can fail the read with
        // an internal error (ConcurrentModificationException, NullPointerException); it is read again.
        String[] likeRef = {like};
        Result r;
        for (int attempt = 1; ; attempt++) {
            try {
                r = rows(norm, body, likeRef);
                break;
            } catch (SQLException e) {
                if (attempt >= 4 || !EngineErrors.racedDdl(e)) throw e;
                likeRef[0] = like;
            }
        }
        like = likeRef[0];
        if (like != null) r = r.filter(0, like);
        if (where != null) r = r.where(session, where);
        exec.writeRows(r.columns, r.rows, more);
    }

    /** DESCRIBE t / DESC t / EXPLAIN t: SHOW COLUMNS FROM t. */
    void describe(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        String[] w = SqlScan.leadingWords(stmt, 1);
        String rest = ServerStatements.argumentAfter(stmt, w[0]).trim();
        String[] parts = rest.split("\\s+");
        Result r = columns(parts[0], false);
        if (parts.length > 1) r = r.filter(0, SqlScan.unquote(parts[1]));
        exec.writeRows(r.columns, r.rows, more);
    }

    record Result(List<ResultColumn> columns, List<Object[]> rows) {
        Result filter(int column, String likePattern) {
            List<Object[]> kept = new ArrayList<>();
            for (Object[] row : rows) {
                if (row[column] != null && HostPattern.wildcardMatch(likePattern, row[column].toString())) kept.add(row);
            }
            return new Result(columns, kept);
        }

        /** WHERE on an emulated result: the engine evaluates it over the rows as a VALUES table. */
        Result where(Session session, String condition) throws SQLException, MysqlException {
            if (rows.isEmpty()) return this;
            StringBuilder sql = new StringBuilder("SELECT * FROM (VALUES ");
            List<Object> params = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                sql.append(r == 0 ? "(" : ",(");
                for (int c = 0; c < columns.size(); c++) {
                    sql.append(c == 0 ? "CAST(? AS VARCHAR)" : ",CAST(? AS VARCHAR)");
                    Object v = rows.get(r)[c];
                    params.add(v == null ? null : v.toString());
                }
                sql.append(')');
            }
            sql.append(") AS t(");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ",").append(Catalog.quote(columns.get(c).def().name().toLowerCase(Locale.ROOT)));
            }
            sql.append(") WHERE ").append(SqlFront.translateOne("SELECT * FROM t WHERE " + condition).replaceFirst("(?s)^.*? WHERE ", ""));
            List<Object[]> kept = new ArrayList<>();
            try (PreparedStatement ps = session.engine().prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int c = 0; c < row.length; c++) row[c] = rs.getString(c + 1);
                        kept.add(row);
                    }
                }
            }
            return new Result(columns, kept);
        }
    }

    private Result databases() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String db : session.access().visibleDatabases(Catalog.databases(session.engine()))) rows.add(new Object[] {db});
        return new Result(List.of(ResultColumn.text("Database")), rows);
    }

    private String dbOf(String body) throws MysqlException {
        Matcher m = FROM.matcher(body);
        String db = m.matches() ? SqlScan.unquote(m.group(2)) : session.database();
        if (db == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        return db;
    }

    private Result tables(String body, boolean full, String like) throws SQLException, MysqlException {
        String db = dbOf(body);
        AccountPrivileges privileges = session.privileges();
        String ldb = db.toLowerCase(Locale.ROOT);
        if (!privileges.canUseDb(ldb)) throw session.access().dbDenied(db);
        if (!Catalog.schemaExists(instance.engine(), db)) throw ErrorCode.ER_BAD_DB_ERROR.exception(db);
        boolean all = (privileges.dbMask(ldb) & Privilege.DB_LEVEL) != 0;
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.TableInfo t : Catalog.tables(session.engine(), db)) {
            if (like != null && !HostPattern.wildcardMatch(like, t.name())) continue;
            if (!all && !privileges.canSeeTable(ldb, t.name())) continue;
            rows.add(full ? new Object[] {t.name(), t.type()} : new Object[] {t.name()});
        }
        List<ResultColumn> cols = new ArrayList<>();
        cols.add(ResultColumn.text("Tables_in_" + db));
        if (full) cols.add(ResultColumn.text("Table_type"));
        return new Result(cols, rows);
    }

    private Result variables(boolean global) {
        List<Object[]> rows = new ArrayList<>();
        session.variables(global).forEach((k, v) -> rows.add(new Object[] {k, v}));
        return new Result(List.of(ResultColumn.text("Variable_name"), ResultColumn.text("Value")), rows);
    }

    private Result status(boolean global) {
        List<Object[]> rows = new ArrayList<>();
        (global ? instance.statusValues() : instance.statusValues(session)).forEach((k, v) -> rows.add(new Object[] {k, v}));
        return new Result(List.of(ResultColumn.text("Variable_name"), ResultColumn.text("Value")), rows);
    }

    private Result warnings(boolean errorsOnly) {
        List<Object[]> rows = new ArrayList<>();
        for (Session.Warning w : session.warnings()) {
            if (errorsOnly && !w.level().equals("Error")) continue;
            rows.add(new Object[] {w.level(), (long) w.code(), w.message()});
        }
        return new Result(List.of(ResultColumn.text("Level"), ResultColumn.bigint("Code"), ResultColumn.text("Message")),
                rows);
    }

    private Result processlist(boolean full) {
        List<Object[]> rows = new ArrayList<>();
        boolean everyone = session.privileges().hasGlobal(Privilege.PROCESS);
        for (ClientSession c : instance.sessions().list()) {
            Session s = c.state();
            if (!everyone && !s.user().equals(session.user())) continue;
            String info = s.info();
            if (info != null && !full && info.length() > 100) info = info.substring(0, 100);
            rows.add(new Object[] {s.id(), s.user(), s.hostAndPort(), s.database(), s.command(), s.commandSeconds(),
                    s.command().equals("Sleep") ? "" : "executing", s.command().equals("Sleep") ? null : ProcessInfo.mask(info)});
        }
        return new Result(List.of(ResultColumn.bigint("Id"), ResultColumn.text("User"), ResultColumn.text("Host"),
                ResultColumn.text("db"), ResultColumn.text("Command"), ResultColumn.bigint("Time"),
                ResultColumn.text("State"), ResultColumn.text("Info")), rows);
    }

    /** "t", "db.t" or "t FROM db" to {db, table}, checked to exist. */
    String[] resolveTable(String spec) throws MysqlException, SQLException {
        String s = spec.trim();
        String db = session.database();
        Matcher m = FROM.matcher(s);
        if (m.matches()) {
            db = SqlScan.unquote(m.group(2));
            s = m.group(1).trim();
        }
        int dot = s.indexOf('.');
        if (dot > 0 && !s.startsWith("`") || (s.startsWith("`") && s.indexOf("`.", 1) > 0)) {
            int d = s.startsWith("`") ? s.indexOf("`.", 1) + 1 : dot;
            db = SqlScan.unquote(s.substring(0, d));
            s = s.substring(d + 1);
        }
        String table = SqlScan.unquote(s);
        if (db == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        session.access().requireAnyOnTable(db, table, "SELECT");
        if (!Catalog.tableExists(session.engine(), db, table)) throw ErrorCode.ER_NO_SUCH_TABLE.exception(db, table);
        return new String[] {db.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)};
    }

    private Result columns(String spec, boolean full) throws MysqlException, SQLException {
        return TableShows.columns(session, resolveTable(spec), full);
    }

    /** {@code ifNotExists}: SHOW CREATE DATABASE IF NOT EXISTS, as dump tools ask, so the dump loads where the database exists. */
    private Result createDatabase(String name, boolean ifNotExists) throws MysqlException, SQLException {
        String db = SqlScan.unquote(name.trim());
        if (!Catalog.schemaExists(instance.engine(), db)) throw ErrorCode.ER_BAD_DB_ERROR.exception(db);
        String ddl = "CREATE DATABASE " + (ifNotExists ? "/*!32312 IF NOT EXISTS*/ " : "") + "`" + db + "` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */"
                + " /*!80016 DEFAULT ENCRYPTION='N' */";
        return new Result(List.of(ResultColumn.text("Database"), ResultColumn.text("Create Database")),
                List.<Object[]>of(new Object[] {db, ddl}));
    }

    /** Mitosis has no events, triggers or stored routines: MySQL's columns, no rows. */
    private static Result noObjects(String what) {
        String[] names = what.startsWith("EVENTS")
                ? new String[] {"Db", "Name", "Definer", "Time zone", "Type", "Execute at", "Interval value",
                        "Interval field", "Starts", "Ends", "Status", "Originator", "character_set_client",
                        "collation_connection", "Database Collation"}
                : what.startsWith("TRIGGERS")
                ? new String[] {"Trigger", "Event", "Table", "Statement", "Timing", "Created", "sql_mode", "Definer",
                        "character_set_client", "collation_connection", "Database Collation"}
                : new String[] {"Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type", "Comment",
                        "character_set_client", "collation_connection", "Database Collation"};
        List<ResultColumn> columns = new java.util.ArrayList<>();
        for (String n : names) columns.add(ResultColumn.text(n));
        return new Result(columns, List.of());
    }

    private Result engines() {
        List<Object[]> rows = new ArrayList<>();
        for (CharsetCatalog.Engine e : CharsetCatalog.ENGINES) {
            rows.add(new Object[] {e.name(), e.support(), e.comment(), e.transactions(), e.xa(), e.savepoints()});
        }
        return new Result(List.of(ResultColumn.text("Engine"), ResultColumn.text("Support"), ResultColumn.text("Comment"),
                ResultColumn.text("Transactions"), ResultColumn.text("XA"), ResultColumn.text("Savepoints")), rows);
    }

    private Result charsets() {
        List<Object[]> rows = new ArrayList<>();
        for (CharsetCatalog.Charset c : CharsetCatalog.CHARSETS) {
            rows.add(new Object[] {c.name(), c.description(), c.defaultCollation(), c.maxlen()});
        }
        return new Result(List.of(ResultColumn.text("Charset"), ResultColumn.text("Description"),
                ResultColumn.text("Default collation"), ResultColumn.bigint("Maxlen")), rows);
    }

    private Result collations() {
        List<Object[]> rows = new ArrayList<>();
        for (CharsetCatalog.Collation c : CharsetCatalog.COLLATIONS) {
            rows.add(new Object[] {c.name(), c.charset(), c.id(), c.isDefault() ? "Yes" : "", "Yes", c.sortlen(), c.padAttribute()});
        }
        return new Result(List.of(ResultColumn.text("Collation"), ResultColumn.text("Charset"), ResultColumn.bigint("Id"),
                ResultColumn.text("Default"), ResultColumn.text("Compiled"), ResultColumn.bigint("Sortlen"),
                ResultColumn.text("Pad_attribute")), rows);
    }

    static List<String> columnNames(Connection c, String db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
