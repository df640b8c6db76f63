package dev.mitosis.server;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.List;

/** A forward-only source of result rows, from the engine or emulated. */
interface Rows {
    boolean next() throws SQLException;

    /** Column i (0-based) of the current row, as a Java value the row encoders understand. */
    Object get(int i) throws SQLException;

    static Rows of(List<Object[]> list) {
        Iterator<Object[]> it = list.iterator();
        return new Rows() {
            Object[] row;

            @Override
            public boolean next() {
                row = it.hasNext() ? it.next() : null;
                return row != null;
            }

            @Override
            public Object get(int i) {
                return row[i];
            }
        };
    }

    static Rows of(ResultSet rs, List<ResultColumn> columns) {
        ResultColumn.Reader[] readers = new ResultColumn.Reader[columns.size()];
        int[] bitBytes = new int[readers.length];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = columns.get(i).reader();
            bitBytes[i] = (int) Math.max(1, (columns.get(i).def().length() + 7) / 8);
        }
        return new Rows() {
            @Override
            public boolean next() throws SQLException {
                return rs.next();
            }

            @Override
            public Object get(int i) throws SQLException {
                int c = i + 1;
                Object v = switch (readers[i]) {
                    case LONG -> {
                        long l = rs.getLong(c);
                        yield rs.wasNull() ? null : l;
                    }
                    case BOOLEAN -> {
                        boolean b = rs.getBoolean(c);
                        yield rs.wasNull() ? null : (b ? 1L : 0L);
                    }
                    case BIG_DECIMAL -> rs.getBigDecimal(c);
                    case DOUBLE -> {
                        double d = rs.getDouble(c);
                        yield rs.wasNull() ? null : d;
                    }
                    case FLOAT -> {
                        float f = rs.getFloat(c);
                        yield rs.wasNull() ? null : f;
                    }
                    case STRING -> rs.getString(c);
                    case JSON -> dev.mitosis.sql.JsonFunctions.normalize(rs.getString(c));
                    case BYTES -> rs.getBytes(c);
                    case BIT -> {
                        java.math.BigDecimal number = rs.getBigDecimal(c); // BIT(64) is NUMERIC(20)
                        if (number == null) yield null;
                        long bits = number.toBigInteger().longValue();
                        byte[] b = new byte[bitBytes[i]];
                        for (int k = b.length - 1; k >= 0; k--, bits >>>= 8) b[k] = (byte) bits;
                        yield b;
                    }
                    case DATE -> rs.getObject(c, LocalDate.class);
                    case TIME -> rs.getObject(c, LocalTime.class);
                    case DATETIME -> {
                        Object o = rs.getObject(c);
                        if (o instanceof Timestamp t) yield t.toLocalDateTime();
                        if (o instanceof java.time.OffsetDateTime t) yield t.toLocalDateTime();
                        yield o == null ? null : rs.getObject(c, LocalDateTime.class);
                    }
                    case OBJECT -> rs.getObject(c);
                };
                return v;
            }
        };
    }
}
