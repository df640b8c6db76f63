package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One status variable of a QUERY event (binlog-format.md §7): a code byte then a value. Each record
 * is one variable; {@link #rank()} is the position MySQL writes it in.
 */
public sealed interface QueryStatusVar {
    int code();

    /** Write order: MySQL emits the variables in this order, which is not the code order. */
    int rank();

    void writeValue(BinlogOutput out);

    /** Q_FLAGS2_CODE (0): OPTION_* bits of the session. */
    record Flags2(long flags) implements QueryStatusVar {
        public static final long AUTO_IS_NULL = 0x00004000L;
        public static final long NOT_AUTOCOMMIT = 0x00080000L;
        public static final long NO_FOREIGN_KEY_CHECKS = 0x04000000L;
        public static final long RELAXED_UNIQUE_CHECKS = 0x08000000L;

        public int code() { return 0; }
        public int rank() { return 0; }
        public void writeValue(BinlogOutput out) { out.int4(flags); }
    }

    /** Q_SQL_MODE_CODE (1): sql_mode bits. */
    record SqlMode(long mode) implements QueryStatusVar {
        /** ONLY_FULL_GROUP_BY, STRICT_TRANS_TABLES, NO_ZERO_IN_DATE, NO_ZERO_DATE, ERROR_FOR_DIVISION_BY_ZERO, NO_ENGINE_SUBSTITUTION. */
        public static final long MYSQL_8_DEFAULT = 0x45A00020L;

        public int code() { return 1; }
        public int rank() { return 1; }
        public void writeValue(BinlogOutput out) { out.int8(mode); }
    }

    /** Q_CATALOG_NZ_CODE (6): always "std" on current servers. */
    record Catalog(String name) implements QueryStatusVar {
        public static final Catalog STD = new Catalog("std");

        public int code() { return 6; }
        public int rank() { return 2; }
        public void writeValue(BinlogOutput out) { writeShortString(out, name); }
    }

    /** Q_AUTO_INCREMENT (3): written only when either value is not 1. */
    record AutoIncrement(int increment, int offset) implements QueryStatusVar {
        public int code() { return 3; }
        public int rank() { return 3; }
        public void writeValue(BinlogOutput out) { out.int2(increment).int2(offset); }
    }

    /** Q_CHARSET_CODE (4): character_set_client, collation_connection, collation_server as collation ids. */
    record Charset(int client, int connection, int server) implements QueryStatusVar {
        public int code() { return 4; }
        public int rank() { return 4; }
        public void writeValue(BinlogOutput out) { out.int2(client).int2(connection).int2(server); }
    }

    /** Q_TIME_ZONE_CODE (5): session time zone name, when not SYSTEM. */
    record TimeZone(String name) implements QueryStatusVar {
        public int code() { return 5; }
        public int rank() { return 5; }
        public void writeValue(BinlogOutput out) { writeShortString(out, name); }
    }

    /** Q_LC_TIME_NAMES_CODE (7): locale number, when not en_US. */
    record LcTimeNames(int locale) implements QueryStatusVar {
        public int code() { return 7; }
        public int rank() { return 6; }
        public void writeValue(BinlogOutput out) { out.int2(locale); }
    }

    /** Q_CHARSET_DATABASE_CODE (8): collation_database when set explicitly. */
    record CharsetDatabase(int collation) implements QueryStatusVar {
        public int code() { return 8; }
        public int rank() { return 7; }
        public void writeValue(BinlogOutput out) { out.int2(collation); }
    }

    /** Q_TABLE_MAP_FOR_UPDATE_CODE (9): tables updated by a multi-table UPDATE. */
    record TableMapForUpdate(long bitmap) implements QueryStatusVar {
        public int code() { return 9; }
        public int rank() { return 8; }
        public void writeValue(BinlogOutput out) { out.int8(bitmap); }
    }

    /** Q_INVOKER (11): definer of definer-sensitive DDL. */
    record Invoker(String user, String host) implements QueryStatusVar {
        public int code() { return 11; }
        public int rank() { return 9; }
        public void writeValue(BinlogOutput out) { writeShortString(out, user); writeShortString(out, host); }
    }

    /**
     * Q_UPDATED_DB_NAMES (12): databases the statement changes, used by the parallel applier. More
     * than {@link #MAX_NAMES} are written as the count 254 without names; they read back as null.
     */
    record UpdatedDbNames(List<String> names) implements QueryStatusVar {
        public static final int MAX_NAMES = 16;
        static final int OVER_MAX = 254;

        public UpdatedDbNames {
            names = names == null || names.size() > MAX_NAMES ? null : List.copyOf(names);
        }

        public int code() { return 12; }
        public int rank() { return 10; }

        public void writeValue(BinlogOutput out) {
            if (names == null) {
                out.int1(OVER_MAX);
                return;
            }
            out.int1(names.size());
            for (String name : names) {
                out.bytes(name.getBytes(StandardCharsets.UTF_8)).int1(0);
            }
        }
    }

    /** Q_MICROSECONDS (13): fractional part of the statement start time. */
    record Microseconds(int micros) implements QueryStatusVar {
        public int code() { return 13; }
        public int rank() { return 11; }
        public void writeValue(BinlogOutput out) { out.int3(micros); }
    }

    /** Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP (16). */
    record ExplicitDefaultsForTimestamp(boolean enabled) implements QueryStatusVar {
        public int code() { return 16; }
        public int rank() { return 12; }
        public void writeValue(BinlogOutput out) { out.int1(enabled ? 1 : 0); }
    }

    /** Q_DDL_LOGGED_WITH_XID (17): xid of an atomic DDL. */
    record DdlLoggedWithXid(long xid) implements QueryStatusVar {
        public int code() { return 17; }
        public int rank() { return 13; }
        public void writeValue(BinlogOutput out) { out.int8(xid); }
    }

    /** Q_DEFAULT_COLLATION_FOR_UTF8MB4 (18). */
    record DefaultCollationForUtf8mb4(int collation) implements QueryStatusVar {
        public int code() { return 18; }
        public int rank() { return 14; }
        public void writeValue(BinlogOutput out) { out.int2(collation); }
    }

    /** Q_SQL_REQUIRE_PRIMARY_KEY (19). */
    record SqlRequirePrimaryKey(boolean required) implements QueryStatusVar {
        public int code() { return 19; }
        public int rank() { return 15; }
        public void writeValue(BinlogOutput out) { out.int1(required ? 1 : 0); }
    }

    /** Q_DEFAULT_TABLE_ENCRYPTION (20). */
    record DefaultTableEncryption(boolean enabled) implements QueryStatusVar {
        public int code() { return 20; }
        public int rank() { return 16; }
        public void writeValue(BinlogOutput out) { out.int1(enabled ? 1 : 0); }
    }

    private static void writeShortString(BinlogOutput out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("Status variable value longer than 255 bytes: " + text);
        }
        out.int1(bytes.length).bytes(bytes);
    }
}
