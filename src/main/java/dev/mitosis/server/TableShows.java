package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import dev.mitosis.server.ShowStatements.Result;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SHOW COLUMNS, SHOW INDEX, SHOW CREATE TABLE and SHOW TABLE STATUS from the engine's catalog. */
final class TableShows {
    private TableShows() {}

    /**
     * @param binaryCollation a VARCHAR or TEXT column that compares case-sensitively (utf8mb4_bin)
     * @param onUpdate        the ON UPDATE expression (CURRENT_TIMESTAMP), or null
     */
    record Column(String name, String type, boolean nullable, String dflt, boolean autoIncrement,
                  boolean binaryCollation, String onUpdate, dev.mitosis.sql.ColumnRemarks remarks) {}

    record Index(String name, boolean unique, boolean primary, List<String> columns) {}

    private static final java.util.regex.Pattern CURRENT_TIMESTAMP =
            java.util.regex.Pattern.compile("(?i)(?:LOCALTIMESTAMP|CURRENT_TIMESTAMP)(?:\\((\\d)\\))?");

    /** H2 names MySQL's CURRENT_TIMESTAMP[(n)] LOCALTIMESTAMP[(n)]: MySQL's name back, without a (0). */
    private static String currentTimestamp(String expr) {
        if (expr == null) return null;
        java.util.regex.Matcher m = CURRENT_TIMESTAMP.matcher(expr.strip());
        if (!m.matches()) return expr;
        return m.group(1) == null || m.group(1).equals("0") ? "CURRENT_TIMESTAMP" : "CURRENT_TIMESTAMP(" + m.group(1) + ")";
    }

    static List<Column> columnsOf(Session s, String db, String table) throws SQLException {
        return columnsOf(s.engine(), db, table);
    }

    static List<Column> columnsOf(Connection c, String db, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        Map<String, dev.mitosis.sql.MysqlType> types = ColumnCatalog.load(c, db, table);
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, character_maximum_length,"
                + " numeric_precision, numeric_scale, datetime_precision, domain_name, is_nullable, column_default,"
                + " is_identity, column_on_update, remarks FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY ordinal_position")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dev.mitosis.sql.MysqlType t = types.get(rs.getString(1));
                    String type = t == null ? rs.getString(2).toLowerCase(Locale.ROOT) : t.columnType();
                    String dflt = rs.getString(9);
                    // An explicit DEFAULT NULL is stored as the expression NULL: no default, as in MySQL.
                    if (dflt != null && dflt.equalsIgnoreCase("NULL")) dflt = null;
                    if (dflt != null && dflt.length() >= 2 && dflt.startsWith("'") && dflt.endsWith("'")) {
                        dflt = dflt.substring(1, dflt.length() - 1).replace("''", "'");
                    }
                    String domain = rs.getString(7) == null ? "" : rs.getString(7).toLowerCase(Locale.ROOT);
                    String h2Type = rs.getString(2);
                    boolean binaryCollation = type.startsWith("varchar") && h2Type.equalsIgnoreCase("CHARACTER VARYING")
                            || type.startsWith("char(") && h2Type.equalsIgnoreCase("CHARACTER")
                            || domain.contains("text") && domain.endsWith("_bin");
                    out.add(new Column(rs.getString(1), type, "YES".equals(rs.getString(8)), currentTimestamp(dflt),
                            "YES".equals(rs.getString(10)), binaryCollation, currentTimestamp(rs.getString(11)),
                            dev.mitosis.sql.ColumnRemarks.parse(rs.getString(12))));
                }
            }
        }
        return out;
    }

    static List<Index> indexesOf(Session s, String db, String table) throws SQLException {
        return indexesOf(s.engine(), db, table);
    }

    static List<Index> indexesOf(Connection c, String db, String table) throws SQLException {
        Map<String, Index> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.index_name, i.index_type_name, c.column_name"
                + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                + " ON c.index_schema = i.index_schema AND c.index_name = i.index_name AND c.table_name = i.table_name"
                + " WHERE i.table_schema = ? AND i.table_name = ? ORDER BY i.index_type_name <> 'PRIMARY KEY', i.index_type_name NOT LIKE 'UNIQUE%',"
                + " i.index_name, c.ordinal_position")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    boolean primary = type.equals("PRIMARY KEY");
                    String h2Name = rs.getString(1);
                    // H2's own index for a foreign key: kept apart until we know whether another covers it.
                    String name = primary ? "PRIMARY" : dev.mitosis.sql.IndexNames.isForeignKeyIndex(h2Name) ? "\0" + h2Name
                            : dev.mitosis.sql.IndexNames.mysqlName(table, h2Name);
                    out.computeIfAbsent(name, n -> new Index(n, primary || type.startsWith("UNIQUE"), primary,
                            new ArrayList<>())).columns().add(rs.getString(3));
                }
            }
        }
        // MySQL uses an existing index for a foreign key and creates one (named after the constraint,
        // or after its first column when unnamed) only when none starts with the key's columns.
        List<Index> result = new ArrayList<>();
        for (Index i : out.values()) {
            if (!i.name().startsWith("\0")) {
                result.add(i);
                continue;
            }
            boolean covered = out.values().stream().anyMatch(o -> !o.name().startsWith("\0")
                    && o.columns().size() >= i.columns().size() && o.columns().subList(0, i.columns().size()).equals(i.columns()));
            if (covered) continue;
            String name = dev.mitosis.sql.IndexNames.mysqlName(table, i.name().substring(1));
            boolean unnamed = name.startsWith("CONSTRAINT_INDEX") || name.matches(java.util.regex.Pattern.quote(table) + "_ibfk_\\d+");
            result.add(new Index(unnamed ? i.columns().get(0) : name, false, false, i.columns()));
        }
        return result;
    }


    static Result columns(Session s, String[] t, boolean full) throws SQLException {
        List<Index> indexes = indexesOf(s, t[0], t[1]);
        List<Object[]> rows = new ArrayList<>();
        for (Column c : columnsOf(s, t[0], t[1])) {
            String key = "";
            for (Index i : indexes) {
                if (!i.columns().get(0).equals(c.name())) continue;
                String k = i.primary() ? "PRI" : i.unique() && i.columns().size() == 1 ? "UNI" : "MUL";
                if (key.isEmpty() || k.equals("PRI")) key = k;
            }
            String extra = c.autoIncrement() ? "auto_increment"
                    : c.remarks().expression() == null ? "" : c.remarks().stored() ? "STORED GENERATED" : "VIRTUAL GENERATED";
            rows.add(full ? new Object[] {c.name(), c.type(), collationOf(c.type()), c.nullable() ? "YES" : "NO", key,
                    c.dflt(), extra, "select,insert,update,references", c.remarks().comment()}
                    : new Object[] {c.name(), c.type(), c.nullable() ? "YES" : "NO", key, c.dflt(), extra});
        }
        List<ResultColumn> cols = new ArrayList<>();
        cols.add(ResultColumn.text("Field"));
        cols.add(ResultColumn.text("Type"));
        if (full) cols.add(ResultColumn.text("Collation"));
        cols.add(ResultColumn.text("Null"));
        cols.add(ResultColumn.text("Key"));
        cols.add(ResultColumn.text("Default"));
        cols.add(ResultColumn.text("Extra"));
        if (full) {
            cols.add(ResultColumn.text("Privileges"));
            cols.add(ResultColumn.text("Comment"));
        }
        return new Result(cols, rows);
    }

    private static String collationOf(String type) {
        return type.contains("char") || type.contains("text") || type.startsWith("enum") || type.startsWith("set")
                ? "utf8mb4_0900_ai_ci" : null;
    }

    static Result index(Session s, String[] t) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Index i : indexesOf(s, t[0], t[1])) {
            long[] cardinality = cardinalities(s.engine(), t[0], t[1], i.columns(), i.unique());
            for (int k = 0; k < i.columns().size(); k++) {
                rows.add(new Object[] {t[1], i.unique() ? 0L : 1L, i.name(), k + 1L, i.columns().get(k), "A",
                        cardinality[k], null, null, "", "BTREE", "", "", "YES", null});
            }
        }
        return new Result(List.of(ResultColumn.text("Table"), ResultColumn.bigint("Non_unique"),
                ResultColumn.text("Key_name"), ResultColumn.bigint("Seq_in_index"), ResultColumn.text("Column_name"),
                ResultColumn.text("Collation"), ResultColumn.bigint("Cardinality"), ResultColumn.bigint("Sub_part"),
                ResultColumn.text("Packed"), ResultColumn.text("Null"), ResultColumn.text("Index_type"),
                ResultColumn.text("Comment"), ResultColumn.text("Index_comment"), ResultColumn.text("Visible"),
                ResultColumn.text("Expression")), rows);
    }

    /**
     * Estimated distinct values of each prefix of an index's columns, as InnoDB's statistics give
     * them: every row for a unique index's whole key, else the rows times the engine's
     * selectivity of the prefix's most selective column (half, until measured).
     */
    static long[] cardinalities(Connection c, String db, String table, List<String> columns, boolean unique)
            throws SQLException {
        long rows = 0;
        Map<String, Integer> selectivity = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.row_count_estimate, c.column_name, c.selectivity"
                + " FROM information_schema.tables t JOIN information_schema.columns c"
                + " ON c.table_schema = t.table_schema AND c.table_name = t.table_name"
                + " WHERE t.table_schema = ? AND t.table_name = ?")) {
            ps.setString(1, db.toLowerCase(Locale.ROOT));
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows = rs.getLong(1);
                    selectivity.put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        long[] out = new long[columns.size()];
        int best = 0;
        for (int k = 0; k < out.length; k++) {
            best = Math.max(best, selectivity.getOrDefault(columns.get(k), 50));
            out[k] = unique && k == out.length - 1 ? rows : rows == 0 ? 0 : Math.max(1, rows * best / 100);
        }
        return out;
    }

    static Result createTable(Session s, String[] t) throws SQLException {
        return new Result(List.of(ResultColumn.text("Table"), ResultColumn.text("Create Table")),
                List.<Object[]>of(new Object[] {t[1], createTableText(s.engine(), t[0], t[1])}));
    }

    /** The engine's estimate of a table's rows (exact for an idle table). */
    private static long rowCount(Connection c, String db, String table) throws SQLException {
        String n = firstValue(c, "SELECT row_count_estimate FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ?", db, table);
        return n == null ? 0 : Long.parseLong(n);
    }

    /** The value the table's AUTO_INCREMENT column generates next, or null if it has none. */
    static Long nextAutoIncrement(Connection c, String db, String table) throws SQLException {
        String next = firstValue(c, "SELECT identity_base FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND is_identity = 'YES'", db, table);
        return next == null ? null : Long.valueOf(next);
    }

    /** A base table's COMMENT ("" if none). */
    static String tableComment(Connection c, String db, String table) throws SQLException {
        String remarks = firstValue(c, "SELECT remarks FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ? AND table_type = 'BASE TABLE'", db, table);
        return remarks == null ? "" : remarks;
    }

    /** The first column of the first row of an engine catalog query about db.table, or null. */
    private static String firstValue(Connection c, String sql, String db, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** COMMENT 'text' as SHOW CREATE TABLE writes it, nothing for no comment. */
    private static void comment(StringBuilder l, String comment) {
        if (comment.isEmpty()) return;
        l.append(" COMMENT '").append(comment.replace("\\", "\\\\").replace("'", "''")).append('\'');
    }

    /** MySQL's CREATE TABLE text of table t[1] in database t[0] (lower case names, as the engine holds them). */
    static String createTableText(Connection s, String db, String table) throws SQLException {
        String[] t = {db, table};
        StringBuilder b = new StringBuilder("CREATE TABLE `").append(t[1]).append("` (\n");
        List<String> lines = new ArrayList<>();
        for (Column c : columnsOf(s, t[0], t[1])) {
            StringBuilder l = new StringBuilder("  `").append(c.name()).append("` ").append(c.type());
            if (c.binaryCollation()) l.append(" COLLATE utf8mb4_bin");
            if (c.remarks().expression() != null) {
                l.append(" GENERATED ALWAYS AS (").append(c.remarks().expression()).append(')')
                        .append(c.remarks().stored() ? " STORED" : " VIRTUAL");
                if (!c.nullable()) l.append(" NOT NULL");
                comment(l, c.remarks().comment());
                lines.add(l.toString());
                continue;
            }
            if (!c.nullable()) l.append(" NOT NULL");
            else if (c.type().startsWith("timestamp")) l.append(" NULL"); // as MySQL shows a nullable TIMESTAMP
            if (c.autoIncrement()) {
                l.append(" AUTO_INCREMENT");
            } else if (c.dflt() != null) {
                boolean numeric = c.dflt().matches("-?[0-9.]+") && !c.type().contains("char");
                l.append(" DEFAULT ").append(numeric || c.dflt().toUpperCase(Locale.ROOT).startsWith("CURRENT_TIMESTAMP")
                        ? (numeric ? "'" + c.dflt() + "'" : c.dflt()) : "'" + c.dflt().replace("'", "''") + "'");
            } else if (c.nullable() && !c.type().matches("(tiny|medium|long)?(text|blob)|json|geometry")) {
                // MySQL shows no DEFAULT for a TEXT, BLOB, JSON or GEOMETRY column without one.
                l.append(" DEFAULT NULL");
            }
            if (c.onUpdate() != null) l.append(" ON UPDATE ").append(c.onUpdate());
            comment(l, c.remarks().comment());
            lines.add(l.toString());
        }
        for (Index i : indexesOf(s, t[0], t[1])) {
            String cols = "`" + String.join("`,`", i.columns()) + "`";
            if (i.primary()) lines.add("  PRIMARY KEY (" + cols + ")");
            else if (i.unique()) lines.add("  UNIQUE KEY `" + i.name() + "` (" + cols + ")");
            else lines.add("  KEY `" + i.name() + "` (" + cols + ")");
        }
        lines.addAll(foreignKeys(s, t[0], t[1]));
        lines.addAll(checks(s, t[0], t[1]));
        b.append(String.join(",\n", lines));
        b.append("\n) ENGINE=InnoDB");
        Long next = nextAutoIncrement(s, t[0], t[1]);
        if (next != null && next > 1) b.append(" AUTO_INCREMENT=").append(next);
        b.append(" DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
        String comment = tableComment(s, t[0], t[1]);
        if (!comment.isEmpty()) b.append(" COMMENT='").append(comment.replace("\\", "\\\\").replace("'", "''")).append('\'');
        return b.toString();
    }

    /**
     * A view's MySQL text after its name ("AS select ..."), kept as its comment when it was
     * created (H2's own definition otherwise); null when t is not a view.
     */
    static String viewText(Session s, String[] t) throws SQLException {
        try (PreparedStatement ps = s.engine().prepareStatement("SELECT t.remarks, v.view_definition"
                + " FROM information_schema.tables t JOIN information_schema.views v"
                + " ON v.table_schema = t.table_schema AND v.table_name = t.table_name"
                + " WHERE t.table_schema = ? AND t.table_name = ?")) {
            ps.setString(1, t[0].toLowerCase(Locale.ROOT));
            ps.setString(2, t[1].toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String mysql = rs.getString(1);
                return mysql != null && !mysql.isEmpty() ? mysql : "AS " + rs.getString(2);
            }
        }
    }

    /** SHOW CREATE VIEW (and SHOW CREATE TABLE of a view), with MySQL's four columns. */
    static Result createView(Session s, String[] t) throws SQLException, MysqlException {
        String text = viewText(s, t);
        if (text == null) {
            if (!Catalog.tableExists(s.engine(), t[0], t[1])) throw ErrorCode.ER_NO_SUCH_TABLE.exception(t[0], t[1]);
            throw ErrorCode.ER_WRONG_OBJECT.exception(t[0], t[1], "VIEW");
        }
        String ddl = "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `"
                + t[1].replace("`", "``") + "` " + text;
        return new Result(List.of(ResultColumn.text("View"), ResultColumn.text("Create View"),
                ResultColumn.text("character_set_client"), ResultColumn.text("collation_connection")),
                List.<Object[]>of(new Object[] {t[1], ddl, "utf8mb4", "utf8mb4_0900_ai_ci"}));
    }

    /** The table's foreign keys as MySQL prints them: CONSTRAINT `name` FOREIGN KEY (...) REFERENCES `t` (...) [ON ...]. */
    private static List<String> foreignKeys(Connection s, String db, String table) throws SQLException {
        Map<String, String[]> keys = new LinkedHashMap<>(); // name -> {columns, referenced table, referenced columns, rules}
        try (PreparedStatement ps = s.prepareStatement("SELECT r.constraint_name, k.column_name, u.table_schema,"
                + " u.table_name, u.column_name, r.update_rule, r.delete_rule FROM information_schema.referential_constraints r"
                + " JOIN information_schema.key_column_usage k"
                + "   ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name"
                + " JOIN information_schema.key_column_usage u ON u.constraint_schema = r.unique_constraint_schema"
                + "   AND u.constraint_name = r.unique_constraint_name AND u.ordinal_position = k.position_in_unique_constraint"
                + " WHERE k.table_schema = ? AND k.table_name = ? ORDER BY r.constraint_name, k.ordinal_position")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] k = keys.computeIfAbsent(rs.getString(1), n -> new String[4]);
                    k[0] = (k[0] == null ? "" : k[0] + ",") + "`" + rs.getString(2) + "`";
                    k[1] = (rs.getString(3).equalsIgnoreCase(db) ? "" : "`" + rs.getString(3) + "`.") + "`" + rs.getString(4) + "`";
                    k[2] = (k[2] == null ? "" : k[2] + ",") + "`" + rs.getString(5) + "`";
                    k[3] = rule("DELETE", rs.getString(7)) + rule("UPDATE", rs.getString(6));
                }
            }
        }
        List<String> out = new ArrayList<>();
        // Keys added unnamed by ALTER TABLE keep H2's CONSTRAINT_xx; MySQL would have numbered
        // them on from the table's highest <table>_ibfk_<n>.
        int unnamed = 0;
        for (String h2Name : keys.keySet()) {
            String name = dev.mitosis.sql.IndexNames.mysqlName(table, h2Name);
            if (name.startsWith(table + "_ibfk_")) {
                try {
                    unnamed = Math.max(unnamed, Integer.parseInt(name.substring(table.length() + 6)));
                } catch (NumberFormatException notNumbered) {
                    // a name of the user's that only looks like MySQL's
                }
            }
        }
        for (Map.Entry<String, String[]> e : keys.entrySet()) {
            String name = dev.mitosis.sql.IndexNames.mysqlName(table, e.getKey());
            if (name.startsWith("CONSTRAINT_")) name = table + "_ibfk_" + ++unnamed;
            String[] k = e.getValue();
            out.add("  CONSTRAINT `" + name + "` FOREIGN KEY (" + k[0] + ") REFERENCES " + k[1] + " (" + k[2] + ")" + k[3]);
        }
        return out;
    }

    /**
     * The table's CHECK constraints as MySQL lists them, by name: the expression as written when
     * the constraint's comment kept it, else the engine's text with MySQL's quotes.
     */
    static List<String> checks(Connection s, String db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = s.prepareStatement("SELECT tc.constraint_name, tc.remarks, cc.check_clause"
                + " FROM information_schema.table_constraints tc JOIN information_schema.check_constraints cc"
                + " ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name"
                + " WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type = 'CHECK'")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.TreeMap<String, String> byName = new java.util.TreeMap<>();
                while (rs.next()) {
                    String expr = rs.getString(2) != null ? rs.getString(2) : rs.getString(3).replace('"', '`');
                    byName.put(dev.mitosis.sql.IndexNames.mysqlName(table, rs.getString(1)), expr);
                }
                byName.forEach((name, expr) -> out.add("  CONSTRAINT `" + name + "` CHECK (" + expr + ")"));
            }
        }
        return out;
    }

    /** MySQL prints a referential action only when it is not the default. */
    static String rule(String event, String action) {
        return action == null || action.equals("RESTRICT") || action.equals("NO ACTION") ? "" : " ON " + event + " " + action;
    }

    static Result tableStatus(Session s, String db) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.TableInfo t : Catalog.tables(s.engine(), db)) {
            boolean view = t.type().equals("VIEW");
            String dbName = db.toLowerCase(Locale.ROOT);
            rows.add(view ? new Object[] {t.name(), null, null, null, null, null, null, null, null, null, null, null, null,
                            null, null, null, null, "VIEW"}
                    : new Object[] {t.name(), "InnoDB", 10L, "Dynamic", rowCount(s.engine(), dbName, t.name()), 0L,
                    16384L, 0L, 0L, 0L, nextAutoIncrement(s.engine(), dbName, t.name()), null, null, null,
                    "utf8mb4_0900_ai_ci", null, "", tableComment(s.engine(), dbName, t.name())});
        }
        return new Result(List.of(ResultColumn.text("Name"), ResultColumn.text("Engine"), ResultColumn.bigint("Version"),
                ResultColumn.text("Row_format"), ResultColumn.bigint("Rows"), ResultColumn.bigint("Avg_row_length"),
                ResultColumn.bigint("Data_length"), ResultColumn.bigint("Max_data_length"),
                ResultColumn.bigint("Index_length"), ResultColumn.bigint("Data_free"),
                ResultColumn.bigint("Auto_increment"), ResultColumn.text("Create_time"), ResultColumn.text("Update_time"),
                ResultColumn.text("Check_time"), ResultColumn.text("Collation"), ResultColumn.bigint("Checksum"),
                ResultColumn.text("Create_options"), ResultColumn.text("Comment")), rows);
    }
}
