package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.binlog.BinlogEventInfo;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binary log administration: SHOW BINARY LOGS, SHOW BINLOG EVENTS, SHOW BINARY LOG STATUS (and
 * the MASTER spellings), FLUSH [BINARY] LOGS, PURGE BINARY LOGS, RESET BINARY LOGS AND GTIDS /
 * RESET MASTER, and SET gtid_purged.
 */
final class BinlogStatements {
    private static final Pattern EVENTS = Pattern.compile(
            "(?is)^\\s*SHOW\\s+BINLOG\\s+EVENTS(?:\\s+IN\\s+'([^']*)')?(?:\\s+FROM\\s+(\\d+))?"
                    + "(?:\\s+LIMIT\\s+(\\d+)(?:\\s*,\\s*(\\d+))?)?\\s*;?\\s*$");
    private static final Pattern PURGE = Pattern.compile(
            "(?is)^\\s*PURGE\\s+(?:BINARY|MASTER)\\s+LOGS\\s+(TO|BEFORE)\\s+(.+?)\\s*;?\\s*$");
    private static final Pattern RESET = Pattern.compile(
            "(?is)^\\s*RESET\\s+(?:MASTER|BINARY\\s+LOGS\\s+AND\\s+GTIDS)(?:\\s+TO\\s+(\\d+))?\\s*;?\\s*$");

    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    BinlogStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    /** Executes the statement if it is one of ours. */
    boolean tryExecute(String stmt, String[] w, boolean more) throws IOException, MysqlException, SQLException {
        switch (w[0]) {
            case "SHOW":
                if ((w[1].equals("BINARY") || w[1].equals("MASTER")) && (w[2].equals("LOGS"))) {
                    showLogs(more);
                    return true;
                }
                if ((w[1].equals("BINARY") && w[2].equals("LOG")) || (w[1].equals("MASTER") && w[2].equals("STATUS"))) {
                    showStatus(more);
                    return true;
                }
                if (w[1].equals("BINLOG") && w[2].equals("EVENTS")) {
                    showEvents(stmt, more);
                    return true;
                }
                return false;
            case "FLUSH": {
                String norm = stmt.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").replace(";", "").trim();
                if (norm.matches("FLUSH (NO_WRITE_TO_BINLOG |LOCAL )?(BINARY )?LOGS")) {
                    if (binlog().enabled()) binlog().rotate();
                    exec.ok(0, more);
                    return true;
                }
                return false;
            }
            case "PURGE":
                purge(stmt, more);
                return true;
            case "RESET":
                if (w[1].equals("MASTER") || w[1].equals("BINARY")) {
                    reset(stmt, more);
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private BinaryLog binlog() {
        return instance.binlog();
    }

    private void requireLog() throws MysqlException {
        if (!binlog().enabled()) throw new MysqlException(1381, "HY000", "You are not using binary logging", null);
    }

    private void showLogs(boolean more) throws IOException, SQLException, MysqlException {
        requireLog();
        List<Object[]> rows = new ArrayList<>();
        for (BinaryLog.FileInfo f : binlog().files()) rows.add(new Object[] {f.name(), f.size(), "No"});
        exec.writeRows(List.of(ResultColumn.text("Log_name"), ResultColumn.bigint("File_size"),
                ResultColumn.text("Encrypted")), rows, more);
    }

    private void showStatus(boolean more) throws IOException, SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (binlog().enabled()) {
            Object[] s = binlog().status();
            rows.add(new Object[] {s[0], s[1], "", "", s[2]});
        }
        exec.writeRows(List.of(ResultColumn.text("File"), ResultColumn.bigint("Position"),
                ResultColumn.text("Binlog_Do_DB"), ResultColumn.text("Binlog_Ignore_DB"),
                ResultColumn.text("Executed_Gtid_Set")), rows, more);
    }

    private void showEvents(String stmt, boolean more) throws IOException, SQLException, MysqlException {
        Matcher m = EVENTS.matcher(stmt);
        if (!m.matches()) throw ErrorCode.ER_PARSE_ERROR.exception(stmt.trim(), 1);
        if (!binlog().enabled()) {
            exec.writeRows(eventColumns(), List.of(), more);
            return;
        }
        String file = m.group(1);
        List<BinaryLog.FileInfo> files = binlog().files();
        if (file == null) file = files.isEmpty() ? null : files.get(0).name();
        if (file == null || !binlog().hasFile(file)) {
            throw new MysqlException(1220, "HY000",
                    "Error when executing command SHOW BINLOG EVENTS: Could not find target log", null);
        }
        long from = m.group(2) == null ? 4 : Long.parseLong(m.group(2));
        long offset = 0;
        long limit = Long.MAX_VALUE;
        if (m.group(3) != null) {
            if (m.group(4) != null) {
                offset = Long.parseLong(m.group(3));
                limit = Long.parseLong(m.group(4));
            } else {
                limit = Long.parseLong(m.group(3));
            }
        }
        List<Object[]> rows;
        try {
            rows = BinlogEventInfo.list(binlog().directory().resolve(file), file, from, offset, limit);
        } catch (IOException e) {
            throw new MysqlException(1220, "HY000",
                    "Error when executing command SHOW BINLOG EVENTS: Wrong offset or I/O error", null);
        }
        exec.writeRows(eventColumns(), rows, more);
    }

    private static List<ResultColumn> eventColumns() {
        return List.of(ResultColumn.text("Log_name"), ResultColumn.bigint("Pos"), ResultColumn.text("Event_type"),
                ResultColumn.bigint("Server_id"), ResultColumn.bigint("End_log_pos"), ResultColumn.text("Info"));
    }

    private void purge(String stmt, boolean more) throws IOException, SQLException, MysqlException {
        Matcher m = PURGE.matcher(stmt);
        if (!m.matches()) throw ErrorCode.ER_PARSE_ERROR.exception(stmt.trim(), 1);
        requireLog();
        String arg = m.group(2).trim();
        if (arg.length() >= 2 && (arg.startsWith("'") || arg.startsWith("\""))) arg = arg.substring(1, arg.length() - 1);
        if (m.group(1).equalsIgnoreCase("TO")) {
            String pinned = session.instance().binlogPins().oldestPinned();
            String target = arg;
            if (pinned != null && pinned.compareTo(arg) < 0 && binlog().hasFile(arg)) {
                // A clone served recently needs the logs from its snapshot on: purge up to them only.
                target = pinned;
                session.addWarning("Warning", 1867, "file ./" + pinned + " was not purged because it is needed by a"
                        + " clone whose replica has not attached yet (clone_donor_binlog_retention_seconds); purged only"
                        + " the files before it.");
            }
            if (!binlog().purgeTo(target)) {
                throw new MysqlException(1373, "HY000", "Target log not found in binlog index", null);
            }
        } else {
            LocalDateTime t = purgeTime(m.group(2).trim());
            binlog().purgeBefore(t.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
        }
        exec.ok(0, more);
    }

    /** BEFORE's argument: a datetime literal or any expression (NOW() - INTERVAL 3 DAY), evaluated as MySQL would. */
    private LocalDateTime purgeTime(String expr) throws MysqlException {
        try (java.sql.Statement st = session.engine().createStatement();
             java.sql.ResultSet rs = st.executeQuery(SqlFront.translate("SELECT CAST(" + expr + " AS DATETIME)").h2().get(0))) {
            LocalDateTime t = rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
            if (t != null) return t;
        } catch (SQLException | RuntimeException e) {
            // not a datetime: MySQL's error below
        }
        throw ErrorCode.ER_WRONG_ARGUMENTS.exception("PURGE LOGS BEFORE");
    }

    private void reset(String stmt, boolean more) throws IOException, SQLException, MysqlException {
        Matcher m = RESET.matcher(stmt);
        if (!m.matches()) throw ErrorCode.ER_PARSE_ERROR.exception(stmt.trim(), 1);
        long first = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
        if (first < 1 || first > 2000000000L) {
            throw new MysqlException(3567, "HY000", "The requested value '" + first
                    + "' for the next binary log index is out of range. Please use a value between '1' and '2000000000'.",
                    null);
        }
        if (session.inTransaction()) session.commit();
        if (!instance.gtids().owned().isEmpty()) {
            throw new MysqlException(1841, "HY000",
                    "@@GLOBAL.GTID_PURGED can only be set when there are no ongoing transactions (not even in other clients).",
                    null);
        }
        synchronized (instance.engine().system()) {
            binlog().reset(instance.engine().system(), first);
        }
        exec.ok(0, more);
    }

    /** SET @@GLOBAL.gtid_purged = 'set' or '+set' (MySQL 8 rules). */
    static void setGtidPurged(Instance instance, String value) throws MysqlException, SQLException {
        String v = value == null ? "" : value.trim();
        boolean plus = v.startsWith("+");
        if (plus) v = v.substring(1).trim();
        GtidSet set;
        try {
            set = GtidSet.parse(v);
        } catch (IllegalArgumentException e) {
            throw new MysqlException(1772, "HY000", "Malformed GTID set specification '" + value + "'.", null);
        }
        GtidSet executed = instance.gtids().executed();
        GtidSet purged = instance.gtids().purged();
        GtidSet added;
        if (plus) {
            if (!set.intersection(executed).isEmpty()) {
                throw purgedError("the added gtid set must not overlap with @@GLOBAL.GTID_EXECUTED");
            }
            added = set;
        } else {
            if (!set.containsAll(purged)) {
                throw purgedError("the new value must be a superset of the old value");
            }
            GtidSet logged = executed.subtract(purged);
            if (!set.intersection(logged).isEmpty()) {
                throw purgedError("the new value must not overlap with @@GLOBAL.GTID_EXECUTED");
            }
            added = set.subtract(purged);
        }
        if (!instance.gtids().owned().isEmpty()) {
            throw new MysqlException(1841, "HY000",
                    "@@GLOBAL.GTID_PURGED can only be set when there are no ongoing transactions (not even in other clients).",
                    null);
        }
        synchronized (instance.engine().system()) {
            instance.binlog().addPurged(instance.engine().system(), added);
        }
    }

    private static MysqlException purgedError(String why) {
        return new MysqlException(3546, "HY000", "@@GLOBAL.GTID_PURGED cannot be changed: " + why, null);
    }
}
