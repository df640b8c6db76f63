package dev.mitosis.binlog;

/** The per-file checksum algorithm declared by the FDE's trailing byte (binlog-format.md §3). */
public enum ChecksumAlgorithm {
    NONE(0, 0),
    CRC32(1, 4),
    /** Pre-5.6 or not yet negotiated. */
    UNDEFINED(255, 0);

    private final int code;
    private final int trailerLength;

    ChecksumAlgorithm(int code, int trailerLength) {
        this.code = code;
        this.trailerLength = trailerLength;
    }

    public int code() {
        return code;
    }

    /** Bytes appended to each event (other than the FDE, which always carries 4). */
    public int trailerLength() {
        return trailerLength;
    }

    public static ChecksumAlgorithm byCode(int code) {
        for (ChecksumAlgorithm alg : values()) {
            if (alg.code == code) {
                return alg;
            }
        }
        throw new BinlogFormatException("Unknown binlog checksum algorithm " + code);
    }
}
