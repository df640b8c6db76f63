package dev.mitosis.server;

import dev.mitosis.protocol.BinaryValues;
import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.ColumnDefinition41;
import dev.mitosis.protocol.FieldType;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.ResponsePackets;
import dev.mitosis.protocol.ServerStatus;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** Writes OK, ERR and result sets (text or binary rows) for one session. */
final class ResultWriter {
    private final PacketChannel channel;
    private final PayloadWriter w = new PayloadWriter(4096);
    private int clientCaps;

    ResultWriter(PacketChannel channel) {
        this.channel = channel;
    }

    void setClientCapabilities(int caps) {
        this.clientCaps = caps;
    }

    boolean deprecateEof() {
        return (clientCaps & Capabilities.DEPRECATE_EOF) != 0;
    }

    void ok(long affected, long lastInsertId, int status, int warnings, String info) throws IOException {
        if (swallowingOks) {
            swallowedAffected = affected;
            return;
        }
        channel.write(ResponsePackets.ok(w.reset(), affected, lastInsertId, status, warnings, info));
    }

    /** Where the rows of a result set go instead of to the client (SELECT ... INTO). */
    interface RowSink {
        void columns(List<ResultColumn> columns) throws IOException;

        /** {@code values} is reused for the next row. */
        void row(Object[] values) throws IOException;
    }

    private RowSink sink;

    /** From now on result sets go to {@code sink} and OK packets are not sent, until {@link #endDivert()}. */
    void divertResults(RowSink sink) {
        this.sink = sink;
        swallowOks();
    }

    void endDivert() {
        sink = null;
        sendOks();
    }

    /** OK packets are taken instead of sent while a server statement runs statements of its own. */
    private boolean swallowingOks;
    private long swallowedAffected;

    /** From now on OK packets are not sent; {@link #affectedOfLastOk()} tells what the last one said. */
    void swallowOks() {
        swallowingOks = true;
    }

    /** OK packets are sent again. */
    void sendOks() {
        swallowingOks = false;
    }

    long affectedOfLastOk() {
        return swallowedAffected;
    }

    boolean clientTakesLocalFiles() {
        return (clientCaps & Capabilities.LOCAL_FILES) != 0;
    }

    /**
     * LOAD DATA LOCAL: asks the client for its file (0xFB and the name) and returns what it sends,
     * packet by packet, until the empty packet that ends it.
     */
    java.io.InputStream requestLocalFile(String name) throws IOException {
        channel.write(w.reset().int1(0xFB).bytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        channel.flush();
        return new java.io.InputStream() {
            private byte[] packet = new byte[0];
            private int at;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (at == packet.length) {
                    if (ended) return -1;
                    packet = channel.read();
                    at = 0;
                    if (packet.length == 0) ended = true;
                }
                int n = Math.min(len, packet.length - at);
                System.arraycopy(packet, at, b, off, n);
                at += n;
                return n;
            }

            /** Reads to the end packet, so the connection stays in step when the load stops early. */
            @Override
            public void close() throws IOException {
                while (!ended) {
                    packet = channel.read();
                    if (packet.length == 0) ended = true;
                }
                at = packet.length;
            }
        };
    }

    void error(MysqlException e) throws IOException {
        channel.write(ResponsePackets.err(w.reset(), e.code(), e.sqlState(), e.getMessage()));
    }

    void eof(int status, int warnings) throws IOException {
        channel.write(ResponsePackets.eof(w.reset(), status, warnings));
    }

    /** The terminator after rows: EOF, or an OK with header 0xFE under CLIENT_DEPRECATE_EOF. */
    void endOfRows(int status, int warnings) throws IOException {
        if (deprecateEof()) {
            channel.write(ResponsePackets.resultSetOk(w.reset(), status, warnings));
        } else {
            eof(status, warnings);
        }
    }

    void columnDefinitions(List<ResultColumn> columns, int status, boolean withCount) throws IOException {
        if (withCount) channel.write(w.reset().lenenc(columns.size()));
        for (ResultColumn c : columns) channel.write(c.def().write(w.reset(), false));
        if (!deprecateEof()) eof(status, 0);
    }

    /** COM_STMT_PREPARE's answer: statement id, counts, then parameter and column definitions. */
    void prepareOk(long id, List<ResultColumn> columns, int params, int status) throws IOException {
        channel.write(w.reset().int1(0).int4(id).int2(columns.size()).int2(params).int1(0).int2(0));
        if (params > 0) {
            ColumnDefinition41 param = ColumnDefinition41.of("?", FieldType.VAR_STRING, FieldType.COLLATION_BINARY, 0,
                    FieldType.BINARY_FLAG, 0);
            for (int i = 0; i < params; i++) channel.write(param.write(w.reset(), false));
            if (!deprecateEof()) eof(status, 0);
        }
        if (!columns.isEmpty()) columnDefinitions(columns, status, false);
    }

    /** Column definitions for COM_FIELD_LIST, with the default-value field. */
    void fieldList(List<ColumnDefinition41> defs, int status) throws IOException {
        for (ColumnDefinition41 d : defs) channel.write(d.write(w.reset(), true));
        endOfRows(status, 0);
    }

    /** A whole result set; returns the number of rows sent. */
    long resultSet(List<ResultColumn> columns, Rows rows, boolean binary, int status, int warnings,
                   long rowLimit) throws IOException, SQLException {
        if (sink != null) {
            sink.columns(columns);
            Object[] row = new Object[columns.size()];
            long count = 0;
            while (count < rowLimit && rows.next()) {
                for (int i = 0; i < row.length; i++) row[i] = rows.get(i);
                sink.row(row);
                count++;
            }
            return count;
        }
        columnDefinitions(columns, status, true);
        long count = 0;
        int n = columns.size();
        while (count < rowLimit && rows.next()) {
            w.reset();
            if (binary) {
                binaryRow(columns, rows, n);
            } else {
                for (int i = 0; i < n; i++) {
                    Object v = rows.get(i);
                    if (v == null) w.int1(0xFB);
                    else w.lenencBytes(ValueText.bytes(v, columns.get(i).def().decimals()));
                }
            }
            channel.write(w);
            count++;
        }
        endOfRows(status, warnings);
        return count;
    }

    private void binaryRow(List<ResultColumn> columns, Rows rows, int n) throws SQLException {
        w.int1(0);
        int bitmapStart = w.length();
        int bitmapLen = (n + 7 + 2) / 8;
        w.zeros(bitmapLen);
        byte[] buf;
        for (int i = 0; i < n; i++) {
            Object v = rows.get(i);
            if (v == null) {
                buf = w.array();
                int bit = i + 2;
                buf[bitmapStart + bit / 8] |= (byte) (1 << (bit % 8));
                continue;
            }
            ColumnDefinition41 def = columns.get(i).def();
            int type = def.type();
            if (type == FieldType.NULL) type = FieldType.VAR_STRING;
            if (v instanceof String s && isNumericBinary(type)) v = parseNumber(s);
            BinaryValues.write(w, type, v);
        }
    }

    private static boolean isNumericBinary(int type) {
        return type == FieldType.TINY || type == FieldType.SHORT || type == FieldType.LONG
                || type == FieldType.LONGLONG || type == FieldType.INT24 || type == FieldType.YEAR
                || type == FieldType.FLOAT || type == FieldType.DOUBLE;
    }

    private static Object parseNumber(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Double.parseDouble(s);
        }
    }

    void flush() throws IOException {
        channel.flush();
    }

    static int moreResults(int status, boolean more) {
        return more ? status | ServerStatus.MORE_RESULTS_EXISTS : status;
    }
}
