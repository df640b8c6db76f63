package dev.mitosis.server;

import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.FileFormat;
import dev.mitosis.sql.SelectInto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SELECT ... INTO @var, ... / INTO OUTFILE / INTO DUMPFILE: the SELECT runs as the session's own
 * and its rows go to user variables or to a new file on the server instead of to the client,
 * which gets MySQL's OK with the rows written.
 */
final class SelectIntoExecutor {
    /** Runs the SELECT (without its INTO clause) as the client's statement. */
    interface Select {
        void run(String select) throws IOException, MysqlException, SQLException;
    }

    private final Session session;
    private final Instance instance;
    private final ResultWriter out;

    SelectIntoExecutor(Session session, Instance instance, ResultWriter out) {
        this.session = session;
        this.instance = instance;
        this.out = out;
    }

    void execute(SelectInto into, Select select, boolean more) throws IOException, MysqlException, SQLException {
        long rows = switch (into.target()) {
            case VARIABLES -> intoVariables(into, select);
            case OUTFILE, DUMPFILE -> intoFile(into, select);
        };
        out.ok(rows, 0, ResultWriter.moreResults(session.statusFlags(), more), session.warningCount(), null);
    }

    private long intoVariables(SelectInto into, Select select) throws IOException, MysqlException, SQLException {
        List<Object[]> rows = new ArrayList<>();
        int[] width = {0};
        run(select, into.select(), new ResultWriter.RowSink() {
            public void columns(List<ResultColumn> columns) {
                width[0] = columns.size();
            }

            public void row(Object[] values) {
                if (rows.size() < 2) rows.add(values.clone());
            }
        });
        if (width[0] != into.variables().size()) {
            throw new MysqlException(1222, "21000", "The used SELECT statements have a different number of columns", null);
        }
        if (rows.size() > 1) throw new MysqlException(1172, "42000", "Result consisted of more than one row", null);
        if (rows.isEmpty()) {
            session.addWarning("Warning", 1329, "No data - zero rows fetched, selected, or processed");
            return 0;
        }
        for (int i = 0; i < width[0]; i++) {
            try (PreparedStatement ps = session.engine().prepareStatement("SET @" + into.variables().get(i) + " = ?")) {
                ps.setObject(1, rows.get(0)[i]);
                ps.execute();
            }
        }
        return 1;
    }

    private long intoFile(SelectInto into, Select select) throws IOException, MysqlException, SQLException {
        Path file = ServerFiles.writable(session, instance, into.file());
        boolean dump = into.target() == SelectInto.Target.DUMPFILE;
        long[] count = {0};
        boolean written = false;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16)) {
            FieldWriter fields = new FieldWriter(into.format(), os);
            run(select, into.select(), new ResultWriter.RowSink() {
                private List<ResultColumn> columns;

                public void columns(List<ResultColumn> columns) {
                    this.columns = columns;
                }

                public void row(Object[] values) throws IOException {
                    if (dump && count[0] > 0) throw new RowLimit();
                    if (dump) fields.raw(columns, values);
                    else fields.row(columns, values);
                    count[0]++;
                }
            });
            written = true;
        } catch (RowLimit e) {
            throw new MysqlException(1172, "42000", "Result consisted of more than one row", null);
        } finally {
            if (!written) Files.deleteIfExists(file);
        }
        return count[0];
    }

    /** DUMPFILE took a second row. */
    private static final class RowLimit extends IOException {
        RowLimit() {
            super(null, null);
        }
    }

    private void run(Select select, String sql, ResultWriter.RowSink sink) throws IOException, MysqlException, SQLException {
        out.divertResults(sink);
        try {
            select.run(sql);
        } finally {
            out.endDivert();
        }
    }

    /** One row of OUTFILE text in MySQL's escaping (the inverse of LOAD DATA's reading). */
    private static final class FieldWriter {
        private final FileFormat f;
        private final OutputStream os;
        private final byte[] fieldEnd;
        private final byte[] lineEnd;
        private final byte[] lineStart;
        private final int enclosure;
        private final int escape;

        FieldWriter(FileFormat f, OutputStream os) {
            this.f = f;
            this.os = os;
            this.fieldEnd = f.fieldsTerminatedBy().getBytes(StandardCharsets.UTF_8);
            this.lineEnd = f.linesTerminatedBy().getBytes(StandardCharsets.UTF_8);
            this.lineStart = f.linesStartingBy().getBytes(StandardCharsets.UTF_8);
            this.enclosure = f.enclosedBy().isEmpty() ? -1 : f.enclosedBy().charAt(0);
            this.escape = f.escapedBy().isEmpty() ? -1 : f.escapedBy().charAt(0);
        }

        void row(List<ResultColumn> columns, Object[] values) throws IOException {
            os.write(lineStart);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) os.write(fieldEnd);
                Object v = values[i];
                if (v == null) {
                    if (escape >= 0) {
                        os.write(escape);
                        os.write('N');
                    } else {
                        os.write("NULL".getBytes(StandardCharsets.US_ASCII));
                    }
                    continue;
                }
                boolean enclose = enclosure >= 0 && (!f.optionallyEnclosed() || isString(columns.get(i).def().type()));
                if (enclose) os.write(enclosure);
                for (byte b : ValueText.bytes(v, columns.get(i).def().decimals())) {
                    if (escape >= 0 && needsEscape(b, enclose)) {
                        os.write(escape);
                        os.write(b == 0 ? '0' : b);
                    } else {
                        os.write(b);
                    }
                }
                if (enclose) os.write(enclosure);
            }
            os.write(lineEnd);
        }

        /** DUMPFILE: the values' bytes as they are, nothing between or after them. */
        void raw(List<ResultColumn> columns, Object[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) os.write(ValueText.bytes(values[i], columns.get(i).def().decimals()));
            }
        }

        private boolean needsEscape(byte b, boolean enclosed) {
            if (b == escape || b == 0 || b == enclosure) return true;
            // Terminators only need it where no enclosure marks where the field ends.
            return !enclosed && (fieldEnd.length > 0 && b == fieldEnd[0] || lineEnd.length > 0 && b == lineEnd[0]);
        }

        private static boolean isString(int type) {
            return switch (type) {
                case FieldType.VARCHAR, FieldType.VAR_STRING, FieldType.STRING, FieldType.ENUM, FieldType.SET,
                        FieldType.TINY_BLOB, FieldType.MEDIUM_BLOB, FieldType.LONG_BLOB, FieldType.BLOB -> true;
                default -> false;
            };
        }
    }
}
