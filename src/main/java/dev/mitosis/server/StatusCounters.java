package dev.mitosis.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Global status counters (SHOW GLOBAL STATUS). */
public final class StatusCounters {
    final long startMillis = System.currentTimeMillis();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong abortedConnects = new AtomicLong();
    final AtomicLong questions = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final CommandCounters commands = new CommandCounters();

    long uptimeSeconds() {
        return (System.currentTimeMillis() - startMillis) / 1000;
    }

    Map<String, String> snapshot(Sessions sessions) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Aborted_connects", Long.toString(abortedConnects.get()));
        m.put("Bytes_received", Long.toString(bytesReceived.get()));
        m.put("Bytes_sent", Long.toString(bytesSent.get()));
        m.put("Connections", Long.toString(connections.get()));
        m.put("Queries", Long.toString(questions.get()));
        m.put("Questions", Long.toString(questions.get()));
        m.put("Slow_queries", "0");
        m.put("Threads_connected", Integer.toString(sessions.count()));
        m.put("Threads_running", Integer.toString(sessions.running()));
        m.put("Uptime", Long.toString(uptimeSeconds()));
        m.putAll(commands.snapshot());
        return m;
    }
}
