package dev.mitosis.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Date and time columns as numbers. MySQL converts a DATE, DATETIME, TIMESTAMP or TIME operand of
 * + - * to its number (20241122, 20240101100000, 20240101100000.123, 101112); the engine adds
 * days instead, multiplies a TIME, or rejects the operation. The translator cannot tell a column's
 * type from the text, so a statement is first translated without types; the engine rejects the
 * ones with such a column at prepare time ({@link #rejected}), and those are translated again with
 * the column types looked up here, by the names in scope (the statement's tables and aliases).
 * A column whose type is not found that way is converted at run time ({@link #AT_RUN_TIME}).
 */
final class TemporalColumns {
    /** H2's message for an operation it has no rule for, when one side is a date or time. */
    private static final Pattern REJECTED = Pattern.compile(
            "Feature not supported: \"(?:(?:TIME|TIMESTAMP)(?: WITH TIME ZONE)?|DATE) [-+*] [^\"]*\"[\\s\\S]*"
                    + "|Feature not supported: \"[^\"]* [-+*] (?:(?:TIME|TIMESTAMP)(?: WITH TIME ZONE)?|DATE)\"[\\s\\S]*");
    private static final int FEATURE_NOT_SUPPORTED = 50100;
    /**
     * A column the statement's tables do not type (a derived table's or a CTE's, or one that
     * tables disagree on): its number is found at run time, as a DECIMAL.
     */
    static final String[] AT_RUN_TIME = {ExpressionTranslator.FN + "\"mysql_temporal_number\"(", ")"};

    private final List<TableRefs.Named> tables;
    private final ColumnLookup lookup;

    TemporalColumns(String sql, StatementKind kind, ColumnLookup lookup) {
        List<TableRefs.Named> named = TableRefs.named(sql, kind);
        if (kind == StatementKind.CREATE_VIEW || kind == StatementKind.ALTER_VIEW) {
            // The view being defined is no scope of its own query.
            named = named.stream().filter(n -> n.ref().role() != TableRefs.Role.TARGET).toList();
        }
        this.tables = named;
        this.lookup = lookup;
    }

    /** The tables a statement acts on (an UPDATE's joined tables) that have the column. */
    List<TableRefs.Named> having(String column) {
        List<TableRefs.Named> out = new java.util.ArrayList<>(2);
        for (TableRefs.Named n : tables) {
            if (n.ref().role() == TableRefs.Role.TARGET && lookup.type(n.ref().schema(), n.ref().table(), column) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether the engine rejected a statement for date or time arithmetic. */
    static boolean rejected(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == FEATURE_NOT_SUPPORTED && s.getMessage() != null
                    && REJECTED.matcher(s.getMessage()).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What makes a column of this type its number, as the text to put before and after the
     * column; null when the type is not a date or time (or unknown). An ENUM is its index (1 for
     * the first member), as in MySQL; the engine rejects it in arithmetic with a conversion error.
     */
    static String[] asNumber(MysqlType type) {
        if (type == null) return null;
        if (type.realType() == MysqlColumnType.ENUM) return new String[] {"CAST(", " AS INTEGER)"};
        int fsp = Math.max(0, Math.min(type.decimals(), 6));
        String pattern = switch (type.protocolType()) {
            case DATE -> "yyyyMMdd";
            case DATETIME, TIMESTAMP -> "yyyyMMddHHmmss";
            case TIME -> "HHmmss";
            default -> null;
        };
        if (pattern == null) return null;
        if (type.protocolType() == MysqlColumnType.DATE) fsp = 0;
        int digits = pattern.length();
        String target = fsp == 0 ? "BIGINT" : "DECIMAL(" + (digits + fsp) + ", " + fsp + ")";
        String format = fsp == 0 ? pattern : pattern + "." + "S".repeat(fsp);
        return new String[] {"CAST(FORMATDATETIME(", ", '" + format + "') AS " + target + ")"};
    }

    /**
     * The type of the column named by {@code parts} (column, table.column or schema.table.column):
     * a qualifier is an alias or table of the statement; an unqualified name is looked up in every
     * table the statement names, and is only typed when those that have it agree.
     */
    MysqlType type(List<String> parts) {
        String column = parts.get(parts.size() - 1);
        if (parts.size() == 3) return lookup.type(parts.get(0), parts.get(1), column);
        if (parts.size() == 2) {
            String qualifier = parts.get(0);
            for (TableRefs.Named n : tables) {
                if (n.alias() != null && n.alias().equalsIgnoreCase(qualifier)) {
                    return lookup.type(n.ref().schema(), n.ref().table(), column);
                }
            }
            for (TableRefs.Named n : tables) {
                if (n.alias() == null && n.ref().table().equalsIgnoreCase(qualifier)) {
                    return lookup.type(n.ref().schema(), n.ref().table(), column);
                }
            }
            return null;
        }
        if (parts.size() != 1) return null;
        MysqlType found = null;
        for (TableRefs.Named n : tables) {
            MysqlType t = lookup.type(n.ref().schema(), n.ref().table(), column);
            if (t == null) continue;
            if (found != null && !(found.protocolType() == t.protocolType() && found.decimals() == t.decimals())) return null;
            found = t;
        }
        return found;
    }
}
