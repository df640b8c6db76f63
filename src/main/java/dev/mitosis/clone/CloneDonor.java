package dev.mitosis.clone;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/** Serves one COM_CLONE request on a donor connection: a new snapshot, a resumed one, or a range. */
public final class CloneDonor {
    /** Makes a snapshot with its consistency point; the donor's own identity goes in the locator. */
    public interface SnapshotSource {
        CloneProtocol.Locator take(long snapshotId, java.util.function.Consumer<H2Snapshot> snapshotOut)
                throws IOException, MysqlException;
    }

    private final DonorSnapshots snapshots;

    public CloneDonor(DonorSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * Answers the request on the channel (whose sequence continues from the request packet).
     * Errors before streaming go to the caller as MysqlException, to be sent as ERR.
     */
    public void serve(CloneProtocol.Request req, PacketChannel ch, SnapshotSource source, long timeoutSeconds)
            throws IOException, MysqlException {
        if (req.version() != CloneProtocol.VERSION) {
            throw ErrorCode.ER_CLONE_PROTOCOL.exception("unsupported clone protocol version " + req.version());
        }
        if (req.offset() < 0) {
            // The recipient has everything.
            snapshots.finish(req.snapshotId());
            ch.write(new PayloadWriter().int1(0).int1(0).int1(0).int2(0).int2(0));
            ch.flush();
            return;
        }
        DonorSnapshots.Entry entry;
        if (req.snapshotId() == 0) {
            if (snapshots.busy()) throw ErrorCode.ER_CLONE_TOO_MANY.exception();
            H2Snapshot[] taken = new H2Snapshot[1];
            CloneProtocol.Locator locator = source.take(DonorSnapshots.newId(), s -> taken[0] = s);
            entry = snapshots.open(taken[0], locator, timeoutSeconds);
        } else {
            entry = snapshots.join(req.snapshotId());
            if (entry == null) {
                throw ErrorCode.ER_CLONE_DONOR.exception("3863 : the clone snapshot is no longer available on the donor");
            }
        }
        try {
            ch.write(entry.locator.write());
            long end = req.end() == 0 ? entry.snapshot.length() : Math.min(req.end(), entry.snapshot.length());
            // end < 0: the locator only; the recipient then asks for ranges.
            if (req.end() >= 0) {
                // This connection's thread ends with the stream.
                BackgroundPriority.lowerCurrentThread();
                stream(entry.snapshot, snapshots.pacer(), ch, req.offset(), end,
                        Math.max(4096, Math.min(req.chunkSize(), CloneProtocol.MAX_CHUNK)), req.compress());
            }
            ch.write(new PayloadWriter().int1(CloneProtocol.END));
            ch.flush();
        } finally {
            snapshots.leave(entry);
        }
    }

    /**
     * Sends [offset, end) in chunks of {@code chunk} bytes, and each hole as one HOLE packet. Uncompressed, each chunk is read from
     * the snapshot straight into the packet's frame, checksummed there and written as it is: one
     * buffer per stream, no copy between file and socket.
     */
    private static void stream(H2Snapshot snapshot, DonorPacer pacer, PacketChannel ch, long offset, long end, int chunk, boolean compress)
            throws IOException {
        int dataAt = PacketChannel.HEADER + CloneProtocol.DATA_HEADER;
        byte[] frame = new byte[dataAt + chunk];
        ByteBuffer data = ByteBuffer.wrap(frame);
        CRC32C crc = new CRC32C();
        Deflater deflater = compress ? new Deflater(Deflater.BEST_SPEED) : null;
        PayloadWriter w = compress ? new PayloadWriter(chunk + 1024) : null;
        byte[] deflated = compress ? new byte[chunk + (chunk >> 6) + 1024] : null;
        try {
            while (offset < end) {
                long segEnd = Math.min(end, snapshot.segmentEnd(offset));
                if (snapshot.isHole(offset)) {
                    ch.write(new PayloadWriter().int1(CloneProtocol.HOLE).int8(offset).int8(segEnd - offset));
                    offset = segEnd;
                    continue;
                }
                int want = (int) Math.min(chunk, segEnd - offset);
                data.clear().position(dataAt).limit(dataAt + want);
                int n = snapshot.read(offset, data);
                if (n <= 0) throw new IOException("snapshot ended early at " + offset);
                crc.reset();
                crc.update(frame, dataAt, n);
                if (compress) {
                    deflater.reset();
                    deflater.setInput(frame, dataAt, n);
                    deflater.finish();
                    int m = deflater.deflate(deflated);
                    if (!deflater.finished()) throw new IOException("deflate buffer too small");
                    w.reset();
                    w.int1(CloneProtocol.DATA_DEFLATED).int8(offset).int4(crc.getValue()).int4(n).bytes(deflated, 0, m);
                    ch.write(w);
                } else {
                    int p = PacketChannel.HEADER;
                    frame[p++] = CloneProtocol.DATA;
                    for (int i = 0; i < 8; i++) frame[p++] = (byte) (offset >>> (8 * i));
                    long c = crc.getValue();
                    for (int i = 0; i < 4; i++) frame[p++] = (byte) (c >>> (8 * i));
                    ch.writeFramed(frame, CloneProtocol.DATA_HEADER + n);
                }
                offset += n;
                pacer.acquire(n);
            }
        } finally {
            if (deflater != null) deflater.end();
        }
    }
}
