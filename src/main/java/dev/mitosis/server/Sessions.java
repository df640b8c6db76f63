package dev.mitosis.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The live sessions of an instance, by connection id (PROCESSLIST, KILL, shutdown). */
public final class Sessions {
    private final AtomicLong nextId = new AtomicLong(8);
    private final Map<Long, ClientSession> live = new ConcurrentSkipListMap<>();

    long nextId() {
        return nextId.getAndIncrement();
    }

    void add(ClientSession s) {
        live.put(s.id(), s);
    }

    void remove(ClientSession s) {
        live.remove(s.id());
    }

    ClientSession get(long id) {
        return live.get(id);
    }

    List<ClientSession> list() {
        return new ArrayList<>(live.values());
    }

    int count() {
        return live.size();
    }

    int running() {
        int n = 0;
        for (ClientSession s : live.values()) if (s.isRunning()) n++;
        return n;
    }

    void closeAll() {
        for (ClientSession s : list()) s.kill();
    }
}
