package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates one MySQL data statement to H2 SQL with MySQL semantics. Thread-safe; results are
 * cached by statement text (prepared statements and repeated text hit the cache), in a bounded
 * map that is simply cleared when full: literal-laden ad-hoc statements must not pin memory.
 */
public final class H2Translator {
    private static final int CACHE_LIMIT = 10_000;
    /** Statements longer than this (bulk INSERTs) are not worth caching. */
    private static final int CACHEABLE_LENGTH = 4_096;

    private final ConcurrentHashMap<String, Translation> cache = new ConcurrentHashMap<>();

    public Translation translate(String mysqlSql) throws MysqlException {
        boolean cacheable = mysqlSql.length() <= CACHEABLE_LENGTH;
        if (cacheable) {
            Translation cached = cache.get(mysqlSql);
            if (cached != null) return cached;
        }
        Translation t;
        try {
            t = translateUncached(mysqlSql);
        } catch (SqlSyntaxException e) {
            throw e.toMysqlException();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new MysqlException(ErrorCode.ER_PARSE_ERROR, ErrorCode.ER_PARSE_ERROR.format(near(mysqlSql), 1));
        }
        if (cacheable) {
            if (cache.size() >= CACHE_LIMIT) cache.clear();
            cache.put(mysqlSql, t);
        }
        return t;
    }

    /** Drops cached translations (none depend on the catalog today; kept for DDL hooks). */
    public void clearCache() {
        cache.clear();
    }

    private static String near(String sql) {
        return sql.length() > 80 ? sql.substring(0, 80) : sql;
    }

    static Translation translateUncached(String sql) throws MysqlException {
        Tokens tk = new Tokens(sql);
        if (tk.size == 0) throw new MysqlException(ErrorCode.ER_EMPTY_QUERY, ErrorCode.ER_EMPTY_QUERY.format());
        StatementKind kind = StatementClassifier.classify(sql);
        Set<Translation.Flag> flags = EnumSet.noneOf(Translation.Flag.class);
        switch (kind) {
            case SELECT, INSERT, UPDATE, DELETE -> {
                SqlWriter w = new SqlWriter(sql.length() + 32);
                ExpressionTranslator x = new ExpressionTranslator(tk, w);
                boolean ignore = false;
                switch (kind) {
                    case INSERT -> ignore = DmlTranslator.insert(x);
                    case UPDATE -> ignore = DmlTranslator.update(x);
                    case DELETE -> DmlTranslator.delete(x);
                    default -> x.translate(0, tk.size);
                }
                if (ignore) flags.add(Translation.Flag.IGNORE);
                if (x.calcFoundRows) flags.add(Translation.Flag.CALC_FOUND_ROWS);
                return new Translation(kind, List.of(w.toString()), w.parameters, null, flags, null);
            }
            case REPLACE -> {
                return ReplaceTranslator.translate(tk);
            }
            case CREATE_TABLE -> {
                boolean[] temporary = new boolean[1];
                int[] parameters = new int[1];
                List<String> h2 = CreateTableTranslator.translate(tk, temporary, parameters);
                if (temporary[0]) flags.add(Translation.Flag.TEMPORARY);
                return new Translation(kind, h2, parameters[0], QualifiedName.parse(tk, temporary[0] ? 3 : 2).name(), flags, null);
            }
            case ALTER_TABLE -> {
                return ddl(kind, AlterTableTranslator.translate(tk), QualifiedName.parse(tk, 2).name());
            }
            case DROP_TABLE -> {
                if (tk.is(1, "TEMPORARY")) flags.add(Translation.Flag.TEMPORARY);
                return new Translation(kind, SchemaObjectTranslator.dropTablesOrViews(tk, "TABLE"), 0, null, flags, null);
            }
            case DROP_VIEW -> { return ddl(kind, SchemaObjectTranslator.dropTablesOrViews(tk, "VIEW"), null); }
            case TRUNCATE_TABLE -> { return ddl(kind, SchemaObjectTranslator.truncate(tk), null); }
            case RENAME_TABLE -> { return ddl(kind, SchemaObjectTranslator.renameTable(tk), null); }
            case CREATE_INDEX -> { return ddl(kind, SchemaObjectTranslator.createIndex(tk), null); }
            case DROP_INDEX -> { return ddl(kind, SchemaObjectTranslator.dropIndex(tk), null); }
            case CREATE_DATABASE, DROP_DATABASE -> {
                return ddl(kind, SchemaObjectTranslator.database(tk, kind == StatementKind.CREATE_DATABASE),
                        SchemaObjectTranslator.databaseName(tk));
            }
            case ALTER_DATABASE -> { return ddl(kind, List.of(), null); }
            case CREATE_VIEW, ALTER_VIEW -> {
                int[] parameters = new int[1];
                List<String> h2 = SchemaObjectTranslator.createView(tk, parameters, kind == StatementKind.ALTER_VIEW);
                return new Translation(kind, h2, parameters[0], null, flags, null);
            }
            case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT -> {
                return TransactionTranslator.translate(kind, tk);
            }
            default -> {
                return new Translation(kind, List.of(), 0, null, flags, null);
            }
        }
    }

    private static Translation ddl(StatementKind kind, List<String> h2, String name) {
        return new Translation(kind, h2, 0, name, Set.of(), null);
    }
}
