package dev.mitosis.replication;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.binlog.ChecksumAlgorithm;
import dev.mitosis.binlog.EventHeader;
import dev.mitosis.binlog.EventWriter;
import dev.mitosis.binlog.HeartbeatEventData;
import dev.mitosis.binlog.RotateEventData;
import dev.mitosis.gtid.Gtid;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.gtid.Uuids;
import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.ResponsePackets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The source side of replication: one dump thread per replica. It checks an auto-positioned
 * request against the GTIDs this server has and has purged, finds the first binary log file the
 * replica needs, and streams the files' events as they are (only bytes known durable), skipping
 * transactions the replica has, with heartbeats while idle.
 */
public final class BinlogSender {
    private static final int EVENT_TYPE_ROTATE = 4;
    private static final int EVENT_TYPE_STOP = 3;
    private static final int EVENT_TYPE_FDE = 15;
    private static final int EVENT_TYPE_GTID = 33;
    private static final int EVENT_TYPE_PREVIOUS_GTIDS = 35;

    /** What the dump thread needs from its server and session. */
    public interface Source {
        BinaryLog binlog();
        long serverId();
        String serverUuid();
        GtidSet executed();
        GtidSet purged();
        /** The checksum the replica announced (@source_binlog_checksum / @master_binlog_checksum): null if none. */
        String replicaChecksum();
        /** @source_heartbeat_period / @master_heartbeat_period in nanoseconds, 0 if unset. */
        long heartbeatPeriodNanos();

        /** The dump was accepted and starts reading in this file. */
        default void attached(String file) {}
    }

    private final Source source;
    private final PacketChannel ch;
    private final BooleanSupplier stopped;
    private final PayloadWriter w = new PayloadWriter(64 * 1024);
    private volatile String file = "";
    private volatile long position;

    public BinlogSender(Source source, PacketChannel ch, BooleanSupplier stopped) {
        this.source = source;
        this.ch = ch;
        this.stopped = stopped;
    }

    public String file() { return file; }
    public long position() { return position; }

    /**
     * Streams until the replica goes away, the instance stops, or (non-blocking) the end of the
     * log. Refusals are sent as ERR 1236 with the reason as text, as MySQL sends them.
     */
    public void run(DumpRequest req) throws IOException {
        try {
            stream(req);
        } catch (MysqlException e) {
            ch.write(ResponsePackets.err(new PayloadWriter(), e.code(), e.sqlState(), e.getMessage()));
            ch.flush();
        }
    }

    private static MysqlException fatal(String reason) {
        return new MysqlException(ErrorCode.ER_SOURCE_FATAL_ERROR_READING_BINLOG, reason);
    }

    private void stream(DumpRequest req) throws IOException, MysqlException {
        BinaryLog binlog = source.binlog();
        if (binlog == null || !binlog.enabled()) throw fatal("Binary log is not open");
        String checksum = source.replicaChecksum();
        if (checksum == null) {
            throw fatal("Replica can not handle replication events with the checksum that source is configured to log;"
                    + " the first event '' at 4, the last event read from '' at 4, the last byte read from '' at 4.");
        }
        boolean replicaCrc = checksum.equalsIgnoreCase("CRC32");
        List<String> files = fileNames(binlog);
        int index;
        long startPos;
        GtidSet skip = GtidSet.EMPTY;
        if (req.gtid()) {
            GtidSet have = req.gtids();
            GtidSet missingPurged = source.purged().subtract(have);
            if (!missingPurged.isEmpty()) {
                throw fatal("Cannot replicate because the source purged required binary logs. Replicate the missing"
                        + " transactions from elsewhere, or provision a new replica from backup. Consider increasing"
                        + " the source's binary log expiration period. The GTID set sent by the replica is '"
                        + have.toCompactString() + "', and the missing transactions are '"
                        + missingPurged.toCompactString() + "'");
            }
            java.util.UUID self = java.util.UUID.fromString(source.serverUuid());
            if (!have.onlySource(self).subtract(source.executed()).isEmpty()) {
                throw fatal("Replica has more GTIDs than the source has, using the source's SERVER_UUID. This may"
                        + " indicate that the the last binary log file was truncated or lost, e.g., after a power or"
                        + " disk failure when sync_binlog != 1. The source may have rolled back transactions that"
                        + " were already replicated to the replica. Suggest to replicate any transactions that source"
                        + " has rolled back from replica to source, and/or commit empty transactions on source to"
                        + " account for transactions that have been committed on source but are not included in"
                        + " GTID_EXECUTED.");
            }
            index = 0;
            for (int i = files.size() - 1; i >= 0; i--) {
                if (have.containsAll(previousGtids(binlog.directory().resolve(files.get(i))))) {
                    index = i;
                    break;
                }
            }
            startPos = 4;
            skip = have;
        } else {
            if (req.position() < 4) throw fatal("Client requested source to start replication from position < 4.");
            if (req.file().isEmpty()) {
                index = 0;
            } else {
                index = files.indexOf(req.file());
                if (index < 0) throw fatal("Could not find first log file name in binary log index file");
            }
            startPos = req.position();
            long size = Files.size(binlog.directory().resolve(files.get(index)));
            if (startPos > size) throw fatal("Client requested source to start replication from position > file size");
        }
        if (files.isEmpty()) throw fatal("Binary log is not open");
        file = files.get(index);
        source.attached(file);
        // A fake ROTATE names the file the stream starts in.
        send(EventWriter.encodeWithLogPos(0, 0, source.serverId(), EventHeader.FLAG_ARTIFICIAL,
                new RotateEventData(startPos, file), replicaCrc ? ChecksumAlgorithm.CRC32 : ChecksumAlgorithm.NONE));
        long pos = startPos;
        boolean first = true;
        while (!stopped.getAsBoolean()) {
            Path path = binlog.directory().resolve(file);
            boolean nextFile = sendFile(binlog, path, first ? pos : 4, first && pos > 4, skip, req);
            first = false;
            if (!nextFile) return;
            List<String> now = fileNames(binlog);
            int at = now.indexOf(file);
            if (at < 0 || at + 1 >= now.size()) {
                // The file we were in was purged or the log was reset under us.
                throw fatal("Could not find first log file name in binary log index file");
            }
            file = now.get(at + 1);
        }
    }

    private static List<String> fileNames(BinaryLog binlog) throws IOException {
        return binlog.files().stream().map(BinaryLog.FileInfo::name).toList();
    }

    /**
     * Sends one file's events from {@code start}. Returns true to continue with the next file,
     * false when the stream is over (non-blocking end, or stopped).
     */
    private boolean sendFile(BinaryLog binlog, Path path, long start, boolean fdeWithZeroPos, GtidSet skip,
                             DumpRequest req) throws IOException, MysqlException {
        try (FileChannel fc = FileChannel.open(path, StandardOpenOption.READ)) {
            // The format description first: a replica needs it to read anything.
            byte[] fde = readEvent(fc, 4);
            fde[17] &= ~EventHeader.FLAG_BINLOG_IN_USE;
            if (fdeWithZeroPos) {
                // Mid-file start: the FDE is re-sent with log_pos 0, and so needs a new checksum.
                putInt4(fde, 13, 0);
                putInt4(fde, fde.length - 4, EventWriter.crc(fde, 0, fde.length - 4));
            }
            send(fde);
            long pos = start == 4 ? 4 + fde.length : start;
            boolean skipping = false;
            long heartbeatNanos = source.heartbeatPeriodNanos();
            long lastSent = System.nanoTime();
            while (!stopped.getAsBoolean()) {
                BinaryLog.DurableEnd end = binlog.durableEnd();
                boolean active = end.file().equals(file);
                long limit = active ? end.position() : fc.size();
                if (pos >= limit) {
                    if (!active) return true; // a file that ended without ROTATE (crash): go on
                    flush();
                    if (req.nonBlocking()) {
                        ch.write(ResponsePackets.eof(new PayloadWriter(), 0, 0));
                        ch.flush();
                        return false;
                    }
                    long waitMillis = heartbeatNanos > 0 ? Math.max(1, heartbeatNanos / 1_000_000) : 1000;
                    try {
                        binlog.awaitDurable(file, pos, Math.min(waitMillis, 1000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    if (heartbeatNanos > 0 && System.nanoTime() - lastSent >= heartbeatNanos) {
                        send(EventWriter.encodeWithLogPos(pos, 0, source.serverId(), 0, new HeartbeatEventData(file),
                                ChecksumAlgorithm.CRC32));
                        flush();
                        lastSent = System.nanoTime();
                    }
                    continue;
                }
                byte[] event = readEvent(fc, pos);
                pos += event.length;
                position = pos;
                int type = event[4] & 0xFF;
                if (type == EVENT_TYPE_GTID) {
                    Gtid g = new Gtid(Uuids.read(event, 19 + 1), readLong(event, 19 + 17));
                    skipping = skip.contains(g);
                }
                if (type == EVENT_TYPE_ROTATE || type == EVENT_TYPE_STOP) {
                    send(event);
                    if (type == EVENT_TYPE_STOP) {
                        // The server restarted: name the next file, as MySQL's dump thread does.
                        List<String> now = fileNames(binlog);
                        int at = now.indexOf(file);
                        if (at >= 0 && at + 1 < now.size()) {
                            send(EventWriter.encodeWithLogPos(0, 0, source.serverId(), EventHeader.FLAG_ARTIFICIAL,
                                    new RotateEventData(4, now.get(at + 1)), ChecksumAlgorithm.CRC32));
                        }
                    }
                    flush();
                    return true;
                }
                if (type == EVENT_TYPE_FDE || type == EVENT_TYPE_PREVIOUS_GTIDS && req.gtid()) {
                    if (type == EVENT_TYPE_PREVIOUS_GTIDS) send(event);
                    continue;
                }
                if (!skipping) {
                    send(event);
                    lastSent = System.nanoTime();
                }
            }
            return false;
        }
    }

    private void send(byte[] event) throws IOException {
        w.reset().int1(0).bytes(event);
        ch.write(w);
    }

    private void flush() throws IOException {
        ch.flush();
    }

    /** One whole event at {@code pos}, by its header's length. */
    private static byte[] readEvent(FileChannel fc, long pos) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(EventHeader.LENGTH);
        readFully(fc, header, pos);
        byte[] h = header.array();
        long length = (h[9] & 0xFFL) | (h[10] & 0xFFL) << 8 | (h[11] & 0xFFL) << 16 | (h[12] & 0xFFL) << 24;
        if (length < EventHeader.LENGTH || length > 1L << 30) throw new IOException("bad event length " + length + " at " + pos);
        byte[] event = new byte[(int) length];
        System.arraycopy(h, 0, event, 0, EventHeader.LENGTH);
        ByteBuffer rest = ByteBuffer.wrap(event, EventHeader.LENGTH, event.length - EventHeader.LENGTH);
        readFully(fc, rest, pos + EventHeader.LENGTH);
        return event;
    }

    private static void readFully(FileChannel fc, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = fc.read(b, pos);
            if (n < 0) throw new IOException("binary log ends inside an event at " + pos);
            pos += n;
        }
    }

    /** The PREVIOUS_GTIDS set at the start of a file. */
    static GtidSet previousGtids(Path file) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] fde = readEvent(fc, 4);
            byte[] prev = readEvent(fc, 4 + fde.length);
            if ((prev[4] & 0xFF) != EVENT_TYPE_PREVIOUS_GTIDS) return GtidSet.EMPTY;
            return GtidSet.fromBinary(prev, EventHeader.LENGTH, prev.length - EventHeader.LENGTH - 4);
        }
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[off + i] & 0xFFL);
        return v;
    }

    private static void putInt4(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
