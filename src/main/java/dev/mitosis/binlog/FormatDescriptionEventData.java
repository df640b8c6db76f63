package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * FORMAT_DESCRIPTION_EVENT (15), binlog-format.md §5. The checksum algorithm byte belongs to the
 * body; the 4 CRC bytes that always follow it are added by {@link EventWriter}.
 */
public final class FormatDescriptionEventData implements EventData {
    public static final int BINLOG_VERSION = 4;
    static final int SERVER_VERSION_LENGTH = 50;
    /** binlog_version + server_version + create_timestamp + header_length. */
    static final int FIXED_LENGTH = 2 + SERVER_VERSION_LENGTH + 4 + 1;

    /** Post-header lengths of types 1..42 as MySQL 8.4 writes them. */
    private static final byte[] MYSQL_84_POST_HEADER_LENGTHS = {
        0x00, 0x0d, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,   // types  1..10 (QUERY 13, ROTATE 8)
        0x04, 0x00, 0x00, 0x00, 0x63, 0x00, 0x04, 0x1a, 0x08, 0x00,   // types 11..20 (FDE 99, TABLE_MAP 8)
        0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a,   // types 21..30 (rows v1 0 in 8.4)
        0x0a, 0x0a, 0x2a, 0x2a, 0x00, 0x12, 0x34, 0x00, 0x0a, 0x28,   // types 31..40 (GTID 42, PAYLOAD 40 quirk)
        0x00, 0x00,                                                   // types 41..42
    };

    private final int binlogVersion;
    private final String serverVersion;
    private final long createTimestamp;
    private final int headerLength;
    private final byte[] postHeaderLengths;
    private final ChecksumAlgorithm checksum;

    public FormatDescriptionEventData(int binlogVersion, String serverVersion, long createTimestamp,
            int headerLength, byte[] postHeaderLengths, ChecksumAlgorithm checksum) {
        if (serverVersion.getBytes(StandardCharsets.US_ASCII).length > SERVER_VERSION_LENGTH) {
            throw new IllegalArgumentException("Server version longer than 50 bytes: " + serverVersion);
        }
        this.binlogVersion = binlogVersion;
        this.serverVersion = serverVersion;
        this.createTimestamp = createTimestamp;
        this.headerLength = headerLength;
        this.postHeaderLengths = postHeaderLengths.clone();
        this.checksum = checksum;
    }

    /**
     * The FDE of a MySQL 8.4 file: 42 post-header lengths, 123 bytes with its CRC. Pass the file's
     * creation time for the first file after server start, 0 for files opened by rotation.
     */
    public static FormatDescriptionEventData mysql84(String serverVersion, long createTimestamp,
            ChecksumAlgorithm checksum) {
        return new FormatDescriptionEventData(BINLOG_VERSION, serverVersion, createTimestamp, EventHeader.LENGTH,
                MYSQL_84_POST_HEADER_LENGTHS, checksum);
    }

    @Override
    public EventType type() {
        return EventType.FORMAT_DESCRIPTION;
    }

    @Override
    public void write(BinlogOutput out) {
        byte[] version = serverVersion.getBytes(StandardCharsets.US_ASCII);
        out.int2(binlogVersion).bytes(version).zeros(SERVER_VERSION_LENGTH - version.length);
        out.int4(createTimestamp).int1(headerLength).bytes(postHeaderLengths).int1(checksum.code());
    }

    /** Reads the body without the trailing CRC (the caller strips it: the FDE always has one). */
    public static FormatDescriptionEventData read(BinlogInput in) {
        int binlogVersion = in.int2();
        byte[] versionBytes = in.bytes(SERVER_VERSION_LENGTH);
        int nul = 0;
        while (nul < versionBytes.length && versionBytes[nul] != 0) {
            nul++;
        }
        String serverVersion = new String(versionBytes, 0, nul, StandardCharsets.US_ASCII);
        long createTimestamp = in.int4();
        int headerLength = in.int1();
        byte[] postHeaderLengths = in.bytes(in.remaining() - 1);
        ChecksumAlgorithm checksum = ChecksumAlgorithm.byCode(in.int1());
        return new FormatDescriptionEventData(binlogVersion, serverVersion, createTimestamp, headerLength,
                postHeaderLengths, checksum);
    }

    public int binlogVersion() {
        return binlogVersion;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public long createTimestamp() {
        return createTimestamp;
    }

    public int headerLength() {
        return headerLength;
    }

    /** Entry i is the post-header length of event type i + 1. */
    public byte[] postHeaderLengths() {
        return postHeaderLengths.clone();
    }

    public ChecksumAlgorithm checksum() {
        return checksum;
    }

    /** The same FDE with another create_timestamp (the dump sender zeroes it in some cases). */
    public FormatDescriptionEventData withCreateTimestamp(long timestamp) {
        return new FormatDescriptionEventData(binlogVersion, serverVersion, timestamp, headerLength,
                postHeaderLengths, checksum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FormatDescriptionEventData other
                && binlogVersion == other.binlogVersion
                && serverVersion.equals(other.serverVersion)
                && createTimestamp == other.createTimestamp
                && headerLength == other.headerLength
                && Arrays.equals(postHeaderLengths, other.postHeaderLengths)
                && checksum == other.checksum;
    }

    @Override
    public int hashCode() {
        return serverVersion.hashCode() * 31 + Arrays.hashCode(postHeaderLengths) + (int) createTimestamp;
    }

    @Override
    public String toString() {
        return "FormatDescription{Server ver: " + serverVersion + ", Binlog ver: " + binlogVersion
                + ", created " + createTimestamp + ", checksum " + checksum + "}";
    }
}
