package dev.mitosis.sql;

/**
 * MySQL column types to H2 types. Types H2 would not preserve are H2 domains in schema
 * {@code mitosis_types} (see {@link MysqlTypes}), so {@link MysqlType} can tell them apart later.
 */
final class TypeTranslator {
    static final String DOMAIN = "\"" + MysqlTypes.SCHEMA + "\".";

    /** The translated type and the index after it and its attributes (UNSIGNED, CHARACTER SET, ...). */
    record Result(String h2Type, int end, String setDomainDdl) { }

    private TypeTranslator() { }

    static String domain(String name) {
        return DOMAIN + "\"" + name + "\"";
    }

    /**
     * @param caseSensitive whether text compares case-sensitively: a binary collation (_bin, _cs)
     *                      given on the column or as the table's default. MySQL's default
     *                      collation is case-insensitive, so text columns are then H2's
     *                      VARCHAR_IGNORECASE: comparisons, unique keys, ORDER BY and GROUP BY
     *                      ignore case as in MySQL; CHAR(n) becomes the domain charN over
     *                      VARCHAR_IGNORECASE(n) (H2 has no case-insensitive CHAR).
     */
    static Result translate(Tokens tk, int i, boolean caseSensitive) {
        Token typeToken = tk.get(i);
        if (typeToken.type != TokenType.IDENTIFIER) throw tk.error(i);
        String type = Keywords.upper(typeToken.text);
        int j = i + 1;
        if (type.equals("NATIONAL")) { type = Keywords.upper(tk.get(j).text); j++; }
        if ((type.equals("DOUBLE") && tk.is(j, "PRECISION")) || (type.equals("CHARACTER") && tk.is(j, "VARYING"))
                || (type.equals("CHAR") && tk.is(j, "VARYING"))) {
            type = type.equals("DOUBLE") ? "DOUBLE" : "VARCHAR";
            j++;
        }
        if (type.equals("LONG") && (tk.is(j, "VARCHAR") || tk.is(j, "VARBINARY"))) {
            type = tk.is(j, "VARCHAR") ? "MEDIUMTEXT" : "MEDIUMBLOB";
            j++;
        }
        String length = null;
        String scale = null;
        java.util.List<String> members = null;
        if (tk.isSymbol(j, "(")) {
            int close = tk.match[j];
            if (type.equals("ENUM") || type.equals("SET")) {
                members = new java.util.ArrayList<>();
                for (int k = j + 1; k < close; k += 2) {
                    if (tk.t[k].type != TokenType.STRING) throw tk.error(k);
                    members.add(tk.t[k].text);
                }
            } else {
                length = tk.get(j + 1).text;
                if (tk.isSymbol(j + 2, ",")) scale = tk.get(j + 3).text;
            }
            j = close + 1;
        }
        boolean unsigned = false;
        boolean binaryCharset = false;
        while (true) {
            if (tk.is(j, "UNSIGNED")) { unsigned = true; j++; }
            else if (tk.is(j, "SIGNED") || tk.is(j, "ZEROFILL") || tk.is(j, "ASCII") || tk.is(j, "UNICODE")) j++;
            else if (tk.is(j, "BINARY")) { caseSensitive = true; j++; }
            else if (tk.is(j, "CHARACTER") && tk.is(j + 1, "SET") || tk.is(j, "CHARSET")) {
                j += tk.is(j, "CHARSET") ? 1 : 2;
                if (tk.isSymbol(j, "=")) j++;
                binaryCharset = tk.is(j, "binary");
                j++;
            } else if (tk.is(j, "COLLATE")) {
                caseSensitive = isCaseSensitive(tk.get(j + 1).text);
                j += 2;
            } else break;
        }
        String setDdl = null;
        String h2 = switch (type) {
            case "TINYINT", "INT1" -> unsigned ? domain("tinyint_unsigned") : "1".equals(length) ? domain("tinyint1") : "TINYINT";
            case "BOOL", "BOOLEAN" -> domain("tinyint1");
            case "SMALLINT", "INT2" -> unsigned ? domain("smallint_unsigned") : "SMALLINT";
            case "MEDIUMINT", "INT3", "MIDDLEINT" -> unsigned ? domain("mediumint_unsigned") : domain("mediumint");
            case "INT", "INTEGER", "INT4" -> unsigned ? domain("int_unsigned") : "INTEGER";
            case "BIGINT", "INT8" -> unsigned ? domain("bigint_unsigned") : "BIGINT";
            case "SERIAL" -> domain("bigint_unsigned") + " AUTO_INCREMENT NOT NULL";
            case "DECIMAL", "DEC", "NUMERIC", "FIXED" ->
                    "DECIMAL(" + (length == null ? "10" : length) + "," + (scale == null ? "0" : scale) + ")";
            case "FLOAT" -> length != null && scale == null && Integer.parseInt(length) > 24 ? "DOUBLE PRECISION" : "REAL";
            case "FLOAT4" -> "REAL";
            case "DOUBLE", "REAL", "FLOAT8" -> "DOUBLE PRECISION";
            case "BIT" -> domain("bit" + (length == null ? "1" : length));
            case "DATE" -> "DATE";
            case "DATETIME" -> "TIMESTAMP(" + (length == null ? "0" : length) + ")";
            case "TIMESTAMP" -> domain("timestamp" + (length == null ? "0" : length));
            case "TIME" -> "TIME(" + (length == null ? "0" : length) + ")";
            case "YEAR" -> domain("year");
            case "CHAR", "CHARACTER", "NCHAR" -> {
                String n = length == null ? "1" : length;
                int chars = MysqlTypes.charLength(MysqlTypes.CHAR_DOMAIN + n);
                yield binaryCharset ? "BINARY(" + n + ")"
                        : !caseSensitive && chars > 0 ? domain(MysqlTypes.CHAR_DOMAIN + chars) : "CHAR(" + n + ")";
            }
            case "VARCHAR", "NVARCHAR", "VARCHARACTER" -> {
                if (length == null) throw tk.error(j);
                yield binaryCharset ? "VARBINARY(" + length + ")"
                        : (caseSensitive ? "VARCHAR(" : "VARCHAR_IGNORECASE(") + length + ")";
            }
            case "BINARY" -> "BINARY(" + (length == null ? "1" : length) + ")";
            case "VARBINARY" -> {
                if (length == null) throw tk.error(j);
                yield "VARBINARY(" + length + ")";
            }
            case "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT" ->
                    domain(type.toLowerCase(java.util.Locale.ROOT) + (caseSensitive || binaryCharset ? MysqlTypes.CASE_SENSITIVE : ""));
            case "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "JSON" -> domain(type.toLowerCase(java.util.Locale.ROOT));
            case "ENUM" -> {
                if (members == null || members.isEmpty()) throw tk.error(i);
                StringBuilder sb = new StringBuilder("ENUM(");
                appendMembers(sb, members);
                yield sb.append(')').toString();
            }
            case "SET" -> {
                if (members == null || members.isEmpty()) throw tk.error(i);
                String name = setDomainName(members);
                int max = members.stream().mapToInt(String::length).sum() + members.size();
                setDdl = "CREATE DOMAIN IF NOT EXISTS " + domain(name) + " AS VARCHAR(" + max + ")";
                yield domain(name);
            }
            default -> throw tk.error(i);
        };
        return new Result(h2, j, setDdl);
    }

    /** Binary and case-sensitive collations: utf8mb4_bin, utf8mb4_0900_as_cs, binary, ... */
    static boolean isCaseSensitive(String collation) {
        String c = collation.toLowerCase(java.util.Locale.ROOT);
        return c.equals("binary") || c.endsWith("_bin") || c.endsWith("_cs");
    }

    /** The collation a COLLATE clause at top level of tokens [from, to) names, or null. */
    static String collateClause(Tokens tk, int from, int to) {
        for (int k = from; k < to; k = tk.skip(k)) {
            if (tk.is(k, "COLLATE")) return tk.get(tk.isSymbol(k + 1, "=") ? k + 2 : k + 1).text;
        }
        return null;
    }

    /** A SET type's domain is named after its MySQL definition, e.g. {@code set('a','b')}. */
    static String setDomainName(java.util.List<String> members) {
        StringBuilder sb = new StringBuilder("set(");
        appendMembers(sb, members);
        return sb.append(')').toString();
    }

    private static void appendMembers(StringBuilder sb, java.util.List<String> members) {
        for (int k = 0; k < members.size(); k++) {
            if (k > 0) sb.append(',');
            sb.append('\'').append(members.get(k).replace("'", "''")).append('\'');
        }
    }
}
