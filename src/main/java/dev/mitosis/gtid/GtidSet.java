package dev.mitosis.gtid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An immutable set of GTIDs, kept normalised the way MySQL prints it: sources in byte order of
 * their UUID, intervals sorted and merged (also when merely adjacent), no source without intervals.
 * Every operation returns a new set.
 */
public final class GtidSet {
    public static final GtidSet EMPTY = new GtidSet(new TreeMap<>(Uuids.ORDER));

    /** Separator MySQL puts between sources in @@gtid_executed, SHOW REPLICA STATUS and GTID_SUBTRACT. */
    public static final String MYSQL_SEPARATOR = ",\n";

    // Values are normalised IntervalArrays, never mutated once stored.
    private final NavigableMap<UUID, long[]> intervalsBySource;

    GtidSet(NavigableMap<UUID, long[]> intervalsBySource) {
        this.intervalsBySource = Collections.unmodifiableNavigableMap(intervalsBySource);
    }

    /** Parses MySQL's text form; '' (or only whitespace) is the empty set. */
    public static GtidSet parse(String text) {
        return GtidSetText.parse(text);
    }

    public static GtidSet of(Gtid gtid) {
        return EMPTY.add(gtid);
    }

    /** The set holding {@code first..last} of one source. */
    public static GtidSet of(UUID sourceId, long first, long last) {
        GtidInterval interval = new GtidInterval(first, last);
        return withSource(EMPTY, sourceId, new long[] {interval.first(), interval.last()});
    }

    /** Decodes the binary form of binlog-format.md §11.3 (PREVIOUS_GTIDS body, COM_BINLOG_DUMP_GTID). */
    public static GtidSet fromBinary(byte[] buf, int off, int len) {
        return GtidSetBinary.decode(buf, off, len);
    }

    public byte[] toBinary() {
        return GtidSetBinary.encode(this);
    }

    /** Bytes {@link #toBinary()} produces: 8 + Σ(16 + 8 + 16 per interval). */
    public int binarySize() {
        int size = 8;
        for (long[] intervals : intervalsBySource.values()) {
            size += 16 + 8 + 8 * intervals.length;
        }
        return size;
    }

    public boolean isEmpty() {
        return intervalsBySource.isEmpty();
    }

    /** Number of GTIDs; saturates at {@link Long#MAX_VALUE}. */
    public long count() {
        long total = 0;
        for (long[] intervals : intervalsBySource.values()) {
            long n = IntervalArrays.count(intervals);
            total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }

    public boolean contains(Gtid gtid) {
        long[] intervals = intervalsBySource.get(gtid.sourceId());
        return intervals != null && IntervalArrays.contains(intervals, gtid.gno());
    }

    /** True if every GTID of {@code other} is here: {@code GTID_SUBSET(other, this)}. */
    public boolean containsAll(GtidSet other) {
        return other.subtract(this).isEmpty();
    }

    public GtidSet add(Gtid gtid) {
        if (contains(gtid)) {
            return this;
        }
        return union(of(gtid.sourceId(), gtid.gno(), gtid.gno()));
    }

    public GtidSet union(GtidSet other) {
        if (other.isEmpty()) {
            return this;
        }
        NavigableMap<UUID, long[]> result = new TreeMap<>(intervalsBySource);
        other.intervalsBySource.forEach((source, intervals) ->
                result.merge(source, intervals, IntervalArrays::union));
        return new GtidSet(result);
    }

    /** {@code GTID_SUBTRACT(this, other)}. */
    public GtidSet subtract(GtidSet other) {
        NavigableMap<UUID, long[]> result = new TreeMap<>(Uuids.ORDER);
        intervalsBySource.forEach((source, intervals) -> {
            long[] removed = other.intervalsBySource.get(source);
            putIfNotEmpty(result, source, removed == null ? intervals : IntervalArrays.subtract(intervals, removed));
        });
        return new GtidSet(result);
    }

    public GtidSet intersection(GtidSet other) {
        NavigableMap<UUID, long[]> result = new TreeMap<>(Uuids.ORDER);
        intervalsBySource.forEach((source, intervals) -> {
            long[] theirs = other.intervalsBySource.get(source);
            if (theirs != null) {
                putIfNotEmpty(result, source, IntervalArrays.intersect(intervals, theirs));
            }
        });
        return new GtidSet(result);
    }

    /** The GTIDs of one source only (auto-positioning compares the replica's set for the source's UUID). */
    public GtidSet onlySource(UUID sourceId) {
        long[] intervals = intervalsBySource.get(sourceId);
        return intervals == null ? EMPTY : withSource(EMPTY, sourceId, intervals);
    }

    /** Sources in MySQL's print order. */
    public Set<UUID> sourceIds() {
        return intervalsBySource.keySet();
    }

    /** Normalised intervals of one source, ascending; empty if the source is absent. */
    public List<GtidInterval> intervals(UUID sourceId) {
        long[] intervals = intervalsBySource.getOrDefault(sourceId, IntervalArrays.EMPTY);
        List<GtidInterval> list = new ArrayList<>(intervals.length / 2);
        for (int i = 0; i < intervals.length; i += 2) {
            list.add(new GtidInterval(intervals[i], intervals[i + 1]));
        }
        return Collections.unmodifiableList(list);
    }

    /** Highest GNO of the source in this set, 0 if none. */
    public long lastGno(UUID sourceId) {
        long[] intervals = intervalsBySource.get(sourceId);
        return intervals == null ? 0 : intervals[intervals.length - 1];
    }

    /**
     * The GNO MySQL assigns to the next automatic transaction of {@code sourceId}: the smallest
     * number >= 1 not in this set (so gaps are filled first). Greater than
     * {@link GtidInterval#MAX_GNO} when the numbers are exhausted (ER_GNO_EXHAUSTED).
     */
    public long firstFreeGno(UUID sourceId) {
        return IntervalArrays.firstFree(intervalsBySource.getOrDefault(sourceId, IntervalArrays.EMPTY));
    }

    /** Normalised intervals for package codecs; callers must not modify the array. */
    long[] rawIntervals(UUID sourceId) {
        return intervalsBySource.get(sourceId);
    }

    /** MySQL's canonical text, sources separated by {@code ",\n"} like {@code @@gtid_executed}. */
    @Override
    public String toString() {
        return toString(MYSQL_SEPARATOR);
    }

    /** The canonical text on one line, sources separated by {@code ","}. */
    public String toCompactString() {
        return toString(",");
    }

    public String toString(String sourceSeparator) {
        return GtidSetText.format(this, sourceSeparator);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GtidSet other) || intervalsBySource.size() != other.intervalsBySource.size()) {
            return false;
        }
        for (Map.Entry<UUID, long[]> entry : intervalsBySource.entrySet()) {
            if (!Arrays.equals(entry.getValue(), other.intervalsBySource.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<UUID, long[]> entry : intervalsBySource.entrySet()) {
            hash += entry.getKey().hashCode() ^ Arrays.hashCode(entry.getValue());
        }
        return hash;
    }

    private static GtidSet withSource(GtidSet base, UUID sourceId, long[] intervals) {
        NavigableMap<UUID, long[]> map = new TreeMap<>(base.intervalsBySource);
        map.put(sourceId, intervals);
        return new GtidSet(map);
    }

    private static void putIfNotEmpty(Map<UUID, long[]> map, UUID source, long[] intervals) {
        if (intervals.length > 0) {
            map.put(source, intervals);
        }
    }
}
