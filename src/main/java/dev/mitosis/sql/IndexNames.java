package dev.mitosis.sql;

/**
 * MySQL index names are per table, H2's per schema. An index {@code k} of table {@code t} is
 * named {@code "t.k"} in H2. The primary key keeps H2's own name and is reported as PRIMARY.
 */
public final class IndexNames {
    private IndexNames() { }

    public static String h2Name(String table, String index) {
        return QualifiedName.lower(table) + "." + QualifiedName.lower(index);
    }

    /** The MySQL name of H2 index {@code h2Index} on {@code table}; PRIMARY for H2's primary-key index. */
    /** H2's name for the index it creates for a foreign key: the constraint's name, _INDEX_ and a suffix. */
    private static final java.util.regex.Pattern FOREIGN_KEY_INDEX = java.util.regex.Pattern.compile("(.*)_INDEX_[0-9A-Z]+");

    /** Whether H2 created this index for a foreign key (MySQL shows it only when no other index serves). */
    public static boolean isForeignKeyIndex(String h2Index) {
        return FOREIGN_KEY_INDEX.matcher(h2Index).matches();
    }

    public static String mysqlName(String table, String h2Index) {
        String prefix = QualifiedName.lower(table) + ".";
        // The index H2 creates for a foreign key is named after the constraint, as MySQL's is.
        java.util.regex.Matcher fk = FOREIGN_KEY_INDEX.matcher(h2Index);
        if (fk.matches() && fk.group(1).indexOf('.') >= 0) h2Index = fk.group(1);
        if (h2Index.regionMatches(true, 0, prefix, 0, prefix.length())) return h2Index.substring(prefix.length());
        if (h2Index.regionMatches(true, 0, "PRIMARY_KEY", 0, 11)) return "PRIMARY";
        // Renamed tables keep their indexes' old prefix.
        int dot = h2Index.indexOf('.');
        return dot >= 0 ? h2Index.substring(dot + 1) : h2Index;
    }
}
