package dev.mitosis.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * MySQL functions H2 lacks, as Java static methods registered with CREATE ALIAS in schema
 * {@value #SCHEMA}. NULL in gives NULL out, as in MySQL. Date and JSON helpers live in
 * {@link DateFunctions} and {@link JsonFunctions}.
 */
public final class MysqlFunctions {
    public static final String SCHEMA = "mitosis_fn";
    /** H2 refuses aliases named like its built-ins (LENGTH, DATABASE, ...), in any schema. */
    public static final String ALIAS_PREFIX = "mysql_";
    private static volatile SessionFunctions session = new SessionFunctions() { };

    private MysqlFunctions() { }

    /** Installs the server's session-bound implementations (process-wide; they dispatch by connection). */
    public static void setSessionFunctions(SessionFunctions functions) {
        session = functions;
    }

    /** Alias name to Java method reference (in this package unless fully qualified). */
    static final String[][] ALIASES = {
            {"div", "MysqlFunctions.div"}, {"intdiv", "MysqlFunctions.intdiv"},
            {"cast_unsigned", "MysqlFunctions.castUnsigned"}, {"cast_signed", "MysqlFunctions.castSigned"},
            {"cast_number", "MysqlFunctions.castNumber"},
            {"md5", "MysqlFunctions.md5"}, {"sha1", "MysqlFunctions.sha1"}, {"sha2", "MysqlFunctions.sha2"},
            {"hex", "MysqlFunctions.hex"}, {"unhex", "MysqlFunctions.unhex"}, {"crc32", "MysqlFunctions.crc32"},
            {"inet_aton", "MysqlFunctions.inetAton"}, {"inet_ntoa", "MysqlFunctions.inetNtoa"},
            {"reverse", "MysqlFunctions.reverse"}, {"substring_index", "MysqlFunctions.substringIndex"},
            {"sleep", "MysqlFunctions.sleep"}, {"to_base64", "MysqlFunctions.toBase64"},
            {"from_base64", "MysqlFunctions.fromBase64"}, {"bin", "MysqlFunctions.bin"},
            {"oct", "MysqlFunctions.oct"}, {"conv", "MysqlFunctions.conv"}, {"field", "MysqlFunctions.field"},
            {"elt", "MysqlFunctions.elt"}, {"format", "MysqlFunctions.format"},
            {"strcmp", "MysqlFunctions.strcmp"}, {"ord", "MysqlFunctions.ord"},
            {"bit_count", "MysqlFunctions.bitCount"}, {"log2", "MysqlFunctions.log2"},
            {"quote", "MysqlFunctions.quote"}, {"uuid_short", "MysqlFunctions.uuidShort"},
            {"length", "MysqlFunctions.length"},
            {"get_lock", "MysqlFunctions.getLock"}, {"release_lock", "MysqlFunctions.releaseLock"},
            {"is_free_lock", "MysqlFunctions.isFreeLock"}, {"find_in_set", "MysqlFunctions.findInSet"},
            {"timediff", "TimeFunctions.timediff"}, {"addtime", "TimeFunctions.addtime"},
            {"subtime", "TimeFunctions.subtime"}, {"period_add", "TimeFunctions.periodAdd"},
            {"period_diff", "TimeFunctions.periodDiff"}, {"convert_tz", "TimeFunctions.convertTz"},
            {"json_length", "JsonFunctions.jsonLength"}, {"json_contains", "JsonFunctions.jsonContains"},
            {"json_keys", "JsonFunctions.jsonKeys"}, {"json_array", "JsonFunctions.jsonArray"},
            {"json_object", "JsonFunctions.jsonObject"},
            {"date_format", "DateFunctions.dateFormat"}, {"str_to_date", "DateFunctions.strToDate"},
            {"str_to_date_d", "DateFunctions.strToDateOnly"}, {"datediff", "DateFunctions.datediff"},
            {"weekday", "DateFunctions.weekday"}, {"to_days", "DateFunctions.toDays"},
            {"from_days", "DateFunctions.fromDays"}, {"time_to_sec", "DateFunctions.timeToSec"},
            {"sec_to_time", "DateFunctions.secToTime"}, {"makedate", "DateFunctions.makedate"},
            {"maketime", "DateFunctions.maketime"}, {"microsecond", "DateFunctions.microsecond"},
            {"weekofyear", "DateFunctions.weekofyear"}, {"yearweek", "DateFunctions.yearweek"},
            {"week", "DateFunctions.week"},
            {"sysdate", "DateFunctions.sysdate"}, {"unix_timestamp", "DateFunctions.unixTimestamp"}, {"utc_timestamp", "DateFunctions.utcTimestamp"},
            {"utc_time", "DateFunctions.utcTime"}, {"utc_date", "DateFunctions.utcDate"},
            {"temporal_number", "DateFunctions.temporalNumber"},
            {"json_extract", "JsonFunctions.jsonExtract"}, {"json_unquote", "JsonFunctions.jsonUnquote"},
            {"json_valid", "JsonFunctions.jsonValid"},
            {"char", "MysqlFunctions.charOfCodes"}, {"make_set", "MysqlFunctions.makeSet"},
            {"export_set", "MysqlFunctions.exportSet"}, {"random_bytes", "MysqlFunctions.randomBytes"},
            {"regexp_instr", "MysqlFunctions.regexpInstr"}, {"time_format", "TimeFunctions.timeFormat"},
            {"uuid_to_bin", "IdentifierFunctions.uuidToBin"}, {"bin_to_uuid", "IdentifierFunctions.binToUuid"},
            {"is_uuid", "IdentifierFunctions.isUuid"}, {"inet6_aton", "IdentifierFunctions.inet6Aton"},
            {"inet6_ntoa", "IdentifierFunctions.inet6Ntoa"},
            {"json_normalize", "JsonFunctions.normalize"}, {"json_set", "JsonEdits.jsonSet"}, {"json_insert", "JsonEdits.jsonInsert"},
            {"json_replace", "JsonEdits.jsonReplace"}, {"json_remove", "JsonEdits.jsonRemove"},
            {"json_array_append", "JsonEdits.jsonArrayAppend"}, {"json_array_insert", "JsonEdits.jsonArrayInsert"},
            {"json_merge_patch", "JsonEdits.jsonMergePatch"}, {"json_merge_preserve", "JsonEdits.jsonMergePreserve"},
            {"json_type", "JsonEdits.jsonType"}, {"json_depth", "JsonEdits.jsonDepth"},
            {"json_quote", "JsonEdits.jsonQuote"}, {"json_overlaps", "JsonEdits.jsonOverlaps"},
            {"json_search", "JsonEdits.jsonSearch"}, {"json_pretty", "JsonEdits.jsonPretty"},
            {"found_rows", "MysqlFunctions.foundRows"}, {"row_count", "MysqlFunctions.rowCount"},
            {"last_insert_id", "MysqlFunctions.lastInsertId"}, {"version", "MysqlFunctions.version"},
            {"connection_id", "MysqlFunctions.connectionId"}, {"user", "MysqlFunctions.user"},
            {"session_user", "MysqlFunctions.user"}, {"system_user", "MysqlFunctions.user"},
            {"current_user", "MysqlFunctions.currentUser"}, {"database", "MysqlFunctions.database"},
            {"system_variable", "MysqlFunctions.systemVariable"},
            {"string_number", "MysqlFunctions.stringNumber"}, {"string_constant", "MysqlFunctions.stringConstant"},
            // ALTER TABLE ... AUTO_INCREMENT = n: the engine finds the column (named by its full class name).
            {"alter_auto_increment", "dev.mitosis.engine.AutoIncrement.alter"},
    };

    public static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + SCHEMA + "\"");
            for (String[] a : ALIASES) {
                String target = a[1].startsWith("dev.") ? a[1] : "dev.mitosis.sql." + a[1];
                s.execute("CREATE ALIAS IF NOT EXISTS \"" + SCHEMA + "\".\"" + ALIAS_PREFIX + a[0] + "\" FOR '" + target + "'");
            }
        }
    }

    // ---- arithmetic -------------------------------------------------------------------------

    /** MySQL '/': scale of the dividend + div_precision_increment (4), NULL when dividing by zero. */
    public static BigDecimal div(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) return null;
        int scale = Math.min(Math.max(a.scale(), 0) + 4, 30);
        return a.divide(b, scale, RoundingMode.HALF_UP);
    }

    /** MySQL DIV: integer division truncating toward zero, NULL on zero. */
    public static Long intdiv(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) return null;
        return a.divide(b, 0, RoundingMode.DOWN).longValue();
    }

    private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** CAST(x AS UNSIGNED): negative values wrap modulo 2^64. */
    public static BigDecimal castUnsigned(Connection c, org.h2.value.Value v) {
        BigDecimal n = castInteger(c, v);
        if (n == null) return null;
        if (n.compareTo(TWO_64) >= 0) return TWO_64.subtract(BigDecimal.ONE);
        return n.signum() < 0 ? n.add(TWO_64).max(BigDecimal.ZERO) : n;
    }

    /** CAST(x AS SIGNED): BIGINT's range, values past it clamped. */
    public static Long castSigned(Connection c, org.h2.value.Value v) {
        BigDecimal n = castInteger(c, v);
        return n == null ? null : n.max(LONG_MIN).min(LONG_MAX).longValue();
    }

    /**
     * What CAST(x AS DECIMAL/DOUBLE) converts: a string's leading number ("1.5abc" is 1.5, "x" is 0,
     * with warning 1292 naming {@code kind}), a date or time its number (20240102), any other value as it is.
     */
    public static BigDecimal castNumber(Connection c, org.h2.value.Value v, String kind) {
        if (v == null || v == org.h2.value.ValueNull.INSTANCE) return null;
        if (!org.h2.value.DataType.isCharacterStringType(v.getValueType())) return DateFunctions.temporalNumber(v);
        String s = v.getString();
        if (!StringNumbers.isWholeNumber(s)) session.warning(c, 1292, "Truncated incorrect " + kind + " value: '" + s + "'", true);
        String n = StringNumbers.leadingNumber(s);
        return n == null ? BigDecimal.ZERO : new BigDecimal(n);
    }

    /**
     * The integer CAST(x AS SIGNED/UNSIGNED) starts from: a string's leading integer ("12abc" is
     * 12, "x" is 0, with warning 1292 as MySQL gives), any other value rounded half up.
     */
    private static BigDecimal castInteger(Connection c, org.h2.value.Value v) {
        if (v == null || v == org.h2.value.ValueNull.INSTANCE) return null;
        if (!org.h2.value.DataType.isCharacterStringType(v.getValueType())) {
            return v.convertTo(org.h2.value.TypeInfo.TYPE_NUMERIC_FLOATING_POINT).getBigDecimal().setScale(0, RoundingMode.HALF_UP);
        }
        String s = v.getString();
        java.util.regex.Matcher m = LEADING_INTEGER.matcher(s);
        boolean found = m.find();
        if (!found || !s.substring(m.end()).isBlank()) {
            session.warning(c, 1292, "Truncated incorrect INTEGER value: '" + s + "'", true);
        }
        return found ? new BigDecimal(m.group(1)) : BigDecimal.ZERO;
    }

    private static final java.util.regex.Pattern LEADING_INTEGER = java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)");

    // ---- strings ----------------------------------------------------------------------------

    /** CHAR(n, ...): each integer's bytes, high byte first, without its leading zero bytes; as UTF-8 text. */
    public static String charOfCodes(org.h2.value.Value... codes) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (org.h2.value.Value v : codes) {
            if (v == org.h2.value.ValueNull.INSTANCE) continue; // MySQL skips NULL arguments
            long n = v.getLong() & 0xFFFFFFFFL;
            boolean started = false;
            for (int shift = 24; shift >= 0; shift -= 8) {
                int b = (int) (n >>> shift) & 255;
                if (b != 0 || started || shift == 0) {
                    bytes.write(b);
                    started = true;
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** MAKE_SET(bits, s1, s2, ...): the strings whose bits are set, comma-separated; NULL strings left out. */
    public static String makeSet(Long bits, String... strings) {
        if (bits == null) return null;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < strings.length && k < 64; k++) {
            if ((bits >>> k & 1) == 0 || strings[k] == null) continue;
            if (sb.length() > 0) sb.append(',');
            sb.append(strings[k]);
        }
        return sb.toString();
    }

    public static String exportSet(Long bits, String on, String off) {
        return exportSet(bits, on, off, ",", 64);
    }

    public static String exportSet(Long bits, String on, String off, String separator) {
        return exportSet(bits, on, off, separator, 64);
    }

    /** EXPORT_SET(bits, on, off, separator, n): on or off for each of the n low bits, lowest first. */
    public static String exportSet(Long bits, String on, String off, String separator, Integer n) {
        if (bits == null || on == null || off == null || separator == null || n == null) return null;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(Math.max(n, 0), 64); k++) {
            if (k > 0) sb.append(separator);
            sb.append((bits >>> k & 1) == 1 ? on : off);
        }
        return sb.toString();
    }

    public static byte[] randomBytes(Integer n) {
        if (n == null) return null;
        if (n < 1 || n > 1024) throw new FunctionError(1690, "22003", "length value is out of range in 'random_bytes'");
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    public static Integer regexpInstr(String s, String pattern) {
        return regexpInstr(s, pattern, 1, 1, 0, null);
    }

    public static Integer regexpInstr(String s, String pattern, Integer position) {
        return regexpInstr(s, pattern, position, 1, 0, null);
    }

    public static Integer regexpInstr(String s, String pattern, Integer position, Integer occurrence) {
        return regexpInstr(s, pattern, position, occurrence, 0, null);
    }

    public static Integer regexpInstr(String s, String pattern, Integer position, Integer occurrence, Integer returnOption) {
        return regexpInstr(s, pattern, position, occurrence, returnOption, null);
    }

    /**
     * REGEXP_INSTR: the 1-based position where the occurrence'th match from position starts (or,
     * with return_option 1, ends after); 0 when there is none. Case-insensitive unless match_type
     * says 'c', as with MySQL's default collation.
     */
    public static Integer regexpInstr(String s, String pattern, Integer position, Integer occurrence,
                                      Integer returnOption, String matchType) {
        if (s == null || pattern == null || position == null || occurrence == null || returnOption == null) return null;
        int flags = java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE;
        if (matchType != null) {
            for (char c : matchType.toCharArray()) {
                switch (c) {
                    case 'c' -> flags &= ~(java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
                    case 'i' -> flags |= java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE;
                    case 'm' -> flags |= java.util.regex.Pattern.MULTILINE;
                    case 'n' -> flags |= java.util.regex.Pattern.DOTALL;
                    default -> { }
                }
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern, flags).matcher(s);
        int from = Math.max(0, position - 1);
        if (from > s.length()) return 0;
        for (int k = 0; k < occurrence; k++) {
            if (!m.find(k == 0 ? from : m.end() + (m.end() == m.start() ? 1 : 0))) return 0;
        }
        return (returnOption == 1 ? m.end() : m.start()) + 1;
    }

    private static String digest(String algorithm, String s) {
        if (s == null) return null;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5(String s) { return digest("MD5", s); }

    /** FIND_IN_SET(s, list): 1-based position of s in the comma-separated list; 0 when absent (or s has a comma). */
    public static Integer findInSet(String s, String list) {
        if (s == null || list == null) return null;
        if (s.indexOf(',') >= 0 || list.isEmpty()) return 0;
        int position = 1;
        int from = 0;
        while (true) {
            int comma = list.indexOf(',', from);
            String item = comma < 0 ? list.substring(from) : list.substring(from, comma);
            if (item.equalsIgnoreCase(s)) return position; // the default collation ignores case
            if (comma < 0) return 0;
            position++;
            from = comma + 1;
        }
    }

    public static String sha1(String s) { return digest("SHA-1", s); }

    public static String sha2(String s, Integer bits) {
        if (s == null || bits == null) return null;
        return switch (bits) {
            case 0, 256 -> digest("SHA-256", s);
            case 224 -> digest("SHA-224", s);
            case 384 -> digest("SHA-384", s);
            case 512 -> digest("SHA-512", s);
            default -> null;
        };
    }

    /** HEX(n) of a number is its hexadecimal value; HEX(s) of a string, its bytes. H2 passes the typed value. */
    public static String hex(org.h2.value.Value v) {
        int type = v.getValueType();
        if (type == org.h2.value.Value.NULL) return null;
        if (org.h2.value.DataType.isNumericType(type)) {
            BigInteger i = v.getBigDecimal().setScale(0, RoundingMode.HALF_UP).toBigInteger();
            if (i.signum() < 0) i = i.add(BigInteger.ONE.shiftLeft(64));
            return i.toString(16).toUpperCase(java.util.Locale.ROOT);
        }
        return HexFormat.of().withUpperCase().formatHex(bytes(v));
    }

    private static byte[] bytes(org.h2.value.Value v) {
        int type = v.getValueType();
        if (type == org.h2.value.Value.BINARY || type == org.h2.value.Value.VARBINARY || type == org.h2.value.Value.BLOB) {
            return v.getBytesNoCopy();
        }
        return v.getString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] unhex(String s) {
        if (s == null) return null;
        String digits = s.length() % 2 == 0 ? s : "0" + s;
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static Long crc32(String s) {
        if (s == null) return null;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    public static Long inetAton(String s) {
        if (s == null) return null;
        String[] parts = s.split("\\.", -1);
        if (parts.length == 0 || parts.length > 4) return null;
        long v = 0;
        try {
            for (int k = 0; k < parts.length; k++) {
                long p = Long.parseLong(parts[k]);
                if (p < 0 || p > 255) return null;
                // MySQL: "1.2" means 1.0.0.2 (the last part fills the low bytes).
                v = k == parts.length - 1 ? (v << (8 * (4 - k))) | p : (v << 8) | p;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return v;
    }

    public static String inetNtoa(Long v) {
        if (v == null || v < 0 || v > 0xFFFFFFFFL) return null;
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    public static String reverse(String s) {
        return s == null ? null : new StringBuilder(s).reverse().toString();
    }

    public static String substringIndex(String s, String delimiter, Long count) {
        if (s == null || delimiter == null || count == null) return null;
        if (count == 0 || delimiter.isEmpty()) return "";
        if (count > 0) {
            int pos = -delimiter.length();
            for (long k = 0; k < count; k++) {
                pos = s.indexOf(delimiter, pos + delimiter.length());
                if (pos < 0) return s;
            }
            return s.substring(0, pos);
        }
        int pos = s.length();
        for (long k = 0; k < -count; k++) {
            pos = pos == 0 ? -1 : s.lastIndexOf(delimiter, pos - 1);
            if (pos < 0) return s;
        }
        return s.substring(pos + delimiter.length());
    }

    public static Integer sleep(Double seconds) throws InterruptedException {
        if (seconds != null && seconds > 0) Thread.sleep((long) (seconds * 1000));
        return 0;
    }

    public static String toBase64(String s) {
        return s == null ? null : java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] fromBase64(String s) {
        if (s == null) return null;
        try {
            return java.util.Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String bin(Long v) { return v == null ? null : Long.toBinaryString(v); }

    public static String oct(Long v) { return v == null ? null : Long.toOctalString(v); }

    public static String conv(String n, Integer from, Integer to) {
        if (n == null || from == null || to == null) return null;
        try {
            BigInteger v = new BigInteger(n, Math.abs(from));
            if (v.signum() < 0 && to > 0) v = v.add(BigInteger.ONE.shiftLeft(64));
            return v.toString(Math.abs(to)).toUpperCase(java.util.Locale.ROOT);
        } catch (NumberFormatException e) {
            return "0";
        }
    }

    public static Integer field(String s, String... list) {
        if (s == null) return 0;
        for (int k = 0; k < list.length; k++) {
            if (s.equalsIgnoreCase(list[k])) return k + 1;
        }
        return 0;
    }

    public static String elt(Integer n, String... list) {
        return n == null || n < 1 || n > list.length ? null : list[n - 1];
    }

    /** FORMAT(x, d): rounded, with thousands separators (en_US). */
    public static String format(BigDecimal v, Integer decimals) {
        if (v == null || decimals == null) return null;
        int d = Math.max(0, Math.min(decimals, 30));
        java.text.DecimalFormat f = new java.text.DecimalFormat(d == 0 ? "#,##0" : "#,##0." + "0".repeat(d),
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.US));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(v);
    }

    public static Integer strcmp(String a, String b) {
        if (a == null || b == null) return null;
        return Integer.signum(a.compareToIgnoreCase(b));
    }

    public static Long ord(String s) {
        if (s == null) return null;
        if (s.isEmpty()) return 0L;
        byte[] b = new String(Character.toChars(s.codePointAt(0))).getBytes(StandardCharsets.UTF_8);
        long v = 0;
        for (byte x : b) v = (v << 8) | (x & 0xFF);
        return v;
    }

    public static Integer bitCount(Long v) { return v == null ? null : Long.bitCount(v); }

    public static Double log2(Double v) { return v == null || v <= 0 ? null : Math.log(v) / Math.log(2); }

    public static String quote(String s) {
        if (s == null) return "NULL";
        StringBuilder sb = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\'', '\\' -> sb.append('\\').append(ch);
                case '\0' -> sb.append("\\0");
                case '\u001A' -> sb.append("\\Z");
                default -> sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }

    private static final java.util.concurrent.atomic.AtomicLong UUID_SHORT =
            new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis() / 1000 << 24);

    public static Long uuidShort() { return UUID_SHORT.incrementAndGet(); }

    /** MySQL LENGTH is in bytes (utf8mb4). */
    public static Long length(org.h2.value.Value v) {
        if (v.getValueType() == org.h2.value.Value.NULL) return null;
        return (long) bytes(v).length;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Connection> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /** GET_LOCK without waiting: named locks held per connection (enough for single-server use). */
    public static Integer getLock(Connection c, String name, Double timeout) {
        if (name == null) return null;
        Connection holder = LOCKS.putIfAbsent(name, c);
        return holder == null || holder == c ? 1 : 0;
    }

    public static Integer releaseLock(Connection c, String name) {
        if (name == null) return null;
        Connection holder = LOCKS.get(name);
        if (holder == null) return null;
        return holder == c && LOCKS.remove(name, c) ? 1 : 0;
    }

    public static Integer isFreeLock(String name) {
        return name == null ? null : LOCKS.containsKey(name) ? 0 : 1;
    }

    // ---- session ----------------------------------------------------------------------------

    /** A text column's value compared with a number: MySQL's DOUBLE of it, with warning 1292 unless it is all number. */
    public static Double stringNumber(Connection c, String s) {
        return stringNumber(c, s, false);
    }

    /** A string literal compared with a number column: as {@link #stringNumber}, warning once per statement. */
    public static Double stringConstant(Connection c, String s) {
        return stringNumber(c, s, true);
    }

    private static Double stringNumber(Connection c, String s, boolean once) {
        if (s == null) return null;
        if (!StringNumbers.isWholeNumber(s)) session.warning(c, 1292, "Truncated incorrect DOUBLE value: '" + s + "'", once);
        return StringNumbers.value(s);
    }

    public static Long foundRows(Connection c) { return session.foundRows(c); }

    public static Long rowCount(Connection c) { return session.rowCount(c); }

    public static BigDecimal lastInsertId(Connection c) { return session.lastInsertId(c); }

    public static BigDecimal lastInsertId(Connection c, BigDecimal value) { return session.lastInsertId(c, value); }

    public static String version(Connection c) { return session.version(c); }

    public static Long connectionId(Connection c) { return session.connectionId(c); }

    public static String user(Connection c) { return session.user(c); }

    public static String currentUser(Connection c) { return session.currentUser(c); }

    public static String database(Connection c) throws SQLException { return session.database(c); }

    public static String systemVariable(Connection c, String name) {
        Object v = session.systemVariable(c, name);
        return v == null ? null : v.toString();
    }

    static LocalDateTime nowUtc(int precision) {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(precision == 0 ? ChronoUnit.SECONDS : ChronoUnit.MICROS);
    }
}
