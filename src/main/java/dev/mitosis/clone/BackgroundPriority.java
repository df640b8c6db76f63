package dev.mitosis.clone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clone's streams run at a lower CPU priority (Linux nice) than the server's sessions, so a
 * donor under load keeps serving its clients while it copies: the copy takes the CPU the clients
 * leave. Per thread (a stream's thread ends with its stream), best effort: where the thread id
 * or {@code renice} is not available the stream keeps the normal priority.
 * {@code -Dmitosis.clone.nice=N} sets the niceness (0 = off).
 */
final class BackgroundPriority {
    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int NICE = Integer.getInteger("mitosis.clone.nice", 10);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {}

    /** Daemon threads named {@code name} that run at the lowered priority (a pool's for one clone). */
    static java.util.concurrent.ThreadFactory threads(String name) {
        return r -> {
            Thread t = new Thread(() -> {
                lowerCurrentThread();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Lowers the calling thread's priority; only for threads that end with the clone. */
    static void lowerCurrentThread() {
        if (NICE <= 0 || !Files.exists(THREAD_SELF)) return;
        try {
            String self = Files.readSymbolicLink(THREAD_SELF).toString(); // <pid>/task/<tid>
            String tid = self.substring(self.lastIndexOf('/') + 1);
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroy();
        } catch (IOException | RuntimeException e) {
            log.debug("clone stream keeps its priority: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
