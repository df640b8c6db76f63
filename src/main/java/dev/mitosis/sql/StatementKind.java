package dev.mitosis.sql;

/**
 * What a statement is, by its leading keywords. {@link #translated} kinds go through
 * {@link H2Translator}; the others are executed by the server itself. {@link #implicitCommit}
 * follows MySQL: the statement commits the open transaction before it runs.
 */
public enum StatementKind {
    SELECT(true, false),
    INSERT(true, false),
    REPLACE(true, false),
    UPDATE(true, false),
    DELETE(true, false),
    CREATE_TABLE(true, true),
    ALTER_TABLE(true, true),
    DROP_TABLE(true, true),
    TRUNCATE_TABLE(true, true),
    RENAME_TABLE(true, true),
    CREATE_INDEX(true, true),
    DROP_INDEX(true, true),
    CREATE_DATABASE(true, true),
    DROP_DATABASE(true, true),
    ALTER_DATABASE(true, true),
    CREATE_VIEW(true, true),
    DROP_VIEW(true, true),
    ALTER_VIEW(true, true),
    BEGIN(true, true),
    COMMIT(true, false),
    ROLLBACK(true, false),
    SAVEPOINT(true, false),
    ROLLBACK_TO_SAVEPOINT(true, false),
    RELEASE_SAVEPOINT(true, false),
    /** ANALYZE/OPTIMIZE/CHECK/REPAIR TABLE: the server answers with a status result set. */
    TABLE_MAINTENANCE(false, true),
    SHOW(false, false),
    SET(false, false),
    USE(false, false),
    /** DESCRIBE t / DESC t / EXPLAIN t (a table, not a statement). */
    DESCRIBE(false, false),
    /** EXPLAIN of a statement. */
    EXPLAIN(false, false),
    LOCK_TABLES(false, true),
    UNLOCK_TABLES(false, true),
    FLUSH(false, true),
    KILL(false, false),
    DO(false, false),
    ACCOUNT_MANAGEMENT(false, true),
    REPLICATION(false, true),
    BINARY_LOG(false, true),
    CLONE(false, true),
    PLUGIN(false, true),
    PREPARED_SQL(false, false),
    XA(false, false),
    CALL(false, false),
    /** CREATE/DROP TRIGGER, PROCEDURE, FUNCTION, EVENT. */
    STORED_PROGRAM(false, true),
    LOAD_DATA(false, false),
    SHUTDOWN(false, false),
    HELP(false, false),
    /** Empty text or only comments. */
    EMPTY(false, false),
    OTHER(false, false);

    public final boolean translated;
    public final boolean implicitCommit;

    StatementKind(boolean translated, boolean implicitCommit) {
        this.translated = translated;
        this.implicitCommit = implicitCommit;
    }
}
