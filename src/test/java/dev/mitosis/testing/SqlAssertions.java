package dev.mitosis.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;

/** Assertions on what a real client sees of MySQL errors. */
public final class SqlAssertions {
    private SqlAssertions() {}

    public interface SqlAction {
        void run() throws SQLException;
    }

    /** The action fails with this MySQL error code and SQLSTATE, and no engine text leaks. */
    public static SQLException assertError(int code, String sqlState, SqlAction action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        assertEquals(code, e.getErrorCode(), () -> "error code for: " + e.getMessage());
        assertEquals(sqlState, e.getSQLState(), () -> "SQLSTATE for: " + e.getMessage());
        assertFalse(e.getMessage().contains("H2") || e.getMessage().contains("[42") || e.getMessage().contains("SQL statement:"),
                () -> "engine text leaked: " + e.getMessage());
        return e;
    }
}
