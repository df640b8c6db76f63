package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;

/**
 * QUERY_EVENT (2), binlog-format.md §7: BEGIN, COMMIT, ROLLBACK and DDL. The database and SQL text
 * are written as UTF-8 (utf8mb4 sessions).
 */
public record QueryEventData(long threadId, long execTime, int errorCode, QueryStatusVars statusVars,
        String database, String sql) implements EventData {

    static final int POST_HEADER_LENGTH = 13;

    /** A BEGIN that opens a row-based transaction. */
    public static QueryEventData begin(long threadId, QueryStatusVars statusVars, String database) {
        return new QueryEventData(threadId, 0, 0, statusVars, database, "BEGIN");
    }

    @Override
    public EventType type() {
        return EventType.QUERY;
    }

    @Override
    public void write(BinlogOutput out) {
        byte[] db = database.getBytes(StandardCharsets.UTF_8);
        if (db.length > 255) {
            throw new IllegalArgumentException("Database name longer than 255 bytes: " + database);
        }
        BinlogOutput vars = new BinlogOutput();
        statusVars.write(vars);
        out.int4(threadId).int4(execTime).int1(db.length).int2(errorCode).int2(vars.size());
        out.bytes(vars.toByteArray());
        out.bytes(db).int1(0);
        out.bytes(sql.getBytes(StandardCharsets.UTF_8));
    }

    public static QueryEventData read(BinlogInput in) {
        long threadId = in.int4();
        long execTime = in.int4();
        int dbLength = in.int1();
        int errorCode = in.int2();
        int statusVarsLength = in.int2();
        QueryStatusVars statusVars = QueryStatusVars.read(in.slice(statusVarsLength));
        String database = in.utf8(dbLength);
        in.int1();
        return new QueryEventData(threadId, execTime, errorCode, statusVars, database, in.utf8Rest());
    }
}
