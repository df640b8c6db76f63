package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The INTO clause of a SELECT: {@code INTO @var, ...}, {@code INTO OUTFILE 'file' format} or
 * {@code INTO DUMPFILE 'file'}, before FROM or at the end as MySQL allows, and the SELECT without
 * it (which the engine runs).
 *
 * @param select    the statement with the INTO clause cut out
 * @param variables the user variables (names without '@'), for {@link Target#VARIABLES}
 * @param file      the file, for OUTFILE and DUMPFILE
 */
public record SelectInto(String select, Target target, List<String> variables, String file, FileFormat format) {
    public enum Target { VARIABLES, OUTFILE, DUMPFILE }

    /** The INTO clause of a SELECT statement, or null if it has none at its top level. */
    public static SelectInto split(String sql) {
        List<Token> t = Lexer.tokenize(sql);
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.isSymbol("(")) depth++;
            else if (k.isSymbol(")")) depth--;
            else if (depth == 0 && k.is("INTO")) return clause(sql, t, i);
        }
        return null;
    }

    private static SelectInto clause(String sql, List<Token> t, int at) {
        TokenCursor c = new TokenCursor(sql, t, at + 1);
        Target target;
        List<String> variables = new ArrayList<>();
        String file = null;
        FileFormat format = FileFormat.DEFAULT;
        if (c.peekType(TokenType.USER_VARIABLE)) {
            target = Target.VARIABLES;
            do {
                if (!c.peekType(TokenType.USER_VARIABLE)) throw c.error();
                variables.add(c.next().text);
            } while (c.acceptSymbol(","));
        } else if (c.accept("OUTFILE")) {
            target = Target.OUTFILE;
            file = c.string();
            format = FileFormat.parse(c);
        } else if (c.accept("DUMPFILE")) {
            target = Target.DUMPFILE;
            file = c.string();
        } else {
            throw c.error();
        }
        String select = sql.substring(0, t.get(at).start) + " " + sql.substring(c.offset());
        return new SelectInto(select, target, List.copyOf(variables), file, format);
    }
}
