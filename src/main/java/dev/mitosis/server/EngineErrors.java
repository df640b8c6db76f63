package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.Connection;
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

    /**
     * H2's internal failure reading its catalog or a table while a DDL statement changes it
     * (H2 reads its catalog without a lock, and a read may meet rows of the table's next
     * definition): worth reading again, as the DDL will have moved on.
     */
    static boolean racedDdl(SQLException e) {
        String m = e.getMessage();
        return e.getErrorCode() == 50000 && m != null && (m.contains("ConcurrentModificationException")
                || m.contains("NullPointerException") || m.contains("IndexOutOfBoundsException"));
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
        if (mapped.code() == ErrorCode.ER_UNKNOWN_ERROR.code()) {
            log.info("engine error {} mapped to 1105: {}", e.getErrorCode(), e.getMessage());
        }
        return mapped;
    }

    /** "... fails (`db`.`child`, CONSTRAINT `name` FOREIGN KEY ...)": the child's database, table and key. */
    private static final Pattern FOREIGN_KEY_DETAIL = Pattern.compile("\\(`((?:[^`]|``)*)`\\.`((?:[^`]|``)*)`, CONSTRAINT `((?:[^`]|``)*)` .*\\)$");

    /**
     * A foreign-key violation (1451, 1452) with the key's ON DELETE / ON UPDATE actions that
     * MySQL's message ends with, read from the catalog (the engine's message lacks them).
     */
    static MysqlException withForeignKeyActions(MysqlException m, Connection c) {
        if (c == null || (m.code() != ErrorCode.ER_ROW_IS_REFERENCED_2.code() && m.code() != ErrorCode.ER_NO_REFERENCED_ROW_2.code())) {
            return m;
        }
        Matcher k = FOREIGN_KEY_DETAIL.matcher(m.getMessage());
        if (!k.find()) return m;
        String table = k.group(2).replace("``", "`");
        String h2Name = dev.mitosis.sql.IndexNames.h2Name(table, k.group(3).replace("``", "`"));
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT delete_rule, update_rule"
                + " FROM information_schema.referential_constraints WHERE constraint_schema = ? AND constraint_name IN (?, ?)")) {
            ps.setString(1, k.group(1).replace("``", "`"));
            ps.setString(2, h2Name);
            ps.setString(3, k.group(3).replace("``", "`"));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return m;
                String actions = TableShows.rule("DELETE", rs.getString(1)) + TableShows.rule("UPDATE", rs.getString(2));
                if (actions.isEmpty()) return m;
                String text = m.getMessage();
                return new MysqlException(m.code(), m.sqlState(), text.substring(0, text.length() - 1) + actions + ")", null);
            }
        } catch (SQLException e) {
            return m;
        }
    }

    private static String firstQuoted(String msg) {
        Matcher m = QUOTED.matcher(msg);
        return m.find() ? m.group(1) : "?";
    }

    private static String lastName(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return (dot >= 0 ? qualified.substring(dot + 1) : qualified).toLowerCase(Locale.ROOT);
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
