package dev.mitosis.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Functions whose value belongs to the server session (FOUND_ROWS, LAST_INSERT_ID, @@variables,
 * ...). The translator routes them to {@code mitosis_fn}; H2 passes the calling connection, and
 * the server installs its implementation with {@link MysqlFunctions#setSessionFunctions}. The
 * defaults are what a bare H2 session can tell.
 */
public interface SessionFunctions {
    default Long foundRows(Connection c) { return 0L; }
    default Long rowCount(Connection c) { return -1L; }
    default java.math.BigDecimal lastInsertId(Connection c) { return java.math.BigDecimal.ZERO; }
    /** LAST_INSERT_ID(expr): sets the session value and returns it. */
    default java.math.BigDecimal lastInsertId(Connection c, java.math.BigDecimal value) { return value; }
    default String version(Connection c) { return "8.4.0"; }
    default Long connectionId(Connection c) { return 0L; }
    default String user(Connection c) { return "root@localhost"; }
    default String currentUser(Connection c) { return "root@localhost"; }
    /** DATABASE(): null when no database is selected. */
    default String database(Connection c) throws SQLException { return c.getSchema(); }
    /** @@name, @@global.name, @@session.name: the name as written after "@@". */
    default Object systemVariable(Connection c, String name) { return null; }
    /** A warning of the statement being executed (SHOW WARNINGS); {@code once}: not if the statement has it already. */
    default void warning(Connection c, int code, String message, boolean once) { }
}
