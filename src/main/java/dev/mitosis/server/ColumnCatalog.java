package dev.mitosis.server;

import dev.mitosis.sql.MysqlType;
import dev.mitosis.sql.MysqlTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MySQL types of table columns, read from the engine's catalog (types and the
 * mitosis_types domains) and cached per table until the next DDL.
 */
public final class ColumnCatalog {
    private final Map<String, Map<String, MysqlType>> byTable = new ConcurrentHashMap<>();

    private final Map<String, java.util.Optional<InsertValues.AutoColumn>> autoIncrement = new ConcurrentHashMap<>();

    private final Map<String, Map<String, Integer>> bitColumns = new ConcurrentHashMap<>();

    /** Forget everything: called after any DDL. */
    public void invalidate() {
        byTable.clear();
        autoIncrement.clear();
        bitColumns.clear();
    }

    /** The table's BIT columns (lower-case name to 0-based ordinal), empty when none; cached until the next DDL. */
    Map<String, Integer> bitColumns(Connection c, String schema, String table) {
        return bitColumns.computeIfAbsent(schema + "." + table, k -> {
            Map<String, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, ordinal_position FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? AND domain_schema = ? AND domain_name LIKE 'bit%'")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.setString(3, MysqlTypes.SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getInt(2) - 1);
                }
            } catch (SQLException e) {
                return Map.of();
            }
            return out.isEmpty() ? Map.of() : Map.copyOf(out);
        });
    }

    /** The table's AUTO_INCREMENT column (name, 0-based ordinal), or null; cached until the next DDL. */
    InsertValues.AutoColumn autoIncrement(Connection c, String schema, String table) {
        return autoIncrement.computeIfAbsent(schema + "." + table, k -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, ordinal_position FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? AND is_identity = 'YES'")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(new InsertValues.AutoColumn(rs.getString(1), rs.getInt(2) - 1))
                            : java.util.Optional.empty();
                }
            } catch (SQLException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    /** The column's MySQL type, or null when the engine does not know the table or column. */
    public MysqlType type(Connection c, String schema, String table, String column) throws SQLException {
        Map<String, MysqlType> cols = byTable.get(schema + "." + table);
        if (cols == null) {
            cols = load(c, schema, table);
            byTable.put(schema + "." + table, cols);
        }
        return cols.get(column);
    }

    static Map<String, MysqlType> load(Connection c, String schema, String table) throws SQLException {
        Map<String, MysqlType> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.column_name, c.data_type,"
                + " COALESCE(c.character_maximum_length, c.numeric_precision, 0), COALESCE(c.numeric_scale, c.datetime_precision, 0),"
                + " CASE WHEN c.domain_schema = ? THEN c.domain_name END, c.dtd_identifier"
                + " FROM information_schema.columns c WHERE c.table_schema = ? AND c.table_name = ?")) {
            ps.setString(1, MysqlTypes.SCHEMA);
            ps.setString(2, schema);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> enumValues = rs.getString(2).equalsIgnoreCase("ENUM")
                            ? enumValues(c, schema, table, rs.getString(6)) : null;
                    out.put(rs.getString(1), MysqlType.of(rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                            enumValues));
                }
            }
        }
        return out;
    }

    private static List<String> enumValues(Connection c, String schema, String table, String dtd) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT value_name FROM information_schema.enum_values"
                + " WHERE object_schema = ? AND object_name = ? AND enum_identifier = ? ORDER BY value_ordinal")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, dtd);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
