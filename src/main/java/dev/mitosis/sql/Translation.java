package dev.mitosis.sql;

import java.util.List;
import java.util.Set;

/**
 * The H2 form of one MySQL statement.
 *
 * @param kind           what the statement is (drives transaction handling and implicit commits)
 * @param h2             H2 statements to run in order; empty for BEGIN, no-op DDL options and kinds
 *                       the server executes itself. Only the first may hold parameters, except for
 *                       {@link StatementKind#REPLACE}, which runs through {@link ReplaceExecutor}.
 * @param parameterCount number of {@code ?} placeholders, in MySQL order
 * @param name           the savepoint, database or table named by the statement, if any
 * @param flags          facts the server acts on (see {@link Flag})
 * @param replace        how to run a REPLACE, else null
 */
public record Translation(StatementKind kind, List<String> h2, int parameterCount, String name,
                          Set<Flag> flags, ReplaceCommand replace) {
    public enum Flag {
        /** SELECT SQL_CALC_FOUND_ROWS: the server computes FOUND_ROWS(). */
        CALC_FOUND_ROWS,
        /** START TRANSACTION READ ONLY */
        READ_ONLY,
        /** START TRANSACTION WITH CONSISTENT SNAPSHOT */
        CONSISTENT_SNAPSHOT,
        /** COMMIT/ROLLBACK AND CHAIN */
        CHAIN,
        /** COMMIT/ROLLBACK RELEASE */
        RELEASE,
        /** CREATE/DROP ... with IF [NOT] EXISTS */
        IF_EXISTS_CLAUSE,
        /** CREATE/DROP TEMPORARY TABLE: no implicit commit in MySQL */
        TEMPORARY,
        /** INSERT IGNORE / UPDATE IGNORE */
        IGNORE,
        /**
         * Translated without column types, the statement is only right for some schemas (a
         * multi-table UPDATE's unqualified SET column is taken as the first table's): translate it
         * with them where they are known.
         */
        COLUMNS
    }

    /** The single H2 statement; fails if this translation is a program of several. */
    public String sql() {
        if (h2.size() != 1) throw new IllegalStateException(kind + " has " + h2.size() + " H2 statements");
        return h2.get(0);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
