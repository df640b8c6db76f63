package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's SQL-level prepared statements, one set per session: PREPARE name FROM 'text' | @var,
 * EXECUTE name [USING @a, ...], DEALLOCATE | DROP PREPARE name. EXECUTE runs the text with each
 * `?` replaced by the literal value of its user variable, through the same path as any statement.
 */
final class SqlPreparedStatements {
    private static final Pattern PREPARE = Pattern.compile("(?is)^\\s*PREPARE\\s+(`[^`]+`|\\w+)\\s+FROM\\s+(.+?)\\s*;?\\s*$");
    private static final Pattern EXECUTE = Pattern.compile(
            "(?is)^\\s*EXECUTE\\s+(`[^`]+`|\\w+)(?:\\s+USING\\s+(@\\w+(?:\\s*,\\s*@\\w+)*))?\\s*;?\\s*$");
    private static final Pattern DEALLOCATE = Pattern.compile("(?is)^\\s*(?:DEALLOCATE|DROP)\\s+PREPARE\\s+(`[^`]+`|\\w+)\\s*;?\\s*$");

    private record Prepared(String text, List<Token> parameters) {}

    private final Session session;
    private final QueryExecutor exec;
    private final Map<String, Prepared> byName = new HashMap<>();

    SqlPreparedStatements(Session session, QueryExecutor exec) {
        this.session = session;
        this.exec = exec;
    }

    boolean tryExecute(String stmt, String[] w, boolean more) throws IOException, MysqlException, SQLException {
        switch (w[0]) {
            case "PREPARE" -> prepare(stmt, more);
            case "EXECUTE" -> execute(stmt, more);
            case "DEALLOCATE" -> deallocate(stmt, more);
            case "DROP" -> {
                if (!w[1].equals("PREPARE")) return false;
                deallocate(stmt, more);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void prepare(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        Matcher m = PREPARE.matcher(stmt);
        if (!m.matches()) throw syntax(stmt);
        String source = m.group(2).trim();
        String text;
        if (source.startsWith("@")) {
            Object v = userVariable(source.substring(1));
            text = v == null ? "NULL" : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
        } else {
            List<Token> t = Lexer.tokenize(source);
            if (t.size() != 2 || t.get(0).type != TokenType.STRING) throw syntax(stmt);
            text = t.get(0).text;
        }
        List<Token> parameters = Lexer.tokenize(text).stream().filter(t -> t.type == TokenType.PARAMETER).toList();
        String[] words = SqlFront.leadingWords(text, 1);
        if (words[0].equals("PREPARE") || words[0].equals("EXECUTE") || words[0].equals("DEALLOCATE")) {
            throw ErrorCode.ER_UNSUPPORTED_PS.exception();
        }
        // MySQL checks the statement's syntax at PREPARE.
        dev.mitosis.sql.StatementKind kind = SqlFront.classify(text);
        if (kind == dev.mitosis.sql.StatementKind.OTHER) throw syntax(text);
        if (kind.translated) SqlFront.translate(text);
        byName.put(key(m.group(1)), new Prepared(text, parameters));
        exec.ok(0, more);
    }

    private void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        Matcher m = EXECUTE.matcher(stmt);
        if (!m.matches()) throw syntax(stmt);
        Prepared p = byName.get(key(m.group(1)));
        if (p == null) throw ErrorCode.ER_UNKNOWN_STMT_HANDLER.exception(m.group(1), "EXECUTE");
        String[] variables = m.group(2) == null ? new String[0] : m.group(2).split("\\s*,\\s*");
        if (variables.length != p.parameters().size()) throw ErrorCode.ER_WRONG_ARGUMENTS.exception("EXECUTE");
        StringBuilder text = new StringBuilder(p.text().length() + 16 * variables.length);
        int copied = 0;
        for (int k = 0; k < variables.length; k++) {
            Token param = p.parameters().get(k);
            text.append(p.text(), copied, param.start).append(literal(userVariable(variables[k].substring(1))));
            copied = param.end;
        }
        text.append(p.text(), copied, p.text().length());
        exec.execute(text.toString(), more);
    }

    private void deallocate(String stmt, boolean more) throws IOException, MysqlException {
        Matcher m = DEALLOCATE.matcher(stmt);
        if (!m.matches()) throw syntax(stmt);
        if (byName.remove(key(m.group(1))) == null) {
            throw ErrorCode.ER_UNKNOWN_STMT_HANDLER.exception(m.group(1), "DEALLOCATE PREPARE");
        }
        exec.ok(0, more);
    }

    private Object userVariable(String name) throws SQLException {
        try (Statement s = session.engine().createStatement(); ResultSet rs = s.executeQuery("SELECT @" + name)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    /** A user variable's value as SQL text: numbers as numbers, text quoted, bytes in hex. */
    static String literal(Object v) {
        if (v == null) return "NULL";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Number || v instanceof Boolean) return v instanceof Boolean b ? (b ? "1" : "0") : v.toString();
        if (v instanceof byte[] b) return "X'" + HexFormat.of().formatHex(b) + "'";
        if (v instanceof java.sql.Timestamp t) return "'" + t.toLocalDateTime().toString().replace('T', ' ') + "'";
        return "'" + v.toString().replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String key(String name) {
        String n = name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }

    private static MysqlException syntax(String stmt) {
        String near = stmt.strip();
        return ErrorCode.ER_PARSE_ERROR.exception(near.length() > 80 ? near.substring(0, 80) : near, 1);
    }
}
