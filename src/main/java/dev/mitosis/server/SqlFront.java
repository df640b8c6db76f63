package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.ColumnLookup;
import dev.mitosis.sql.H2Translator;
import dev.mitosis.sql.StatementClassifier;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.StatementSplitter;
import dev.mitosis.sql.Translation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** The server's entry into the MySQL front end (package dev.mitosis.sql). */
final class SqlFront {
    /** Translations depend only on the text, so one cache serves every instance. */
    private static final H2Translator TRANSLATOR = new H2Translator();

    private SqlFront() {}

    static List<String> split(String sql) {
        return StatementSplitter.split(sql);
    }

    static StatementKind classify(String sql) {
        return StatementClassifier.classify(sql);
    }

    static String[] leadingWords(String sql, int n) {
        return SqlScan.leadingWords(sql, n);
    }

    static Translation translate(String sql) throws MysqlException {
        return TRANSLATOR.translate(sql);
    }

    /** A statement run once: translated without entering the shared cache. */
    static Translation translateOnce(String sql) throws MysqlException {
        return TRANSLATOR.translateOnce(sql);
    }

    /**
     * The translation for a session: typed with its column types when the statement is one that
     * needed them (a date or time column in arithmetic, see {@link #retranslate}).
     */
    static Translation translate(String sql, Session session) throws MysqlException {
        return TRANSLATOR.translate(sql, columns(session));
    }

    /**
     * After the engine rejected the statement's translation: the translation with the session's
     * column types when the engine rejected date or time arithmetic, else null (the failure stands).
     */
    static Translation retranslate(String sql, SQLException failure, Session session) throws MysqlException {
        return TRANSLATOR.retranslate(sql, failure, columns(session));
    }

    /** {@link #retranslate(String, SQLException, Session)} outside a session (the catalog read uncached). */
    static Translation retranslate(String sql, SQLException failure, Connection c, String database) throws MysqlException {
        return TRANSLATOR.retranslate(sql, failure, (schema, table, column) -> {
            String db = schema != null ? schema : database;
            if (db == null) return null;
            try {
                return ColumnCatalog.load(c, lower(db), lower(table)).get(lower(column));
            } catch (SQLException e) {
                return null;
            }
        });
    }

    /** The session's column types, from the instance's column catalog (current database by default). */
    private static ColumnLookup columns(Session session) {
        return (schema, table, column) -> {
            String db = schema != null ? schema : session.database();
            if (db == null) return null;
            try {
                return session.instance().columnCatalog().type(session.engine(), lower(db), lower(table), lower(column));
            } catch (SQLException e) {
                return null;
            }
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The translation, or null when the statement is not one the translator takes. */
    static Translation translateOrNull(String sql) {
        try {
            Translation t = TRANSLATOR.translate(sql);
            return t.kind().translated ? t : null;
        } catch (MysqlException e) {
            return null;
        }
    }

    /** A single-statement translation's H2 text (expressions, conditions, SELECTs built by us). */
    static String translateOne(String sql) throws MysqlException {
        return TRANSLATOR.translate(sql).sql();
    }
}
