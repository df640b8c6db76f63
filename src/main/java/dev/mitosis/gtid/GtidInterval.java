package dev.mitosis.gtid;

/** An inclusive range {@code first..last} of transaction numbers of one source. */
public record GtidInterval(long first, long last) {
    /** Largest usable GNO: binary GTID sets store {@code last + 1}, which must fit a signed 64-bit value. */
    public static final long MAX_GNO = Long.MAX_VALUE - 1;

    public GtidInterval {
        if (first < 1 || last < first || last > MAX_GNO) {
            throw new IllegalArgumentException("Invalid GTID interval " + first + "-" + last);
        }
    }

    public long count() {
        return last - first + 1;
    }

    /** MySQL's text: {@code n} or {@code first-last}. */
    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + "-" + last;
    }
}
