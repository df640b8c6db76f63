package dev.mitosis.binlog;

import static dev.mitosis.binlog.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reader tolerance and writer validation that the golden and interop tests do not reach. */
class CodecEdgeCasesTest {
    @Test
    void queryEventRoundTripsWithEveryStatusVariable() {
        QueryStatusVars vars = QueryStatusVars.mysqlDefaults().with(
                new QueryStatusVar.AutoIncrement(5, 2),
                new QueryStatusVar.TimeZone("Europe/Paris"),
                new QueryStatusVar.LcTimeNames(3),
                new QueryStatusVar.CharsetDatabase(8),
                new QueryStatusVar.TableMapForUpdate(3),
                new QueryStatusVar.Invoker("root", "localhost"),
                new QueryStatusVar.UpdatedDbNames(List.of("a", "b")),
                new QueryStatusVar.Microseconds(123456),
                new QueryStatusVar.ExplicitDefaultsForTimestamp(true),
                new QueryStatusVar.DdlLoggedWithXid(99),
                new QueryStatusVar.DefaultCollationForUtf8mb4(255),
                new QueryStatusVar.SqlRequirePrimaryKey(true),
                new QueryStatusVar.DefaultTableEncryption(false));
        QueryEventData query = new QueryEventData(1, 2, 0, vars, "", "DROP TABLE a.t, b.t");
        BinlogOutput out = new BinlogOutput();
        query.write(out);
        assertEquals(query, QueryEventData.read(new BinlogInput(out.toByteArray())));
        assertEquals(QueryStatusVar.Flags2.class, vars.vars().get(0).getClass());
        assertEquals(QueryStatusVar.DefaultTableEncryption.class, vars.vars().get(vars.vars().size() - 1).getClass());
        assertEquals("Europe/Paris", vars.find(QueryStatusVar.TimeZone.class).orElseThrow().name());
    }

    @Test
    void moreThanSixteenUpdatedDatabasesAreNotListed() {
        QueryStatusVar.UpdatedDbNames many = new QueryStatusVar.UpdatedDbNames(Collections.nCopies(17, "d"));
        BinlogOutput out = new BinlogOutput();
        QueryStatusVars.of(many).write(out);
        assertEquals(Hex.of(bytes("0c fe")), Hex.of(out.toByteArray()));   // count 254: over the limit
        QueryStatusVars read = QueryStatusVars.read(new BinlogInput(out.toByteArray()));
        assertNull(read.find(QueryStatusVar.UpdatedDbNames.class).orElseThrow().names());
    }

    @Test
    void statusVariableParsingStopsAtAnUnknownCodeLikeMysql() {
        QueryStatusVars read = QueryStatusVars.read(new BinlogInput(bytes("00 00 00 00 00", "7f 01 02", "04 ff 00 ff 00 ff 00")));
        assertEquals(List.of(new QueryStatusVar.Flags2(0)), read.vars());
    }

    @Test
    void duplicateStatusVariablesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> QueryStatusVars.of(new QueryStatusVar.Flags2(0), new QueryStatusVar.Flags2(1)));
    }

    @Test
    void rowsReaderSkipsExtraDataAndRejectsPartialImages() {
        TableMapEventData table = RowsGoldenBytesTest.TABLE;
        byte[] withExtra = bytes("5a 00 00 00 00 00", "01 00",
                "05 00", "01 02 03",                 // extra_data_length 5: 3 bytes of extra row info
                "02", "03", "00", "01 00 00 00", "02 61 62");
        WriteRowsEventData rows = WriteRowsEventData.read(new BinlogInput(withExtra), id -> table);
        assertEquals(List.of(Row.of(1, "ab")), rows.rows());
        byte[] partial = bytes("5a 00 00 00 00 00", "01 00", "02 00", "02", "01", "00", "01 00 00 00");
        assertThrows(BinlogFormatException.class, () -> WriteRowsEventData.read(new BinlogInput(partial), id -> table));
    }

    @Test
    void tableMapOptionalMetadataWithMixedCharsetsAndEnums() {
        TableMapEventData table = TableMapEventData.of(7, "d", "t", List.of(
                ColumnDef.varchar("a", 5, Collations.LATIN1_SWEDISH_CI, true),
                ColumnDef.enumColumn("e", 2, Collations.UTF8MB4_0900_AI_CI, true),
                ColumnDef.varchar("b", 5, Collations.UTF8MB4_BIN, true),
                ColumnDef.varchar("c", 5, Collations.UTF8MB4_BIN, true)));
        BinlogOutput out = new BinlogOutput();
        table.write(out);
        byte[] written = out.toByteArray();
        assertEquals(Hex.of(bytes(
                "02 03 2e 00 08",                // DEFAULT_CHARSET 46 (most used); character column 0 is 8
                "0a 03 fc ff 00")),              // ENUM_AND_SET_DEFAULT_CHARSET 255
                Hex.of(java.util.Arrays.copyOfRange(written, written.length - 10, written.length)));
        assertEquals(table.asLogged(), TableMapEventData.read(new BinlogInput(written)));
    }

    @Test
    void columnDefValidation() {
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.integer("x", ColumnType.FLOAT, false, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.decimal("x", 66, 2, false, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.decimal("x", 5, 6, false, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.datetime("x", 7, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.varchar("x", 16384, Collations.UTF8MB4_BIN, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.charColumn("x", 256, Collations.LATIN1_SWEDISH_CI, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.text("x", 5, Collations.UTF8MB4_BIN, true));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.varchar("x", 5, 999, true));
        assertThrows(IllegalArgumentException.class,
                () -> new ColumnDef("x", ColumnType.VAR_STRING, 10, true, false, 63));
        assertThrows(IllegalArgumentException.class,
                () -> TableMapEventData.of(TableMapEventData.RESERVED_TABLE_ID, "d", "t", List.of()));
        assertEquals(16383 * 4, ColumnDef.varchar("x", 16383, Collations.UTF8MB4_BIN, true).maxByteLength());
        assertEquals(65535, ColumnDef.varchar("x", 65535, Collations.BINARY, true).maxByteLength());
    }

    @Test
    void packedIntegersAtEachSizeBoundary() {
        long[] values = {0, 250, 251, 65535, 65536, 16777215, 16777216, Long.MAX_VALUE};
        String[] encodings = {"00", "fa", "fc fb 00", "fc ff ff", "fd 00 00 01", "fd ff ff ff",
            "fe 00 00 00 01 00 00 00 00", "fe ff ff ff ff ff ff ff 7f"};
        for (int i = 0; i < values.length; i++) {
            BinlogOutput out = new BinlogOutput();
            out.packedInt(values[i]);
            assertEquals(Hex.of(bytes(encodings[i])), Hex.of(out.toByteArray()));
            assertEquals(out.size(), BinlogOutput.packedIntSize(values[i]));
            assertEquals(values[i], new BinlogInput(out.toByteArray()).packedInt());
        }
    }

    @Test
    void truncatedInputIsAFormatError() {
        assertThrows(BinlogFormatException.class, () -> XidEventData.read(new BinlogInput(new byte[7])));
        assertThrows(BinlogFormatException.class,
                () -> new BinlogEventReader(ChecksumAlgorithm.CRC32).read(bytes("00 00 00 00 10 01 00 00 00 ff 00 00 00"), 0));
    }
}
