package dev.mitosis.gtid;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Binary GTID set of binlog-format.md §11.3, all integers little-endian:
 * {@code n_sids:8, then per source: uuid:16, n_intervals:8, then per interval start:8, end:8}
 * where end is exclusive (last + 1).
 */
final class GtidSetBinary {
    private GtidSetBinary() {}

    static byte[] encode(GtidSet set) {
        byte[] buf = new byte[set.binarySize()];
        int pos = putLong(buf, 0, set.sourceIds().size());
        for (UUID source : set.sourceIds()) {
            Uuids.write(source, buf, pos);
            pos += Uuids.BINARY_LENGTH;
            long[] intervals = set.rawIntervals(source);
            pos = putLong(buf, pos, intervals.length / 2);
            for (int i = 0; i < intervals.length; i += 2) {
                pos = putLong(buf, pos, intervals[i]);
                pos = putLong(buf, pos, intervals[i + 1] + 1);
            }
        }
        return buf;
    }

    /** Accepts sources and intervals in any order (normalising them); rejects truncated or trailing bytes. */
    static GtidSet decode(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("GTID set range " + off + "+" + len + " outside buffer of " + buf.length);
        }
        Reader in = new Reader(buf, off, off + len);
        long sourceCount = in.count(Uuids.BINARY_LENGTH + 8, "source");
        NavigableMap<UUID, long[]> result = new TreeMap<>(Uuids.ORDER);
        for (long s = 0; s < sourceCount; s++) {
            UUID source = in.uuid();
            long intervalCount = in.count(16, "interval");
            long[] pairs = new long[(int) intervalCount * 2];
            for (int i = 0; i < pairs.length; i += 2) {
                long start = in.long8();
                long endExclusive = in.long8();
                // Validates 1 <= start <= last <= MAX_GNO.
                GtidInterval interval = new GtidInterval(start, endExclusive - 1);
                pairs[i] = interval.first();
                pairs[i + 1] = interval.last();
            }
            long[] merged = IntervalArrays.normalize(pairs);
            if (merged.length > 0) {
                result.merge(source, merged, IntervalArrays::union);
            }
        }
        if (in.pos != in.end) {
            throw new IllegalArgumentException("Binary GTID set has " + (in.end - in.pos) + " trailing bytes");
        }
        return result.isEmpty() ? GtidSet.EMPTY : new GtidSet(result);
    }

    private static int putLong(byte[] buf, int pos, long value) {
        for (int i = 0; i < 8; i++) {
            buf[pos + i] = (byte) (value >>> (8 * i));
        }
        return pos + 8;
    }

    private static final class Reader {
        final byte[] buf;
        final int end;
        int pos;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        long long8() {
            need(8);
            long value = 0;
            for (int i = 7; i >= 0; i--) {
                value = (value << 8) | (buf[pos + i] & 0xFF);
            }
            pos += 8;
            return value;
        }

        /** A count whose items of {@code itemSize} bytes must fit in what is left (guards huge allocations). */
        long count(int itemSize, String item) {
            long count = long8();
            if (count < 0 || count > (end - pos) / itemSize) {
                throw new IllegalArgumentException("Binary GTID set truncated: it claims " + Long.toUnsignedString(count) + " "
                        + item + "s but only " + (end - pos) + " bytes remain");
            }
            return count;
        }

        UUID uuid() {
            need(Uuids.BINARY_LENGTH);
            UUID uuid = Uuids.read(buf, pos);
            pos += Uuids.BINARY_LENGTH;
            return uuid;
        }

        private void need(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("Binary GTID set truncated at byte " + pos);
            }
        }
    }
}
