package dev.mitosis.gtid;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * MySQL's text form of GTIDs and GTID sets. Accepted like MySQL: any case, whitespace around every
 * separator, empty elements between commas, a UUID without intervals (contributes nothing).
 * Rejected: GNO 0, an interval whose end is before its start, numbers above
 * {@link GtidInterval#MAX_GNO}, anything else that is not the grammar.
 */
final class GtidSetText {
    private static final String SET = "GTID set";
    private static final String GTID = "GTID";

    private final String text;
    private final String kind;
    private int pos;

    private GtidSetText(String text, String kind) {
        this.text = text;
        this.kind = kind;
    }

    static GtidSet parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("GTID set text must not be null");
        }
        return new GtidSetText(text, SET).parseSet();
    }

    static Gtid parseGtid(String text) {
        if (text == null) {
            throw new IllegalArgumentException("GTID text must not be null");
        }
        GtidSetText parser = new GtidSetText(text, GTID);
        parser.skipWhitespace();
        UUID uuid = parser.parseUuid();
        parser.skipWhitespace();
        parser.expect(':');
        parser.skipWhitespace();
        long gno = parser.parseGno();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
        }
        return new Gtid(uuid, gno);
    }

    static String format(GtidSet set, String sourceSeparator) {
        StringBuilder out = new StringBuilder();
        for (UUID source : set.sourceIds()) {
            if (!out.isEmpty()) {
                out.append(sourceSeparator);
            }
            out.append(source);
            long[] intervals = set.rawIntervals(source);
            for (int i = 0; i < intervals.length; i += 2) {
                out.append(':').append(intervals[i]);
                if (intervals[i + 1] != intervals[i]) {
                    out.append('-').append(intervals[i + 1]);
                }
            }
        }
        return out.toString();
    }

    private GtidSet parseSet() {
        Map<UUID, PairList> pairsBySource = new HashMap<>();
        skipWhitespace();
        while (pos < text.length()) {
            if (peek() == ',') {
                pos++;
                skipWhitespace();
                continue;
            }
            UUID uuid = parseUuid();
            skipWhitespace();
            PairList pairs = pairsBySource.computeIfAbsent(uuid, u -> new PairList());
            while (pos < text.length() && peek() == ':') {
                pos++;
                skipWhitespace();
                int start = pos;
                long first = parseGno();
                skipWhitespace();
                long last = first;
                if (pos < text.length() && peek() == '-') {
                    pos++;
                    skipWhitespace();
                    last = parseGno();
                    if (last < first) {
                        throw errorAt(start, "interval end " + last + " is before its start " + first);
                    }
                    skipWhitespace();
                }
                pairs.add(first, last);
            }
            if (pos < text.length() && peek() != ',') {
                throw error("expected ',' or ':' but found '" + peek() + "'");
            }
        }
        NavigableMap<UUID, long[]> normalized = new TreeMap<>(Uuids.ORDER);
        pairsBySource.forEach((uuid, pairs) -> {
            long[] intervals = IntervalArrays.normalize(pairs.toArray());
            if (intervals.length > 0) {
                normalized.put(uuid, intervals);
            }
        });
        return normalized.isEmpty() ? GtidSet.EMPTY : new GtidSet(normalized);
    }

    private UUID parseUuid() {
        UUID uuid = Uuids.parseOrNull(text, pos);
        if (uuid == null) {
            throw error("expected a UUID (8-4-4-4-12 hex digits)");
        }
        pos += Uuids.TEXT_LENGTH;
        return uuid;
    }

    private long parseGno() {
        int start = pos;
        long value = 0;
        while (pos < text.length() && peek() >= '0' && peek() <= '9') {
            int digit = peek() - '0';
            if (value > (GtidInterval.MAX_GNO - digit) / 10) {
                throw errorAt(start, "transaction number exceeds " + GtidInterval.MAX_GNO);
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos == start) {
            throw error("expected a transaction number");
        }
        if (value == 0) {
            throw errorAt(start, "transaction number 0 is not allowed");
        }
        return value;
    }

    private void expect(char c) {
        if (pos >= text.length() || peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return text.charAt(pos);
    }

    /** MySQL skips the C isspace() characters. */
    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\u000B' && c != '\f') {
                return;
            }
            pos++;
        }
    }

    private MalformedGtidException error(String reason) {
        return errorAt(pos, reason);
    }

    private MalformedGtidException errorAt(int position, String reason) {
        return new MalformedGtidException(kind, text, reason, position);
    }

    /** Interval pairs of one source in input order, before normalisation. */
    private static final class PairList {
        private long[] data = new long[8];
        private int size;

        void add(long first, long last) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = first;
            data[size++] = last;
        }

        long[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
