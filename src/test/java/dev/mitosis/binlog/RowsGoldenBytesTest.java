package dev.mitosis.binlog;

import static dev.mitosis.binlog.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of binlog-format.md §17: d.t (id INT NOT NULL, v VARCHAR(10)) and INSERT (1,'ab'). */
class RowsGoldenBytesTest {
    static final TableMapEventData TABLE = TableMapEventData.of(0x5A, "d", "t", List.of(
            ColumnDef.integer("id", ColumnType.LONG, false, false),
            ColumnDef.varchar("v", 10, Collations.UTF8MB4_0900_AI_CI, true)));

    private static String written(EventData data) {
        BinlogOutput out = new BinlogOutput();
        data.write(out);
        return Hex.of(out.toByteArray());
    }

    @Test
    void tableMapWithMinimalOptionalMetadata() {
        assertEquals(Hex.of(bytes(
                "5a 00 00 00 00 00",             // table_id
                "01 00",                         // flags TM_BIT_LEN_EXACT_F
                "01 64 00",                      // schema "d"
                "01 74 00",                      // table "t"
                "02",                            // 2 columns
                "03 0f",                         // INT, VARCHAR
                "02",                            // metadata length
                "28 00",                         // VARCHAR max bytes 40 = 10 x 4 (utf8mb4)
                "02",                            // null bitmap: column 1 nullable
                "01 01 00",                      // SIGNEDNESS: 1 numeric column, signed
                "02 03 fc ff 00")),              // DEFAULT_CHARSET 255 (packed as 3 bytes)
                written(TABLE));
    }

    @Test
    void tableMapWithColumnNames() {
        assertEquals(Hex.of(bytes(
                "5a 00 00 00 00 00", "01 00", "01 64 00", "01 74 00", "02", "03 0f", "02", "28 00", "02",
                "01 01 00",                      // SIGNEDNESS
                "02 03 fc ff 00",                // DEFAULT_CHARSET
                "04 05 02 69 64 01 76")),        // COLUMN_NAME: "id", "v"
                written(TABLE.withColumnNames()));
    }

    @Test
    void writeRows() {
        assertEquals(Hex.of(bytes(
                "5a 00 00 00 00 00",             // table_id
                "01 00",                         // flags STMT_END_F
                "02 00",                         // extra_data_length: none
                "02",                            // width
                "03",                            // columns present: both
                "00",                            // NULL bitmap: none NULL
                "01 00 00 00",                   // id = 1
                "02 61 62")),                    // v = 'ab'
                written(new WriteRowsEventData(TABLE, RowsEventFlags.STMT_END, List.of(Row.of(1, "ab")))));
    }

    @Test
    void updateRowsHasTwoBitmapsAndImagePairs() {
        assertEquals(Hex.of(bytes(
                "5a 00 00 00 00 00", "01 00", "02 00", "02",
                "03",                            // before-image columns
                "03",                            // after-image columns
                "00", "01 00 00 00", "02 61 62", // before (1,'ab')
                "02", "01 00 00 00")),           // after (1,NULL): NULL bitmap bit 1
                written(new UpdateRowsEventData(TABLE, RowsEventFlags.STMT_END,
                        List.of(new UpdateRowsEventData.Change(Row.of(1, "ab"), Row.of(1, null))))));
    }

    @Test
    void deleteRowsWithSeveralRows() {
        assertEquals(Hex.of(bytes(
                "5a 00 00 00 00 00", "00 00", "02 00", "02", "03",
                "00", "ff ff ff ff", "00",       // (-1, '')
                "02", "00 00 00 80")),           // (MIN_INT, NULL)
                written(new DeleteRowsEventData(TABLE, 0, List.of(Row.of(-1, ""), Row.of(Integer.MIN_VALUE, null)))));
    }

    @Test
    void rejectsRowsThatDoNotMatchTheTable() {
        BinlogOutput out = new BinlogOutput();
        assertThrows(IllegalArgumentException.class,
                () -> new WriteRowsEventData(TABLE, 1, List.of(Row.of(1))).write(out));
        assertThrows(IllegalArgumentException.class,
                () -> new WriteRowsEventData(TABLE, 1, List.of(Row.of(null, "x"))).write(out));
        assertThrows(IllegalArgumentException.class,
                () -> new WriteRowsEventData(TABLE, 1, List.of(Row.of(1, "x".repeat(41)))).write(out));
    }

    @Test
    void readsBackWithTheTableMap() {
        WriteRowsEventData rows = new WriteRowsEventData(TABLE, 1, List.of(Row.of(1, "ab"), Row.of(2, null)));
        BinlogOutput out = new BinlogOutput();
        rows.write(out);
        assertEquals(rows, WriteRowsEventData.read(new BinlogInput(out.toByteArray()), id -> id == 0x5A ? TABLE : null));
        assertThrows(BinlogFormatException.class,
                () -> WriteRowsEventData.read(new BinlogInput(out.toByteArray()), id -> null));
    }
}
