package dev.mitosis.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class GtidTableCompressionTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "4f22fa47-71ca-11e1-9e33-c80aa9429562";

    private static Connection open(String name) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA mysql");
        }
        GtidState.createTable(c);
        return c;
    }

    private static void insert(Connection c, String uuid, long first, long last) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(GtidState.INSERT_SQL)) {
            for (long g = first; g <= last; g++) {
                p.setString(1, uuid);
                p.setLong(2, g);
                p.setLong(3, g);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static long rows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mysql.gtid_executed")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void compressesRunsAcrossStepsAndKeepsGaps() throws SQLException {
        try (Connection c = open("compress1")) {
            insert(c, A, 1, 4321);
            insert(c, A, 4323, 4400);
            insert(c, B, 1, 7);
            GtidSet before = GtidState.loadTable(c);
            assertEquals(GtidSet.parse(A + ":1-4321:4323-4400," + B + ":1-7"), before);
            // Small steps: a run longer than a step is merged over several of them.
            Object[] cursor = null;
            int steps = 0;
            do {
                cursor = GtidState.compressStep(c, cursor, 500);
                steps++;
            } while (cursor != null);
            assertEquals(3, rows(c));
            assertEquals(before, GtidState.loadTable(c));
            assertEquals(true, steps > 8, "steps: " + steps);
            insert(c, A, 4401, 4410);
            GtidState.compressTable(c);
            assertEquals(3, rows(c));
            assertEquals(GtidSet.parse(A + ":1-4321:4323-4410," + B + ":1-7"), GtidState.loadTable(c));
        }
    }
}
