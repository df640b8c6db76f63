package dev.mitosis.server;

import java.util.Locale;

/** The MySQL type text (SHOW COLUMNS, COLUMN_TYPE) of an engine column. */
final class MysqlTypeText {
    private MysqlTypeText() {}

    static String of(String h2Type, long charLength, int precision, int scale, int fsp, String domain) {
        if (domain != null) return domain.toLowerCase(Locale.ROOT).replace('_', ' ');
        String t = h2Type.toUpperCase(Locale.ROOT);
        return switch (t) {
            case "INTEGER" -> "int";
            case "BIGINT" -> "bigint";
            case "SMALLINT" -> "smallint";
            case "TINYINT" -> "tinyint";
            case "BOOLEAN" -> "tinyint(1)";
            case "CHARACTER" -> "char(" + charLength + ")";
            case "CHARACTER VARYING" -> charLength >= 1_000_000_000L ? "longtext" : "varchar(" + charLength + ")";
            case "CHARACTER LARGE OBJECT" -> "longtext";
            case "BINARY" -> "binary(" + charLength + ")";
            case "BINARY VARYING" -> "varbinary(" + charLength + ")";
            case "BINARY LARGE OBJECT" -> "longblob";
            case "NUMERIC", "DECIMAL" -> "decimal(" + precision + "," + scale + ")";
            case "REAL" -> "float";
            case "DOUBLE PRECISION" -> "double";
            case "DATE" -> "date";
            case "TIME" -> fsp > 0 ? "time(" + fsp + ")" : "time";
            case "TIMESTAMP" -> fsp > 0 ? "datetime(" + fsp + ")" : "datetime";
            case "JSON" -> "json";
            default -> t.toLowerCase(Locale.ROOT);
        };
    }
}
