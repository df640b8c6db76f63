package dev.mitosis.replication;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The connection and applier configuration of one replication channel, as CHANGE REPLICATION
 * SOURCE TO sets it. Immutable; values are kept as the option's canonical string.
 */
public final class ChannelConfig {
    private final String channel;
    private final Map<SourceOption, String> values;

    private ChannelConfig(String channel, Map<SourceOption, String> values) {
        this.channel = channel;
        this.values = Collections.unmodifiableMap(values);
    }

    /** A new channel with MySQL's defaults. */
    public static ChannelConfig defaults(String channel) {
        Map<SourceOption, String> v = new EnumMap<>(SourceOption.class);
        v.put(SourceOption.SOURCE_HOST, "");
        v.put(SourceOption.SOURCE_PORT, "3306");
        v.put(SourceOption.SOURCE_USER, "");
        v.put(SourceOption.SOURCE_PASSWORD, "");
        v.put(SourceOption.SOURCE_BIND, "");
        v.put(SourceOption.SOURCE_CONNECT_RETRY, "60");
        v.put(SourceOption.SOURCE_RETRY_COUNT, "10");
        v.put(SourceOption.SOURCE_HEARTBEAT_PERIOD, "30.000");
        v.put(SourceOption.SOURCE_LOG_FILE, "");
        v.put(SourceOption.SOURCE_LOG_POS, "4");
        v.put(SourceOption.SOURCE_AUTO_POSITION, "0");
        v.put(SourceOption.SOURCE_DELAY, "0");
        v.put(SourceOption.SOURCE_SSL, "0");
        v.put(SourceOption.GET_SOURCE_PUBLIC_KEY, "0");
        v.put(SourceOption.SOURCE_PUBLIC_KEY_PATH, "");
        v.put(SourceOption.SOURCE_COMPRESSION_ALGORITHMS, "uncompressed");
        v.put(SourceOption.SOURCE_ZSTD_COMPRESSION_LEVEL, "3");
        v.put(SourceOption.IGNORE_SERVER_IDS, "");
        v.put(SourceOption.REQUIRE_ROW_FORMAT, "0");
        v.put(SourceOption.REQUIRE_TABLE_PRIMARY_KEY_CHECK, "STREAM");
        v.put(SourceOption.ASSIGN_GTIDS_TO_ANONYMOUS_TRANSACTIONS, "OFF");
        v.put(SourceOption.SOURCE_CONNECTION_AUTO_FAILOVER, "0");
        v.put(SourceOption.GTID_ONLY, "0");
        return new ChannelConfig(channel, v);
    }

    public static ChannelConfig of(String channel, Map<SourceOption, String> values) {
        ChannelConfig d = defaults(channel);
        Map<SourceOption, String> v = new EnumMap<>(SourceOption.class);
        v.putAll(d.values);
        v.putAll(values);
        return new ChannelConfig(channel, v);
    }

    public ChannelConfig with(Map<SourceOption, String> changes) {
        Map<SourceOption, String> v = new EnumMap<>(SourceOption.class);
        v.putAll(values);
        v.putAll(changes);
        return new ChannelConfig(channel, v);
    }

    public String channel() { return channel; }
    public Map<SourceOption, String> values() { return values; }

    public String get(SourceOption o) {
        String v = values.get(o);
        return v == null ? "" : v;
    }

    public String host() { return get(SourceOption.SOURCE_HOST); }
    public int port() { return Integer.parseInt(get(SourceOption.SOURCE_PORT)); }
    public String user() { return get(SourceOption.SOURCE_USER); }
    public String password() { return get(SourceOption.SOURCE_PASSWORD); }
    public String bind() { return get(SourceOption.SOURCE_BIND); }
    public boolean autoPosition() { return get(SourceOption.SOURCE_AUTO_POSITION).equals("1"); }
    public boolean getPublicKey() { return get(SourceOption.GET_SOURCE_PUBLIC_KEY).equals("1"); }
    /** SOURCE_SSL=1: the receiver's connection must be encrypted. */
    public boolean ssl() { return get(SourceOption.SOURCE_SSL).equals("1"); }
    /** The CA the source's certificate must chain to, when SOURCE_SSL_VERIFY_SERVER_CERT=1; else null. */
    public String verifyAgainstCa() {
        String ca = get(SourceOption.SOURCE_SSL_CA);
        return get(SourceOption.SOURCE_SSL_VERIFY_SERVER_CERT).equals("1") && ca != null && !ca.isEmpty() ? ca : null;
    }
    public int connectRetry() { return Integer.parseInt(get(SourceOption.SOURCE_CONNECT_RETRY)); }
    public long retryCount() { return Long.parseLong(get(SourceOption.SOURCE_RETRY_COUNT)); }
    public double heartbeatPeriod() { return Double.parseDouble(get(SourceOption.SOURCE_HEARTBEAT_PERIOD)); }
    public String sourceLogFile() { return get(SourceOption.SOURCE_LOG_FILE); }
    public long sourceLogPos() { return Long.parseLong(get(SourceOption.SOURCE_LOG_POS)); }
    public long delay() { return Long.parseLong(get(SourceOption.SOURCE_DELAY)); }

    /** Configured means a source host is known: SHOW REPLICA STATUS shows such channels. */
    public boolean isConfigured() {
        return !host().isEmpty();
    }
}
