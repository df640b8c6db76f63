package dev.mitosis.clone;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Serves one COM_CLONE request on a donor connection: a new snapshot, a resumed one, or a range. */
public final class CloneDonor {
    /** Makes a snapshot with its consistency point; the donor's own identity goes in the locator. */
    public interface SnapshotSource {
        CloneProtocol.Locator take(long snapshotId, java.util.function.Consumer<H2Snapshot> snapshotOut)
                throws IOException, MysqlException;
    }

    private static final int MAX_CHUNK = 1 << 20;
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
            if (req.end() >= 0) stream(entry.snapshot, ch, req.offset(), end, Math.max(4096, Math.min(req.chunkSize(), MAX_CHUNK)),
                    req.compress());
            ch.write(new PayloadWriter().int1(CloneProtocol.END));
            ch.flush();
        } finally {
            snapshots.leave(entry);
        }
    }

    private static void stream(H2Snapshot snapshot, PacketChannel ch, long offset, long end, int chunk, boolean compress)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        PayloadWriter w = new PayloadWriter(chunk + 32);
        CRC32 crc = new CRC32();
        Deflater deflater = compress ? new Deflater(Deflater.BEST_SPEED) : null;
        byte[] deflated = compress ? new byte[chunk + 1024] : null;
        try {
            while (offset < end) {
                buf.clear();
                buf.limit((int) Math.min(chunk, end - offset));
                int n = snapshot.read(offset, buf);
                if (n <= 0) throw new IOException("snapshot ended early at " + offset);
                crc.reset();
                crc.update(buf.array(), 0, n);
                w.reset();
                if (compress) {
                    deflater.reset();
                    deflater.setInput(buf.array(), 0, n);
                    deflater.finish();
                    int m = deflater.deflate(deflated);
                    w.int1(CloneProtocol.DATA_DEFLATED).int8(offset).int4(crc.getValue()).int4(n).bytes(deflated, 0, m);
                } else {
                    w.int1(CloneProtocol.DATA).int8(offset).int4(crc.getValue()).bytes(buf.array(), 0, n);
                }
                ch.write(w);
                offset += n;
            }
        } finally {
            if (deflater != null) deflater.end();
        }
    }
}
