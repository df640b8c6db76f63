package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SET: system variables (GLOBAL, SESSION, PERSIST), user variables, NAMES, TRANSACTION. */
final class SetStatement {
    private static final Pattern ASSIGN = Pattern.compile(
            "(?is)^\\s*(?:(GLOBAL|SESSION|LOCAL|PERSIST|PERSIST_ONLY)\\s+|@@(GLOBAL|SESSION|LOCAL|PERSIST|PERSIST_ONLY)\\.|@@)?"
                    + "([A-Za-z_][A-Za-z0-9_]*)\\s*(?::=|=)\\s*(.*?)\\s*$");
    private static final Pattern NAMES = Pattern.compile(
            "(?is)^\\s*NAMES\\s+('?)([A-Za-z0-9_]+)\\1(?:\\s+COLLATE\\s+('?)([A-Za-z0-9_]+)\\3)?\\s*$");
    private static final Pattern CHARSET = Pattern.compile("(?is)^\\s*(?:CHARACTER\\s+SET|CHARSET)\\s+('?)([A-Za-z0-9_]+)\\1\\s*$");
    private static final Pattern TRANSACTION = Pattern.compile(
            "(?is)^\\s*(?:(GLOBAL|SESSION)\\s+)?TRANSACTION\\s+(.*)$");

    /** Session variables only privileged accounts may set (SESSION_VARIABLES_ADMIN and up). */
    private static final java.util.Set<String> RESTRICTED_SESSION = java.util.Set.of("sql_log_bin", "gtid_next",
            "binlog_format", "binlog_row_image", "binlog_row_value_options", "pseudo_thread_id",
            "original_commit_timestamp", "original_server_version", "immediate_server_version", "pseudo_replica_mode",
            "sql_require_primary_key", "default_table_encryption", "explicit_defaults_for_timestamp");

    private final Session session;
    private final QueryExecutor exec;

    SetStatement(Session session, QueryExecutor exec) {
        this.session = session;
        this.exec = exec;
    }

    void execute(String stmt, boolean more) throws MysqlException, SQLException, IOException {
        String body = ServerStatements.argumentAfter(stmt, "SET");
        Matcher t = TRANSACTION.matcher(body);
        if (t.matches()) {
            transaction(t.group(1), t.group(2));
        } else {
            for (String assignment : splitTopLevel(body)) assign(assignment);
        }
        if (session.foreignKeyChecks()) exec.addDeferredForeignKeys();
        exec.ok(0, more);
    }

    private void transaction(String scope, String rest) throws MysqlException, SQLException {
        for (String part : rest.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String var;
            String value;
            if (p.startsWith("ISOLATION LEVEL ")) {
                var = "transaction_isolation";
                value = p.substring("ISOLATION LEVEL ".length()).replace(' ', '-');
            } else if (p.equals("READ ONLY") || p.equals("READ WRITE")) {
                var = "transaction_read_only";
                value = p.equals("READ ONLY") ? "ON" : "OFF";
            } else {
                throw ErrorCode.ER_PARSE_ERROR.exception(part.trim(), 1);
            }
            setSystem(scope == null ? "session" : scope.toLowerCase(Locale.ROOT), var, value);
        }
    }

    private void assign(String assignment) throws MysqlException, SQLException {
        Matcher m = NAMES.matcher(assignment);
        if (m.matches()) {
            String cs = m.group(2).toLowerCase(Locale.ROOT);
            for (String v : new String[] {"character_set_client", "character_set_connection", "character_set_results"}) {
                session.setSessionValue(v, cs);
            }
            String coll = m.group(4) != null ? m.group(4).toLowerCase(Locale.ROOT) : defaultCollation(cs);
            session.setSessionValue("collation_connection", coll);
            return;
        }
        m = CHARSET.matcher(assignment);
        if (m.matches()) {
            String cs = m.group(2).toLowerCase(Locale.ROOT);
            session.setSessionValue("character_set_client", cs);
            session.setSessionValue("character_set_results", cs);
            return;
        }
        String trimmed = assignment.trim();
        if (trimmed.startsWith("@") && !trimmed.startsWith("@@")) {
            userVariable(trimmed);
            return;
        }
        m = ASSIGN.matcher(assignment);
        if (!m.matches()) throw ErrorCode.ER_PARSE_ERROR.exception(trimmed, 1);
        String scope = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
        String name = m.group(3).toLowerCase(Locale.ROOT);
        Object value = evaluate(m.group(4), name);
        setSystem(scope.toLowerCase(Locale.ROOT), name, value);
    }

    private static String defaultCollation(String cs) {
        return switch (cs) {
            case "utf8mb4" -> "utf8mb4_0900_ai_ci";
            case "utf8", "utf8mb3" -> "utf8mb3_general_ci";
            case "latin1" -> "latin1_swedish_ci";
            case "binary" -> "binary";
            case "ascii" -> "ascii_general_ci";
            default -> cs + "_general_ci";
        };
    }

    private void userVariable(String assignment) throws MysqlException, SQLException {
        // H2 evaluates user variables itself: SET @a = expr, with expr in H2's dialect.
        int eq = assignment.indexOf(":=");
        int len = 2;
        if (eq < 0) {
            eq = assignment.indexOf('=');
            len = 1;
        }
        if (eq < 0) throw ErrorCode.ER_PARSE_ERROR.exception(assignment.trim(), 1);
        String name = assignment.substring(0, eq).trim();
        String value = selectExpression(assignment.substring(eq + len));
        try (Statement st = session.engine().createStatement()) {
            st.execute("SET " + name + " = (" + value + ")");
        }
    }

    /** A SET value: DEFAULT, ON/OFF words, literals, or any expression the engine evaluates. */
    private Object evaluate(String expr, String variable) throws MysqlException, SQLException {
        String e = expr.trim();
        if (e.equalsIgnoreCase("DEFAULT")) return Default.INSTANCE;
        if (e.matches("(?i)[A-Za-z_][A-Za-z0-9_\\-]*") && !e.equalsIgnoreCase("NULL")) return e;
        if (e.matches("-?\\d+")) return e;
        if (e.length() >= 2 && (e.charAt(0) == '\'' || e.charAt(0) == '"') && e.charAt(e.length() - 1) == e.charAt(0)
                && SqlScan.skipQuoted(e, 0) == e.length()) {
            return unescape(e.substring(1, e.length() - 1), e.charAt(0));
        }
        Connection c = session.engine();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(selectExpression(e))) {
            rs.next();
            Object v = rs.getObject(1);
            if (v instanceof Boolean b) return b ? "1" : "0";
            return v;
        } catch (SQLException ex) {
            throw ErrorCode.ER_WRONG_TYPE_FOR_VAR.exception(variable);
        }
    }

    /** An expression as an H2 SELECT of one value. */
    private static String selectExpression(String expr) throws MysqlException {
        return SqlFront.translateOne("SELECT " + expr);
    }

    private static String unescape(String body, char quote) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                b.append(body.charAt(++i));
            } else if (c == quote && i + 1 < body.length() && body.charAt(i + 1) == quote) {
                b.append(c);
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    enum Default { INSTANCE }

    void setSystem(String scope, String name, Object raw) throws MysqlException, SQLException {
        VariableDef def = VariableCatalog.find(name);
        if (def == null) throw ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE.exception(name);
        boolean global = scope.equals("global") || scope.equals("persist") || scope.equals("persist_only");
        if (def.readOnly() || VariableCatalog.isComputedSessionValue(name) && !name.equals("autocommit")
                && !name.equals("timestamp") && !name.equals("last_insert_id")) {
            throw ErrorCode.ER_INCORRECT_GLOBAL_LOCAL_VAR.exception(name, "read only");
        }
        if (global && !def.hasGlobal()) throw ErrorCode.ER_LOCAL_VARIABLE.exception(name);
        if (!global && !def.hasSession()) throw ErrorCode.ER_GLOBAL_VARIABLE.exception(name);
        if (global) {
            session.access().requireAny("SUPER", DynamicPrivileges.SYSTEM_VARIABLES_ADMIN);
        } else if (RESTRICTED_SESSION.contains(name)) {
            session.access().requireAny("SUPER", DynamicPrivileges.SYSTEM_VARIABLES_ADMIN,
                    DynamicPrivileges.SESSION_VARIABLES_ADMIN);
        }
        String value;
        if (raw == Default.INSTANCE) {
            value = global ? def.defaultValue() : session.instance().variables().get(name);
            if (value == null) value = def.defaultValue();
        } else if (raw == null && def.type() == VariableDef.Type.STRING) {
            value = "";
        } else {
            value = def.normalize(raw);
            if (value == null) {
                throw ErrorCode.ER_WRONG_VALUE_FOR_VAR.exception(name, raw == null ? "NULL" : raw.toString());
            }
            value = clamp(name, value);
        }
        if (global && name.equals("gtid_purged")) {
            BinlogStatements.setGtidPurged(session.instance(), raw == null ? "" : raw.toString());
            return;
        }
        if (global) {
            GlobalVariables vars = session.instance().variables();
            try {
                switch (scope) {
                    case "persist" -> vars.persist(name, value);
                    case "persist_only" -> vars.persistOnly(name, value);
                    default -> vars.set(name, value);
                }
            } catch (java.io.IOException e) {
                throw ErrorCode.ER_INTERNAL_ERROR.exception("cannot write mysqld-auto.cnf");
            }
            // super_read_only=ON implies read_only=ON; read_only=OFF implies super_read_only=OFF.
            if (!scope.equals("persist_only")) {
                if (name.equals("super_read_only") && value.equals("ON")) vars.set("read_only", "ON");
                if (name.equals("read_only") && value.equals("OFF")) vars.set("super_read_only", "OFF");
            }
            return;
        }
        switch (name) {
            case "gtid_next" -> session.binlog().setGtidNext(value, session.inTransaction());
            case "sql_log_bin" -> {
                if (session.inTransaction()) {
                    throw new MysqlException(1694, "HY000",
                            "Cannot modify @@session.sql_log_bin inside a transaction", null);
                }
                session.setSessionValue(name, value);
                session.binlog().setLogBin("ON".equals(value));
            }
            case "autocommit" -> session.setAutocommit("ON".equals(value));
            case "last_insert_id" -> session.setLastInsertId(Long.parseLong(value));
            case "transaction_isolation" -> {
                session.setSessionValue(name, value);
                session.engine().setTransactionIsolation(isolation(value));
            }
            default -> session.setSessionValue(name, value);
        }
    }

    /** Out-of-range integers are clamped with warning 1292, as MySQL does. */
    private String clamp(String name, String value) {
        long[] r = VariableCatalog.range(name);
        if (r == null) return value;
        java.math.BigInteger v = new java.math.BigInteger(value);
        java.math.BigInteger clamped = v.max(java.math.BigInteger.valueOf(r[0])).min(java.math.BigInteger.valueOf(r[1]));
        if (!clamped.equals(v)) {
            session.addWarning("Warning", ErrorCode.ER_TRUNCATED_WRONG_VALUE.code(),
                    ErrorCode.ER_TRUNCATED_WRONG_VALUE.format(name, value));
        }
        return clamped.toString();
    }

    static int isolation(String value) {
        return switch (value) {
            case "READ-UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ-COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> Connection.TRANSACTION_REPEATABLE_READ;
        };
    }

    /** Splits "a = 1, b = f(2, 3)" on top-level commas. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = SqlScan.skipQuoted(s, i);
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        out.add(s.substring(start));
        return out;
    }
}
