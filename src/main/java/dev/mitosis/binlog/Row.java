package dev.mitosis.binlog;

import java.util.Arrays;

/**
 * One row image: a value per column in table order, null for SQL NULL. Equality is deep, so
 * byte[] values compare by content. Java types are those {@link RowValueCodec} documents.
 */
public final class Row {
    private final Object[] values;

    private Row(Object[] values) {
        this.values = values;
    }

    public static Row of(Object... values) {
        return new Row(values.clone());
    }

    public int size() {
        return values.length;
    }

    public Object get(int column) {
        return values[column];
    }

    public boolean isNull(int column) {
        return values[column] == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row other && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
