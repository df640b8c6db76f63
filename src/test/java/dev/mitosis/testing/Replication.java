package dev.mitosis.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Replication set-up and checks shared by the replication and clone tests. */
public final class Replication {
    private Replication() {}

    public static void sourceAccount(TestInstance t) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("SET sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
            s.execute("SET sql_log_bin = 1");
        }
    }

    public static void replicate(TestInstance replica, TestInstance source) throws Exception {
        replicate(replica, source, "");
    }

    /** As {@link #replicate(TestInstance, TestInstance)}, with more CHANGE REPLICATION SOURCE options (", X = ..."). */
    public static void replicate(TestInstance replica, TestInstance source, String moreOptions) throws Exception {
        try (Connection c = replica.connect(); Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + source.host() + "', SOURCE_PORT=" + source.port()
                    + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1,"
                    + " SOURCE_CONNECT_RETRY=1" + moreOptions);
            s.execute("START REPLICA");
        }
    }

    public static String one(TestInstance t, String sql) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static List<String> column(TestInstance t, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Waits until the replica has executed everything the source has now. */
    public static void caughtUp(TestInstance replica, TestInstance source) throws Exception {
        String executed = one(source, "SELECT @@GLOBAL.gtid_executed");
        String r = one(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', 60)");
        if (!"0".equals(r)) throw new AssertionError("replica did not catch up with " + executed + "\n" + diagnosis(replica));
    }

    /** Every channel's state and the instance threads' stacks: what a stalled replica's failure must show. */
    private static String diagnosis(TestInstance replica) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = replica.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
            while (rs.next()) {
                for (String col : List.of("Channel_Name", "Replica_IO_Running", "Replica_IO_State", "Last_IO_Error",
                        "Replica_SQL_Running", "Replica_SQL_Running_State", "Last_SQL_Error", "Retrieved_Gtid_Set",
                        "Executed_Gtid_Set")) {
                    b.append(col).append('=').append(rs.getString(col)).append("; ");
                }
                b.append('\n');
            }
        }
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("mitosis")) continue;
            b.append(e.getKey().getName()).append(' ').append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) b.append("    at ").append(f).append('\n');
        }
        return b.toString();
    }

    public static String checksums(TestInstance t, String tables) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE " + tables)) {
            while (rs.next()) b.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
        }
        return b.toString();
    }

    /** Runs statements on an instance, as root. */
    public static void exec(TestInstance t, String... sql) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    /** The error code a statement fails with on an instance, as root; 0 if it succeeds. */
    public static int errorOf(TestInstance t, String sql) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            return e.getErrorCode();
        }
        return 0;
    }

    /** SHOW CREATE TABLE's text of a table, as root. */
    public static String createTableText(TestInstance t, String table) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(2);
        }
    }
}
