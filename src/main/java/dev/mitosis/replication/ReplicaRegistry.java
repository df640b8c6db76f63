package dev.mitosis.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Replicas registered with this source (COM_REGISTER_SLAVE) while their dump thread lives: SHOW REPLICAS. */
public final class ReplicaRegistry {
    /** One row of SHOW REPLICAS. */
    public record Registered(long serverId, String host, long port, long sourceId, String replicaUuid) {}

    private final Map<Long, Registered> bySession = new ConcurrentSkipListMap<>();

    public void register(long sessionId, Registered r) {
        bySession.put(sessionId, r);
    }

    public void unregister(long sessionId) {
        bySession.remove(sessionId);
    }

    public List<Registered> list() {
        return new ArrayList<>(bySession.values());
    }
}
