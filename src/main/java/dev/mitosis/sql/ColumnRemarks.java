package dev.mitosis.sql;

/**
 * What the engine keeps of a MySQL column beyond its H2 definition, in the column's remarks
 * (H2's COMMENT): the user's COMMENT, then, for a generated column, its expression as MySQL text
 * and whether it is STORED or VIRTUAL. H2 holds only its own translation of the expression, which
 * SHOW CREATE TABLE and information_schema cannot give back as MySQL wrote it; the remarks follow
 * the column through ALTER and RENAME TABLE as H2 copies them.
 *
 * @param comment    the user's COMMENT ("" if none)
 * @param expression the generated column's MySQL expression, null for a column that is not generated
 */
public record ColumnRemarks(String comment, String expression, boolean stored) {
    /** Starts the generated part: a control character no COMMENT text is expected to hold. */
    private static final String MARK = "\u001Fgenerated:";

    public static ColumnRemarks parse(String remarks) {
        if (remarks == null) return new ColumnRemarks("", null, false);
        int at = remarks.indexOf(MARK);
        if (at < 0) return new ColumnRemarks(remarks, null, false);
        String rest = remarks.substring(at + MARK.length());
        boolean stored = rest.startsWith("STORED:");
        return new ColumnRemarks(remarks.substring(0, at), rest.substring(rest.indexOf(':') + 1), stored);
    }

    /** The remarks text to keep, or null when there is nothing to keep. */
    String text() {
        if (expression == null) return comment.isEmpty() ? null : comment;
        return comment + MARK + (stored ? "STORED:" : "VIRTUAL:") + expression;
    }

    /** The user's comment in an engine query over remarks {@code column} (information_schema). */
    public static String commentSql(String column) {
        return "CASE WHEN LOCATE(CHAR(31), COALESCE(" + column + ", '')) > 0 THEN LEFT(" + column + ", LOCATE(CHAR(31), "
                + column + ") - 1) ELSE COALESCE(" + column + ", '') END";
    }

    /** The generated expression (MySQL text, "" if none) in an engine query over remarks {@code column}. */
    public static String expressionSql(String column) {
        return "CASE WHEN LOCATE(CHAR(31), COALESCE(" + column + ", '')) > 0 THEN REGEXP_REPLACE(SUBSTRING(" + column
                + ", LOCATE(CHAR(31), " + column + ") + " + MARK.length() + "), '^(STORED|VIRTUAL):', '') ELSE '' END";
    }

    /** MySQL's EXTRA for a generated column ("" if none) in an engine query over remarks {@code column}. */
    public static String extraSql(String column) {
        return "CASE WHEN LOCATE(CHAR(31) || 'generated:STORED:', COALESCE(" + column + ", '')) > 0 THEN 'STORED GENERATED'"
                + " WHEN LOCATE(CHAR(31) || 'generated:VIRTUAL:', COALESCE(" + column + ", '')) > 0 THEN 'VIRTUAL GENERATED'"
                + " ELSE '' END";
    }
}
