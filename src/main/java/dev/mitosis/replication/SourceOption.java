package dev.mitosis.replication;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options of CHANGE REPLICATION SOURCE TO, with their legacy MASTER_ spelling, whether they
 * configure the receiver (R), the applier (A) or both (B), and how their values are written.
 */
public enum SourceOption {
    SOURCE_HOST(Kind.RECEIVER, Type.STRING),
    SOURCE_PORT(Kind.RECEIVER, Type.INT),
    SOURCE_USER(Kind.RECEIVER, Type.STRING),
    SOURCE_PASSWORD(Kind.RECEIVER, Type.STRING),
    SOURCE_BIND(Kind.RECEIVER, Type.STRING),
    SOURCE_CONNECT_RETRY(Kind.RECEIVER, Type.INT),
    SOURCE_RETRY_COUNT(Kind.RECEIVER, Type.INT),
    SOURCE_HEARTBEAT_PERIOD(Kind.RECEIVER, Type.DECIMAL),
    SOURCE_LOG_FILE(Kind.RECEIVER, Type.STRING),
    SOURCE_LOG_POS(Kind.RECEIVER, Type.INT),
    RELAY_LOG_FILE(Kind.APPLIER, Type.STRING),
    RELAY_LOG_POS(Kind.APPLIER, Type.INT),
    SOURCE_AUTO_POSITION(Kind.BOTH, Type.BOOL),
    SOURCE_DELAY(Kind.APPLIER, Type.INT),
    SOURCE_SSL(Kind.RECEIVER, Type.BOOL),
    SOURCE_SSL_CA(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_CAPATH(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_CERT(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_KEY(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_CIPHER(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_CRL(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_CRLPATH(Kind.RECEIVER, Type.STRING),
    SOURCE_SSL_VERIFY_SERVER_CERT(Kind.RECEIVER, Type.BOOL),
    SOURCE_TLS_VERSION(Kind.RECEIVER, Type.STRING),
    SOURCE_TLS_CIPHERSUITES(Kind.RECEIVER, Type.STRING),
    SOURCE_PUBLIC_KEY_PATH(Kind.RECEIVER, Type.STRING),
    GET_SOURCE_PUBLIC_KEY(Kind.RECEIVER, Type.BOOL),
    SOURCE_COMPRESSION_ALGORITHMS(Kind.RECEIVER, Type.STRING),
    SOURCE_ZSTD_COMPRESSION_LEVEL(Kind.RECEIVER, Type.INT),
    IGNORE_SERVER_IDS(Kind.RECEIVER, Type.LIST),
    NETWORK_NAMESPACE(Kind.RECEIVER, Type.STRING),
    PRIVILEGE_CHECKS_USER(Kind.APPLIER, Type.STRING),
    REQUIRE_ROW_FORMAT(Kind.BOTH, Type.BOOL),
    REQUIRE_TABLE_PRIMARY_KEY_CHECK(Kind.APPLIER, Type.WORD),
    ASSIGN_GTIDS_TO_ANONYMOUS_TRANSACTIONS(Kind.BOTH, Type.WORD),
    SOURCE_CONNECTION_AUTO_FAILOVER(Kind.BOTH, Type.BOOL),
    GTID_ONLY(Kind.BOTH, Type.BOOL);

    public enum Kind { RECEIVER, APPLIER, BOTH }

    public enum Type { STRING, INT, BOOL, DECIMAL, LIST, WORD }

    public final Kind kind;
    public final Type type;

    SourceOption(Kind kind, Type type) {
        this.kind = kind;
        this.type = type;
    }

    /** The pre-8.0.23 spelling: MASTER_HOST for SOURCE_HOST, GET_MASTER_PUBLIC_KEY, ... */
    public String legacyName() {
        String n = name();
        if (n.startsWith("SOURCE_")) return "MASTER_" + n.substring(7);
        if (n.equals("GET_SOURCE_PUBLIC_KEY")) return "GET_MASTER_PUBLIC_KEY";
        return n;
    }

    private static final Map<String, SourceOption> BY_NAME = new HashMap<>();

    static {
        for (SourceOption o : values()) {
            BY_NAME.put(o.name(), o);
            BY_NAME.put(o.legacyName(), o);
        }
    }

    /** The option for a current or legacy name, or null. */
    public static SourceOption byName(String name) {
        return BY_NAME.get(name.toUpperCase(Locale.ROOT));
    }
}
