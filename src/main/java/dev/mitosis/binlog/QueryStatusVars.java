package dev.mitosis.binlog;

import dev.mitosis.binlog.QueryStatusVar.AutoIncrement;
import dev.mitosis.binlog.QueryStatusVar.Catalog;
import dev.mitosis.binlog.QueryStatusVar.Charset;
import dev.mitosis.binlog.QueryStatusVar.CharsetDatabase;
import dev.mitosis.binlog.QueryStatusVar.DdlLoggedWithXid;
import dev.mitosis.binlog.QueryStatusVar.DefaultCollationForUtf8mb4;
import dev.mitosis.binlog.QueryStatusVar.DefaultTableEncryption;
import dev.mitosis.binlog.QueryStatusVar.ExplicitDefaultsForTimestamp;
import dev.mitosis.binlog.QueryStatusVar.Flags2;
import dev.mitosis.binlog.QueryStatusVar.Invoker;
import dev.mitosis.binlog.QueryStatusVar.LcTimeNames;
import dev.mitosis.binlog.QueryStatusVar.Microseconds;
import dev.mitosis.binlog.QueryStatusVar.SqlMode;
import dev.mitosis.binlog.QueryStatusVar.SqlRequirePrimaryKey;
import dev.mitosis.binlog.QueryStatusVar.TableMapForUpdate;
import dev.mitosis.binlog.QueryStatusVar.TimeZone;
import dev.mitosis.binlog.QueryStatusVar.UpdatedDbNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The status variable block of a QUERY event, kept in MySQL's write order whatever order the
 * variables are given in. Reading stops at the first unknown code, as MySQL does.
 */
public record QueryStatusVars(List<QueryStatusVar> vars) {
    /** utf8mb4_0900_ai_ci, the 8.0 default for client, connection and server. */
    public static final int UTF8MB4_0900_AI_CI = 255;

    public QueryStatusVars {
        List<QueryStatusVar> sorted = new ArrayList<>(vars);
        sorted.sort(Comparator.comparingInt(QueryStatusVar::rank));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).code() == sorted.get(i - 1).code()) {
                throw new IllegalArgumentException("Status variable " + sorted.get(i).code() + " given twice");
            }
        }
        vars = List.copyOf(sorted);
    }

    public static QueryStatusVars of(QueryStatusVar... vars) {
        return new QueryStatusVars(List.of(vars));
    }

    /**
     * What MySQL 8 writes for BEGIN and plain DML/DDL of a session with the given sql_mode and
     * collations: flags2, sql_mode, catalog, charset (binlog-format.md §7, example status block).
     */
    public static QueryStatusVars standard(long flags2, long sqlMode, int clientCollation,
            int connectionCollation, int serverCollation) {
        return of(new Flags2(flags2), new SqlMode(sqlMode), Catalog.STD,
                new Charset(clientCollation, connectionCollation, serverCollation));
    }

    /** {@link #standard} for a default 8.0 session: flags2 0, default sql_mode, utf8mb4_0900_ai_ci. */
    public static QueryStatusVars mysqlDefaults() {
        return standard(0, SqlMode.MYSQL_8_DEFAULT, UTF8MB4_0900_AI_CI, UTF8MB4_0900_AI_CI, UTF8MB4_0900_AI_CI);
    }

    /** These variables plus {@code more} (replacing variables with the same code). */
    public QueryStatusVars with(QueryStatusVar... more) {
        List<QueryStatusVar> merged = new ArrayList<>(vars);
        for (QueryStatusVar var : more) {
            merged.removeIf(existing -> existing.code() == var.code());
            merged.add(var);
        }
        return new QueryStatusVars(merged);
    }

    public <T extends QueryStatusVar> Optional<T> find(Class<T> kind) {
        return vars.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    public void write(BinlogOutput out) {
        for (QueryStatusVar var : vars) {
            out.int1(var.code());
            var.writeValue(out);
        }
    }

    public int length() {
        BinlogOutput out = new BinlogOutput();
        write(out);
        return out.size();
    }

    public static QueryStatusVars read(BinlogInput in) {
        List<QueryStatusVar> vars = new ArrayList<>();
        while (in.hasRemaining()) {
            QueryStatusVar var = readOne(in.int1(), in);
            if (var == null) {
                break;
            }
            vars.add(var);
        }
        return new QueryStatusVars(vars);
    }

    private static QueryStatusVar readOne(int code, BinlogInput in) {
        return switch (code) {
            case 0 -> new Flags2(in.int4());
            case 1 -> new SqlMode(in.int8());
            case 2 -> readOldCatalog(in);
            case 3 -> new AutoIncrement(in.int2(), in.int2());
            case 4 -> new Charset(in.int2(), in.int2(), in.int2());
            case 5 -> new TimeZone(in.utf8(in.int1()));
            case 6 -> new Catalog(in.utf8(in.int1()));
            case 7 -> new LcTimeNames(in.int2());
            case 8 -> new CharsetDatabase(in.int2());
            case 9 -> new TableMapForUpdate(in.int8());
            case 11 -> new Invoker(in.utf8(in.int1()), in.utf8(in.int1()));
            case 12 -> readUpdatedDbNames(in);
            case 13 -> new Microseconds(in.int3());
            case 16 -> new ExplicitDefaultsForTimestamp(in.int1() != 0);
            case 17 -> new DdlLoggedWithXid(in.int8());
            case 18 -> new DefaultCollationForUtf8mb4(in.int2());
            case 19 -> new SqlRequirePrimaryKey(in.int1() != 0);
            case 20 -> new DefaultTableEncryption(in.int1() != 0);
            default -> null;
        };
    }

    /** Q_CATALOG_CODE (2) of old servers: length, name, NUL; read as the modern catalog variable. */
    private static QueryStatusVar readOldCatalog(BinlogInput in) {
        String name = in.utf8(in.int1());
        in.int1();
        return new Catalog(name);
    }

    private static QueryStatusVar readUpdatedDbNames(BinlogInput in) {
        int count = in.int1();
        if (count == UpdatedDbNames.OVER_MAX) {
            return new UpdatedDbNames(null);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.utf8NulTerminated());
        }
        return new UpdatedDbNames(names);
    }
}
