package dev.mitosis.binlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user table as the binary log sees it: MySQL column types for its TABLE_MAP (from the H2
 * catalog and the {@code mitosis_types} domains that mark MySQL types H2 lacks), its primary key
 * columns (write sets, recovery), and conversions between H2 trigger values and row-image values.
 */
public final class TableSchema {
    private final long tableId;
    private final String schema;
    private final String table;
    private final List<ColumnDef> columns;
    private final int[] primaryKey;
    private final List<int[]> uniqueKeys;
    private final boolean inForeignKey;
    private final TableMapEventData tableMap;
    /** Generated columns (GENERATED ALWAYS AS): the engine computes them, an applier must not write them. */
    private final boolean[] generated;

    TableSchema(long tableId, String schema, String table, List<ColumnDef> columns, int[] primaryKey) {
        this(tableId, schema, table, columns, primaryKey, List.of(), false);
    }

    TableSchema(long tableId, String schema, String table, List<ColumnDef> columns, int[] primaryKey,
                List<int[]> uniqueKeys, boolean inForeignKey) {
        this(tableId, schema, table, columns, primaryKey, uniqueKeys, inForeignKey, new boolean[columns.size()]);
    }

    TableSchema(long tableId, String schema, String table, List<ColumnDef> columns, int[] primaryKey,
                List<int[]> uniqueKeys, boolean inForeignKey, boolean[] generated) {
        this.generated = generated.clone();
        this.tableId = tableId;
        this.schema = schema;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.primaryKey = primaryKey;
        this.uniqueKeys = List.copyOf(uniqueKeys);
        this.inForeignKey = inForeignKey;
        this.tableMap = TableMapEventData.of(tableId, schema, table, this.columns);
    }

    public long tableId() { return tableId; }
    public String schema() { return schema; }
    public String table() { return table; }
    public List<ColumnDef> columns() { return columns; }
    public int[] primaryKey() { return primaryKey; }
    /** Unique keys other than the primary key (column indexes): part of a row's write set. */
    public List<int[]> uniqueKeys() { return uniqueKeys; }
    /** The table references or is referenced by a foreign key: its rows' dependencies are not in the write set. */
    public boolean inForeignKey() { return inForeignKey; }
    public TableMapEventData tableMap() { return tableMap; }
    /** Whether column i is generated: its value in a row image is the engine's to compute. */
    public boolean isGenerated(int i) { return i < generated.length && generated[i]; }

    /** Reads a table's definition from the engine catalog. */
    public static TableSchema load(Connection c, long tableId, String schema, String table) throws SQLException {
        List<ColumnDef> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Boolean> generated = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
                + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE, DOMAIN_SCHEMA, DOMAIN_NAME, IS_GENERATED"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    boolean nullable = "YES".equals(rs.getString(7));
                    String domain = "mitosis_types".equalsIgnoreCase(rs.getString(8)) ? rs.getString(9) : null;
                    cols.add(column(name, rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            nullable, domain));
                    names.add(name);
                    generated.add("ALWAYS".equals(rs.getString(10)));
                }
            }
        }
        if (cols.isEmpty()) throw new SQLException("Table " + schema + "." + table + " not found for the binary log");
        List<Integer> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t"
                + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA"
                + " AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? AND t.CONSTRAINT_TYPE = 'PRIMARY KEY'"
                + " ORDER BY k.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pk.add(names.indexOf(rs.getString(1)));
            }
        }
        return new TableSchema(tableId, schema, table, cols, pk.stream().mapToInt(Integer::intValue).toArray(),
                uniqueKeys(c, schema, table, names), inForeignKey(c, schema, table), toArray(generated));
    }

    private static boolean[] toArray(List<Boolean> flags) {
        boolean[] out = new boolean[flags.size()];
        for (int i = 0; i < out.length; i++) out[i] = flags.get(i);
        return out;
    }

    private static List<int[]> uniqueKeys(Connection c, String schema, String table, List<String> names) throws SQLException {
        java.util.Map<String, List<Integer>> byIndex = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.INDEX_NAME, k.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEXES i"
                + " JOIN INFORMATION_SCHEMA.INDEX_COLUMNS k ON k.INDEX_SCHEMA = i.INDEX_SCHEMA AND k.INDEX_NAME = i.INDEX_NAME"
                + " WHERE i.TABLE_SCHEMA = ? AND i.TABLE_NAME = ? AND i.INDEX_TYPE_NAME = 'UNIQUE INDEX'"
                + " ORDER BY i.INDEX_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) byIndex.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(names.indexOf(rs.getString(2)));
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> cols : byIndex.values()) out.add(cols.stream().mapToInt(Integer::intValue).toArray());
        return out;
    }

    private static boolean inForeignKey(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
                + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA"
                + " AND t.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
                + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS u ON u.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA"
                + " AND u.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? OR u.TABLE_SCHEMA = ? AND u.TABLE_NAME = ?"
                + " FETCH FIRST 1 ROW ONLY")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, schema);
            ps.setString(4, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static ColumnDef column(String name, String h2Type, long charLength, int precision, int scale, int fsp,
            boolean nullable, String domain) {
        int utf8 = Collations.UTF8MB4_0900_AI_CI;
        if (domain != null) {
            String d = domain.toLowerCase(Locale.ROOT);
            // text_bin: a TEXT with a binary collation, the same column in the log.
            if (d.endsWith("text_bin")) d = d.substring(0, d.length() - 4);
            switch (d) {
                case "tinyint1": return ColumnDef.integer(name, ColumnType.TINY, false, nullable);
                case "tinyint_unsigned": return ColumnDef.integer(name, ColumnType.TINY, true, nullable);
                case "smallint_unsigned": return ColumnDef.integer(name, ColumnType.SHORT, true, nullable);
                case "mediumint": return ColumnDef.integer(name, ColumnType.INT24, false, nullable);
                case "mediumint_unsigned": return ColumnDef.integer(name, ColumnType.INT24, true, nullable);
                case "int_unsigned": return ColumnDef.integer(name, ColumnType.LONG, true, nullable);
                case "bigint_unsigned": return ColumnDef.integer(name, ColumnType.LONGLONG, true, nullable);
                case "year": return ColumnDef.year(name, nullable);
                case "tinytext": return ColumnDef.text(name, 1, utf8, nullable);
                case "text": return ColumnDef.text(name, 2, utf8, nullable);
                case "mediumtext": return ColumnDef.text(name, 3, utf8, nullable);
                case "longtext": return ColumnDef.text(name, 4, utf8, nullable);
                case "json": return ColumnDef.json(name, nullable);
                case "tinyblob": return ColumnDef.blob(name, 1, nullable);
                case "blob": return ColumnDef.blob(name, 2, nullable);
                case "mediumblob": return ColumnDef.blob(name, 3, nullable);
                case "longblob": return ColumnDef.blob(name, 4, nullable);
                default:
                    if (d.startsWith("timestamp") && d.length() == 10) {
                        return ColumnDef.timestamp(name, d.charAt(9) - '0', nullable);
                    }
                    // charN: a CHAR(N) that compares without case, the same column in the log.
                    if (d.matches("char\\d{1,3}")) return ColumnDef.charColumn(name, Integer.parseInt(d.substring(4)), utf8, nullable);
                    if (d.startsWith("bit") && d.length() <= 5) {
                        try {
                            return ColumnDef.bit(name, Integer.parseInt(d.substring(3)), nullable);
                        } catch (NumberFormatException ignored) {
                            // not ours
                        }
                    }
            }
        }
        switch (h2Type.toUpperCase(Locale.ROOT)) {
            case "BOOLEAN", "TINYINT": return ColumnDef.integer(name, ColumnType.TINY, false, nullable);
            case "SMALLINT": return ColumnDef.integer(name, ColumnType.SHORT, false, nullable);
            case "INTEGER", "INT": return ColumnDef.integer(name, ColumnType.LONG, false, nullable);
            case "BIGINT": return ColumnDef.integer(name, ColumnType.LONGLONG, false, nullable);
            case "NUMERIC", "DECIMAL": {
                int p = precision <= 0 || precision > 65 ? 65 : precision;
                int s = Math.max(0, Math.min(Math.min(scale, 30), p));
                return ColumnDef.decimal(name, p, s, false, nullable);
            }
            case "REAL": return ColumnDef.floatColumn(name, false, nullable);
            case "DOUBLE PRECISION", "FLOAT", "DECFLOAT", "DOUBLE": return ColumnDef.doubleColumn(name, false, nullable);
            case "CHARACTER", "CHAR":
                if (charLength <= 255) return ColumnDef.charColumn(name, (int) Math.max(charLength, 0), utf8, nullable);
                return varchar(name, charLength, utf8, nullable);
            case "CHARACTER VARYING", "VARCHAR", "VARCHAR_IGNORECASE":
                return varchar(name, charLength, utf8, nullable);
            case "CHARACTER LARGE OBJECT", "CLOB": return ColumnDef.text(name, 4, utf8, nullable);
            case "JSON": return ColumnDef.json(name, nullable);
            case "BINARY":
                if (charLength <= 255) return ColumnDef.charColumn(name, (int) Math.max(charLength, 0), Collations.BINARY, nullable);
                return varchar(name, charLength, Collations.BINARY, nullable);
            case "BINARY VARYING", "VARBINARY": return varchar(name, charLength, Collations.BINARY, nullable);
            case "BINARY LARGE OBJECT", "BLOB": return ColumnDef.blob(name, 4, nullable);
            case "DATE": return ColumnDef.date(name, nullable);
            case "TIME", "TIME WITH TIME ZONE": return ColumnDef.time(name, clampFsp(fsp), nullable);
            case "TIMESTAMP": return ColumnDef.datetime(name, clampFsp(fsp), nullable);
            case "TIMESTAMP WITH TIME ZONE": return ColumnDef.timestamp(name, clampFsp(fsp), nullable);
            default: return varchar(name, 255, utf8, nullable);
        }
    }

    private static int clampFsp(int fsp) {
        return Math.max(0, Math.min(6, fsp));
    }

    private static ColumnDef varchar(String name, long chars, int collation, boolean nullable) {
        long maxBytes = chars * Collations.maxBytesPerChar(collation);
        if (maxBytes <= 65535) return ColumnDef.varchar(name, (int) Math.max(chars, 0), collation, nullable);
        int lengthBytes = maxBytes < (1L << 24) ? 3 : 4;
        return ColumnDef.text(name, lengthBytes, collation, nullable);
    }

    /** An H2 trigger row as a row image. */
    public Row toRow(Object[] values) {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length && i < values.length; i++) {
            out[i] = toLogValue(columns.get(i), values[i]);
        }
        return Row.of(out);
    }

    static Object toLogValue(ColumnDef col, Object v) {
        if (v == null) return null;
        switch (col.realType()) {
            case DATE:
                if (v instanceof java.sql.Date d) return d.toLocalDate();
                return v;
            case DATETIME2:
                if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime();
                if (v instanceof OffsetDateTime o) return o.toLocalDateTime();
                return v;
            case TIMESTAMP2:
                if (v instanceof java.sql.Timestamp t) return t.toInstant();
                if (v instanceof OffsetDateTime o) return o.toInstant();
                if (v instanceof ZonedDateTime z) return z.toInstant();
                if (v instanceof LocalDateTime l) return l.atZone(ZoneId.systemDefault()).toInstant();
                return v;
            case TIME2:
                if (v instanceof java.sql.Time t) return t.toLocalTime();
                if (v instanceof java.time.OffsetTime o) return o.toLocalTime();
                return v;
            case TINY, SHORT, INT24, LONG, LONGLONG, YEAR, BIT:
                if (v instanceof Boolean b) return b ? 1 : 0;
                return v;
            case STRING, VARCHAR, BLOB:
                if (v instanceof String || v instanceof byte[]) return v;
                return v.toString();
            default:
                return v;
        }
    }

    /** A row-image value as a parameter for the engine (recovery, replay). */
    public static Object toEngineValue(ColumnDef col, Object v) {
        if (v == null) return null;
        if (v instanceof Instant i) return LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        if (v instanceof Duration d) {
            if (!d.isNegative() && d.compareTo(Duration.ofDays(1)) < 0) return LocalTime.ofNanoOfDay(d.toNanos());
            return d.toString();
        }
        if (v instanceof BigInteger b) return new BigDecimal(b);
        if (v instanceof LocalDate || v instanceof LocalDateTime) return v;
        return v;
    }
}
