package dev.mitosis.sql;

import java.util.List;

/** CAST(x AS type), CONVERT(x, type) and CONVERT(x USING charset) with MySQL's cast targets. */
final class CastRule {
    private CastRule() { }

    static void cast(ExpressionTranslator x, int n, int open, int close) {
        int as = x.tk.findKeyword(open + 1, close, "AS");
        if (as < 0) throw x.tk.error(open + 1);
        write(x, open + 1, as, as + 1, close);
    }

    static void convert(ExpressionTranslator x, int n, int open, int close) {
        int using = x.tk.findKeyword(open + 1, close, "USING");
        if (using >= 0) {
            // Character sets are MySQL's business; the value is the same Java string.
            x.w.word("(").glueNext();
            x.translate(open + 1, using);
            x.w.closing(")");
            return;
        }
        List<int[]> args = x.arguments(open, close);
        if (args.size() != 2) throw x.tk.error(open + 1);
        write(x, args.get(0)[0], args.get(0)[1], args.get(1)[0], args.get(1)[1]);
    }

    private static void write(ExpressionTranslator x, int exprFrom, int exprTo, int typeFrom, int typeTo) {
        Tokens tk = x.tk;
        if (typeFrom >= typeTo) throw tk.error(typeFrom);
        String type = Keywords.upper(tk.t[typeFrom].text);
        if (type.equals("UNSIGNED") || type.equals("SIGNED")) {
            // Functions, not CAST: a string is read as MySQL reads it ('12abc' is 12, with a warning).
            x.w.word(ExpressionTranslator.FN + (type.equals("SIGNED") ? "\"mysql_cast_signed\"(" : "\"mysql_cast_unsigned\"(")).glueNext();
            x.translate(exprFrom, exprTo);
            x.w.closing(")");
            return;
        }
        String h2 = h2Type(tk, type, typeFrom, typeTo);
        x.w.word("CAST(").glueNext();
        String number = switch (type) {
            case "DECIMAL", "DEC", "NUMERIC" -> "DECIMAL";
            case "DOUBLE", "REAL", "FLOAT" -> "DOUBLE";
            default -> null;
        };
        if (number != null) {
            // A string is its leading number, as MySQL reads it ('1.5abc' is 1.5, with a warning).
            x.w.word(ExpressionTranslator.FN + "\"mysql_cast_number\"(").glueNext();
            x.translate(exprFrom, exprTo);
            x.w.word(", '" + number + "')");
        } else {
            x.translate(exprFrom, exprTo);
        }
        x.w.word("AS").word(h2).closing(")");
    }

    private static String h2Type(Tokens tk, String type, int from, int to) {
        String length = tk.isSymbol(from + 1, "(") ? tk.get(from + 2).text : null;
        String scale = length != null && tk.isSymbol(from + 3, ",") ? tk.get(from + 4).text : null;
        return switch (type) {
            case "SIGNED" -> "BIGINT";
            case "CHAR", "NCHAR", "VARCHAR" -> length == null ? "VARCHAR" : "VARCHAR(" + length + ")";
            case "BINARY" -> length == null ? "VARBINARY" : "BINARY(" + length + ")";
            case "DATE" -> "DATE";
            case "DATETIME" -> "TIMESTAMP(" + (length == null ? "0" : length) + ")";
            case "TIME" -> "TIME(" + (length == null ? "0" : length) + ")";
            case "DECIMAL", "DEC", "NUMERIC" -> "DECIMAL(" + (length == null ? "10" : length) + "," + (scale == null ? "0" : scale) + ")";
            case "DOUBLE", "REAL" -> "DOUBLE PRECISION";
            case "FLOAT" -> length != null && Integer.parseInt(length) > 24 ? "DOUBLE PRECISION" : "REAL";
            case "YEAR" -> "SMALLINT";
            case "JSON" -> "VARCHAR";
            default -> throw tk.error(from);
        };
    }
}
