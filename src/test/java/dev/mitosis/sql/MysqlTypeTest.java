package dev.mitosis.sql;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Column types survive the round trip MySQL DDL -> H2 catalog -> MysqlType. */
class MysqlTypeTest {
    @Test
    void columnTypesFromTheH2Catalog() throws Exception {
        String ddl = "CREATE TABLE t (a INT, b INT UNSIGNED, c BIGINT UNSIGNED, d TINYINT(1), e TINYINT UNSIGNED, "
                + "f MEDIUMINT, g SMALLINT UNSIGNED, h DECIMAL(10,2), i FLOAT, j DOUBLE, k VARCHAR(20), l CHAR(120), "
                + "m TEXT, n LONGBLOB, o DATETIME(6), p TIMESTAMP, q DATE, r TIME, s YEAR, u BIT(3), v ENUM('x','y'), "
                + "w SET('a','b'), x JSON, y VARBINARY(16), z BOOLEAN, aa BIGINT, bb MEDIUMTEXT, cc BINARY(4))";
        List<String> expected = List.of("int", "int unsigned", "bigint unsigned", "tinyint(1)", "tinyint unsigned",
                "mediumint", "smallint unsigned", "decimal(10,2)", "float", "double", "varchar(20)", "char(120)",
                "text", "longblob", "datetime(6)", "timestamp", "date", "time", "year", "bit(3)", "enum('x','y')",
                "set('a','b')", "json", "varbinary(16)", "tinyint(1)", "bigint", "mediumtext", "binary(4)");
        List<String> actual = new ArrayList<>();
        List<MysqlType> types = new ArrayList<>();
        try (Connection c = SqlScriptTest.newDatabase(); Statement s = c.createStatement()) {
            for (String h2 : new H2Translator().translate(ddl).h2()) s.execute(h2);
            try (ResultSet rs = s.executeQuery("SELECT c.DATA_TYPE, COALESCE(c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, 0),"
                    + " COALESCE(c.NUMERIC_SCALE, c.DATETIME_PRECISION, 0), c.DOMAIN_SCHEMA, c.DOMAIN_NAME, c.DTD_IDENTIFIER, c.TABLE_SCHEMA, c.TABLE_NAME"
                    + " FROM INFORMATION_SCHEMA.COLUMNS c WHERE c.TABLE_SCHEMA = 'test' AND c.TABLE_NAME = 't' ORDER BY c.ORDINAL_POSITION")) {
                while (rs.next()) {
                    String domain = MysqlTypes.SCHEMA.equals(rs.getString(4)) ? rs.getString(5) : null;
                    List<String> enumValues = rs.getString(1).equalsIgnoreCase("ENUM") ? enumValues(c, rs.getString(6)) : null;
                    MysqlType type = MysqlType.of(rs.getString(1), rs.getLong(2), rs.getInt(3), domain, enumValues);
                    types.add(type);
                    actual.add(type.columnType());
                }
            }
        }
        assertEquals(expected, actual);
        MysqlType intUnsigned = types.get(1);
        assertEquals(MysqlColumnType.LONG, intUnsigned.protocolType());
        assertEquals(10, intUnsigned.displayLength());
        assertEquals(true, intUnsigned.unsigned());
        assertEquals(11, types.get(0).displayLength());
        assertEquals(480, types.get(11).displayLength());
        assertEquals(MysqlColumnType.STRING, types.get(11).protocolType());
        assertEquals(MysqlColumnType.VAR_STRING, types.get(10).protocolType());
        assertEquals(MysqlColumnType.VARCHAR, types.get(10).realType());
        assertEquals(255, types.get(10).charset());
        assertEquals(63, types.get(13).charset());
        assertEquals(MysqlColumnType.BLOB, types.get(12).protocolType());
        assertEquals(MysqlColumnType.DATETIME, types.get(14).protocolType());
        assertEquals(MysqlColumnType.DATETIME2, types.get(14).realType());
        assertEquals(6, types.get(14).decimals());
        assertEquals(MysqlColumnType.TIMESTAMP, types.get(15).protocolType());
        assertEquals(MysqlColumnType.NEWDECIMAL, types.get(7).protocolType());
        assertEquals(12, types.get(7).displayLength());
        assertEquals(2, types.get(7).decimals());
        assertEquals(MysqlColumnType.INT24, types.get(5).protocolType());
        assertEquals(MysqlColumnType.YEAR, types.get(18).protocolType());
        assertEquals(MysqlColumnType.SET, types.get(21).realType());
        assertEquals(MysqlColumnType.JSON, types.get(22).protocolType());
    }

    private static List<String> enumValues(Connection c, String dtd) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT VALUE_NAME FROM INFORMATION_SCHEMA.ENUM_VALUES WHERE OBJECT_SCHEMA = 'test' AND OBJECT_NAME = 't'"
                        + " AND ENUM_IDENTIFIER = '" + dtd + "' ORDER BY VALUE_ORDINAL")) {
            while (rs.next()) values.add(rs.getString(1));
        }
        return values;
    }

    @Test
    void expressionTypes() {
        assertEquals("tinyint(1)", MysqlType.of("BOOLEAN", 1, 0, null, null).columnType());
        assertEquals(MysqlColumnType.DOUBLE, MysqlType.of("DECFLOAT", 1, 0, null, null).protocolType());
        assertEquals(MysqlColumnType.NULL, MysqlType.of("NULL", 1, 0, null, null).protocolType());
        assertEquals(31, MysqlType.of("DOUBLE PRECISION", 53, 0, null, null).decimals());
    }
}
