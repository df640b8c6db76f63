package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CREATE [TEMPORARY] TABLE [IF NOT EXISTS] t LIKE s (or {@code (LIKE s)}): MySQL copies the whole
 * definition of s (NOT NULL, defaults, AUTO_INCREMENT, keys with their names, collations). The
 * copy is created from s's MySQL definition (as SHOW CREATE TABLE prints it) under the new name,
 * translated like any CREATE TABLE, so it gets the same engine types and domains. The statement
 * is still logged as written; a replica rewrites it the same way against its own copy of s.
 */
final class CreateTableLike {
    private CreateTableLike() {}

    private static final String NAME = "(?:`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    private static final Pattern LIKE = Pattern.compile("(?is)\\s*CREATE\\s+(TEMPORARY\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?"
            + "(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?)\\s*(\\(\\s*)?LIKE\\s+(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?)"
            + "\\s*(\\))?\\s*;?\\s*");

    /**
     * A CREATE TABLE ... LIKE as the engine runs it: {@code sql}, the CREATE TABLE with the
     * source's full definition, then {@code afterCreate}, the statements that make its generated
     * columns generated.
     */
    record Copy(String sql, List<String> afterCreate) {}

    /**
     * The copy a CREATE TABLE ... LIKE makes, read from the source's definition before the copy
     * exists; for any other statement, the statement itself and nothing after it.
     */
    static Copy copy(Connection c, String database, String sql) throws MysqlException, SQLException {
        Matcher m = LIKE.matcher(sql);
        if (!m.matches() || (m.group(4) == null) != (m.group(6) == null)) return new Copy(sql, List.of());
        List<String> generated = generatedColumns(c, database, m);
        return new Copy(expand(c, database, m), generated);
    }

    /** The CREATE TABLE statement with the source's full definition. */
    private static String expand(Connection c, String database, Matcher m) throws MysqlException, SQLException {
        String[] source = split(m.group(5), database);
        if (source[0] == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        String db = source[0].toLowerCase(Locale.ROOT);
        String table = source[1].toLowerCase(Locale.ROOT);
        if (!Catalog.tableExists(c, db, table)) throw ErrorCode.ER_NO_SUCH_TABLE.exception(source[0], source[1]);
        if (isView(c, db, table)) throw ErrorCode.ER_WRONG_OBJECT.exception(source[0], source[1], "BASE TABLE");
        // MySQL's LIKE copies no foreign keys (nor would their names be free).
        // Nor the AUTO_INCREMENT counter: the copy starts from 1. Generated CHECK names
        // (<table>_chk_<n>) are generated again for the copy.
        String definition = TableShows.createTableText(c, db, table)
                .replaceAll(",\\n  CONSTRAINT `[^`]*` FOREIGN KEY [^\\n]*", "")
                .replaceFirst("\\) ENGINE=InnoDB AUTO_INCREMENT=\\d+ ", ") ENGINE=InnoDB ")
                .replaceAll("\n  CONSTRAINT `" + Pattern.quote(table) + "_chk_\\d+` CHECK ", "\n  CHECK ");
        String head = "CREATE TABLE `" + table + "`";
        if (!definition.startsWith(head)) throw new SQLException("unexpected definition of " + db + "." + table);
        return "CREATE " + (m.group(1) == null ? "" : "TEMPORARY ") + "TABLE " + (m.group(2) == null ? "" : "IF NOT EXISTS ")
                + m.group(3) + definition.substring(head.length());
    }

    /**
     * The engine statements that make the copy's generated columns generated, as s's are, for
     * columns whose MySQL expression SHOW CREATE TABLE cannot give (created before their remarks
     * kept it): one ALTER COLUMN each, with s's engine expression. Empty when the table exists
     * already (IF NOT EXISTS).
     */
    private static List<String> generatedColumns(Connection c, String database, Matcher m) throws SQLException {
        String[] source = split(m.group(5), database);
        String[] target = split(m.group(3), database);
        if (source[0] == null || target[0] == null) return List.of();
        if (Catalog.tableExists(c, target[0], target[1])) return List.of();
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, character_maximum_length,"
                + " numeric_precision, numeric_scale, datetime_precision, domain_schema, domain_name, is_nullable,"
                + " generation_expression FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " AND is_generated = 'ALWAYS'"
                // Columns whose remarks keep their MySQL expression are generated by the CREATE itself.
                + " AND LOCATE(CHAR(31), COALESCE(remarks, '')) = 0 ORDER BY ordinal_position")) {
            ps.setString(1, source[0].toLowerCase(Locale.ROOT));
            ps.setString(2, source[1].toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = h2Type(rs);
                    if (type == null) continue;
                    out.add("ALTER TABLE " + Catalog.quote(target[0].toLowerCase(Locale.ROOT)) + "."
                            + Catalog.quote(target[1].toLowerCase(Locale.ROOT)) + " ALTER COLUMN " + Catalog.quote(rs.getString(1))
                            + " " + type + " GENERATED ALWAYS AS (" + rs.getString(10) + ")"
                            + ("NO".equals(rs.getString(9)) ? " NOT NULL" : ""));
                }
            }
        }
        return out;
    }

    /** The engine's type of a column as information_schema.columns describes it (its domain if it has one). */
    private static String h2Type(ResultSet rs) throws SQLException {
        if (rs.getString(8) != null) return Catalog.quote(rs.getString(7)) + "." + Catalog.quote(rs.getString(8));
        String t = rs.getString(2);
        long length = rs.getLong(3);
        return switch (t) {
            case "CHARACTER VARYING", "VARCHAR_IGNORECASE", "CHARACTER", "BINARY VARYING", "BINARY" -> t + "(" + length + ")";
            case "NUMERIC", "DECIMAL" -> t + "(" + rs.getInt(4) + ", " + rs.getInt(5) + ")";
            case "TIMESTAMP", "TIME" -> t + "(" + rs.getInt(6) + ")";
            case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP(" + rs.getInt(6) + ") WITH TIME ZONE";
            case "ENUM", "ARRAY", "ROW" -> null;
            default -> t;
        };
    }

    private static final Pattern IF_NOT_EXISTS = Pattern.compile("(?is)\\s*CREATE\\s+(TEMPORARY\\s+)?TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+("
            + NAME + "(?:\\s*\\.\\s*" + NAME + ")?).*");

    /**
     * CREATE TABLE IF NOT EXISTS t of an existing table: the table's name as written (for MySQL's
     * note 1050), else null.
     */
    static String existingTarget(Connection c, String database, String sql) throws SQLException {
        Matcher m = IF_NOT_EXISTS.matcher(sql);
        if (!m.matches() || m.group(1) != null) return null;
        String[] t = split(m.group(2), database);
        return t[0] != null && Catalog.tableExists(c, t[0], t[1]) ? t[1] : null;
    }

    private static boolean isView(Connection c, String db, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_type = 'VIEW'")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The source table's database (the default one without a qualifier) and name, unquoted. */
    static String[] split(String qualified, String database) {
        String s = qualified.strip();
        int dot = -1;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '`') quoted = !quoted;
            else if (ch == '.' && !quoted) {
                dot = i;
                break;
            }
        }
        if (dot < 0) return new String[] {database, SqlScan.unquote(s)};
        return new String[] {SqlScan.unquote(s.substring(0, dot).strip()), SqlScan.unquote(s.substring(dot + 1).strip())};
    }
}
