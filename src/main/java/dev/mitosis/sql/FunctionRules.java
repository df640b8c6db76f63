package dev.mitosis.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How MySQL function calls become H2: a table from upper-case MySQL name to a small rule.
 * Functions H2 lacks are Java methods in {@link MysqlFunctions}, called schema-qualified
 * ({@code "mitosis_fn"."md5"(...)}) so they resolve whatever the session's current schema.
 * Functions missing from the table are passed through unchanged.
 */
final class FunctionRules {
    /** Writes the H2 form of the call whose name is at {@code nameIndex} and arguments in (open, close). */
    interface Rule {
        void write(ExpressionTranslator x, int nameIndex, int open, int close);
    }

    private static final Map<String, Rule> RULES = new HashMap<>();

    static Rule get(String upperName) {
        return RULES.get(upperName);
    }

    private static void java(String... names) {
        for (String name : names) {
            String h2 = ExpressionTranslator.FN + "\"mysql_" + name + "\"";
            RULES.put(Keywords.upper(name), (x, n, open, close) -> x.call(h2, x.arguments(open, close)));
        }
    }

    private static void renamed(String mysql, String h2) {
        RULES.put(mysql, (x, n, open, close) -> x.call(h2, x.arguments(open, close)));
    }

    private static void constant(String mysql, String h2Literal) {
        RULES.put(mysql, (x, n, open, close) -> x.w.word(h2Literal));
    }

    /** NOW(), CURRENT_TIMESTAMP and friends: MySQL's default precision is whole seconds, without a time zone. */
    static String niladicTime(String upper, String precision) {
        String p = precision == null ? "0" : precision;
        return switch (upper) {
            case "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME" -> "LOCALTIMESTAMP(" + p + ")";
            case "CURTIME", "CURRENT_TIME" -> "LOCALTIME(" + p + ")";
            case "CURDATE", "CURRENT_DATE" -> "CURRENT_DATE";
            case "SYSDATE" -> ExpressionTranslator.FN + "\"mysql_sysdate\"(" + p + ")";
            case "UTC_TIMESTAMP" -> ExpressionTranslator.FN + "\"mysql_utc_timestamp\"(" + p + ")";
            case "UTC_TIME" -> ExpressionTranslator.FN + "\"mysql_utc_time\"(" + p + ")";
            case "UTC_DATE" -> ExpressionTranslator.FN + "\"mysql_utc_date\"()";
            default -> throw new IllegalArgumentException(upper);
        };
    }

    private static void niladic(String... names) {
        for (String name : names) {
            RULES.put(name, (x, n, open, close) -> {
                String precision = close == open + 2 && x.tk.t[open + 1].type == TokenType.INTEGER ? x.tk.t[open + 1].text : null;
                if (close > open + 1 && precision == null) throw x.tk.error(open + 1);
                x.w.word(niladicTime(name, precision));
            });
        }
    }

    static {
        java("md5", "sha1", "sha2", "hex", "unhex", "crc32", "inet_aton", "inet_ntoa", "reverse",
                "substring_index", "date_format", "datediff", "sleep", "to_base64", "from_base64", "bin",
                "oct", "conv", "field", "elt", "format", "strcmp", "ord", "weekday", "to_days", "from_days",
                "time_to_sec", "sec_to_time", "makedate", "maketime", "microsecond", "weekofyear", "yearweek", "week",
                "bit_count", "log2", "quote", "json_extract", "json_unquote", "json_valid", "uuid_short",
                "found_rows", "row_count", "last_insert_id", "version", "connection_id", "user",
                "session_user", "system_user", "length", "get_lock", "release_lock", "is_free_lock", "unix_timestamp",
                "find_in_set", "timediff", "addtime", "subtime", "period_add", "period_diff", "convert_tz",
                "json_length", "json_contains", "json_keys");
        java("json_type", "json_depth", "json_quote", "json_overlaps", "json_pretty", "make_set", "export_set",
                "random_bytes", "regexp_instr", "time_format", "uuid_to_bin", "bin_to_uuid", "is_uuid", "inet6_aton",
                "inet6_ntoa");
        // CHAR(n, ... [USING charset]): H2's CHAR takes one code; ours takes MySQL's list.
        RULES.put("CHAR", (x, n, open, close) -> {
            int using = x.tk.findKeyword(open + 1, close, "USING");
            x.call(ExpressionTranslator.FN + "\"mysql_char\"", x.arguments(open, using < 0 ? close : using));
        });
        // MySQL matches with the collation: case-insensitive unless match_type says otherwise.
        RULES.put("REGEXP_LIKE", (x, n, open, close) -> {
            List<int[]> args = x.arguments(open, close);
            x.w.word("REGEXP_LIKE(").glueNext();
            for (int k = 0; k < args.size(); k++) {
                if (k > 0) x.w.closing(",");
                x.translate(args.get(k)[0], args.get(k)[1]);
            }
            if (args.size() == 2) x.w.closing(",").word("'i'");
            x.w.closing(")");
        });
        // Their value arguments nest a JSON function's result as JSON, not as a string.
        for (String name : new String[] {"json_array", "json_object", "json_set", "json_insert", "json_replace",
                "json_remove", "json_array_append", "json_array_insert", "json_merge_patch", "json_merge_preserve",
                "json_search"}) {
            RULES.put(Keywords.upper(name), (x, n, open, close) -> jsonConstructor(x, name, open, close));
        }
        RULES.put("JSON_MERGE", RULES.get("JSON_MERGE_PRESERVE"));
        RULES.put("JSON_ARRAYAGG", (x, n, open, close) -> jsonAggregate(x, open, close, false));
        RULES.put("JSON_OBJECTAGG", (x, n, open, close) -> jsonAggregate(x, open, close, true));
        // Whole seconds in, whole seconds out: a TIME without H2's fractional digits.
        for (String name : new String[] {"SEC_TO_TIME", "MAKETIME"}) {
            Rule java = RULES.get(name);
            RULES.put(name, (x, n, open, close) -> {
                x.w.word("CAST(").glueNext();
                java.write(x, n, open, close);
                x.w.word("AS TIME)");
            });
        }
        RULES.put("SHA", RULES.get("SHA1"));
        RULES.put("OCTET_LENGTH", RULES.get("LENGTH"));
        RULES.put("DATABASE", (x, n, open, close) -> x.w.word(ExpressionTranslator.FN + "\"mysql_database\"()"));
        RULES.put("SCHEMA", RULES.get("DATABASE"));
        RULES.put("CURRENT_USER", (x, n, open, close) -> x.w.word(ExpressionTranslator.FN + "\"mysql_current_user\"()"));
        renamed("POW", "POWER");
        renamed("MID", "SUBSTRING");
        // MySQL's population statistics under their older names.
        renamed("STD", "STDDEV_POP");
        renamed("STDDEV", "STDDEV_POP");
        renamed("VARIANCE", "VAR_POP");
        RULES.put("TIME", (x, n, open, close) -> castCall(x, open, close, "TIME"));
        RULES.put("TIMESTAMP", (x, n, open, close) -> castCall(x, open, close, "TIMESTAMP"));
        constant("CHARSET", "'utf8mb4'");
        constant("COLLATION", "'utf8mb4_0900_ai_ci'");
        constant("BENCHMARK", "0");
        RULES.put("UUID", (x, n, open, close) -> x.w.word("CAST(RANDOM_UUID() AS VARCHAR)"));
        niladic("NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME", "CURTIME", "CURRENT_TIME",
                "CURDATE", "CURRENT_DATE", "SYSDATE", "UTC_TIMESTAMP", "UTC_TIME", "UTC_DATE");
        RULES.put("IF", FunctionRules::ifFunction);
        RULES.put("IFNULL", FunctionRules::firstNonNull);
        RULES.put("COALESCE", FunctionRules::firstNonNull);
        RULES.put("ISNULL", (x, n, open, close) -> {
            x.w.word("(").glueNext();
            x.translate(open + 1, close);
            x.w.word("IS NULL)");
        });
        RULES.put("MOD", (x, n, open, close) -> {
            List<int[]> args = x.arguments(open, close);
            if (args.size() != 2) throw x.tk.error(open);
            x.w.word("MOD(").glueNext();
            x.translate(args.get(0)[0], args.get(0)[1]);
            x.w.closing(",").word("NULLIF(").glueNext();
            x.translate(args.get(1)[0], args.get(1)[1]);
            x.w.closing(", 0))");
        });
        RULES.put("CAST", CastRule::cast);
        RULES.put("CONVERT", CastRule::convert);
        RULES.put("DATE_ADD", (x, n, open, close) -> DateArithmetic.write(x, open, close, "+"));
        RULES.put("ADDDATE", RULES.get("DATE_ADD"));
        RULES.put("DATE_SUB", (x, n, open, close) -> DateArithmetic.write(x, open, close, "-"));
        RULES.put("SUBDATE", RULES.get("DATE_SUB"));
        RULES.put("STR_TO_DATE", DateArithmetic::strToDate);
        RULES.put("TIMESTAMPDIFF", FunctionRules::unitFirst);
        RULES.put("TIMESTAMPADD", FunctionRules::unitFirst);
        RULES.put("EXTRACT", FunctionRules::extract);
    }

    /** Functions whose result is a JSON document, not a string, when another JSON function takes it. */
    private static final java.util.Set<String> JSON_VALUED = java.util.Set.of(
            "JSON_ARRAY", "JSON_OBJECT", "JSON_EXTRACT", "JSON_KEYS", "JSON_SET", "JSON_INSERT", "JSON_REPLACE",
            "JSON_REMOVE", "JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT", "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE",
            "JSON_MERGE");

    /**
     * JSON_ARRAY / JSON_OBJECT: JSON values are text here (the json type is a VARCHAR domain), so
     * an argument that is itself a JSON function's result is marked FORMAT JSON: it nests as a
     * document, where any other string becomes a JSON string.
     */
    private static void jsonConstructor(ExpressionTranslator x, String name, int open, int close) {
        List<int[]> args = x.arguments(open, close);
        x.w.word(ExpressionTranslator.FN + "\"mysql_" + name + "\"").glueNext().open("(");
        for (int k = 0; k < args.size(); k++) {
            if (k > 0) x.w.closing(",");
            int from = args.get(k)[0];
            int to = args.get(k)[1];
            boolean json = x.tk.isSymbol(from + 1, "(") && x.tk.match[from + 1] == to - 1
                    && JSON_VALUED.contains(Keywords.upper(x.tk.t[from].text));
            x.translate(from, to);
            if (json) x.w.word("FORMAT JSON");
        }
        x.w.closing(")");
    }

    /**
     * JSON_ARRAYAGG(v) / JSON_OBJECTAGG(k, v): H2's, keeping NULL values as MySQL does, and
     * normalized as MySQL returns JSON (H2 writes it compact). As a window function it stays H2's.
     */
    private static void jsonAggregate(ExpressionTranslator x, int open, int close, boolean object) {
        List<int[]> args = x.arguments(open, close);
        if (args.size() != (object ? 2 : 1)) throw x.tk.error(open);
        boolean window = x.tk.is(close + 1, "OVER");
        if (!window) x.w.word(ExpressionTranslator.FN + "\"mysql_json_normalize\"(").glueNext();
        x.w.word(object ? "JSON_OBJECTAGG(" : "JSON_ARRAYAGG(").glueNext();
        if (object) {
            x.w.word("KEY");
            x.translate(args.get(0)[0], args.get(0)[1]);
            x.w.word("VALUE");
        }
        int[] value = args.get(object ? 1 : 0);
        x.translate(value[0], value[1]);
        x.w.word("NULL ON NULL").closing(")");
        if (!window) x.w.closing(")");
    }

    private static void castCall(ExpressionTranslator x, int open, int close, String type) {
        x.w.word("CAST(").glueNext();
        x.translate(open + 1, close);
        x.w.word("AS " + type + ")");
    }

    /** IF(c, a, b): MySQL's condition is any truthy value. */
    private static void ifFunction(ExpressionTranslator x, int n, int open, int close) {
        List<int[]> args = x.arguments(open, close);
        if (args.size() != 3) throw x.tk.error(open);
        boolean text = isText(x, args.get(1)) || isText(x, args.get(2));
        x.w.word("CASE WHEN");
        x.translate(args.get(0)[0], args.get(0)[1]);
        x.w.word("THEN");
        result(x, args.get(1), text);
        x.w.word("ELSE");
        result(x, args.get(2), text);
        x.w.word("END");
    }

    /** IFNULL(a, b) and COALESCE(a, ...). */
    private static void firstNonNull(ExpressionTranslator x, int n, int open, int close) {
        List<int[]> args = x.arguments(open, close);
        if (args.isEmpty()) throw x.tk.error(open);
        boolean text = args.stream().anyMatch(a -> isText(x, a));
        x.w.word("COALESCE").glueNext().open("(");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) x.w.closing(",");
            result(x, args.get(i), text);
        }
        x.w.closing(")");
    }

    private static boolean isText(ExpressionTranslator x, int[] arg) {
        return arg[1] - arg[0] == 1 && x.tk.t[arg[0]].type == TokenType.STRING;
    }

    /**
     * One of the values a function may return. When another of them is a string literal, MySQL
     * returns a string (IFNULL(qty, 'none'), COALESCE(id, '')) but H2 would convert the literal to
     * the other value's number type and fail: the value is made text then.
     */
    private static void result(ExpressionTranslator x, int[] arg, boolean text) {
        boolean cast = text && !isText(x, arg) && !(arg[1] - arg[0] == 1 && x.tk.t[arg[0]].is("NULL"));
        if (cast) x.w.word("CAST(").glueNext();
        x.translate(arg[0], arg[1]);
        if (cast) x.w.closing(" AS VARCHAR_IGNORECASE)");
    }

    /** TIMESTAMPDIFF(unit, a, b) / TIMESTAMPADD(unit, n, d): the unit is a keyword, not a column. */
    private static void unitFirst(ExpressionTranslator x, int n, int open, int close) {
        List<int[]> args = x.arguments(open, close);
        if (args.size() != 3 || args.get(0)[1] - args.get(0)[0] != 1) throw x.tk.error(open);
        x.w.word(x.tk.t[n].text).glueNext().open("(").word(Keywords.upper(x.tk.t[open + 1].text)).closing(",");
        x.translate(args.get(1)[0], args.get(1)[1]);
        x.w.closing(",");
        x.translate(args.get(2)[0], args.get(2)[1]);
        x.w.closing(")");
    }

    /** EXTRACT(unit FROM d). */
    private static void extract(ExpressionTranslator x, int n, int open, int close) {
        if (!x.tk.is(open + 2, "FROM")) throw x.tk.error(open + 1);
        x.w.word("EXTRACT(").glueNext().word(Keywords.upper(x.tk.t[open + 1].text)).word("FROM");
        x.translate(open + 3, close);
        x.w.closing(")");
    }
}
