package dev.mitosis.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GtidSetTextTest {
    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    @Test
    void emptyTextIsEmptySetAndPrintsEmpty() {
        assertSame(GtidSet.EMPTY, GtidSet.parse(""));
        assertSame(GtidSet.EMPTY, GtidSet.parse("  \n\t "));
        assertEquals("", GtidSet.EMPTY.toString());
        assertTrue(GtidSet.parse("").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // input | canonical compact output
        A + ":1-5|" + A + ":1-5",
        A + ":7|" + A + ":7",
        A + ":1-3:4-5|" + A + ":1-5",          // adjacent intervals merge
        A + ":5:1-4|" + A + ":1-5",            // unsorted + adjacent
        A + ":1-10:3-4|" + A + ":1-10",        // contained interval
        A + ":1-3:2-8:20|" + A + ":1-8:20",    // overlap merges, gap stays
        A + ":5-5|" + A + ":5",                // single value printed without '-'
        A + ":1-2," + A + ":3|" + A + ":1-3",  // same UUID twice
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:1|" + A + ":1", // upper case in, lower out
        B + ":1," + A + ":2|" + A + ":2," + B + ":1",         // UUIDs sorted
    })
    void normalizesLikeMysql(String input, String expected) {
        assertEquals(expected, GtidSet.parse(input).toCompactString());
    }

    @Test
    void printsMysqlSeparatorBetweenSources() {
        GtidSet set = GtidSet.parse(B + ":1-3," + A + ":1-5:7");
        assertEquals(A + ":1-5:7,\n" + B + ":1-3", set.toString());
        assertEquals(A + ":1-5:7," + B + ":1-3", set.toCompactString());
    }

    @Test
    void sortsUuidsAsUnsignedBytesNotAsJavaUuidCompareTo() {
        String high = "f0000000-0000-0000-0000-000000000000";
        String low = "10000000-0000-0000-0000-000000000000";
        // UUID.compareTo would put f0... first (negative most significant bits).
        assertTrue(UUID.fromString(high).compareTo(UUID.fromString(low)) < 0);
        assertEquals(low + ":1," + high + ":1", GtidSet.parse(high + ":1," + low + ":1").toCompactString());
    }

    @Test
    void acceptsWhitespaceAndNewlinesAroundSeparatorsAsMysql() {
        String text = " " + A + " : 1 - 3 : 5 ,\n  " + B + ":2\n";
        assertEquals(A + ":1-3:5," + B + ":2", GtidSet.parse(text).toCompactString());
        // MySQL's own output parses back to the same set.
        GtidSet set = GtidSet.parse(A + ":1-3," + B + ":2");
        assertEquals(set, GtidSet.parse(set.toString()));
    }

    @Test
    void toleratesEmptyElementsAndUuidWithoutIntervals() {
        assertEquals(A + ":1", GtidSet.parse("," + A + ":1,,").toCompactString());
        assertEquals("", GtidSet.parse(A).toString());
        assertEquals(B + ":4", GtidSet.parse(A + "," + B + ":4").toCompactString());
    }

    @Test
    void acceptsLargestGno() {
        long max = GtidInterval.MAX_GNO;
        assertEquals(max, GtidSet.parse(A + ":1-" + max).lastGno(UUID.fromString(A)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x",
        A + ":",                       // no number after ':'
        A + ":0",                      // GNO 0
        A + ":0-5",
        A + ":5-3",                    // end before start
        A + ":1-",                     // missing end
        A + ":-3",
        A + ":1:",                     // dangling ':'
        A + ":1 2",                    // two numbers
        A + ":a",
        A + ":9223372036854775807",    // 2^63-1 is above MAX_GNO
        A + ":99999999999999999999",   // overflows 64 bits
        A + ";1",
        "3e11fa47-71ca-11e1-9e33-c80aa942956:1",   // 11-digit last group
        "3e11fa4771ca-11e1-9e33-c80aa9429562:1",   // missing dash
        "3e11fa47-71ca-11e1-9e33-c80aa942956g:1",  // non-hex
        "1-1-1-1-1:1",                 // UUID.fromString accepts this, MySQL does not
        A + ":1-3 " + B + ":1",        // missing comma
    })
    void rejectsMalformedText(String text) {
        MalformedGtidException e = assertThrows(MalformedGtidException.class, () -> GtidSet.parse(text));
        assertEquals(text, e.text());
        assertTrue(e.getMessage().startsWith("Malformed GTID set specification '" + text + "': "), e.getMessage());
    }

    @Test
    void errorMessageSaysWhatAndWhere() {
        MalformedGtidException e = assertThrows(MalformedGtidException.class, () -> GtidSet.parse(A + ":5-3"));
        assertEquals("Malformed GTID set specification '" + A + ":5-3': interval end 3 is before its start 5"
                + " at position 37", e.getMessage());
        e = assertThrows(MalformedGtidException.class, () -> GtidSet.parse(A + ":1,zz"));
        assertEquals("Malformed GTID set specification '" + A + ":1,zz': expected a UUID (8-4-4-4-12 hex digits)"
                + " at position 39", e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> GtidSet.parse(null));
    }

    @Test
    void gtidParseAndPrint() {
        Gtid gtid = Gtid.parse(" 3E11FA47-71CA-11E1-9E33-C80AA9429562 : 42 ");
        assertEquals(UUID.fromString(A), gtid.sourceId());
        assertEquals(42, gtid.gno());
        assertEquals(A + ":42", gtid.toString());
        assertEquals(gtid, Gtid.parse(gtid.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", A, A + ":", A + ":0", A + ":1-2", A + ":1:2", A + ":1," + A + ":2", "x:1"})
    void gtidRejectsMalformedText(String text) {
        MalformedGtidException e = assertThrows(MalformedGtidException.class, () -> Gtid.parse(text));
        assertTrue(e.getMessage().startsWith("Malformed GTID specification '"), e.getMessage());
    }

    @Test
    void gtidRejectsOutOfRangeNumbers() {
        UUID a = UUID.fromString(A);
        assertThrows(IllegalArgumentException.class, () -> new Gtid(a, 0));
        assertThrows(IllegalArgumentException.class, () -> new Gtid(a, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new Gtid(null, 1));
    }

    @Test
    void intervalsIterateInOrder() {
        GtidSet set = GtidSet.parse(A + ":7:1-5:9-10");
        assertEquals(List.of(new GtidInterval(1, 5), new GtidInterval(7, 7), new GtidInterval(9, 10)),
                set.intervals(UUID.fromString(A)));
        assertEquals(List.of(), set.intervals(UUID.fromString(B)));
        assertEquals("1-5", new GtidInterval(1, 5).toString());
        assertEquals("7", new GtidInterval(7, 7).toString());
    }

    @Test
    void uuidParseIsStrict() {
        assertEquals(UUID.fromString(A), Uuids.parse(A.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> Uuids.parse("1-1-1-1-1"));
        assertThrows(IllegalArgumentException.class, () -> Uuids.parse(A + "0"));
    }
}
