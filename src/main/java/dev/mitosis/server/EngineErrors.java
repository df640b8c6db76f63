package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the engine's errors into MySQL's: number, SQLSTATE and text. No engine text leaks. */
final class EngineErrors {
    private static final Logger log = LoggerFactory.getLogger(EngineErrors.class);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern DUP = Pattern.compile(
            "violation: \"(?:[^\" .]+\\.)?([^\" ]+) ON (?:[^\" .]+\\.)?([^\"( ]+)\\(.*?VALUES \\( /\\* key:\\d+ \\*/ (.*)\\)\"",
            Pattern.DOTALL);

    private EngineErrors() {}

    static MysqlException translate(SQLException e) {
        return translate(e, null);
    }

    static MysqlException translate(SQLException e, String database, String statement) {
        if (e.getErrorCode() == 90079 && statement != null) {
            // A statement naming db.table of a missing database: MySQL reports the table.
            String schema = lastName(firstQuoted(e.getMessage() == null ? "" : e.getMessage()));
            Matcher m = Pattern.compile("(?i)[`\"]?" + Pattern.quote(schema) + "[`\"]?\\s*\\.\\s*[`\"]?([A-Za-z0-9_$]+)")
                    .matcher(statement);
            if (m.find()) return ErrorCode.ER_NO_SUCH_TABLE.exception(schema, m.group(1));
        }
        return translate(e, database);
    }

    static MysqlException translate(SQLException e, String database) {
        if (e instanceof MysqlSqlException m) return m.mysql();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.mitosis.gtid.GtidFunctions.MysqlFunctionError f) {
                return new MysqlException(f.getErrorCode(), f.getSQLState(), f.getMessage(), null);
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof MysqlRuntimeException m) return m.mysql();
            if (c instanceof MysqlSqlException m) return m.mysql();
        }
        MysqlException mapped = dev.mitosis.sql.H2ErrorMapper.map(e, database);
        if (mapped.code() != ErrorCode.ER_UNKNOWN_ERROR.code()) return mapped;
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String db = database == null ? "" : database;
        switch (e.getErrorCode()) {
            case 23505: return duplicate(msg);
            case 42102: case 42103: case 42104:
                return ErrorCode.ER_NO_SUCH_TABLE.exception(db, lastName(firstQuoted(msg)));
            case 42122: return ErrorCode.ER_BAD_FIELD_ERROR.exception(lastName(firstQuoted(msg)), "field list");
            case 42101: return ErrorCode.ER_TABLE_EXISTS_ERROR.exception(lastName(firstQuoted(msg)));
            case 90079: return ErrorCode.ER_BAD_DB_ERROR.exception(lastName(firstQuoted(msg)));
            case 90078: return ErrorCode.ER_DB_CREATE_EXISTS.exception(lastName(firstQuoted(msg)));
            case 42000: case 42001: return ErrorCode.ER_PARSE_ERROR.exception(near(msg), 1);
            case 23502: return ErrorCode.ER_BAD_NULL_ERROR.exception(lastName(firstQuoted(msg)));
            case 22001: return ErrorCode.ER_DATA_TOO_LONG.exception(columnOf(msg), 1);
            case 22003: case 23513: return ErrorCode.ER_WARN_DATA_OUT_OF_RANGE.exception(columnOf(msg), 1);
            case 22018: case 22007: return ErrorCode.ER_TRUNCATED_WRONG_VALUE.exception("DOUBLE", valueOf(msg));
            case 22012: return ErrorCode.ER_DIVISION_BY_ZERO.exception();
            case 40001: return ErrorCode.ER_LOCK_DEADLOCK.exception();
            case 50200: return ErrorCode.ER_LOCK_WAIT_TIMEOUT.exception();
            case 90131: return ErrorCode.ER_LOCK_DEADLOCK.exception();
            case 23503: return ErrorCode.ER_NO_REFERENCED_ROW_2.exception("");
            case 23506: return ErrorCode.ER_ROW_IS_REFERENCED_2.exception("");
            case 57014: return ErrorCode.ER_QUERY_INTERRUPTED.exception();
            case 90020: case 90098: case 90121: return ErrorCode.ER_SERVER_SHUTDOWN.exception();
            case 42111: return ErrorCode.ER_KEY_COLUMN_DOES_NOT_EXIST.exception(lastName(firstQuoted(msg)));
            case 42112: return ErrorCode.ER_DUP_KEYNAME.exception(lastName(firstQuoted(msg)));
            case 42121: return ErrorCode.ER_DUP_FIELDNAME.exception(lastName(firstQuoted(msg)));
            case 90057: return ErrorCode.ER_CANT_DROP_FIELD_OR_KEY.exception(lastName(firstQuoted(msg)));
            case 90022: return ErrorCode.ER_SP_DOES_NOT_EXIST.exception("FUNCTION", lastName(firstQuoted(msg)));
            case 21002: return ErrorCode.ER_WRONG_VALUE_COUNT_ON_ROW.exception(1);
            case 90053: return ErrorCode.ER_SUBQUERY_NO_1_ROW.exception();
            case 90059: return ErrorCode.ER_NON_UNIQ_ERROR.exception(lastName(firstQuoted(msg)), "field list");
            default:
                log.info("engine error {} mapped to 1105: {}", e.getErrorCode(), msg);
                return new MysqlException(ErrorCode.ER_UNKNOWN_ERROR, "Unknown error");
        }
    }

    private static MysqlException duplicate(String msg) {
        Matcher m = DUP.matcher(msg);
        if (m.find()) {
            String index = m.group(1);
            String table = m.group(2).toLowerCase(Locale.ROOT);
            String key = index.toUpperCase(Locale.ROOT).startsWith("PRIMARY_KEY") ? "PRIMARY" : index.toLowerCase(Locale.ROOT);
            String value = m.group(3).trim();
            value = value.replaceAll("^'(.*)'$", "$1").replaceAll("', '", "-").replaceAll(", ", "-");
            return ErrorCode.ER_DUP_ENTRY.exception(value, table + "." + key);
        }
        return ErrorCode.ER_DUP_ENTRY.exception("?", "PRIMARY");
    }

    private static String firstQuoted(String msg) {
        Matcher m = QUOTED.matcher(msg);
        return m.find() ? m.group(1) : "?";
    }

    private static String lastName(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return (dot >= 0 ? qualified.substring(dot + 1) : qualified).toLowerCase(Locale.ROOT);
    }

    private static String columnOf(String msg) {
        Matcher m = Pattern.compile("column \"?([^\" ]+)\"?", Pattern.CASE_INSENSITIVE).matcher(msg);
        if (m.find()) return lastName(m.group(1));
        return lastName(firstQuoted(msg));
    }

    private static String valueOf(String msg) {
        return firstQuoted(msg);
    }

    private static String near(String msg) {
        int i = msg.indexOf("[*]");
        int sql = msg.indexOf("; SQL statement:");
        if (i < 0) return "";
        String rest = msg.substring(i + 3, sql > i ? sql : msg.length());
        if (rest.endsWith("\"")) rest = rest.substring(0, rest.length() - 1);
        return rest.length() > 80 ? rest.substring(0, 80) : rest;
    }

    /** A MySQL error raised inside a function the engine calls; H2 wraps it as the cause. */
    static final class MysqlRuntimeException extends RuntimeException {
        private final transient MysqlException mysql;

        MysqlRuntimeException(MysqlException mysql) {
            super(mysql.getMessage(), null, false, false);
            this.mysql = mysql;
        }

        MysqlException mysql() {
            return mysql;
        }
    }

    /** A MySQL error raised inside engine code (our functions), carried through JDBC. */
    static final class MysqlSqlException extends SQLException {
        private final transient MysqlException mysql;

        MysqlSqlException(MysqlException mysql) {
            super(mysql.getMessage(), mysql.sqlState(), mysql.code());
            this.mysql = mysql;
        }

        MysqlException mysql() {
            return mysql;
        }
    }
}
