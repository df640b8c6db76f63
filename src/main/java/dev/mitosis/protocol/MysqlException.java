package dev.mitosis.protocol;

/** A failure the client sees as an ERR packet with MySQL's code, SQLSTATE and text. */
public class MysqlException extends Exception {
    private final int code;
    private final String sqlState;

    public MysqlException(ErrorCode error, String message) {
        this(error.code(), error.sqlState(), message, null);
    }

    public MysqlException(int code, String sqlState, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.sqlState = sqlState;
    }

    public int code() { return code; }
    public String sqlState() { return sqlState; }
}
