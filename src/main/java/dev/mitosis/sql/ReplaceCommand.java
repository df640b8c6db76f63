package dev.mitosis.sql;

import java.util.List;

/**
 * A MySQL REPLACE, to be run by {@link ReplaceExecutor}: the rows come from {@code rowsQuery}
 * (H2 VALUES or SELECT, holding the statement's parameters), and each row replaces the rows it
 * conflicts with on any unique key.
 *
 * @param schema  lower-case schema, or null for the session's current one
 * @param table   lower-case table name
 * @param columns lower-case target columns; empty means all, in table order
 */
public record ReplaceCommand(String schema, String table, List<String> columns, String rowsQuery) { }
