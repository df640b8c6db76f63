package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2 errors to MySQL's code, SQLSTATE and text, from H2 2.3.232's measured messages. Anything
 * unknown becomes 1105 "Unknown error": H2's text never reaches a client.
 */
public final class H2ErrorMapper {
    private H2ErrorMapper() { }

    private static final Pattern CAST = Pattern.compile("CAST\\((.*) AS [^)]*\\)");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    /** Unique index: "schema.""t.k"" ON schema.t(a NULLS FIRST) VALUES ( /* 1 *}{@code / 'x' )". */
    private static final Pattern UNIQUE_INDEX = Pattern.compile("\"(?:[^.\"]+|\"\"[^\"]*\"\")\\.(\"\"(.*?)\"\"|[^ ]+) ON ([^(]+)\\((.*?)\\) VALUES \\( /\\* \\d+ \\*/ (.*) \\)\"");
    /** Primary key: "PRIMARY KEY ON schema.t(id) ( /* key:7 *}{@code / 7, 'x')". */
    private static final Pattern PRIMARY_KEY = Pattern.compile("PRIMARY KEY ON ([^(]+)\\((.*?)\\) \\( /\\* key:([^ ]*) \\*/ (.*)\\)\"");

    /**
     * @param currentDatabase the session's database, used where MySQL names "db.table"
     */
    public static MysqlException map(SQLException e, String currentDatabase) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof FunctionError f) return new MysqlException(f.code(), f.sqlState(), f.getMessage(), null);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        String first = firstQuoted(message);
        String db = currentDatabase == null ? "" : currentDatabase;
        return switch (e.getErrorCode()) {
            case 23505 -> duplicateKey(message);
            case 42102, 42103, 42104 -> error(ErrorCode.ER_NO_SUCH_TABLE, schemaNamed(message, stripSchema(first), db),
                    stripSchema(first));
            case 42122 -> error(ErrorCode.ER_BAD_FIELD_ERROR, lastPart(first), "field list");
            case 42101 -> error(ErrorCode.ER_TABLE_EXISTS_ERROR, stripSchema(first));
            case 90079 -> error(ErrorCode.ER_BAD_DB_ERROR, first);
            case 90078 -> error(ErrorCode.ER_DB_CREATE_EXISTS, first);
            case 23502 -> error(ErrorCode.ER_BAD_NULL_ERROR, first);
            case 22001 -> error(ErrorCode.ER_DATA_TOO_LONG, columnOnly(first), 1);
            case 22003, 22004 -> error(ErrorCode.ER_WARN_DATA_OUT_OF_RANGE, columnAfter(message, "in column"), 1);
            case 23513 -> checkViolation(first);
            case 23506 -> error(ErrorCode.ER_NO_REFERENCED_ROW_2, foreignKeyDetail(first));
            case 23503 -> error(ErrorCode.ER_ROW_IS_REFERENCED_2, foreignKeyDetail(first));
            case 42000, 42001 -> error(ErrorCode.ER_PARSE_ERROR, "", 1);
            // 90131: a row another transaction changed since this one read it.
            case 40001, 90131 -> error(ErrorCode.ER_LOCK_DEADLOCK);
            case 90020, 90098, 90121 -> error(ErrorCode.ER_SERVER_SHUTDOWN);
            case 50200 -> error(ErrorCode.ER_LOCK_WAIT_TIMEOUT);
            case 90022 -> error(ErrorCode.ER_SP_DOES_NOT_EXIST, "FUNCTION", db + "." + first);
            case 42111 -> error(ErrorCode.ER_DUP_KEYNAME, indexName(first));
            case 42112, 90057 -> error(ErrorCode.ER_CANT_DROP_FIELD_OR_KEY, indexName(first));
            case 42121 -> error(ErrorCode.ER_DUP_FIELDNAME, first);
            case 22012 -> error(ErrorCode.ER_DIVISION_BY_ZERO);
            case 22018 -> conversion(first, message);
            case 22007 -> temporal(first, secondQuoted(message), message);
            // An ENUM value not in the list: "('x', 'y')": "z".
            case 22030 -> {
                ValueLocator.Place p = ValueLocator.locate(message, secondQuoted(message));
                yield error(ErrorCode.ER_WARN_DATA_TRUNCATED, p == null ? "?" : p.column(), p == null ? 1 : p.row());
            }
            case 21002 -> error(ErrorCode.ER_WRONG_VALUE_COUNT_ON_ROW, 1);
            case 90059 -> error(ErrorCode.ER_NON_UNIQ_ERROR, first, "field list");
            case 90016 -> error(ErrorCode.ER_WRONG_FIELD_WITH_GROUP, first);
            case 90084 -> error(ErrorCode.ER_CANT_REMOVE_ALL_FIELDS);
            // ALTER TABLE ... NOT NULL over rows holding NULL (strict mode in MySQL).
            case 90081 -> error(ErrorCode.ER_INVALID_USE_OF_NULL);
            case 57014 -> error(ErrorCode.ER_QUERY_INTERRUPTED);
            case 90154 -> error(ErrorCode.ER_NON_DEFAULT_VALUE_FOR_GENERATED_COLUMN, lastPart(first), tableOf(first));
            default -> error(ErrorCode.ER_UNKNOWN_ERROR);
        };
    }

    /** The table of "schema.table.column" (or "table.column"); "" for a bare column. */
    private static String tableOf(String qualified) {
        String[] parts = qualified.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : "";
    }

    private static MysqlException error(ErrorCode code, Object... args) {
        return new MysqlException(code, code.format(args));
    }

    private static MysqlException duplicateKey(String message) {
        Matcher m = PRIMARY_KEY.matcher(message);
        if (m.find()) {
            String table = lastPart(m.group(1));
            String key = m.group(3);
            String value = key.isEmpty() ? firstValue(m.group(4)) : key;
            return error(ErrorCode.ER_DUP_ENTRY, value, table + ".PRIMARY");
        }
        m = UNIQUE_INDEX.matcher(message);
        if (m.find()) {
            String index = m.group(2) != null ? m.group(2) : m.group(1);
            String table = lastPart(m.group(3));
            return error(ErrorCode.ER_DUP_ENTRY, String.join("-", values(m.group(5))),
                    table + "." + IndexNames.mysqlName(table, index));
        }
        return error(ErrorCode.ER_DUP_ENTRY, "?", "?");
    }

    /** Domain checks guard unsigned ranges (1264); named table checks are user CHECKs (3819). */
    private static MysqlException checkViolation(String detail) {
        if (detail == null || detail.startsWith("(")) return error(ErrorCode.ER_WARN_DATA_OUT_OF_RANGE, "?", 1);
        int colon = detail.indexOf(':');
        String name = colon >= 0 ? detail.substring(0, colon) : detail;
        int dot = name.indexOf('.');
        return error(ErrorCode.ER_CHECK_CONSTRAINT_VIOLATED, dot >= 0 ? name.substring(dot + 1) : name);
    }

    /** H2's "c.fk: db.c FOREIGN KEY(a, b) REFERENCES db.p(x, y) (1, 2)". */
    private static final Pattern FOREIGN_KEY = Pattern.compile("(.+?): (.+?) FOREIGN KEY\\((.*?)\\) REFERENCES (.+?)\\((.*?)\\)(?: \\(.*\\))?");

    /**
     * MySQL's " (`db`.`child`, CONSTRAINT `name` FOREIGN KEY (`a`) REFERENCES `parent` (`x`))".
     * MySQL goes on with the key's ON DELETE / ON UPDATE actions, which H2's message lacks.
     */
    static String foreignKeyDetail(String detail) {
        if (detail == null) return "";
        Matcher m = FOREIGN_KEY.matcher(detail);
        if (!m.matches()) return " (" + detail.replaceAll(" \\([^()]*\\)$", "") + ")";
        List<String> child = identifiers(m.group(2), '.');
        List<String> parent = identifiers(m.group(4), '.');
        String table = child.get(child.size() - 1);
        String childSchema = child.size() > 1 ? child.get(0) : "";
        String parentSchema = parent.size() > 1 ? parent.get(0) : childSchema;
        String name = IndexNames.mysqlName(table, identifiers(m.group(1), '\0').get(0));
        return " (" + (childSchema.isEmpty() ? "" : quote(childSchema) + ".") + quote(table)
                + ", CONSTRAINT " + quote(name) + " FOREIGN KEY (" + quotedList(m.group(3))
                + ") REFERENCES " + (parentSchema.equals(childSchema) ? "" : quote(parentSchema) + ".")
                + quote(parent.get(parent.size() - 1)) + " (" + quotedList(m.group(5)) + "))";
    }

    /** Splits H2's rendering of names at {@code separator}, outside double quotes, unquoting each. */
    private static List<String> identifiers(String text, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    private static String quotedList(String columns) {
        List<String> out = new ArrayList<>();
        for (String c : identifiers(columns, ',')) out.add(quote(c));
        return String.join(", ", out);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** Splits "1, 'x', NULL" into MySQL's rendering of each value. */
    static List<String> values(String list) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < list.length()) {
            while (i < list.length() && list.charAt(i) == ' ') i++;
            if (i >= list.length()) break;
            StringBuilder v = new StringBuilder();
            // CAST('a' AS VARCHAR_IGNORECASE(1)): the literal inside is the value.
            boolean castLiteral = list.startsWith("CAST('", i);
            if (castLiteral) i += 5;
            if (list.charAt(i) == '\'') {
                i++;
                while (i < list.length()) {
                    char c = list.charAt(i++);
                    if (c == '\'') {
                        if (i < list.length() && list.charAt(i) == '\'') { v.append('\''); i++; continue; }
                        break;
                    }
                    v.append(c);
                }
                for (int depth = castLiteral ? 1 : 0; depth > 0 && i < list.length(); i++) {
                    char c = list.charAt(i);
                    if (c == '(') depth++;
                    else if (c == ')') depth--;
                }
                while (i < list.length() && list.charAt(i) != ',') i++;
            } else {
                while (i < list.length() && list.charAt(i) != ',') v.append(list.charAt(i++));
            }
            String value = v.toString().trim();
            Matcher cast = CAST.matcher(value);
            out.add(cast.matches() ? cast.group(1) : value);
            i++;
        }
        return out;
    }

    private static String firstValue(String list) {
        List<String> v = values(list);
        return v.isEmpty() ? "?" : v.get(0);
    }

    private static String firstQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        return m.find() ? m.group(1).replace("\"\"", "\"") : null;
    }

    private static String secondQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        return m.find() && m.find() ? m.group(1) : "";
    }

    /**
     * The schema a table was named with in the statement H2 quotes after its message (H2 names
     * only the table), else the session's database: MySQL says 'sbtest.sbtest3'.
     */
    private static String schemaNamed(String message, String table, String currentDatabase) {
        int at = message.indexOf("SQL statement:");
        if (at < 0 || table.isEmpty()) return currentDatabase;
        Matcher m = Pattern.compile("([`\"]?)([^`\"\\s.,()]+)\\1\\s*\\.\\s*[`\"]?" + Pattern.quote(table) + "(?![\\w$])",
                Pattern.CASE_INSENSITIVE).matcher(message.substring(at));
        return m.find() ? m.group(2) : currentDatabase;
    }

    private static String stripSchema(String name) {
        return name == null ? "" : lastPart(name);
    }

    private static String lastPart(String name) {
        if (name == null) return "";
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    /** "a CHARACTER VARYING(3)" is column a. */
    private static String columnOnly(String detail) {
        if (detail == null) return "";
        int space = detail.indexOf(' ');
        return space >= 0 ? detail.substring(0, space) : detail;
    }

    private static String columnAfter(String message, String marker) {
        int at = message.indexOf(marker);
        if (at < 0) return "?";
        Matcher m = QUOTED.matcher(message.substring(at));
        return m.find() ? m.group(1) : "?";
    }

    /** A value into a column: H2 writes "'abc' (t: ""id"" INTEGER NOT NULL)". */
    private static final Pattern INTO_COLUMN = Pattern.compile("(?s)'(.*)' \\([^:]*: \"(.*)\" ([A-Z ]+?)(?: NOT NULL)?(?:\\(.*)?\\)");

    /**
     * A date or time the engine could not read ({@code Cannot parse "DATE" constant "..."}):
     * MySQL's "Incorrect date value: '...' for column 'c' at row n" when it was for a column.
     */
    private static MysqlException temporal(String h2Type, String value, String message) {
        String type = h2Type == null ? "datetime" : h2Type.startsWith("DATE") ? "date"
                : h2Type.startsWith("TIMESTAMP") ? "datetime" : h2Type.startsWith("TIME") ? "time" : "datetime";
        ValueLocator.Place p = ValueLocator.locate(message, value);
        if (p == null) return error(ErrorCode.ER_TRUNCATED_WRONG_VALUE, "datetime", value);
        return new MysqlException(ErrorCode.ER_TRUNCATED_WRONG_VALUE.code(), ErrorCode.ER_TRUNCATED_WRONG_VALUE.sqlState(),
                "Incorrect " + type + " value: '" + value + "' for column '" + p.column() + "' at row " + p.row(), null);
    }

    /** A value the engine could not convert: MySQL's 1366 when it was for a column, else 1292. */
    private static MysqlException conversion(String detail, String message) {
        Matcher m = INTO_COLUMN.matcher(detail == null ? "" : detail);
        if (m.matches()) {
            String type = switch (m.group(3).trim()) {
                case "INTEGER", "BIGINT", "SMALLINT", "TINYINT" -> "integer";
                case "NUMERIC", "DECIMAL" -> "decimal";
                case "DOUBLE PRECISION", "REAL", "FLOAT" -> "double";
                case "DATE" -> "date";
                case "TIME" -> "time";
                case "TIMESTAMP" -> "datetime";
                default -> "string";
            };
            String value = m.group(1).replace("''", "'");
            ValueLocator.Place p = ValueLocator.locate(message, value);
            return error(ErrorCode.ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, type, value, m.group(2), p == null ? 1 : p.row());
        }
        return error(ErrorCode.ER_TRUNCATED_WRONG_VALUE, "INTEGER", unquoteValue(detail));
    }

    private static String unquoteValue(String v) {
        return v == null ? "" : v;
    }

    private static String indexName(String h2Name) {
        if (h2Name == null) return "";
        int dot = h2Name.indexOf('.');
        return dot >= 0 ? h2Name.substring(dot + 1) : h2Name;
    }
}
