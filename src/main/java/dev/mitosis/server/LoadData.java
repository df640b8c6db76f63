package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.Lexer;
import dev.mitosis.sql.LoadDataStatement;
import dev.mitosis.sql.LoadDataStatement.Duplicate;
import dev.mitosis.sql.SqlSyntaxException;
import dev.mitosis.sql.Token;
import dev.mitosis.sql.TokenType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LOAD DATA [LOCAL] INFILE. The file's rows become multi-row INSERT (or INSERT IGNORE, REPLACE)
 * statements that run as the session's own, so privileges, read_only, the table gate, row capture
 * for the binary log and AUTO_INCREMENT behave as for any insert; together they are one
 * statement: in autocommit one transaction, inside a transaction undone to a savepoint if one
 * fails. LOCAL reads the file from the client (local_infile must be ON, and the client willing);
 * otherwise the server reads it, which takes the FILE privilege and a secure_file_priv that
 * allows the path, as MySQL's server does.
 */
final class LoadData {
    /** Runs one statement as the client's, without answering it; returns its affected rows. */
    interface Statements {
        long run(String sql) throws IOException, MysqlException, SQLException;
    }

    private static final int CHUNK_ROWS = 1000;
    private static final int CHUNK_CHARS = 1 << 20;
    private static final String SAVEPOINT = "`mitosis_load_data`";

    private final Session session;
    private final Instance instance;
    private final ResultWriter out;
    private final Statements statements;

    LoadData(Session session, Instance instance, ResultWriter out, Statements statements) {
        this.session = session;
        this.instance = instance;
        this.out = out;
        this.statements = statements;
    }

    /** Executes the statement and answers with MySQL's OK ("Records: ...  Deleted: ...  Skipped: ...  Warnings: ..."). */
    void execute(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        String[] words = SqlScan.leadingWords(stmt, 2);
        if (!words[1].equals("DATA")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("LOAD " + words[1]);
        LoadDataStatement s;
        try {
            s = LoadDataStatement.parse(stmt, session.database());
        } catch (SqlSyntaxException e) {
            throw e.toMysqlException();
        }
        if (s.database() == null) throw ErrorCode.ER_NO_DB_ERROR.exception();
        if (s.local() && (!"ON".equalsIgnoreCase(instance.variables().get("local_infile")) || !out.clientTakesLocalFiles())) {
            throw new MysqlException(3948, "42000",
                    "Loading local data is disabled; this must be enabled on both the client and server sides", null);
        }
        Map<String, String> columns = columns(session.engine(), s.database(), s.table());
        if (columns.isEmpty()) throw ErrorCode.ER_NO_SUCH_TABLE.exception(s.database(), s.table());
        Target target = target(s, columns);
        // LOCAL cannot stop the client's transfer midway, so duplicates are skipped as with IGNORE.
        Duplicate duplicate = s.local() && s.duplicate() == Duplicate.ERROR ? Duplicate.IGNORE : s.duplicate();
        InputStream raw = s.local() ? out.requestLocalFile(s.file())
                : Files.newInputStream(ServerFiles.readable(session, instance, s.file()));
        List<Session.Warning> warnings = new ArrayList<>();
        long records = 0;
        long affected = 0;
        boolean ownTransaction = session.autocommit() && !session.inTransaction();
        try (Reader reader = new InputStreamReader(raw, charset(s.format().charset()))) {
            statements.run(ownTransaction ? "BEGIN" : "SAVEPOINT " + SAVEPOINT);
            try {
                LoadDataRows rows = new LoadDataRows(reader, s);
                rows.skip(s.ignoreLines());
                StringBuilder chunk = new StringBuilder();
                int inChunk = 0;
                List<String> row;
                while ((row = rows.next()) != null) {
                    records++;
                    if (row.size() < target.inputs.size()) {
                        warn(warnings, new Session.Warning("Warning", 1261, "Row " + records + " doesn't contain data for all columns"));
                    } else if (row.size() > target.inputs.size()) {
                        warn(warnings, new Session.Warning("Warning", 1262, "Row " + records
                                + " was truncated; it contained more data than there were input columns"));
                    }
                    if (inChunk == 0) chunk.append(target.insertHead(duplicate));
                    else chunk.append(", ");
                    target.appendValues(chunk, row);
                    if (++inChunk >= CHUNK_ROWS || chunk.length() >= CHUNK_CHARS) {
                        affected += runChunk(chunk, warnings);
                        inChunk = 0;
                    }
                }
                if (inChunk > 0) affected += runChunk(chunk, warnings);
                statements.run(ownTransaction ? "COMMIT" : "RELEASE SAVEPOINT " + SAVEPOINT);
            } catch (IOException | MysqlException | SQLException | RuntimeException e) {
                try {
                    statements.run(ownTransaction ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                } catch (MysqlException | SQLException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
        session.clearWarnings();
        for (Session.Warning w : warnings) session.addWarning(w.level(), w.code(), w.message());
        session.countWarnings(warningTotal - warnings.size());
        long deleted = duplicate == Duplicate.REPLACE ? Math.max(0, affected - records) : 0;
        long skipped = duplicate == Duplicate.IGNORE ? Math.max(0, records - affected) : 0;
        session.setRowCount(affected);
        out.ok(affected, 0, ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(),
                "Records: " + records + "  Deleted: " + deleted + "  Skipped: " + skipped + "  Warnings: " + warningTotal);
    }

    private long runChunk(StringBuilder chunk, List<Session.Warning> warnings) throws IOException, MysqlException, SQLException {
        long n = statements.run(chunk.toString());
        // Each duplicate an IGNORE skipped is a warning; beyond max_error_count only counted.
        for (Session.Warning w : session.warnings()) warn(warnings, w);
        warningTotal += session.warningCount() - session.warnings().size();
        chunk.setLength(0);
        return n;
    }

    /** Warnings past max_error_count: counted, not kept. */
    private long warningTotal;

    private void warn(List<Session.Warning> warnings, Session.Warning w) {
        if (warnings.size() < Session.MAX_ERROR_COUNT) warnings.add(w);
        warningTotal++;
    }

    private static Charset charset(String name) {
        if (name == null) return StandardCharsets.UTF_8;
        return switch (name) {
            case "latin1", "binary", "ascii" -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
    }

    /** The table's columns that take values (not generated), in table order: lower-case name to name. */
    private static Map<String, String> columns(Connection c, String db, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
            }
        }
        return out;
    }

    private static Target target(LoadDataStatement s, Map<String, String> columns) throws MysqlException {
        List<String> inputs = s.targets().isEmpty() ? new ArrayList<>(columns.values()) : s.targets();
        for (String in : inputs) {
            if (!in.startsWith("@") && !columns.containsKey(in.toLowerCase(Locale.ROOT))) {
                throw ErrorCode.ER_BAD_FIELD_ERROR.exception(in, "field list");
            }
        }
        for (LoadDataStatement.Assignment a : s.sets()) {
            if (!columns.containsKey(a.column().toLowerCase(Locale.ROOT))) {
                throw ErrorCode.ER_BAD_FIELD_ERROR.exception(a.column(), "field list");
            }
        }
        return new Target(s.database(), s.table(), inputs, s.sets());
    }

    /** Where each field of a row goes, and the INSERT text that puts it there. */
    private static final class Target {
        final String db;
        final String table;
        final List<String> inputs;
        /** The inserted columns and, for each, the input it takes (index) or the SET expression's tokens. */
        final List<String> insertColumns = new ArrayList<>();
        final List<Object> sources = new ArrayList<>();
        final Map<String, Integer> inputIndex = new LinkedHashMap<>();
        final String[] expressionSql;

        Target(String db, String table, List<String> inputs, List<LoadDataStatement.Assignment> sets) {
            this.db = db;
            this.table = table;
            this.inputs = inputs;
            for (int i = 0; i < inputs.size(); i++) inputIndex.put(inputs.get(i).toLowerCase(Locale.ROOT), i);
            List<String> setColumns = new ArrayList<>();
            for (LoadDataStatement.Assignment a : sets) setColumns.add(a.column().toLowerCase(Locale.ROOT));
            for (int i = 0; i < inputs.size(); i++) {
                String in = inputs.get(i);
                if (in.startsWith("@") || setColumns.contains(in.toLowerCase(Locale.ROOT))) continue;
                insertColumns.add(in);
                sources.add(i);
            }
            expressionSql = new String[sets.size()];
            for (int i = 0; i < sets.size(); i++) {
                insertColumns.add(sets.get(i).column());
                sources.add(Lexer.tokenize(sets.get(i).expression()));
                expressionSql[i] = sets.get(i).expression();
            }
        }

        String insertHead(Duplicate duplicate) {
            StringBuilder b = new StringBuilder(switch (duplicate) {
                case ERROR -> "INSERT INTO ";
                case IGNORE -> "INSERT IGNORE INTO ";
                case REPLACE -> "REPLACE INTO ";
            });
            b.append(quoteName(db)).append('.').append(quoteName(table)).append(" (");
            for (int i = 0; i < insertColumns.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(quoteName(insertColumns.get(i)));
            }
            return b.append(") VALUES ").toString();
        }

        @SuppressWarnings("unchecked")
        void appendValues(StringBuilder b, List<String> row) {
            b.append('(');
            int set = 0;
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) b.append(", ");
                Object source = sources.get(i);
                if (source instanceof Integer input) {
                    // A missing field leaves the column's default, as MySQL does.
                    if (input < row.size()) literal(b, row.get(input));
                    else b.append("DEFAULT");
                } else {
                    expression(b, expressionSql[set++], (List<Token>) source, row);
                }
            }
            b.append(')');
        }

        /** A SET expression with each user variable and input column replaced by this row's field. */
        private void expression(StringBuilder b, String sql, List<Token> tokens, List<String> row) {
            b.append('(');
            int copied = 0;
            for (int k = 0; k < tokens.size(); k++) {
                Token t = tokens.get(k);
                String key = null;
                if (t.type == TokenType.USER_VARIABLE) key = "@" + t.text.toLowerCase(Locale.ROOT);
                else if (t.isName() && !(k + 1 < tokens.size() && tokens.get(k + 1).isSymbol("("))
                        && !(k > 0 && tokens.get(k - 1).isSymbol("."))) key = t.text.toLowerCase(Locale.ROOT);
                Integer input = key == null ? null : inputIndex.get(key);
                if (input == null && (key == null || !key.startsWith("@"))) continue;
                b.append(sql, copied, t.start);
                if (input == null || input >= row.size()) b.append("NULL"); // an unset user variable is NULL
                else literal(b, row.get(input));
                copied = t.end;
            }
            b.append(sql, copied, sql.length()).append(')');
        }

        private static void literal(StringBuilder b, String v) {
            if (v == null) {
                b.append("NULL");
                return;
            }
            b.append('\'');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\'' -> b.append("''");
                    case '\\' -> b.append("\\\\");
                    case '\0' -> b.append("\\0");
                    default -> b.append(ch);
                }
            }
            b.append('\'');
        }

        private static String quoteName(String name) {
            return "`" + name.replace("`", "``") + "`";
        }
    }
}
