package dev.mitosis.gtid;

import java.util.Arrays;

/**
 * Set algebra on interval arrays {@code [first0, last0, first1, last1, ...]} (inclusive bounds).
 * Inputs and outputs are normalised: sorted, non-overlapping and non-adjacent. Arrays are never
 * mutated after being returned, which keeps {@link GtidSet} immutable without copying.
 */
final class IntervalArrays {
    static final long[] EMPTY = new long[0];

    private IntervalArrays() {}

    /** Sorts and merges arbitrary (valid) intervals; adjacent ones merge like MySQL's 1-3:4-5 = 1-5. */
    static long[] normalize(long[] pairs) {
        int n = pairs.length / 2;
        if (n == 0) {
            return EMPTY;
        }
        long[][] intervals = new long[n][];
        for (int i = 0; i < n; i++) {
            intervals[i] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        Arrays.sort(intervals, (a, b) -> Long.compare(a[0], b[0]));
        Builder out = new Builder(pairs.length);
        for (long[] interval : intervals) {
            out.append(interval[0], interval[1]);
        }
        return out.toArray();
    }

    static long[] union(long[] a, long[] b) {
        Builder out = new Builder(a.length + b.length);
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                out.append(a[i], a[i + 1]);
                i += 2;
            } else {
                out.append(b[j], b[j + 1]);
                j += 2;
            }
        }
        return out.toArray();
    }

    static long[] subtract(long[] a, long[] b) {
        Builder out = new Builder(a.length + b.length);
        int j = 0;
        for (int i = 0; i < a.length; i += 2) {
            long first = a[i];
            long last = a[i + 1];
            while (j < b.length && b[j + 1] < first) {
                j += 2;
            }
            // Cut every interval of b that overlaps [first, last] out of it; b's next interval may
            // still overlap a's next interval, so j only advances past intervals that end here.
            int k = j;
            while (first <= last && k < b.length && b[k] <= last) {
                if (b[k] > first) {
                    out.append(first, b[k] - 1);
                }
                first = Math.max(first, b[k + 1] + 1);
                k += 2;
            }
            if (first <= last) {
                out.append(first, last);
            }
        }
        return out.toArray();
    }

    static long[] intersect(long[] a, long[] b) {
        Builder out = new Builder(Math.min(a.length, b.length) * 2);
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long first = Math.max(a[i], b[j]);
            long last = Math.min(a[i + 1], b[j + 1]);
            if (first <= last) {
                out.append(first, last);
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return out.toArray();
    }

    static boolean contains(long[] a, long gno) {
        int low = 0;
        int high = a.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (a[2 * mid + 1] < gno) {
                low = mid + 1;
            } else if (a[2 * mid] > gno) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Smallest GNO >= 1 not in {@code a}; with normalised intervals that is 1 or the end of the first one. */
    static long firstFree(long[] a) {
        if (a.length == 0 || a[0] > 1) {
            return 1;
        }
        return a[1] + 1;
    }

    static long count(long[] a) {
        long total = 0;
        for (int i = 0; i < a.length; i += 2) {
            total += a[i + 1] - a[i] + 1;
        }
        return total;
    }

    /** Appends intervals in ascending start order, merging overlapping and adjacent ones. */
    static final class Builder {
        private long[] data;
        private int size;

        Builder(int capacity) {
            data = new long[Math.max(capacity, 2)];
        }

        void append(long first, long last) {
            if (size > 0 && first <= data[size - 1] + 1) {
                data[size - 1] = Math.max(data[size - 1], last);
                return;
            }
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = first;
            data[size++] = last;
        }

        long[] toArray() {
            return size == 0 ? EMPTY : Arrays.copyOf(data, size);
        }
    }
}
