package dev.mitosis.server;

import dev.mitosis.protocol.ColumnDefinition41;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.server.ResultColumn.Reader;
import dev.mitosis.sql.MysqlColumnType;
import dev.mitosis.sql.MysqlType;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Result metadata as MySQL reports it, derived from the engine's result metadata. */
final class ColumnTypes {
    private ColumnTypes() {}

    static List<ResultColumn> of(ResultSetMetaData md) throws SQLException {
        return of(md, null, null);
    }

    /** With the catalog: table columns report their MySQL type (UNSIGNED, TEXT, YEAR, ...). */
    static List<ResultColumn> of(ResultSetMetaData md, Connection c, ColumnCatalog catalog) throws SQLException {
        int n = md.getColumnCount();
        List<ResultColumn> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ResultColumn col = column(md, i);
            if (catalog != null && !col.def().table().isEmpty() && !col.def().schema().isEmpty()) {
                MysqlType t = catalog.type(c, col.def().schema(), md.getTableName(i), md.getColumnName(i));
                if (t != null) col = fromCatalog(col, t);
            }
            out.add(col);
        }
        return out;
    }

    private static ResultColumn fromCatalog(ResultColumn col, MysqlType t) {
        ColumnDefinition41 d = col.def();
        int flags = d.flags() & FieldType.NOT_NULL_FLAG;
        if (t.unsigned()) flags |= FieldType.UNSIGNED_FLAG;
        // A BIT has the binary charset but, as from MySQL, no BINARY flag: drivers read BIT(1) as a boolean.
        if (t.binary() && t.realType() != MysqlColumnType.BIT) flags |= FieldType.BINARY_FLAG;
        int type = t.protocolType().code;
        if (type == FieldType.BLOB) flags |= FieldType.BLOB_FLAG;
        if (t.realType() == MysqlColumnType.ENUM) flags |= FieldType.ENUM_FLAG;
        if (t.realType() == MysqlColumnType.SET) flags |= FieldType.SET_FLAG;
        if (t.realType() == MysqlColumnType.TIMESTAMP2) flags |= FieldType.TIMESTAMP_FLAG;
        ColumnDefinition41 def = new ColumnDefinition41(d.schema(), d.table(), d.orgTable(), d.name(), d.orgName(),
                t.charset(), t.displayLength(), type, flags, t.decimals());
        Reader reader = t.realType() == MysqlColumnType.BIT ? Reader.BIT
                : t.realType() == MysqlColumnType.JSON ? Reader.JSON : col.reader();
        return new ResultColumn(def, reader);
    }

    private static ResultColumn column(ResultSetMetaData md, int i) throws SQLException {
        String label = md.getColumnLabel(i);
        String name = md.getColumnName(i);
        String table = nz(md.getTableName(i));
        String schema = nz(md.getSchemaName(i));
        if (schema.equals(dev.mitosis.engine.Engine.INFO_SCHEMA)) {
            // MySQL 8 names information_schema's columns in capitals, however the query spelled them.
            schema = "information_schema";
            table = table.toUpperCase(java.util.Locale.ROOT);
            if (name != null && label.equalsIgnoreCase(name)) label = name = name.toUpperCase(java.util.Locale.ROOT);
        }
        int flags = md.isNullable(i) == ResultSetMetaData.columnNoNulls ? FieldType.NOT_NULL_FLAG : 0;
        int precision = md.getPrecision(i);
        int scale = md.getScale(i);
        int type;
        long length;
        int collation = FieldType.COLLATION_BINARY;
        int decimals = 0;
        Reader reader;
        switch (md.getColumnType(i)) {
            case Types.TINYINT -> { type = FieldType.TINY; length = 4; reader = Reader.LONG; flags |= FieldType.NUM_FLAG; }
            case Types.SMALLINT -> { type = FieldType.SHORT; length = 6; reader = Reader.LONG; flags |= FieldType.NUM_FLAG; }
            case Types.INTEGER -> { type = FieldType.LONG; length = 11; reader = Reader.LONG; flags |= FieldType.NUM_FLAG; }
            case Types.BIGINT -> { type = FieldType.LONGLONG; length = 20; reader = Reader.LONG; flags |= FieldType.NUM_FLAG; }
            // A comparison's result: MySQL types it BIGINT, valued 1 or 0.
            case Types.BOOLEAN, Types.BIT -> { type = FieldType.LONGLONG; length = 1; reader = Reader.BOOLEAN; flags |= FieldType.NUM_FLAG; }
            case Types.DECIMAL, Types.NUMERIC -> {
                type = FieldType.NEWDECIMAL;
                decimals = Math.max(0, Math.min(scale, 30));
                length = Math.min(precision, 65) + (decimals > 0 ? 2 : 1);
                reader = Reader.BIG_DECIMAL;
                flags |= FieldType.NUM_FLAG;
            }
            case Types.REAL -> { type = FieldType.FLOAT; length = 12; decimals = 31; reader = Reader.FLOAT; flags |= FieldType.NUM_FLAG; }
            case Types.FLOAT, Types.DOUBLE -> { type = FieldType.DOUBLE; length = 22; decimals = 31; reader = Reader.DOUBLE; flags |= FieldType.NUM_FLAG; }
            case Types.CHAR -> { type = FieldType.STRING; collation = FieldType.COLLATION_UTF8MB4_0900_AI_CI; length = 4L * precision; reader = Reader.STRING; }
            case Types.VARCHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR -> {
                type = FieldType.VAR_STRING;
                collation = FieldType.COLLATION_UTF8MB4_0900_AI_CI;
                length = Math.min(4L * precision, 0xFFFFFFFFL);
                reader = Reader.STRING;
                if (precision > 65535) { type = FieldType.BLOB; flags |= FieldType.BLOB_FLAG; }
            }
            case Types.CLOB, Types.NCLOB -> { type = FieldType.BLOB; collation = FieldType.COLLATION_UTF8MB4_0900_AI_CI; length = 0xFFFFFFFFL; reader = Reader.STRING; flags |= FieldType.BLOB_FLAG; }
            case Types.BINARY -> { type = FieldType.STRING; length = precision; reader = Reader.BYTES; flags |= FieldType.BINARY_FLAG; }
            case Types.VARBINARY, Types.LONGVARBINARY -> {
                type = FieldType.VAR_STRING;
                length = Math.min(precision, 0xFFFFFFFFL);
                reader = Reader.BYTES;
                flags |= FieldType.BINARY_FLAG;
                if (precision > 65535) { type = FieldType.BLOB; flags |= FieldType.BLOB_FLAG; }
            }
            case Types.BLOB -> { type = FieldType.BLOB; length = 0xFFFFFFFFL; reader = Reader.BYTES; flags |= FieldType.BLOB_FLAG | FieldType.BINARY_FLAG; }
            case Types.DATE -> { type = FieldType.DATE; length = 10; reader = Reader.DATE; }
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> { type = FieldType.TIME; decimals = Math.min(scale, 6); length = 10 + (decimals > 0 ? decimals + 1 : 0); reader = Reader.TIME; }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> { type = FieldType.DATETIME; decimals = Math.min(scale, 6); length = 19 + (decimals > 0 ? decimals + 1 : 0); reader = Reader.DATETIME; }
            case Types.NULL -> { type = FieldType.NULL; length = 0; reader = Reader.OBJECT; }
            default -> { type = FieldType.VAR_STRING; collation = FieldType.COLLATION_UTF8MB4_0900_AI_CI; length = 4L * Math.max(1, Math.min(precision, 65535)); reader = Reader.STRING; }
        }
        if (collation == FieldType.COLLATION_BINARY && type != FieldType.NULL) flags |= FieldType.BINARY_FLAG;
        ColumnDefinition41 def = new ColumnDefinition41(schema, table, table, label, name == null ? label : name,
                collation, length, type, flags, decimals);
        return new ResultColumn(def, reader);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
