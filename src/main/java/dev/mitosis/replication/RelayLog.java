package dev.mitosis.replication;

import dev.mitosis.binlog.EventWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The relay log of a channel: the events received from the source, as received. A receiver
 * start discards the old relay logs and fetches again from the applier's position
 * (relay_log_recovery), so durability does not need them forced; they are forced every
 * {@code sync_relay_log} events all the same, as MySQL does, so the kernel writes them back a
 * little at a time instead of in one burst that stalls the binary log's fsyncs.
 */
final class RelayLog implements AutoCloseable {
    private final Path dir;
    private final String base;
    private FileChannel file;
    private String name;
    private long position;
    private long total;
    private int number;
    private final java.util.function.LongSupplier syncEvery;
    private long unsyncedEvents;

    /** {@code syncEvery}: sync_relay_log, events between forces (0: the kernel decides). */
    RelayLog(Path dir, String hostname, String channel, java.util.function.LongSupplier syncEvery) {
        this.dir = dir;
        this.base = hostname + "-relay-bin" + (channel.isEmpty() ? "" : "-" + channel);
        this.syncEvery = syncEvery;
    }

    /** Removes this channel's relay logs and starts a new one. */
    synchronized void restart() throws IOException {
        close();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(base + ".")) Files.deleteIfExists(p);
            }
        }
        number = 1;
        total = 0;
        open();
    }

    private void open() throws IOException {
        name = String.format("%s.%06d", base, number);
        file = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        file.write(ByteBuffer.wrap(EventWriter.magic()));
        position = 4;
        total += 4;
        Files.writeString(dir.resolve(base + ".index"), "./" + name + "\n");
    }

    synchronized void append(byte[] event, int off, int len) throws IOException {
        if (file == null) return;
        ByteBuffer b = ByteBuffer.wrap(event, off, len);
        while (b.hasRemaining()) file.write(b);
        position += len;
        total += len;
        long every = syncEvery.getAsLong();
        if (every > 0 && ++unsyncedEvents >= every) {
            file.force(false);
            unsyncedEvents = 0;
        }
        if (position > 256L << 20) {
            // Rotate: the applier works from memory, so an old file is only history.
            close();
            Files.deleteIfExists(dir.resolve(name));
            number++;
            open();
        }
    }

    synchronized String name() { return name == null ? "" : name; }
    synchronized long position() { return position; }
    synchronized long space() { return total; }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing to keep
            }
            file = null;
        }
    }
}
