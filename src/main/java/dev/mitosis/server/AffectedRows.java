package dev.mitosis.server;

import dev.mitosis.sql.StatementKind;

/**
 * A DML statement's affected-row count as MySQL reports it. H2 counts every row an UPDATE found;
 * MySQL counts the rows it changed, unless the client asked for found rows (CLIENT_FOUND_ROWS, as
 * Connector/J does by default), and an ON DUPLICATE KEY UPDATE that leaves a row as it was counts
 * it as 1 found but 0 changed. {@code info} is the OK packet's text for an UPDATE.
 */
record AffectedRows(long count, String info) {
    /**
     * @param engineCount the engine's count: found rows for an UPDATE; for an INSERT with ON
     *                    DUPLICATE KEY UPDATE, 1 per insert, 2 per changed row, 0 per unchanged one
     * @param unchanged   the rows the statement's updates left as they were
     */
    static AffectedRows of(StatementKind kind, long engineCount, long unchanged, boolean clientFoundRows, int warnings) {
        return switch (kind) {
            case UPDATE -> {
                long changed = Math.max(0, engineCount - unchanged);
                yield new AffectedRows(clientFoundRows ? engineCount : changed,
                        "Rows matched: " + engineCount + "  Changed: " + changed + "  Warnings: " + warnings);
            }
            case INSERT -> new AffectedRows(engineCount + (clientFoundRows ? unchanged : 0), null);
            default -> new AffectedRows(engineCount, null);
        };
    }
}
