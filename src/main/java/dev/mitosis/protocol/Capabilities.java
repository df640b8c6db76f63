package dev.mitosis.protocol;

/** Capability flags of the client/server protocol. */
public final class Capabilities {
    private Capabilities() {}

    public static final int LONG_PASSWORD = 0x00000001;
    public static final int FOUND_ROWS = 0x00000002;
    public static final int LONG_FLAG = 0x00000004;
    public static final int CONNECT_WITH_DB = 0x00000008;
    public static final int NO_SCHEMA = 0x00000010;
    public static final int COMPRESS = 0x00000020;
    public static final int ODBC = 0x00000040;
    public static final int LOCAL_FILES = 0x00000080;
    public static final int IGNORE_SPACE = 0x00000100;
    public static final int PROTOCOL_41 = 0x00000200;
    public static final int INTERACTIVE = 0x00000400;
    public static final int SSL = 0x00000800;
    public static final int IGNORE_SIGPIPE = 0x00001000;
    public static final int TRANSACTIONS = 0x00002000;
    public static final int RESERVED = 0x00004000;
    public static final int SECURE_CONNECTION = 0x00008000;
    public static final int MULTI_STATEMENTS = 0x00010000;
    public static final int MULTI_RESULTS = 0x00020000;
    public static final int PS_MULTI_RESULTS = 0x00040000;
    public static final int PLUGIN_AUTH = 0x00080000;
    public static final int CONNECT_ATTRS = 0x00100000;
    public static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x00200000;
    public static final int CAN_HANDLE_EXPIRED_PASSWORDS = 0x00400000;
    public static final int SESSION_TRACK = 0x00800000;
    public static final int DEPRECATE_EOF = 0x01000000;
    public static final int QUERY_ATTRIBUTES = 0x08000000;

    /** What we advertise: everything we implement, without TLS, compression or session tracking (LOCAL_FILES: LOAD DATA LOCAL, as MySQL, still refused while local_infile is OFF). */
    public static final int SERVER_DEFAULT = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB
            | NO_SCHEMA | ODBC | LOCAL_FILES | IGNORE_SPACE | PROTOCOL_41 | INTERACTIVE | IGNORE_SIGPIPE
            | TRANSACTIONS | RESERVED | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS
            | PS_MULTI_RESULTS | PLUGIN_AUTH | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA
            | CAN_HANDLE_EXPIRED_PASSWORDS | DEPRECATE_EOF;
}
