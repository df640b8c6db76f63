package dev.mitosis.binlog;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional metadata TLVs after a table map's null bitmap (binlog-format.md §13): type byte,
 * packed length, value. Written in MySQL's order: SIGNEDNESS, DEFAULT_CHARSET,
 * ENUM_AND_SET_DEFAULT_CHARSET, then COLUMN_NAME. Only codes 1-12 are emitted because
 * mysql-binlog-connector-java rejects others.
 */
final class TableMapOptionalMetadata {
    static final int SIGNEDNESS = 1;
    static final int DEFAULT_CHARSET = 2;
    static final int COLUMN_CHARSET = 3;
    static final int COLUMN_NAME = 4;
    static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    static final int ENUM_AND_SET_COLUMN_CHARSET = 11;

    private TableMapOptionalMetadata() {}

    static void write(BinlogOutput out, List<ColumnDef> columns, boolean withNames) {
        List<ColumnDef> numeric = columns.stream().filter(c -> c.type().isNumeric()).toList();
        if (!numeric.isEmpty()) {
            BitSet unsigned = new BitSet();
            for (int i = 0; i < numeric.size(); i++) {
                unsigned.set(i, numeric.get(i).unsigned());
            }
            BinlogOutput value = new BinlogOutput();
            value.bitmapMsbFirst(unsigned, numeric.size());
            field(out, SIGNEDNESS, value);
        }
        writeDefaultCharset(out, DEFAULT_CHARSET, columns.stream().filter(ColumnDef::isCharacter).toList());
        writeDefaultCharset(out, ENUM_AND_SET_DEFAULT_CHARSET, columns.stream().filter(ColumnDef::isEnumOrSet).toList());
        if (withNames) {
            BinlogOutput value = new BinlogOutput();
            columns.forEach(c -> value.packedString(c.name()));
            field(out, COLUMN_NAME, value);
        }
    }

    /** The most used collation as default, then (index, collation) for the columns that differ. */
    private static void writeDefaultCharset(BinlogOutput out, int code, List<ColumnDef> columns) {
        if (columns.isEmpty()) {
            return;
        }
        Map<Integer, Integer> uses = new LinkedHashMap<>();
        columns.forEach(c -> uses.merge(c.collation(), 1, Integer::sum));
        int defaultCollation = uses.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        BinlogOutput value = new BinlogOutput();
        value.packedInt(defaultCollation);
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).collation() != defaultCollation) {
                value.packedInt(i).packedInt(columns.get(i).collation());
            }
        }
        field(out, code, value);
    }

    private static void field(BinlogOutput out, int code, BinlogOutput value) {
        out.int1(code).packedInt(value.size()).bytes(value.toByteArray());
    }

    /** Applies the fields found to the columns; unknown fields are skipped by their length. */
    static TableMapEventData read(BinlogInput in, long tableId, int flags, String database, String table,
            List<ColumnDef> columns) {
        List<ColumnDef> result = new ArrayList<>(columns);
        boolean namesLogged = false;
        while (in.hasRemaining()) {
            int code = in.int1();
            BinlogInput value = in.slice(in.packedLength());
            switch (code) {
                case SIGNEDNESS -> readSignedness(value, result);
                case DEFAULT_CHARSET -> applyCollations(result, ColumnDef::isCharacter, readDefaultCharset(value, count(result, true)));
                case COLUMN_CHARSET -> applyCollations(result, ColumnDef::isCharacter, readColumnCharsets(value));
                case ENUM_AND_SET_DEFAULT_CHARSET -> applyCollations(result, ColumnDef::isEnumOrSet, readDefaultCharset(value, count(result, false)));
                case ENUM_AND_SET_COLUMN_CHARSET -> applyCollations(result, ColumnDef::isEnumOrSet, readColumnCharsets(value));
                case COLUMN_NAME -> {
                    for (int i = 0; i < result.size(); i++) {
                        result.set(i, result.get(i).withName(value.packedString()));
                    }
                    namesLogged = true;
                }
                default -> { } // other fields carry nothing the column model keeps
            }
        }
        return new TableMapEventData(tableId, flags, database, table, result, namesLogged);
    }

    private static void readSignedness(BinlogInput value, List<ColumnDef> columns) {
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).type().isNumeric()) {
                numeric.add(i);
            }
        }
        BitSet unsigned = value.bitmapMsbFirst(numeric.size());
        for (int j = 0; j < numeric.size(); j++) {
            int i = numeric.get(j);
            columns.set(i, columns.get(i).withUnsigned(unsigned.get(j)));
        }
    }

    private static int count(List<ColumnDef> columns, boolean character) {
        return (int) columns.stream().filter(c -> character ? c.isCharacter() : c.isEnumOrSet()).count();
    }

    private static List<Integer> readDefaultCharset(BinlogInput value, int columnCount) {
        int defaultCollation = (int) value.packedInt();
        Map<Integer, Integer> exceptions = new HashMap<>();
        while (value.hasRemaining()) {
            exceptions.put((int) value.packedInt(), (int) value.packedInt());
        }
        List<Integer> collations = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            collations.add(exceptions.getOrDefault(i, defaultCollation));
        }
        return collations;
    }

    private static List<Integer> readColumnCharsets(BinlogInput value) {
        List<Integer> collations = new ArrayList<>();
        while (value.hasRemaining()) {
            collations.add((int) value.packedInt());
        }
        return collations;
    }

    private static void applyCollations(List<ColumnDef> columns, java.util.function.Predicate<ColumnDef> covered,
            List<Integer> collations) {
        int next = 0;
        for (int i = 0; i < columns.size() && next < collations.size(); i++) {
            if (covered.test(columns.get(i))) {
                columns.set(i, columns.get(i).withCollation(collations.get(next++)));
            }
        }
    }
}
