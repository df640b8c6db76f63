package dev.mitosis.sql;

/**
 * The MySQL types of table columns, for the translations that need them: a date or time column
 * in arithmetic is its number in MySQL, which the engine only produces when told the type.
 */
@FunctionalInterface
public interface ColumnLookup {
    /**
     * The column's type, or null when the table or column is unknown (or the lookup fails).
     *
     * @param schema the database as the statement names it, or null for the current one
     * @param table  the table (or view) as the statement names it
     * @param column the column as the statement names it
     */
    MysqlType type(String schema, String table, String column);
}
