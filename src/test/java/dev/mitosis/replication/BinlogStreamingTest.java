package dev.mitosis.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** mysql-binlog-connector-java streams live from a Mitosis source with a GTID set. */
class BinlogStreamingTest {
    @Test
    void binaryLogClientSeesExactlyTheTransactionsItLacks() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            String uuid = server.instance().serverUuid();
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE USER 'repl'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'");
                s.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'");
                s.execute("CREATE DATABASE s");
                s.execute("CREATE TABLE s.t (id INT PRIMARY KEY, v VARCHAR(10))");
                for (int i = 1; i <= 3; i++) s.execute("INSERT INTO s.t VALUES (" + i + ", 'v" + i + "')");
            }
            String executed;
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
                rs.next();
                executed = rs.getString(1);
            }
            // The client has everything up to the first INSERT: it must get the other two, then live ones.
            long firstInsert = Long.parseLong(executed.substring(executed.lastIndexOf('-') + 1)) - 2;
            List<Event> events = new CopyOnWriteArrayList<>();
            BinaryLogClient client = streaming(server, 4242, uuid + ":1-" + firstInsert, events,
                    c -> c.setHeartbeatInterval(500));
            try {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO s.t VALUES (4, 'v4'), (5, 'v5')");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (gtids(events).size() < 3 && System.nanoTime() < deadline) Thread.sleep(50);
                List<String> got = gtids(events);
                assertEquals(List.of(uuid + ":" + (firstInsert + 1), uuid + ":" + (firstInsert + 2),
                        uuid + ":" + (firstInsert + 3)), got);
                assertEquals(List.of(2, 3, 4, 5), insertedIds(events));
                long deadlineHb = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (events.stream().noneMatch(e -> e.getHeader().getEventType() == EventType.HEARTBEAT)
                        && System.nanoTime() < deadlineHb) Thread.sleep(50);
                assertTrue(events.stream().anyMatch(e -> e.getHeader().getEventType() == EventType.HEARTBEAT),
                        "heartbeats while idle");
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void binaryLogClientStreamsOverTls() throws Exception {
        try (TestInstance server = TestInstance.start()) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE USER 'repl'@'%' IDENTIFIED WITH mysql_native_password BY 'pw' REQUIRE SSL");
                s.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'");
                s.execute("CREATE DATABASE tls");
                s.execute("CREATE TABLE tls.t (id INT PRIMARY KEY)");
            }
            List<Event> events = new CopyOnWriteArrayList<>();
            // The account requires TLS: a plain connection would be refused with 1045.
            BinaryLogClient client = streaming(server, 4243, "", events,
                    c -> c.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.REQUIRED));
            try {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO tls.t VALUES (42)");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (insertedIds(events).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
                assertEquals(List.of(42), insertedIds(events));
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void aReplicasLogCarriesTheSourcesTransactionsWithTheirGtidsAndRows() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            dev.mitosis.testing.Replication.sourceAccount(a);
            dev.mitosis.testing.Replication.replicate(b, a);
            dev.mitosis.testing.Replication.exec(a, "CREATE DATABASE r",
                    "CREATE TABLE r.t (id INT PRIMARY KEY, v VARCHAR(10), d DECIMAL(8,2), ts DATETIME(3), j JSON)",
                    "INSERT INTO r.t VALUES (1, 'one', 1.50, '2026-01-02 03:04:05.678', '{\"k\": [1, \"x\"], \"b\": true}'),"
                            + " (2, 'two', -2.25, NULL, NULL)",
                    "UPDATE r.t SET v = 'uno' WHERE id = 1", "DELETE FROM r.t WHERE id = 2");
            dev.mitosis.testing.Replication.caughtUp(b, a);
            dev.mitosis.testing.Replication.exec(b, "CREATE USER 'cdc'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'",
                    "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%'");
            BinaryLogClient client = new BinaryLogClient(b.host(), b.port(), "cdc", "pw");
            client.setServerId(4343);
            client.setGtidSet("");
            List<Event> events = new CopyOnWriteArrayList<>();
            client.registerEventListener(events::add);
            client.connect(10_000);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (gtids(events).size() < 5 && System.nanoTime() < deadline) Thread.sleep(50);
                Thread.sleep(200); // the last transaction's rows follow its GTID event
            } finally {
                client.disconnect();
            }
            String uuid = a.instance().serverUuid();
            List<String> fromA = new ArrayList<>();
            for (int i = 1; i <= 5; i++) fromA.add(uuid + ":" + i);
            assertEquals(fromA, gtids(events).stream().filter(g -> g.startsWith(uuid)).toList());
            List<String> rows = new ArrayList<>();
            for (Event e : events) {
                Object d = e.getData();
                if (d instanceof WriteRowsEventData w) {
                    // A JSON column is MySQL's binary JSON, which the connector reads with its own parser.
                    for (var r : w.getRows()) rows.add("+" + r[0] + "," + r[1] + "," + r[2] + "," + json(r[4]));
                }
                if (d instanceof com.github.shyiko.mysql.binlog.event.UpdateRowsEventData u) {
                    u.getRows().forEach(r -> rows.add("~" + r.getKey()[0] + ">" + r.getValue()[0]));
                }
                if (d instanceof com.github.shyiko.mysql.binlog.event.DeleteRowsEventData x) x.getRows().forEach(r -> rows.add("-" + r[0]));
            }
            assertEquals(List.of("+1,one,1.50,{\"b\":true,\"k\":[1,\"x\"]}", "+2,two,-2.25,null", "~1>1", "-2"), rows);
        }
    }

    private static String json(java.io.Serializable binary) {
        try {
            return binary == null ? "null"
                    : com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary.parseAsString((byte[]) binary);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A BinaryLogClient as 'repl', connected from {@code gtidSet}, adding every event it receives to {@code events}. */
    private static BinaryLogClient streaming(TestInstance server, long serverId, String gtidSet, List<Event> events,
            java.util.function.Consumer<BinaryLogClient> options) throws java.io.IOException, java.util.concurrent.TimeoutException {
        BinaryLogClient client = new BinaryLogClient(server.host(), server.port(), "repl", "pw");
        client.setServerId(serverId);
        client.setGtidSet(gtidSet);
        options.accept(client);
        client.registerEventListener(events::add);
        client.connect(10_000);
        return client;
    }

    /** The first column of every row the write-rows events carry, in order. */
    private static List<Object> insertedIds(List<Event> events) {
        List<Object> ids = new ArrayList<>();
        for (Event e : events) {
            if (e.getHeader().getEventType() == EventType.EXT_WRITE_ROWS) {
                for (java.io.Serializable[] row : ((WriteRowsEventData) e.getData()).getRows()) ids.add(row[0]);
            }
        }
        return ids;
    }

    private static List<String> gtids(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.getData() instanceof GtidEventData g) out.add(g.getMySqlGtid().toString());
        }
        return out;
    }
}
