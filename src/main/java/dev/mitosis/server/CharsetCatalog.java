package dev.mitosis.server;

import java.util.List;

/**
 * The storage engine, character sets and collations the server reports: one list for SHOW
 * ENGINES / CHARACTER SET / COLLATION and for information_schema's ENGINES, CHARACTER_SETS,
 * COLLATIONS and COLLATION_CHARACTER_SET_APPLICABILITY.
 */
final class CharsetCatalog {
    private CharsetCatalog() {}

    record Engine(String name, String support, String comment, String transactions, String xa, String savepoints) {}

    record Charset(String name, String description, String defaultCollation, long maxlen) {}

    record Collation(String name, String charset, long id, boolean isDefault, long sortlen, String padAttribute) {}

    static final List<Engine> ENGINES = List.of(
            new Engine("InnoDB", "DEFAULT", "Supports transactions, row-level locking, and foreign keys", "YES", "NO", "YES"));

    static final List<Charset> CHARSETS = List.of(
            new Charset("binary", "Binary pseudo charset", "binary", 1),
            new Charset("latin1", "cp1252 West European", "latin1_swedish_ci", 1),
            new Charset("utf8mb3", "UTF-8 Unicode", "utf8mb3_general_ci", 3),
            new Charset("utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", 4));

    static final List<Collation> COLLATIONS = List.of(
            new Collation("binary", "binary", 63, true, 1, "NO PAD"),
            new Collation("utf8mb4_0900_ai_ci", "utf8mb4", 255, true, 0, "NO PAD"),
            new Collation("utf8mb4_bin", "utf8mb4", 46, false, 1, "PAD SPACE"),
            new Collation("utf8mb4_general_ci", "utf8mb4", 45, false, 1, "PAD SPACE"));

    /** information_schema's views of the lists, as engine DDL. */
    static List<String> views(String schema) {
        StringBuilder engines = new StringBuilder();
        for (Engine e : ENGINES) {
            row(engines, quote(e.name()), quote(e.support()), quote(e.comment()), quote(e.transactions()), quote(e.xa()),
                    quote(e.savepoints()));
        }
        StringBuilder charsets = new StringBuilder();
        for (Charset c : CHARSETS) {
            row(charsets, quote(c.name()), quote(c.defaultCollation()), quote(c.description()), "CAST(" + c.maxlen() + " AS BIGINT)");
        }
        StringBuilder collations = new StringBuilder();
        StringBuilder applicability = new StringBuilder();
        for (Collation c : COLLATIONS) {
            row(collations, quote(c.name()), quote(c.charset()), "CAST(" + c.id() + " AS BIGINT)", quote(c.isDefault() ? "Yes" : ""),
                    quote("Yes"), "CAST(" + c.sortlen() + " AS BIGINT)", quote(c.padAttribute()));
            row(applicability, quote(c.name()), quote(c.charset()));
        }
        return List.of(
                view(schema + ".engines", engines, "engine, support, comment, transactions, xa, savepoints"),
                view(schema + ".character_sets", charsets, "character_set_name, default_collate_name, description, maxlen"),
                view(schema + ".collations", collations,
                        "collation_name, character_set_name, id, is_default, is_compiled, sortlen, pad_attribute"),
                view(schema + ".collation_character_set_applicability", applicability, "collation_name, character_set_name"));
    }

    private static void row(StringBuilder values, String... columns) {
        values.append(values.length() == 0 ? "(" : ", (").append(String.join(", ", columns)).append(')');
    }

    private static String view(String name, StringBuilder values, String columns) {
        return "CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM (VALUES " + values + ") AS v(" + columns + ")";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
