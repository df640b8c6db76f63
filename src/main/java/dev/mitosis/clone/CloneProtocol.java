package dev.mitosis.clone;

import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;

/**
 * Mitosis's clone wire protocol, spoken on an authenticated client connection to the donor
 * after the command byte COM_CLONE (0x20). MySQL's own clone protocol moves InnoDB pages, so
 * only Mitosis instances clone from each other (reference/clone.md section 16).
 *
 * <pre>
 * recipient: COM_CLONE request (version, snapshot id or 0, byte range, chunk size, compression)
 * donor:     ERR, or LOCATOR (snapshot id, donor identity, length, GTID set, binlog position)
 * donor:     DATA* (offset, CRC32, bytes), then END
 * </pre>
 *
 * A request naming an existing snapshot id resumes it (after a network cut) or adds a stream
 * for another byte range (parallel transfer).
 */
public final class CloneProtocol {
    public static final int COM_CLONE = 0x20;
    public static final int VERSION = 1;
    public static final int LOCATOR = 0x01;
    public static final int DATA = 0x02;
    public static final int END = 0x03;
    public static final int DATA_DEFLATED = 0x04;

    private CloneProtocol() {}

    /** What the recipient asks for. {@code end} 0 means to the end of the snapshot. */
    public record Request(int version, String recipientVersion, long snapshotId, long offset, long end, int chunkSize,
                          boolean compress) {
        public byte[] write() {
            return new PayloadWriter().int1(COM_CLONE).int1(version).lenencString(recipientVersion).int8(snapshotId)
                    .int8(offset).int8(end).int4(chunkSize).int1(compress ? 1 : 0).toByteArray();
        }

        /** Reads the request after the command byte. */
        public static Request read(PayloadReader r) {
            return new Request(r.readInt1(), r.readLenencString(), r.readInt8(), r.readInt8(), r.readInt8(),
                    (int) r.readInt4(), r.readInt1() != 0);
        }
    }

    /**
     * The snapshot's identity and consistency point: the donor's GTID set and binary log position
     * captured while commits were held, with the copied bytes.
     */
    public record Locator(long snapshotId, String donorVersion, String versionCompileOs, String versionCompileMachine,
                          String characterSetServer, String collationServer, long length, String fileName,
                          String gtidExecuted, String binlogFile, long binlogPosition, long donorTimeoutSeconds) {
        public byte[] write() {
            return new PayloadWriter().int1(LOCATOR).int8(snapshotId).lenencString(donorVersion)
                    .lenencString(versionCompileOs).lenencString(versionCompileMachine).lenencString(characterSetServer)
                    .lenencString(collationServer).int8(length).lenencString(fileName).lenencString(gtidExecuted)
                    .lenencString(binlogFile).int8(binlogPosition).int8(donorTimeoutSeconds).toByteArray();
        }

        public static Locator read(PayloadReader r) {
            return new Locator(r.readInt8(), r.readLenencString(), r.readLenencString(), r.readLenencString(),
                    r.readLenencString(), r.readLenencString(), r.readInt8(), r.readLenencString(), r.readLenencString(),
                    r.readLenencString(), r.readInt8(), r.readInt8());
        }
    }
}
