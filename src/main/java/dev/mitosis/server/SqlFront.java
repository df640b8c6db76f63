package dev.mitosis.server;

import dev.mitosis.protocol.MysqlException;
import java.util.List;

/**
 * The server's view of the MySQL front end (package dev.mitosis.sql): splitting, leading words
 * and translation of data statements into the engine's dialect.
 */
final class SqlFront {
    private SqlFront() {}

    static List<String> split(String sql) {
        return SqlScan.split(sql);
    }

    static String[] leadingWords(String sql, int n) {
        return SqlScan.leadingWords(sql, n);
    }

    /** MySQL text to engine text, '?' placeholders preserved. */
    static String translate(String sql) throws MysqlException {
        return MinimalTranslator.translate(sql);
    }
}
