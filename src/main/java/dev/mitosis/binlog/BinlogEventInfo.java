package dev.mitosis.binlog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** SHOW BINLOG EVENTS rows: MySQL 8.4's Event_type names and Info texts. */
public final class BinlogEventInfo {
    private BinlogEventInfo() {}

    /** Rows (Log_name, Pos, Event_type, Server_id, End_log_pos, Info) of a file from {@code from}. */
    public static List<Object[]> list(Path file, String name, long from, long offset, long limit) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (BinlogFileScanner s = new BinlogFileScanner(file)) {
            if (from < 4) throw new IOException("Wrong offset");
            long skipped = 0;
            while (rows.size() < limit) {
                long pos = s.position();
                BinlogEvent e = s.next();
                if (e == null) break;
                if (pos < from) {
                    if (s.position() > from) throw new IOException("Wrong offset");
                    continue;
                }
                if (skipped++ < offset) continue;
                rows.add(new Object[] {name, pos, typeName(e.header().typeCode()), e.header().serverId(),
                        e.header().logPos(), info(e.data(), name)});
            }
            if (rows.isEmpty() && from > s.position()) throw new IOException("Wrong offset");
        }
        return rows;
    }

    static String typeName(int code) {
        EventType t = EventType.byCode(code);
        if (t == null) return "Unknown";
        return switch (t) {
            case FORMAT_DESCRIPTION -> "Format_desc";
            case PREVIOUS_GTIDS -> "Previous_gtids";
            case GTID -> "Gtid";
            case ANONYMOUS_GTID -> "Anonymous_Gtid";
            case QUERY -> "Query";
            case TABLE_MAP -> "Table_map";
            case WRITE_ROWS -> "Write_rows";
            case UPDATE_ROWS -> "Update_rows";
            case DELETE_ROWS -> "Delete_rows";
            case XID -> "Xid";
            case ROTATE -> "Rotate";
            case STOP -> "Stop";
            case ROWS_QUERY -> "Rows_query";
            case HEARTBEAT -> "Heartbeat";
            default -> t.name().charAt(0) + t.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String info(EventData d, String file) {
        if (d instanceof FormatDescriptionEventData f) {
            return "Server ver: " + f.serverVersion() + ", Binlog ver: " + f.binlogVersion();
        }
        if (d instanceof PreviousGtidsEventData p) return p.gtids().toString();
        if (d instanceof GtidEventData g) {
            return "SET @@SESSION.GTID_NEXT= '" + (g.isAnonymous() ? "ANONYMOUS" : g.gtid().toString()) + "'";
        }
        if (d instanceof QueryEventData q) {
            String sql = q.sql();
            if (sql.equals("BEGIN") || sql.equals("COMMIT") || q.database().isEmpty()) return sql;
            var xid = q.statusVars().find(QueryStatusVar.DdlLoggedWithXid.class);
            return "use `" + q.database().replace("`", "``") + "`; " + sql
                    + (xid.isPresent() ? " /* xid=" + xid.get().xid() + " */" : "");
        }
        if (d instanceof TableMapEventData t) {
            return "table_id: " + t.tableId() + " (" + t.database() + "." + t.table() + ")";
        }
        if (d instanceof WriteRowsEventData w) return rows(w.table().tableId(), w.flags());
        if (d instanceof UpdateRowsEventData u) return rows(u.table().tableId(), u.flags());
        if (d instanceof DeleteRowsEventData r) return rows(r.table().tableId(), r.flags());
        if (d instanceof XidEventData x) return "COMMIT /* xid=" + x.xid() + " */";
        if (d instanceof RotateEventData r) return r.nextFile() + ";pos=" + r.position();
        return "";
    }

    private static String rows(long tableId, int flags) {
        return "table_id: " + tableId + ((flags & RowsEventFlags.STMT_END) != 0 ? " flags: STMT_END_F" : "");
    }
}
