package dev.mitosis.sql;

/**
 * A MySQL error raised inside one of our engine functions (JSON text or path errors, parameter
 * counts): the engine wraps it, the server reports its code, SQLSTATE and text.
 */
public final class FunctionError extends IllegalArgumentException {
    private final int code;
    private final String sqlState;

    public FunctionError(int code, String sqlState, String message) {
        super(message);
        this.code = code;
        this.sqlState = sqlState;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    static FunctionError invalidJsonPath(int position) {
        return new FunctionError(3143, "42000",
                "Invalid JSON path expression. The error is around character position " + position + ".");
    }

    static FunctionError parameterCount(String function) {
        return new FunctionError(1582, "42000", "Incorrect parameter count in the call to native function '" + function + "'");
    }

    static FunctionError invalidJsonText(int position) {
        return new FunctionError(3141, "22032", "Invalid JSON text: \"Invalid value.\" at position " + position + ".");
    }
}
