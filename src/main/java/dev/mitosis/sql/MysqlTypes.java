package dev.mitosis.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 domains in schema {@value #SCHEMA} that stand for MySQL types H2 would not preserve.
 * {@link MysqlType} recognises them by name. SET types get a domain per member list, named after
 * the type itself ({@code set('a','b')}), created by the CREATE TABLE translation.
 */
public final class MysqlTypes {
    public static final String SCHEMA = "mitosis_types";
    /** Suffix of the TEXT domains with a binary collation: {@code text_bin}. */
    static final String CASE_SENSITIVE = "_bin";
    /** Prefix of the case-insensitive CHAR(n) domains: {@code char10}. */
    public static final String CHAR_DOMAIN = "char";
    /** MySQL's longest CHAR. */
    static final int MAX_CHAR = 255;

    /** The length of a case-insensitive CHAR domain ({@code char10} gives 10), or -1 for another name. */
    public static int charLength(String domain) {
        if (domain == null || !domain.startsWith(CHAR_DOMAIN) || domain.length() <= CHAR_DOMAIN.length()) return -1;
        for (int k = CHAR_DOMAIN.length(); k < domain.length(); k++) {
            if (!Character.isDigit(domain.charAt(k))) return -1;
        }
        int n = Integer.parseInt(domain.substring(CHAR_DOMAIN.length()));
        return n >= 1 && n <= MAX_CHAR ? n : -1;
    }

    private MysqlTypes() { }

    /** Domain name to H2 definition (without the name). */
    static List<String[]> domains() {
        List<String[]> d = new ArrayList<>();
        d.add(new String[] {"tinyint1", "TINYINT"});
        d.add(new String[] {"tinyint_unsigned", "SMALLINT CHECK (VALUE BETWEEN 0 AND 255)"});
        d.add(new String[] {"smallint_unsigned", "INTEGER CHECK (VALUE BETWEEN 0 AND 65535)"});
        d.add(new String[] {"mediumint", "INTEGER CHECK (VALUE BETWEEN -8388608 AND 8388607)"});
        d.add(new String[] {"mediumint_unsigned", "INTEGER CHECK (VALUE BETWEEN 0 AND 16777215)"});
        d.add(new String[] {"int_unsigned", "BIGINT CHECK (VALUE BETWEEN 0 AND 4294967295)"});
        d.add(new String[] {"bigint_unsigned", "NUMERIC(20) CHECK (VALUE BETWEEN 0 AND 18446744073709551615)"});
        d.add(new String[] {"year", "SMALLINT CHECK (VALUE = 0 OR VALUE BETWEEN 1901 AND 2155)"});
        for (int fsp = 0; fsp <= 6; fsp++) d.add(new String[] {"timestamp" + fsp, "TIMESTAMP(" + fsp + ")"});
        String[][] texts = {{"tinytext", "255"}, {"text", "65535"}, {"mediumtext", "16777215"}, {"longtext", "1000000000"}};
        for (String[] text : texts) {
            d.add(new String[] {text[0], "VARCHAR_IGNORECASE(" + text[1] + ")"});
            d.add(new String[] {text[0] + CASE_SENSITIVE, "VARCHAR(" + text[1] + ")"});
        }
        // CHAR(n) compares without case as with MySQL's default collation; H2 has no such CHAR.
        for (int n = 1; n <= MAX_CHAR; n++) d.add(new String[] {CHAR_DOMAIN + n, "VARCHAR_IGNORECASE(" + n + ")"});
        d.add(new String[] {"tinyblob", "VARBINARY(255)"});
        d.add(new String[] {"blob", "VARBINARY(65535)"});
        d.add(new String[] {"mediumblob", "VARBINARY(16777215)"});
        d.add(new String[] {"longblob", "VARBINARY(1000000000)"});
        d.add(new String[] {"json", "VARCHAR(1000000000)"});
        for (int bits = 1; bits <= 64; bits++) {
            String max = java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE).toString();
            d.add(new String[] {"bit" + bits, (bits < 63 ? "BIGINT" : "NUMERIC(20)") + " CHECK (VALUE BETWEEN 0 AND " + max + ")"});
        }
        return d;
    }

    /** Creates the schema, the domains and the functions; idempotent. */
    public static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + SCHEMA + "\"");
            for (String[] d : domains()) {
                s.execute("CREATE DOMAIN IF NOT EXISTS \"" + SCHEMA + "\".\"" + d[0] + "\" AS " + d[1]);
            }
        }
        MysqlFunctions.install(c);
    }
}
