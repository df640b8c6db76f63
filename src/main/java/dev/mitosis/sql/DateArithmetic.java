package dev.mitosis.sql;

import java.util.List;

/** DATE_ADD/DATE_SUB/ADDDATE/SUBDATE and STR_TO_DATE. */
final class DateArithmetic {
    private DateArithmetic() { }

    private static final java.util.Set<String> DATE_ONLY_UNITS = java.util.Set.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "YEAR_MONTH");

    static void write(ExpressionTranslator x, int open, int close, String operator) {
        List<int[]> args = x.arguments(open, close);
        if (args.size() != 2) throw x.tk.error(open + 1);
        int[] date = args.get(0);
        int[] amount = args.get(1);
        Tokens tk = x.tk;
        String unit = "DAY";
        int amountFrom = amount[0];
        int amountTo = amount[1];
        if (tk.is(amountFrom, "INTERVAL")) {
            unit = Keywords.upper(tk.get(amountTo - 1).text);
            if (!Keywords.TIME_UNITS.contains(unit)) throw tk.error(amountTo - 1);
            amountFrom++;
            amountTo--;
        }
        x.w.word("(").glueNext();
        writeDatetimeOperand(x, date[0], date[1], DATE_ONLY_UNITS.contains(unit));
        x.w.word(operator);
        x.writeInterval(amountFrom, amountTo, unit);
        x.w.closing(")");
    }

    /** MySQL accepts strings where a date is expected; H2 cannot add an interval to a string. */
    static void writeDatetimeOperand(ExpressionTranslator x, int from, int to, boolean dateUnit) {
        Token single = to - from == 1 ? x.tk.t[from] : null;
        if (single != null && (single.type == TokenType.STRING || single.type == TokenType.PARAMETER)) {
            boolean date = dateUnit && single.type == TokenType.STRING && single.text.trim().length() <= 10;
            x.w.word("CAST(").glueNext();
            x.translate(from, to);
            x.w.word(date ? "AS DATE)" : "AS TIMESTAMP)");
        } else {
            x.translate(from, to);
        }
    }

    /** STR_TO_DATE gives a DATE when the format has no time fields, else a DATETIME. */
    static void strToDate(ExpressionTranslator x, int n, int open, int close) {
        List<int[]> args = x.arguments(open, close);
        if (args.size() != 2) throw x.tk.error(open + 1);
        Token format = args.get(1)[1] - args.get(1)[0] == 1 ? x.tk.t[args.get(1)[0]] : null;
        boolean dateOnly = format != null && format.type == TokenType.STRING && !hasTimeField(format.text);
        x.call(ExpressionTranslator.FN + (dateOnly ? "\"mysql_str_to_date_d\"" : "\"mysql_str_to_date\""), args);
    }

    private static boolean hasTimeField(String format) {
        for (int i = 0; i + 1 < format.length(); i++) {
            if (format.charAt(i) == '%') {
                if ("HhIiSsfprTkl".indexOf(format.charAt(i + 1)) >= 0) return true;
                i++;
            }
        }
        return false;
    }
}
