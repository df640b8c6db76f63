package dev.mitosis.sql;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

import java.sql.SQLException;
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
    /**
     * Statements the engine rejected for date or time arithmetic and that column types fixed:
     * {@link #translate(String, ColumnLookup)} types them straight away. Typing is right for any
     * schema (a column typed as no date or time is left as it is, one of unknown type gets the same
     * value at run time, as a DECIMAL), so the text is the key.
     */
    private final Set<String> typed = ConcurrentHashMap.newKeySet();

    public Translation translate(String mysqlSql) throws MysqlException {
        boolean cacheable = mysqlSql.length() <= CACHEABLE_LENGTH;
        if (cacheable) {
            Translation cached = cache.get(mysqlSql);
            if (cached != null) return cached;
        }
        Translation t = translateOnce(mysqlSql);
        if (cacheable) {
            if (cache.size() >= CACHE_LIMIT) cache.clear();
            cache.put(mysqlSql, t);
        }
        return t;
    }

    /** For a statement run once (a row of a split INSERT): translated without entering the cache. */
    public Translation translateOnce(String mysqlSql) throws MysqlException {
        try {
            return translateUncached(mysqlSql);
        } catch (SqlSyntaxException e) {
            throw e.toMysqlException();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new MysqlException(ErrorCode.ER_PARSE_ERROR, ErrorCode.ER_PARSE_ERROR.format(near(mysqlSql), 1));
        }
    }

    /**
     * The translation with the column types a date or time column in arithmetic needs, when the
     * statement is one that needed them before ({@link #retranslate}) or whose translation says it
     * needs them ({@link Translation.Flag#COLUMNS}); else {@link #translate(String)}.
     * Typed translations are not cached: they depend on the schema.
     */
    public Translation translate(String mysqlSql, ColumnLookup columns) throws MysqlException {
        if (columns == null) return translate(mysqlSql);
        if (!typed.isEmpty() && typed.contains(mysqlSql)) return translateTyped(mysqlSql, columns);
        Translation t = translate(mysqlSql);
        return t.has(Translation.Flag.COLUMNS) ? translateTyped(mysqlSql, columns) : t;
    }

    /**
     * After the engine rejected this statement's translation: when it rejected date or time
     * arithmetic (a DATE column plus a number, which MySQL computes on the date's number) or a
     * conversion (a string compared with a number, see {@link StringNumbers}), the
     * translation with the column types, else null (as when the types change nothing). The
     * statement is remembered, so {@link #translate(String, ColumnLookup)} types it from then on.
     */
    public Translation retranslate(String mysqlSql, SQLException failure, ColumnLookup columns) throws MysqlException {
        if (columns == null || !(TemporalColumns.rejected(failure) || StringNumbers.rejected(failure))) return null;
        Translation t = translateTyped(mysqlSql, columns);
        if (t.h2().equals(translate(mysqlSql).h2())) return null;
        if (mysqlSql.length() <= CACHEABLE_LENGTH) {
            if (typed.size() >= CACHE_LIMIT) typed.clear();
            typed.add(mysqlSql);
        }
        return t;
    }

    private static Translation translateTyped(String mysqlSql, ColumnLookup columns) throws MysqlException {
        try {
            return translateUncached(mysqlSql, columns);
        } catch (SqlSyntaxException e) {
            throw e.toMysqlException();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new MysqlException(ErrorCode.ER_PARSE_ERROR, ErrorCode.ER_PARSE_ERROR.format(near(mysqlSql), 1));
        }
    }

    /** Drops cached translations (none depend on the catalog today; kept for DDL hooks). */
    public void clearCache() {
        cache.clear();
    }

    private static String near(String sql) {
        return sql.length() > 80 ? sql.substring(0, 80) : sql;
    }

    static Translation translateUncached(String sql) throws MysqlException {
        return translateUncached(sql, null);
    }

    /** With {@code columns}, date and time columns in arithmetic become their numbers. */
    static Translation translateUncached(String mysqlSql, ColumnLookup columns) throws MysqlException {
        String sql = HavingFilter.inlineAliases(Rollup.expand(BitOperators.rewrite(mysqlSql)));
        Tokens tk = new Tokens(sql);
        if (tk.size == 0) throw new MysqlException(ErrorCode.ER_EMPTY_QUERY, ErrorCode.ER_EMPTY_QUERY.format());
        StatementKind kind = StatementClassifier.classify(sql);
        Set<Translation.Flag> flags = EnumSet.noneOf(Translation.Flag.class);
        switch (kind) {
            case SELECT, INSERT, UPDATE, DELETE -> {
                SqlWriter w = new SqlWriter(sql.length() + 32);
                ExpressionTranslator x = new ExpressionTranslator(tk, w);
                if (columns != null) x.columns = new TemporalColumns(sql, kind, columns);
                boolean ignore = false;
                switch (kind) {
                    case INSERT -> ignore = DmlTranslator.insert(x);
                    case UPDATE -> ignore = DmlTranslator.update(x);
                    case DELETE -> DmlTranslator.delete(x);
                    default -> x.translate(0, tk.size);
                }
                if (ignore) flags.add(Translation.Flag.IGNORE);
                if (x.calcFoundRows) flags.add(Translation.Flag.CALC_FOUND_ROWS);
                if (x.needsColumns) flags.add(Translation.Flag.COLUMNS);
                return new Translation(kind, List.of(w.toString()), w.parameters, null, flags, null);
            }
            case REPLACE -> {
                return ReplaceTranslator.translate(tk, columns == null ? null : new TemporalColumns(sql, kind, columns));
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
                List<String> h2 = SchemaObjectTranslator.createView(tk, parameters, kind == StatementKind.ALTER_VIEW,
                        columns == null ? null : new TemporalColumns(sql, kind, columns));
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
