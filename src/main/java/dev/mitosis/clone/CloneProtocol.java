package dev.mitosis.clone;

import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;

/**
 * Mitosis's clone wire protocol, spoken on an authenticated client connection to the donor
 * after the command byte COM_CLONE (0x20). MySQL's own clone protocol moves InnoDB pages, so
 * only Mitosis instances clone from each other (reference/clone.md section 16).
 *
 * <pre>
 * recipient: COM_CLONE request (version, snapshot id or 0, byte range, chunk size, compression,
 *            clone_ddl_timeout, clone_block_ddl)
 * donor:     ERR, or LOCATOR (snapshot id, donor identity, length, GTID set, binlog position)
 * donor:     DATA* (offset, CRC32C, bytes) and HOLE* (offset, length), then END
 * </pre>
 *
 * A HOLE is a range of the donor's file the snapshot does not need (dead H2 chunks, free
 * space): the recipient leaves it unwritten, so it reads as zeros.
 *
 * A request naming an existing snapshot id resumes it (after a network cut) or adds a stream
 * for another byte range (parallel transfer).
 */
public final class CloneProtocol {
    public static final int COM_CLONE = 0x20;
    /** 2: CRC32C chunks, the recipient's DDL settings in the request. 3: holes, the data size in the locator. */
    public static final int VERSION = 3;
    public static final int LOCATOR = 0x01;
    public static final int DATA = 0x02;
    public static final int END = 0x03;
    public static final int DATA_DEFLATED = 0x04;
    public static final int HOLE = 0x05;
    /** Bytes before a DATA packet's data: type, offset, checksum. */
    public static final int DATA_HEADER = 1 + 8 + 4;
    /**
     * The largest chunk: one packet (a MySQL packet of 16 MiB or more is split, which would cost
     * a copy on both sides).
     */
    public static final int MAX_CHUNK = (PacketChannel.MAX_CHUNK - 1 - DATA_HEADER) & ~4095;

    private CloneProtocol() {}

    /**
     * What the recipient asks for. {@code end} 0 means to the end of the snapshot. A new snapshot
     * waits at most {@code ddlTimeoutSeconds} for DDL running on the donor (clone_ddl_timeout),
     * and with {@code blockDdl} (clone_block_ddl) keeps DDL out until the clone ends.
     */
    public record Request(int version, String recipientVersion, long snapshotId, long offset, long end, int chunkSize,
                          boolean compress, long ddlTimeoutSeconds, boolean blockDdl) {
        public byte[] write() {
            return new PayloadWriter().int1(COM_CLONE).int1(version).lenencString(recipientVersion).int8(snapshotId)
                    .int8(offset).int8(end).int4(chunkSize).int1(compress ? 1 : 0).int4(ddlTimeoutSeconds)
                    .int1(blockDdl ? 1 : 0).toByteArray();
        }

        /** Reads the request after the command byte (a version 1 request has no DDL settings). */
        public static Request read(PayloadReader r) {
            int version = r.readInt1();
            String recipient = r.readLenencString();
            long id = r.readInt8();
            long offset = r.readInt8();
            long end = r.readInt8();
            int chunk = (int) r.readInt4();
            boolean compress = r.readInt1() != 0;
            long ddlTimeout = r.hasRemaining() ? r.readInt4() : 300;
            boolean blockDdl = r.hasRemaining() && r.readInt1() != 0;
            return new Request(version, recipient, id, offset, end, chunk, compress, ddlTimeout, blockDdl);
        }
    }

    /**
     * The snapshot's identity and consistency point: the donor's GTID set and binary log position
     * captured while commits were held, with the copied bytes. {@code length} is the file's size,
     * {@code dataBytes} what the transfer moves (the length less the holes).
     */
    public record Locator(long snapshotId, String donorVersion, String versionCompileOs, String versionCompileMachine,
                          String characterSetServer, String collationServer, long length, String fileName,
                          String gtidExecuted, String binlogFile, long binlogPosition, long donorTimeoutSeconds,
                          long dataBytes) {
        public byte[] write() {
            return new PayloadWriter().int1(LOCATOR).int8(snapshotId).lenencString(donorVersion)
                    .lenencString(versionCompileOs).lenencString(versionCompileMachine).lenencString(characterSetServer)
                    .lenencString(collationServer).int8(length).lenencString(fileName).lenencString(gtidExecuted)
                    .lenencString(binlogFile).int8(binlogPosition).int8(donorTimeoutSeconds).int8(dataBytes).toByteArray();
        }

        public static Locator read(PayloadReader r) {
            long id = r.readInt8();
            String version = r.readLenencString();
            String os = r.readLenencString();
            String machine = r.readLenencString();
            String cs = r.readLenencString();
            String collation = r.readLenencString();
            long length = r.readInt8();
            String file = r.readLenencString();
            String gtids = r.readLenencString();
            String binlog = r.readLenencString();
            long position = r.readInt8();
            long timeout = r.readInt8();
            long data = r.hasRemaining() ? r.readInt8() : length;
            return new Locator(id, version, os, machine, cs, collation, length, file, gtids, binlog, position, timeout, data);
        }
    }
}
