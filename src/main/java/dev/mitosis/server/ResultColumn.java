package dev.mitosis.server;

import dev.mitosis.protocol.ColumnDefinition41;

/**
 * A result column: its wire definition and how its values are read from the engine.
 * {@code reader} is one of the JDBC getter kinds below.
 */
record ResultColumn(ColumnDefinition41 def, Reader reader) {
    /** How a value is read from the engine; BIT: a number sent as MySQL does, (M+7)/8 big-endian bytes; JSON: normalized as MySQL stores it. */
    enum Reader { LONG, BIG_DECIMAL, DOUBLE, FLOAT, STRING, BYTES, DATE, TIME, DATETIME, BOOLEAN, BIT, JSON, OBJECT }

    static ResultColumn text(String name) {
        return new ResultColumn(ColumnDefinition41.text(name, 64), Reader.STRING);
    }

    static ResultColumn bigint(String name) {
        return new ResultColumn(ColumnDefinition41.bigint(name), Reader.LONG);
    }
}
