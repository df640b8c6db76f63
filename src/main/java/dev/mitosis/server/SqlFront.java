package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.H2Translator;
import dev.mitosis.sql.StatementClassifier;
import dev.mitosis.sql.StatementKind;
import dev.mitosis.sql.StatementSplitter;
import dev.mitosis.sql.Translation;
import java.util.List;

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
