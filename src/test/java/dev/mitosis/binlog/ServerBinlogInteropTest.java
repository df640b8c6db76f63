package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.testing.TestInstance;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's own binlog files read by mysql-binlog-connector-java: every event decodes, the
 * GTIDs are @@GLOBAL.gtid_executed, the row images are the data, positions match SHOW BINLOG
 * EVENTS, and a fresh file's first transaction starts at 158 as in MySQL 8.4.
 */
class ServerBinlogInteropTest {
    /** Column name, SQL type, kind used to compare. */
    private static final String[][] COLUMNS = {
            {"id", "INT NOT NULL PRIMARY KEY", "int"},
            {"ti", "TINYINT", "int"}, {"tu", "TINYINT UNSIGNED", "u8"},
            {"si", "SMALLINT", "int"}, {"su", "SMALLINT UNSIGNED", "u16"},
            {"mi", "MEDIUMINT", "int"}, {"mu", "MEDIUMINT UNSIGNED", "u24"},
            {"i", "INT", "int"}, {"iu", "INT UNSIGNED", "u32"},
            {"bi", "BIGINT", "int"}, {"bu", "BIGINT UNSIGNED", "u64"},
            {"de", "DECIMAL(12,3)", "dec"}, {"f", "FLOAT", "real"}, {"d", "DOUBLE", "real"},
            {"ch", "CHAR(5)", "text"}, {"vc", "VARCHAR(50)", "text"}, {"tx", "TEXT", "text"}, {"bl", "BLOB", "bytes"},
            {"dt", "DATE", "date"}, {"dtm", "DATETIME(6)", "datetime"}, {"ts", "TIMESTAMP NULL", "timestamp"},
            {"tm", "TIME", "time"}};

    @Test
    void connectorReadsOurFiles() throws Exception {
        try (TestInstance t = TestInstance.start(); Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE interop");
            s.execute("USE interop");
            StringBuilder ddl = new StringBuilder("CREATE TABLE types (");
            for (int i = 0; i < COLUMNS.length; i++) ddl.append(i > 0 ? ", " : "").append(COLUMNS[i][0]).append(' ').append(COLUMNS[i][1]);
            s.execute(ddl.append(")").toString());
            s.execute("INSERT INTO types VALUES (1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
                    + " -9223372036854775808, 18446744073709551615, -123456789.125, 1.5, -2.25e100,"
                    + " 'ab', 'h\u00e9llo \u65e5\u672c \ud83d\ude00', 'text \u00fc', X'00FF7F',"
                    + " '1999-12-31', '2024-02-29 23:59:59.999999', '2024-05-06 07:08:09', '12:34:56')");
            s.execute("INSERT INTO types (id) VALUES (2)");
            s.execute("INSERT INTO types VALUES (3, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0,"
                    + " 0.001, -0.0, 0, '', '', '', X'', '1970-01-01', '1970-01-01 00:00:00', '1970-01-02 00:00:00', '00:00:00')");
            s.execute("UPDATE types SET vc = 'changed', de = 1.5 WHERE id = 1");
            s.execute("DELETE FROM types WHERE id = 3");

            Map<Integer, Map<String, Object>> data = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM types")) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (String[] col : COLUMNS) row.put(col[0], col[2].equals("bytes") ? rs.getBytes(col[0]) : rs.getString(col[0]));
                    data.put(rs.getInt("id"), row);
                }
            }
            GtidSet executed;
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
                rs.next();
                executed = GtidSet.parse(rs.getString(1));
            }
            List<Object[]> shown = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN 'binlog.000001'")) {
                while (rs.next()) shown.add(new Object[] {rs.getLong("Pos"), rs.getString("Event_type"), rs.getLong("End_log_pos")});
            }

            List<Event> events = read(t.datadir().resolve("binlog.000001"));
            assertEquals(shown.size(), events.size(), "SHOW BINLOG EVENTS lists every event");
            long pos = 4;
            for (int i = 0; i < events.size(); i++) {
                EventHeaderV4 h = events.get(i).getHeader();
                assertEquals(pos, (long) shown.get(i)[0], "Pos of event " + i);
                assertEquals(h.getNextPosition(), (long) shown.get(i)[2], "End_log_pos of event " + i);
                pos = h.getNextPosition();
            }
            assertEquals(EventType.GTID, events.get(2).getHeader().getEventType());
            assertEquals(158, (long) shown.get(2)[0], "first transaction of a fresh 8.4 file");

            GtidSet logged = GtidSet.EMPTY;
            Map<Integer, Serializable[]> images = new HashMap<>();
            for (Event e : events) {
                if (e.getData() instanceof com.github.shyiko.mysql.binlog.event.GtidEventData g) {
                    logged = logged.union(GtidSet.parse(g.getMySqlGtid().toString()));
                } else if (e.getData() instanceof com.github.shyiko.mysql.binlog.event.WriteRowsEventData w) {
                    for (Serializable[] r : w.getRows()) images.put((Integer) r[0], r);
                } else if (e.getData() instanceof com.github.shyiko.mysql.binlog.event.UpdateRowsEventData u) {
                    for (Map.Entry<Serializable[], Serializable[]> r : u.getRows()) {
                        assertRow(images.get((Integer) r.getKey()[0]), r.getKey());
                        images.put((Integer) r.getValue()[0], r.getValue());
                    }
                } else if (e.getData() instanceof com.github.shyiko.mysql.binlog.event.DeleteRowsEventData d) {
                    for (Serializable[] r : d.getRows()) {
                        assertRow(images.get((Integer) r[0]), r);
                        images.remove((Integer) r[0]);
                    }
                }
            }
            assertEquals(executed, logged, "GTIDs in the file vs @@GLOBAL.gtid_executed");
            // The table map carries MySQL's types: signedness, TIMESTAMP vs DATETIME, TEXT/BLOB.
            TableMapEventData map = null;
            try (BinlogFileScanner sc = new BinlogFileScanner(t.datadir().resolve("binlog.000001"))) {
                for (BinlogEvent e = sc.next(); e != null && map == null; e = sc.next()) {
                    if (e.data() instanceof TableMapEventData m) map = m;
                }
            }
            assertTrue(map != null);
            for (int i = 0; i < COLUMNS.length; i++) {
                ColumnDef col = map.columns().get(i);
                if (col.realType() != ColumnType.FLOAT && col.realType() != ColumnType.DOUBLE) {
                    assertEquals(COLUMNS[i][2].startsWith("u"), col.unsigned(), "signedness of " + COLUMNS[i][0]);
                }
            }
            assertEquals(ColumnType.INT24, map.columns().get(5).realType());
            assertEquals(ColumnType.TIMESTAMP2, map.columns().get(20).realType());
            assertEquals(ColumnType.DATETIME2, map.columns().get(19).realType());
            assertEquals(ColumnType.BLOB, map.columns().get(16).realType());
            assertEquals(ColumnType.BLOB, map.columns().get(17).realType());
            assertEquals(data.keySet(), images.keySet());
            for (Map.Entry<Integer, Serializable[]> e : images.entrySet()) {
                Map<String, Object> row = data.get(e.getKey());
                for (int i = 0; i < COLUMNS.length; i++) {
                    compare(COLUMNS[i], row.get(COLUMNS[i][0]), e.getValue()[i]);
                }
            }
        }
    }

    private static void assertRow(Serializable[] expected, Serializable[] actual) {
        assertTrue(expected != null, "before-image of an unknown row");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[] b) assertArrayEquals(b, (byte[]) actual[i]);
            else assertEquals(expected[i], actual[i], "before-image column " + i);
        }
    }

    static List<Event> read(Path file) throws Exception {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        List<Event> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); BinaryLogFileReader r = new BinaryLogFileReader(in, deserializer)) {
            for (Event e = r.readEvent(); e != null; e = r.readEvent()) out.add(e);
        }
        return out;
    }

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private static void compare(String[] col, Object sql, Serializable logged) {
        String what = "column " + col[0];
        if (sql == null) {
            assertEquals(null, logged, what);
            return;
        }
        assertTrue(logged != null, what + " is NULL in the log but " + sql + " in the table");
        String text = sql instanceof String str ? str : null;
        switch (col[2]) {
            case "int" -> assertEquals(text, logged.toString(), what);
            case "u8" -> assertEquals(text, Integer.toString(((Number) logged).intValue() & 0xFF), what);
            case "u16" -> assertEquals(text, Integer.toString(((Number) logged).intValue() & 0xFFFF), what);
            case "u24" -> assertEquals(text, Integer.toString(((Number) logged).intValue() & 0xFFFFFF), what);
            case "u32" -> assertEquals(text, Long.toString(((Number) logged).longValue() & 0xFFFFFFFFL), what);
            case "u64" -> assertEquals(text, Long.toUnsignedString(((Number) logged).longValue()), what);
            case "dec" -> assertEquals(0, new BigDecimal(text).compareTo((BigDecimal) logged), what);
            case "real" -> assertEquals(Double.parseDouble(text), ((Number) logged).doubleValue(),
                    Math.abs(Double.parseDouble(text)) * 1e-6, what);
            case "text" -> assertEquals(text, new String((byte[]) logged, StandardCharsets.UTF_8), what);
            case "bytes" -> assertArrayEquals((byte[]) sql, (byte[]) logged, what);
            case "date" -> assertEquals(LocalDate.parse(text),
                    LocalDate.ofEpochDay(Math.floorDiv((Long) logged, 86_400_000_000L)), what);
            case "datetime" -> assertEquals(LocalDateTime.parse(text, DATETIME), micros((Long) logged, ZoneOffset.UTC), what);
            case "timestamp" -> assertEquals(LocalDateTime.parse(text, DATETIME), micros((Long) logged, ZoneId.systemDefault()), what);
            case "time" -> assertEquals(text, java.time.LocalTime.ofNanoOfDay(Math.floorMod((Long) logged, 86_400_000_000L) * 1000)
                    .format(DateTimeFormatter.ofPattern("HH:mm:ss")), what);
            default -> throw new IllegalStateException(col[2]);
        }
    }

    private static LocalDateTime micros(long micros, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000), zone);
    }
}
