package dev.mitosis.server;

import dev.mitosis.protocol.ColumnDefinition41;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.Translation;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EXPLAIN [FORMAT=TRADITIONAL] statement (also DESCRIBE/DESC statement): MySQL's traditional
 * result, one row per table, read from the engine's plan. H2 prints after each table the index
 * it reads ({@code /* ex.PRIMARY_KEY_5: ID = 2 *}{@code /}, {@code /* ex.p.tableScan *}{@code /}):
 * an equality on every column of a unique index is {@code const} (or {@code eq_ref} on another
 * table's column), an equality on a part of an index {@code ref}, other conditions {@code range},
 * a scan {@code ALL}. Row counts are the engine's estimate of the table's size (1 for a unique
 * lookup). FORMAT=JSON/TREE and EXPLAIN ANALYZE are not supported (1235).
 */
final class ExplainStatement {
    private final Session session;
    private final QueryExecutor exec;

    ExplainStatement(Session session, QueryExecutor exec) {
        this.session = session;
        this.exec = exec;
    }

    private static final Pattern PREFIX = Pattern.compile("(?is)\\s*(?:EXPLAIN|DESCRIBE|DESC)\\s+(?:FORMAT\\s*=\\s*(\\w+)\\s+)?(.*)");
    private static final String Q = "\"(?:[^\"]|\"\")*\"";
    private static final Pattern TABLE_REF = Pattern.compile("\\b(FROM|JOIN|UPDATE|INTO)\\s+(" + Q + ")\\.(" + Q + ")(?:\\s+(" + Q + "))?");

    /** Whether EXPLAIN/DESCRIBE with these leading words explains a statement (not a table's columns). */
    static boolean explainsStatement(String[] w) {
        return switch (w[1]) {
            case "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "TABLE", "FORMAT", "ANALYZE", "FOR",
                    "EXTENDED", "PARTITIONS" -> true;
            default -> false;
        };
    }

    void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        Matcher m = PREFIX.matcher(stmt);
        if (!m.matches()) throw ErrorCode.ER_PARSE_ERROR.exception(stmt.strip(), 1);
        String format = m.group(1);
        String inner = m.group(2).strip();
        String[] w = SqlFront.leadingWords(inner, 2);
        if (format != null && !format.equalsIgnoreCase("TRADITIONAL")) {
            if (format.equalsIgnoreCase("JSON") || format.equalsIgnoreCase("TREE")) {
                throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("EXPLAIN FORMAT=" + format.toUpperCase(Locale.ROOT));
            }
            throw ErrorCode.ER_UNKNOWN_EXPLAIN_FORMAT.exception(format);
        }
        if (w[0].equals("ANALYZE")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("EXPLAIN ANALYZE");
        if (w[0].equals("FOR")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("EXPLAIN FOR CONNECTION");
        StatementKind kind = SqlFront.classify(inner);
        switch (kind) {
            case SELECT, INSERT, UPDATE, DELETE, REPLACE -> { }
            default -> throw ErrorCode.ER_PARSE_ERROR.exception(inner.length() > 80 ? inner.substring(0, 80) : inner, 1);
        }
        session.access().checkStatement(kind, inner, SqlFront.leadingWords(inner, 3));
        Translation t = SqlFront.translate(inner, session);
        List<Object[]> rows;
        if (kind == StatementKind.REPLACE || t.h2().isEmpty()) {
            rows = List.of();
            if (kind == StatementKind.REPLACE) rows = replaceRows(inner);
        } else {
            String plan;
            try (Statement st = session.engine().createStatement();
                 ResultSet rs = st.executeQuery("EXPLAIN " + t.h2().get(t.h2().size() - 1))) {
                rs.next();
                plan = rs.getString(1);
            }
            rows = rows(plan, kind);
        }
        exec.writeRows(columns(), rows, more);
    }

    static List<ResultColumn> columns() {
        return List.of(ResultColumn.bigint("id"), ResultColumn.text("select_type"), ResultColumn.text("table"),
                ResultColumn.text("partitions"), ResultColumn.text("type"), ResultColumn.text("possible_keys"),
                ResultColumn.text("key"), ResultColumn.text("key_len"), ResultColumn.text("ref"),
                ResultColumn.bigint("rows"),
                new ResultColumn(ColumnDefinition41.of("filtered", FieldType.FLOAT, FieldType.COLLATION_BINARY, 12,
                        FieldType.BINARY_FLAG, 2), ResultColumn.Reader.STRING),
                ResultColumn.text("Extra"));
    }

    /** REPLACE runs as the server's own program: the target table, as MySQL shows an INSERT's. */
    private List<Object[]> replaceRows(String inner) {
        Matcher m = Pattern.compile("(?is)REPLACE\\s+(?:LOW_PRIORITY\\s+|DELAYED\\s+)?(?:INTO\\s+)?([`\\w$.]+)").matcher(inner);
        String table = m.find() ? m.group(1) : null;
        if (table == null) return List.of();
        String[] parts = CreateTableLike.split(table, session.database());
        return List.<Object[]>of(new Object[] {1L, "REPLACE", parts[1], null, "ALL", null, null, null, null, null, null, null});
    }

    /** One table of the plan. */
    private record Ref(int group, String db, String table, String alias, String comment, int at) {}

    private List<Object[]> rows(String plan, StatementKind kind) throws SQLException {
        // The plan without its comments (nested ones too): table references are found outside them.
        StringBuilder masked = new StringBuilder(plan);
        Map<Integer, String> comments = new HashMap<>();
        int depth = 0;
        int open = -1;
        for (int i = 0; i < plan.length(); i++) {
            if (plan.startsWith("/*", i)) {
                if (depth++ == 0) open = i;
                masked.setCharAt(i, ' ');
                masked.setCharAt(i + 1, ' ');
                i++;
            } else if (depth > 0 && plan.startsWith("*/", i)) {
                masked.setCharAt(i, ' ');
                masked.setCharAt(i + 1, ' ');
                if (--depth == 0) comments.put(open, plan.substring(open + 2, i).strip());
                i++;
            } else if (depth > 0) {
                masked.setCharAt(i, ' ');
            }
        }
        String text = masked.toString();
        // Each reference's query block: the innermost "(" enclosing it (-1 for the statement).
        int[] block = new int[text.length() + 1];
        List<Integer> stack = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (!quoted && ch == '(') stack.add(i);
            if (!quoted && ch == ')' && !stack.isEmpty()) stack.remove(stack.size() - 1);
            block[i] = stack.isEmpty() ? -1 : stack.get(stack.size() - 1);
        }
        List<Ref> refs = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        Matcher m = TABLE_REF.matcher(text);
        while (m.find()) {
            int g = block[m.start()];
            if (!groups.contains(g)) groups.add(g);
            int after = m.end();
            while (after < plan.length() && Character.isWhitespace(plan.charAt(after))) after++;
            String comment = comments.get(after);
            refs.add(new Ref(groups.indexOf(g), SqlScan.unquote(m.group(2)), SqlScan.unquote(m.group(3)),
                    m.group(4) == null ? null : SqlScan.unquote(m.group(4)), comment, m.start()));
        }
        Map<String, Ref> byName = new HashMap<>();
        for (Ref r : refs) byName.put((r.alias() != null ? r.alias() : r.table()).toLowerCase(Locale.ROOT), r);
        List<Object[]> rows = new ArrayList<>();
        List<Integer> union = new ArrayList<>();
        if (kind == StatementKind.SELECT && groups.size() == 1 && plan.contains("/* direct lookup */")) {
            // An aggregate the engine answers from its counts, as MySQL's "optimized away" tables.
            return List.<Object[]>of(new Object[] {1L, "SIMPLE", null, null, null, null, null, null, null, null, null,
                    "Select tables optimized away"});
        }
        for (int k = 0; k < refs.size(); k++) {
            Ref r = refs.get(k);
            String selectType;
            if (k == 0 && kind != StatementKind.SELECT) {
                selectType = kind.name();
            } else if (groups.size() == 1 || kind != StatementKind.SELECT) {
                selectType = "SIMPLE";
            } else if (r.group() == 0) {
                selectType = "PRIMARY";
            } else {
                int p = groups.get(r.group());
                String before = p < 0 ? "" : text.substring(0, p).stripTrailing();
                selectType = before.endsWith("FROM") || before.endsWith("JOIN") ? "DERIVED"
                        : before.matches("(?s).*\\b(UNION|EXCEPT|INTERSECT)(\\s+(ALL|DISTINCT))?") ? "UNION" : "SUBQUERY";
                if (selectType.equals("UNION") && !before.matches("(?s).*\\bALL")) union.add(r.group() + 1);
            }
            String name = r.alias() != null ? r.alias() : r.table();
            if (k == 0 && kind == StatementKind.INSERT) {
                rows.add(new Object[] {1L, "INSERT", name, null, "ALL", null, null, null, null, null, null, null});
                continue;
            }
            Access a = access(r, byName);
            boolean dml = k == 0 && (kind == StatementKind.UPDATE || kind == StatementKind.DELETE);
            String type = a.type;
            if (dml && !type.equals("ALL")) type = "range"; // MySQL's single-table UPDATE/DELETE reads a range
            long estimate = type.equals("const") || type.equals("eq_ref") ? 1 : rowEstimate(r.db(), r.table());
            if (dml && a.key != null && a.unique && a.allEqual) estimate = 1;
            String extra = (type.equals("ALL") || type.equals("range") || dml) && whereAfter(text, r.at()) ? "Using where" : null;
            rows.add(new Object[] {(long) (r.group() + 1), selectType, name, null, type, a.key, a.key, a.keyLen, a.ref,
                    estimate, "100.00", extra});
        }
        if (!union.isEmpty()) {
            StringBuilder ids = new StringBuilder("<union1");
            for (int id = 2; id <= groups.size(); id++) ids.append(',').append(id);
            rows.add(new Object[] {null, "UNION RESULT", ids.append('>').toString(), null, "ALL", null, null, null, null,
                    null, null, "Using temporary"});
        }
        return rows;
    }

    /** How a table is read: its join type, index, used key length and what the key is compared with. */
    private record Access(String type, String key, String keyLen, String ref, boolean unique, boolean allEqual) {}

    private static final Access SCAN = new Access("ALL", null, null, null, false, false);

    private Access access(Ref r, Map<String, Ref> byName) throws SQLException {
        String c = r.comment();
        if (c == null) return SCAN;
        int colon = indexOutsideQuotes(c, ':');
        String index = colon < 0 ? c : c.substring(0, colon);
        String cond = colon < 0 ? null : c.substring(colon + 1).strip();
        if (index.endsWith(".tableScan") || cond == null || cond.isEmpty()) return SCAN;
        // schema.index
        int dot = indexOutsideQuotes(index, '.');
        String h2Index = SqlScan.unquote(dot < 0 ? index.strip() : index.substring(dot + 1).strip());
        boolean primary = h2Index.toUpperCase(Locale.ROOT).startsWith("PRIMARY_KEY");
        String key = primary ? "PRIMARY" : dev.mitosis.sql.IndexNames.mysqlName(r.table(), h2Index);
        TableShows.Index idx = null;
        Connection conn = session.engine();
        for (TableShows.Index i : TableShows.indexesOf(conn, r.db(), r.table())) {
            if (i.name().equalsIgnoreCase(key)) idx = i;
        }
        if (idx == null) return SCAN;
        // The conditions on the index's columns: COLUMN = value, COLUMN > value, COLUMN IN(...).
        Map<String, String> equal = new HashMap<>();
        boolean other = false;
        for (String part : cond.split("\\s+AND\\s+")) {
            Matcher m = Pattern.compile("(?s)\\s*(?:[\\w\"]+\\.)?(\"(?:[^\"]|\"\")*\"|\\w+)\\s*(=|<=|>=|<>|<|>|IN\\s*\\(|BETWEEN|IS)\\s*(.*)")
                    .matcher(part);
            if (!m.matches()) {
                other = true;
                continue;
            }
            String column = SqlScan.unquote(m.group(1).strip()).toLowerCase(Locale.ROOT);
            if (m.group(2).equals("=")) equal.putIfAbsent(column, m.group(3).strip());
            else other = true;
        }
        List<String> used = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (String col : idx.columns()) {
            String v = equal.get(col.toLowerCase(Locale.ROOT));
            if (v == null) break;
            used.add(col);
            refs.add(refOf(v, byName));
        }
        boolean allEqual = used.size() == idx.columns().size();
        String type;
        if (used.isEmpty()) {
            type = "range";
            for (String col : idx.columns()) {
                used.add(col);
                break;
            }
            refs.clear();
        } else if (allEqual && idx.unique()) {
            type = refs.stream().allMatch("const"::equals) ? "const" : "eq_ref";
        } else {
            type = other && refs.stream().allMatch("const"::equals) ? "range" : "ref";
            if (type.equals("range")) refs.clear();
        }
        return new Access(type, key, keyLength(r, used), refs.isEmpty() ? null : String.join(",", refs), idx.unique(),
                allEqual);
    }

    /** What an equality compares a key part with: const for a value, db.table.column for a column. */
    private static String refOf(String value, Map<String, Ref> byName) {
        Matcher m = Pattern.compile("(?:(\"(?:[^\"]|\"\")*\"|\\w+)\\.)?(\"(?:[^\"]|\"\")*\"|[A-Za-z_]\\w*)").matcher(value);
        if (!m.matches() || value.equals("TRUE") || value.equals("FALSE") || value.equals("NULL")) return "const";
        String column = SqlScan.unquote(m.group(2).strip()).toLowerCase(Locale.ROOT);
        Ref r = m.group(1) == null ? null : byName.get(SqlScan.unquote(m.group(1).strip()).toLowerCase(Locale.ROOT));
        return r == null ? "func" : r.db() + "." + r.table() + "." + column;
    }

    /** MySQL's key_len: bytes of the used key parts (utf8mb4 text 4 per character, +2 for VARCHAR), +1 if nullable. */
    private String keyLength(Ref r, List<String> used) throws SQLException {
        long total = 0;
        for (TableShows.Column c : TableShows.columnsOf(session.engine(), r.db(), r.table())) {
            if (!used.contains(c.name())) continue;
            String t = c.type().toLowerCase(Locale.ROOT);
            Matcher n = Pattern.compile("\\w+\\((\\d+)").matcher(t);
            long len = n.find() ? Long.parseLong(n.group(1)) : 0;
            long bytes;
            if (t.startsWith("tinyint")) bytes = 1;
            else if (t.startsWith("smallint")) bytes = 2;
            else if (t.startsWith("mediumint")) bytes = 3;
            else if (t.startsWith("int")) bytes = 4;
            else if (t.startsWith("bigint")) bytes = 8;
            else if (t.startsWith("float")) bytes = 4;
            else if (t.startsWith("double")) bytes = 8;
            else if (t.startsWith("year")) bytes = 1;
            else if (t.startsWith("date") && !t.startsWith("datetime")) bytes = 3;
            else if (t.startsWith("datetime")) bytes = 5 + (len + 1) / 2;
            else if (t.startsWith("timestamp")) bytes = 4 + (len + 1) / 2;
            else if (t.startsWith("time")) bytes = 3 + (len + 1) / 2;
            else if (t.startsWith("varchar")) bytes = len * 4 + 2;
            else if (t.startsWith("char")) bytes = len * 4;
            else if (t.startsWith("varbinary")) bytes = len + 2;
            else if (t.startsWith("binary")) bytes = len;
            else return null;
            total += bytes + (c.nullable() ? 1 : 0);
        }
        return total == 0 ? null : Long.toString(total);
    }

    /** Whether the query block of the reference at {@code from} has a WHERE (not a nested query's). */
    private static boolean whereAfter(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '(') depth++;
            else if (ch == ')' && --depth < 0) return false;
            else if (depth == 0 && text.startsWith("WHERE", i)) return true;
            else if (depth == 0 && (text.startsWith("UNION", i) || text.startsWith("EXCEPT", i)
                    || text.startsWith("INTERSECT", i))) return false;
        }
        return false;
    }

    private long rowEstimate(String db, String table) {
        try (PreparedStatement ps = session.engine().prepareStatement(
                "SELECT row_count_estimate FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    private static int indexOutsideQuotes(String s, char ch) {
        boolean q = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') q = !q;
            else if (c == ch && !q) return i;
        }
        return -1;
    }
}
