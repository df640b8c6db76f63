package dev.mitosis.gtid;

import java.util.UUID;

/** One global transaction id: the originating server's UUID and its transaction number. */
public record Gtid(UUID sourceId, long gno) {
    public Gtid {
        if (sourceId == null) {
            throw new IllegalArgumentException("GTID source id must not be null");
        }
        if (gno < 1 || gno > GtidInterval.MAX_GNO) {
            throw new IllegalArgumentException("GTID number out of range: " + gno);
        }
    }

    /** Parses {@code uuid:N}; case-insensitive, whitespace allowed around the colon like MySQL. */
    public static Gtid parse(String text) {
        return GtidSetText.parseGtid(text);
    }

    @Override
    public String toString() {
        return sourceId + ":" + gno;
    }
}
