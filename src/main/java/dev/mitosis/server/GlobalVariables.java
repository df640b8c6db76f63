package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The global values of system variables for one instance. */
public final class GlobalVariables {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<String>> computed = new ConcurrentHashMap<>();

    GlobalVariables(Instance instance, InstanceConfig config) throws MysqlExceptionWrapper {
        for (VariableDef def : VariableCatalog.all().values()) {
            if (def.hasGlobal() && def.defaultValue() != null) values.put(def.name(), def.defaultValue());
        }
        values.put("version", Instance.VERSION);
        values.put("server_uuid", instance.serverUuid());
        values.put("datadir", instance.datadir().toString() + "/");
        values.put("hostname", hostname());
        values.put("log_bin_basename", instance.datadir().resolve("binlog").toString());
        values.put("log_bin_index", instance.datadir().resolve("binlog.index").toString());
        values.put("pid_file", instance.datadir().resolve("mitosis.pid").toString());
        // Start-up options naming a variable set its global value.
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            VariableDef def = VariableCatalog.find(e.getKey());
            if (def == null || !def.hasGlobal() || e.getValue() == null) continue;
            String v = def.normalize(e.getValue());
            if (v == null) {
                throw new MysqlExceptionWrapper(ErrorCode.ER_WRONG_VALUE_FOR_VAR.exception(def.name(), e.getValue()));
            }
            values.put(def.name(), v);
        }
        if (config.get("report_port") == null) values.put("report_port", Integer.toString(config.port()));
        try {
            persisted = new PersistedVariables(instance.datadir());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read mysqld-auto.cnf: " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> e : persisted.values().entrySet()) {
            VariableDef def = VariableCatalog.find(e.getKey());
            if (def != null && def.hasGlobal()) values.put(def.name(), e.getValue());
        }
    }

    private final PersistedVariables persisted;

    /** SET PERSIST: the global value now and at every later start. */
    void persist(String name, String value) throws java.io.IOException {
        set(name, value);
        persisted.persist(name, value);
    }

    /** SET PERSIST_ONLY: only from the next start. */
    void persistOnly(String name, String value) throws java.io.IOException {
        persisted.persist(name, value);
    }

    /** RESET PERSIST [name]. */
    void resetPersisted(String name) throws java.io.IOException {
        persisted.reset(name);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    public String get(String name) {
        java.util.function.Supplier<String> c = computed.get(name);
        if (c != null) return c.get();
        return values.get(name);
    }

    /** A variable whose value is computed at each read (gtid_executed, ...). */
    public void setComputed(String name, java.util.function.Supplier<String> supplier) {
        computed.put(name, supplier);
    }

    void set(String name, String value) {
        if (value == null) values.remove(name);
        else values.put(name, value);
    }

    /** Set by the server itself (port after binding, GTID state, ...). */
    public void setInternal(String name, String value) {
        set(name, value);
    }

    /** A start-up option with a bad value: surfaces as an IllegalArgumentException at start. */
    static final class MysqlExceptionWrapper extends IllegalArgumentException {
        MysqlExceptionWrapper(MysqlException e) {
            super(e.getMessage(), e);
        }
    }
}
