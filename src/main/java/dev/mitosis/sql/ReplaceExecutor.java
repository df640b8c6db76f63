package dev.mitosis.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link ReplaceCommand} with MySQL's semantics: for each row, delete every row that
 * conflicts with it on the primary key or any unique index, then insert it (unlisted columns get
 * their defaults). The affected-row count is MySQL's: deleted rows plus inserted rows.
 */
public final class ReplaceExecutor {
    private ReplaceExecutor() { }

    public static long execute(Connection c, ReplaceCommand command, Object[] parameters) throws SQLException {
        String schema = command.schema() != null ? command.schema() : c.getSchema();
        List<String> columns = command.columns().isEmpty() ? tableColumns(c, schema, command.table()) : command.columns();
        List<List<String>> keys = uniqueKeys(c, schema, command.table());
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(command.rowsQuery())) {
            for (int k = 0; k < parameters.length; k++) ps.setObject(k + 1, parameters[k]);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                if (n != columns.size()) throw new SQLException("Column count doesn't match value count at row 1", "21S01", 1136);
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int k = 0; k < n; k++) row[k] = rs.getObject(k + 1);
                    rows.add(row);
                }
            }
        }
        String target = quote(schema) + "." + quote(command.table());
        String insert = insertSql(target, columns);
        long affected = 0;
        for (Object[] row : rows) {
            affected += deleteConflicts(c, target, columns, keys, row);
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (int k = 0; k < row.length; k++) ps.setObject(k + 1, row[k]);
                affected += ps.executeUpdate();
            }
        }
        return affected;
    }

    private static long deleteConflicts(Connection c, String target, List<String> columns, List<List<String>> keys,
                                        Object[] row) throws SQLException {
        StringBuilder where = new StringBuilder();
        List<Object> values = new ArrayList<>();
        for (List<String> key : keys) {
            StringBuilder one = new StringBuilder("(");
            List<Object> keyValues = new ArrayList<>(key.size());
            boolean usable = true;
            for (String col : key) {
                int idx = columns.indexOf(col);
                // Keys on unlisted columns get defaults (or new AUTO_INCREMENT values); NULLs never conflict.
                if (idx < 0 || row[idx] == null) { usable = false; break; }
                if (keyValues.size() > 0) one.append(" AND ");
                one.append(quote(col)).append(" = ?");
                keyValues.add(row[idx]);
            }
            if (!usable) continue;
            if (where.length() > 0) where.append(" OR ");
            where.append(one).append(')');
            values.addAll(keyValues);
        }
        if (where.length() == 0) return 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + target + " WHERE " + where)) {
            for (int k = 0; k < values.size(); k++) ps.setObject(k + 1, values.get(k));
            return ps.executeUpdate();
        }
    }

    private static String insertSql(String target, List<String> columns) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(target).append(" (");
        for (int k = 0; k < columns.size(); k++) {
            if (k > 0) sb.append(", ");
            sb.append(quote(columns.get(k)));
        }
        sb.append(") VALUES (");
        for (int k = 0; k < columns.size(); k++) sb.append(k > 0 ? ", ?" : "?");
        return sb.append(')').toString();
    }

    static List<String> tableColumns(Connection c, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        if (columns.isEmpty()) throw new SQLException("Table \"" + table + "\" not found", "42S02", 42102);
        return columns;
    }

    /** Column lists of the primary key and every unique index. */
    static List<List<String>> uniqueKeys(Connection c, String schema, String table) throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.INDEX_NAME, ic.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEXES i"
                        + " JOIN INFORMATION_SCHEMA.INDEX_COLUMNS ic ON ic.INDEX_SCHEMA = i.INDEX_SCHEMA"
                        + " AND ic.INDEX_NAME = i.INDEX_NAME AND ic.TABLE_NAME = i.TABLE_NAME"
                        + " WHERE i.TABLE_SCHEMA = ? AND i.TABLE_NAME = ?"
                        + " AND i.INDEX_TYPE_NAME IN ('PRIMARY KEY', 'UNIQUE INDEX')"
                        + " ORDER BY i.INDEX_NAME, ic.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return new ArrayList<>(keys.values());
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
