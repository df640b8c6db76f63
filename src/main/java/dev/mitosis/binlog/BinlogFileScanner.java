package dev.mitosis.binlog;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the events of one binlog file in order without loading it whole. A torn or corrupt
 * tail (crash mid-write) ends the scan: {@link #next()} returns null and {@link #damaged()} says
 * whether bytes were left over.
 */
public final class BinlogFileScanner implements AutoCloseable {
    private final InputStream in;
    private final BinlogEventReader reader = new BinlogEventReader(ChecksumAlgorithm.NONE);
    private final long size;
    private long position;
    private boolean damaged;

    public BinlogFileScanner(Path file) throws IOException {
        this.size = Files.size(file);
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        byte[] magic = in.readNBytes(4);
        if (!Arrays.equals(magic, EventWriter.magic())) throw new IOException("Not a binlog file: " + file);
        position = 4;
    }

    /** Start of the next event. */
    public long position() {
        return position;
    }

    public boolean damaged() {
        return damaged;
    }

    /** The next event, or null at the end (or at a damaged tail). */
    public BinlogEvent next() throws IOException {
        if (position >= size) return null;
        byte[] head = in.readNBytes(EventHeader.LENGTH);
        if (head.length < EventHeader.LENGTH) {
            damaged = true;
            return null;
        }
        long length = EventHeader.read(new BinlogInput(head, 0, EventHeader.LENGTH)).eventLength();
        if (length < EventHeader.LENGTH || length > size - position || length > Integer.MAX_VALUE) {
            damaged = true;
            return null;
        }
        byte[] event = Arrays.copyOf(head, (int) length);
        int rest = (int) length - EventHeader.LENGTH;
        int got = in.readNBytes(event, EventHeader.LENGTH, rest);
        if (got < rest) {
            damaged = true;
            return null;
        }
        try {
            BinlogEvent e = reader.read(event, 0);
            position += length;
            return e;
        } catch (BinlogFormatException | IllegalArgumentException | IllegalStateException e) {
            damaged = true;
            return null;
        }
    }

    /** Skips to {@code target}, which must be an event start at or after the current position. */
    public void skipTo(long target) throws IOException {
        while (position < target) {
            BinlogEvent e = next();
            if (e == null) throw new EOFException("No event at position " + target);
        }
        if (position != target) throw new IOException("Position " + target + " is not an event start");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
