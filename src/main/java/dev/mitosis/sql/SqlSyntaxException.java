package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

/**
 * A syntax error found by our front end, located in the source text. Unchecked so the lexer can
 * be used from anywhere; {@link #toMysqlException()} gives MySQL's 1064 text.
 */
public final class SqlSyntaxException extends RuntimeException {
    private final String sql;
    private final int position;

    public SqlSyntaxException(String sql, int position) {
        super(null, null, false, false);
        this.sql = sql;
        this.position = Math.max(0, Math.min(position, sql.length()));
    }

    public int position() { return position; }

    @Override
    public String getMessage() {
        return ErrorCode.ER_PARSE_ERROR.format(near(), line());
    }

    /** MySQL quotes at most 80 characters of the rest of the statement. */
    String near() {
        String rest = sql.substring(position);
        return rest.length() > 80 ? rest.substring(0, 80) : rest;
    }

    int line() {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (sql.charAt(i) == '\n') line++;
        }
        return line;
    }

    public MysqlException toMysqlException() {
        return new MysqlException(ErrorCode.ER_PARSE_ERROR, getMessage());
    }
}
