package dev.mitosis.engine;

/**
 * One captured row change: the table (schema and name as H2 stores them), the kind, full before
 * and after images (H2 trigger values, LOBs already read), and the statement it belongs to.
 */
public record RowChange(String schema, String table, Kind kind, Object[] before, Object[] after, int statement) {
    public enum Kind { INSERT, UPDATE, DELETE }
}
