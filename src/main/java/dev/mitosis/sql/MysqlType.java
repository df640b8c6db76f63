package dev.mitosis.sql;

import java.util.List;
import java.util.Locale;

/**
 * A MySQL column type reconstructed from H2 column facts (type name, precision, scale, and the
 * {@code mitosis_types} domain if the column has one). Gives what the protocol's column
 * definitions, SHOW COLUMNS / information_schema and the binary log need.
 *
 * @param dataType      information_schema.COLUMNS.DATA_TYPE, e.g. "int", "varchar"
 * @param columnType    COLUMN_TYPE as MySQL 8.4 prints it, e.g. "int unsigned", "varchar(20)"
 * @param protocolType  type code in result-set column definitions
 * @param realType      type code in the binary log's TABLE_MAP (DATETIME2, VARCHAR, ...)
 * @param unsigned      UNSIGNED_FLAG
 * @param displayLength column length in column definitions (utf8mb4: 4 bytes per character)
 * @param decimals      scale, fractional-second precision, or 31 for floating point without one
 * @param binary        binary charset (63) rather than utf8mb4 (255)
 * @param length        declared length: characters, bytes, bits, digits (precision); 0 if none
 */
public record MysqlType(String dataType, String columnType, MysqlColumnType protocolType, MysqlColumnType realType,
                        boolean unsigned, long displayLength, int decimals, boolean binary, long length) {
    public static final int CHARSET_BINARY = 63;
    public static final int CHARSET_UTF8MB4 = 255;
    private static final int NOT_FIXED_DEC = 31;

    /** utf8mb4_0900_ai_ci for text, binary (63) for everything else, as MySQL reports. */
    public int charset() {
        return binary ? CHARSET_BINARY : CHARSET_UTF8MB4;
    }

    /** True for the text types: CHAR, VARCHAR, TEXT, ENUM, SET, JSON. */
    public boolean isText() {
        return !binary;
    }

    /**
     * @param h2Type    H2's data type name (INFORMATION_SCHEMA.COLUMNS.DATA_TYPE or
     *                  ResultSetMetaData.getColumnTypeName), e.g. "CHARACTER VARYING"
     * @param precision character length, binary length or numeric precision
     * @param scale     numeric scale or fractional-second precision
     * @param domain    domain name when the column's domain is in {@code mitosis_types}, else null
     * @param enumValues ENUM members (INFORMATION_SCHEMA.ENUM_VALUES), else null
     */
    public static MysqlType of(String h2Type, long precision, int scale, String domain, List<String> enumValues) {
        if (domain != null) {
            MysqlType t = ofDomain(domain.toLowerCase(Locale.ROOT));
            if (t != null) return t;
        }
        String type = h2Type.toUpperCase(Locale.ROOT);
        return switch (type) {
            case "BOOLEAN" -> integer("tinyint", "tinyint(1)", MysqlColumnType.TINY, false, 1);
            case "TINYINT" -> integer("tinyint", "tinyint", MysqlColumnType.TINY, false, 4);
            case "SMALLINT" -> integer("smallint", "smallint", MysqlColumnType.SHORT, false, 6);
            case "INTEGER", "INT" -> integer("int", "int", MysqlColumnType.LONG, false, 11);
            case "BIGINT" -> integer("bigint", "bigint", MysqlColumnType.LONGLONG, false, 20);
            case "NUMERIC", "DECIMAL" -> decimal(precision, scale);
            case "DECFLOAT", "DOUBLE PRECISION", "DOUBLE", "FLOAT" -> floating("double", MysqlColumnType.DOUBLE, 22);
            case "REAL" -> floating("float", MysqlColumnType.FLOAT, 12);
            case "CHARACTER", "CHAR" -> text("char", "char(" + precision + ")", MysqlColumnType.STRING, MysqlColumnType.STRING, precision);
            case "CHARACTER VARYING", "VARCHAR", "VARCHAR_IGNORECASE" ->
                    text("varchar", "varchar(" + precision + ")", MysqlColumnType.VAR_STRING, MysqlColumnType.VARCHAR, precision);
            case "CHARACTER LARGE OBJECT", "CLOB" -> blob("longtext", false, 4294967295L);
            case "BINARY LARGE OBJECT", "BLOB" -> blob("longblob", true, 4294967295L);
            case "BINARY" -> bytes("binary", MysqlColumnType.STRING, MysqlColumnType.STRING, precision);
            case "BINARY VARYING", "VARBINARY" -> bytes("varbinary", MysqlColumnType.VAR_STRING, MysqlColumnType.VARCHAR, precision);
            case "DATE" -> new MysqlType("date", "date", MysqlColumnType.DATE, MysqlColumnType.DATE, false, 10, 0, true, 0);
            case "TIME", "TIME WITH TIME ZONE" -> temporal("time", MysqlColumnType.TIME, MysqlColumnType.TIME2, 10, scale);
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> temporal("datetime", MysqlColumnType.DATETIME, MysqlColumnType.DATETIME2, 19, scale);
            case "ENUM" -> members("enum", enumValues, MysqlColumnType.ENUM);
            case "JSON" -> json();
            case "NULL" -> new MysqlType("null", "null", MysqlColumnType.NULL, MysqlColumnType.NULL, false, 0, 0, true, 0);
            default -> text("varchar", "varchar(255)", MysqlColumnType.VAR_STRING, MysqlColumnType.VARCHAR, 255);
        };
    }

    private static MysqlType ofDomain(String domain) {
        if (domain.endsWith(MysqlTypes.CASE_SENSITIVE) && domain.contains("text")) {
            domain = domain.substring(0, domain.length() - MysqlTypes.CASE_SENSITIVE.length());
        }
        switch (domain) {
            case "tinyint1": return integer("tinyint", "tinyint(1)", MysqlColumnType.TINY, false, 1);
            case "tinyint_unsigned": return integer("tinyint", "tinyint unsigned", MysqlColumnType.TINY, true, 3);
            case "smallint_unsigned": return integer("smallint", "smallint unsigned", MysqlColumnType.SHORT, true, 5);
            case "mediumint": return integer("mediumint", "mediumint", MysqlColumnType.INT24, false, 9);
            case "mediumint_unsigned": return integer("mediumint", "mediumint unsigned", MysqlColumnType.INT24, true, 8);
            case "int_unsigned": return integer("int", "int unsigned", MysqlColumnType.LONG, true, 10);
            case "bigint_unsigned": return integer("bigint", "bigint unsigned", MysqlColumnType.LONGLONG, true, 20);
            case "year": return new MysqlType("year", "year", MysqlColumnType.YEAR, MysqlColumnType.YEAR, true, 4, 0, true, 0);
            case "tinytext": return blob("tinytext", false, 255);
            case "text": return blob("text", false, 65535);
            case "mediumtext": return blob("mediumtext", false, 16777215);
            case "longtext": return blob("longtext", false, 4294967295L);
            case "tinyblob": return blob("tinyblob", true, 255);
            case "blob": return blob("blob", true, 65535);
            case "mediumblob": return blob("mediumblob", true, 16777215);
            case "longblob": return blob("longblob", true, 4294967295L);
            case "json": return json();
            default: break;
        }
        int chars = MysqlTypes.charLength(domain);
        if (chars > 0) return text("char", "char(" + chars + ")", MysqlColumnType.STRING, MysqlColumnType.STRING, chars);
        if (domain.startsWith("timestamp")) {
            int fsp = Integer.parseInt(domain.substring(9));
            return temporal("timestamp", MysqlColumnType.TIMESTAMP, MysqlColumnType.TIMESTAMP2, 19, fsp);
        }
        if (domain.startsWith("bit")) {
            int bits = Integer.parseInt(domain.substring(3));
            return new MysqlType("bit", "bit(" + bits + ")", MysqlColumnType.BIT, MysqlColumnType.BIT, true, bits, 0, true, bits);
        }
        if (domain.startsWith("set(")) {
            return members("set", parseMembers(domain.substring(3)), MysqlColumnType.SET);
        }
        return null;
    }

    private static MysqlType integer(String dataType, String columnType, MysqlColumnType code, boolean unsigned, int display) {
        return new MysqlType(dataType, columnType, code, code, unsigned, display, 0, true, display);
    }

    private static MysqlType decimal(long precision, int scale) {
        long p = precision <= 0 || precision > 65 ? 65 : precision;
        int s = Math.max(0, Math.min(scale, 30));
        long display = p + (s > 0 ? 1 : 0) + 1;
        return new MysqlType("decimal", "decimal(" + p + "," + s + ")", MysqlColumnType.NEWDECIMAL, MysqlColumnType.NEWDECIMAL,
                false, display, s, true, p);
    }

    private static MysqlType floating(String name, MysqlColumnType code, int display) {
        return new MysqlType(name, name, code, code, false, display, NOT_FIXED_DEC, true, 0);
    }

    private static MysqlType text(String dataType, String columnType, MysqlColumnType protocol, MysqlColumnType real, long chars) {
        return new MysqlType(dataType, columnType, protocol, real, false, Math.min(chars * 4, 4294967295L), 0, false, chars);
    }

    private static MysqlType bytes(String dataType, MysqlColumnType protocol, MysqlColumnType real, long length) {
        return new MysqlType(dataType, dataType + "(" + length + ")", protocol, real, false, length, 0, true, length);
    }

    /** TEXT and BLOB types: protocol BLOB; the length is in bytes (utf8mb4 text: 4 per character, capped). */
    private static MysqlType blob(String name, boolean binary, long maxBytes) {
        long display = binary ? maxBytes : Math.min(maxBytes * 4, 4294967295L);
        return new MysqlType(name, name, MysqlColumnType.BLOB, MysqlColumnType.BLOB, false, display, 0, binary, maxBytes);
    }

    private static MysqlType temporal(String name, MysqlColumnType protocol, MysqlColumnType real, int baseLength, int fsp) {
        int f = Math.max(0, Math.min(fsp, 6));
        String columnType = f == 0 ? name : name + "(" + f + ")";
        return new MysqlType(name, columnType, protocol, real, false, baseLength + (f > 0 ? f + 1 : 0), f, true, f);
    }

    private static MysqlType json() {
        return new MysqlType("json", "json", MysqlColumnType.JSON, MysqlColumnType.JSON, false, 4294967295L, 0, true, 0);
    }

    private static MysqlType members(String kind, List<String> values, MysqlColumnType real) {
        List<String> v = values == null ? List.of() : values;
        int longest = v.stream().mapToInt(String::length).max().orElse(0);
        long chars = kind.equals("set") ? v.stream().mapToInt(String::length).sum() + Math.max(0, v.size() - 1) : longest;
        String name = kind + "(" + String.join(",", v.stream().map(m -> "'" + m.replace("'", "''") + "'").toList()) + ")";
        return new MysqlType(kind, name, MysqlColumnType.STRING, real, false, chars * 4, 0, false, chars);
    }

    /** Members of "('a','b')". */
    static List<String> parseMembers(String list) {
        List<String> out = new java.util.ArrayList<>();
        int i = list.indexOf('\'');
        while (i >= 0 && i < list.length()) {
            StringBuilder sb = new StringBuilder();
            int j = i + 1;
            while (j < list.length()) {
                char c = list.charAt(j);
                if (c == '\'') {
                    if (j + 1 < list.length() && list.charAt(j + 1) == '\'') { sb.append('\''); j += 2; continue; }
                    break;
                }
                sb.append(c);
                j++;
            }
            out.add(sb.toString());
            i = list.indexOf('\'', j + 1);
        }
        return out;
    }
}
