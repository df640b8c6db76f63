package dev.mitosis.gtid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GtidSetAlgebraTest {
    static final String A = GtidSetTextTest.A;
    static final String B = GtidSetTextTest.B;
    static final UUID UA = UUID.fromString(A);
    static final UUID UB = UUID.fromString(B);

    private static GtidSet set(String text) {
        // 'a' and 'b' abbreviate the two UUIDs to keep the tables readable.
        return GtidSet.parse(text.replace("a:", A + ":").replace("b:", B + ":"));
    }

    private static String text(GtidSet set) {
        return set.toCompactString().replace(A, "a").replace(B, "b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a:1-3     | a:4-5      | a:1-5",
        "a:1-3     | a:5-6      | a:1-3:5-6",
        "a:1-10    | a:3-4      | a:1-10",
        "a:1-3:7-9 | a:4-6      | a:1-9",
        "a:1:3:5   | a:2:4      | a:1-5",
        "a:1       | b:1        | a:1,b:1",
        "''        | a:1        | a:1",
        "a:1       | ''         | a:1",
        "''        | ''         | ''",
        "a:2-3     | a:1:4      | a:1-4",
    })
    void union(String left, String right, String expected) {
        assertEquals(expected, text(set(left).union(set(right))));
        assertEquals(expected, text(set(right).union(set(left))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a:1-10        | a:4-6          | a:1-3:7-10",   // splits an interval
        "a:1-10        | a:1-10         | ''",
        "a:1-10        | a:1            | a:2-10",
        "a:1-10        | a:10           | a:1-9",
        "a:1-10        | a:2:4:6:8      | a:1:3:5:7:9-10",
        "a:1-10        | a:20           | a:1-10",   // removal after the interval
        "a:1-5:8-12    | a:4-9          | a:1-3:10-12",  // one removal spans two intervals
        "a:1-5,b:1-5   | b:1-5          | a:1-5",         // source disappears when empty
        "a:1-5         | b:1-5          | a:1-5",
        "''            | a:1            | ''",
        "a:3-7         | a:1-100        | ''",
        "a:1-3:5-7     | a:2:6          | a:1:3:5:7",
    })
    void subtract(String left, String right, String expected) {
        assertEquals(expected, text(set(left).subtract(set(right))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a:1-10        | a:5-15         | a:5-10",
        "a:1-3:7-9     | a:2-8          | a:2-3:7-8",
        "a:1-3         | a:4-6          | ''",
        "a:1-5,b:1-5   | b:3-9          | b:3-5",
        "a:1-5         | ''             | ''",
        "a:1:3:5       | a:1-5          | a:1:3:5",
    })
    void intersection(String left, String right, String expected) {
        assertEquals(expected, text(set(left).intersection(set(right))));
        assertEquals(expected, text(set(right).intersection(set(left))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // superset | subset | containsAll
        "a:1-10      | a:2-5        | true",
        "a:1-10      | a:1-10       | true",
        "a:1-10      | ''           | true",
        "''          | ''           | true",
        "''          | a:1          | false",
        "a:1-10      | a:5-11       | false",
        "a:1-3:5-7   | a:3-5        | false",     // spans the gap
        "a:1-10      | a:1,b:1      | false",     // other source missing
        "a:1-10,b:1  | a:1,b:1      | true",
    })
    void containsAllIsGtidSubsetReversed(String superset, String subset, boolean expected) {
        assertEquals(expected, set(superset).containsAll(set(subset)));
    }

    @Test
    void containsSingleGtid() {
        GtidSet set = set("a:1-3:7,b:5");
        assertTrue(set.contains(new Gtid(UA, 1)));
        assertTrue(set.contains(new Gtid(UA, 3)));
        assertFalse(set.contains(new Gtid(UA, 4)));
        assertTrue(set.contains(new Gtid(UA, 7)));
        assertFalse(set.contains(new Gtid(UA, 8)));
        assertTrue(set.contains(new Gtid(UB, 5)));
        assertFalse(set.contains(new Gtid(UB, 1)));
        assertFalse(GtidSet.EMPTY.contains(new Gtid(UB, 1)));
    }

    @Test
    void addReturnsNewSetAndLeavesOriginalUnchanged() {
        GtidSet original = set("a:1-3");
        GtidSet added = original.add(new Gtid(UA, 4));
        assertEquals("a:1-4", text(added));
        assertEquals("a:1-3", text(original));
        assertEquals("a:1-3:5", text(original.add(new Gtid(UA, 5))));
        assertEquals("a:1-3,b:9", text(original.add(new Gtid(UB, 9))));
        assertSame(original, original.add(new Gtid(UA, 2)));
        assertEquals("a:1-5", text(set("a:1-2:4-5").add(new Gtid(UA, 3))));
        assertEquals("a:1", text(GtidSet.of(new Gtid(UA, 1))));
    }

    @Test
    void count() {
        assertEquals(0, GtidSet.EMPTY.count());
        assertEquals(8, set("a:1-5:7,b:2-3").count());
        assertEquals(Long.MAX_VALUE, set("a:1-" + GtidInterval.MAX_GNO + ",b:1-" + GtidInterval.MAX_GNO).count());
    }

    @Test
    void lastAndFirstFreeGno() {
        GtidSet set = set("a:1-5:7-9,b:3-4");
        assertEquals(9, set.lastGno(UA));
        assertEquals(4, set.lastGno(UB));
        assertEquals(0, set.lastGno(UUID.randomUUID()));
        assertEquals(6, set.firstFreeGno(UA));   // the gap is filled first
        assertEquals(1, set.firstFreeGno(UB));   // 1 is free
        assertEquals(1, set.firstFreeGno(UUID.randomUUID()));
        assertEquals(GtidInterval.MAX_GNO + 1, set("a:1-" + GtidInterval.MAX_GNO).firstFreeGno(UA));
    }

    @Test
    void onlySourceRestrictsToOneUuid() {
        GtidSet set = set("a:1-5,b:3");
        assertEquals("b:3", text(set.onlySource(UB)));
        assertEquals(GtidSet.EMPTY, set.onlySource(UUID.randomUUID()));
    }

    @Test
    void equalsAndHashCodeFollowContentNotSpelling() {
        GtidSet one = set("a:1-3:4-5,b:1");
        GtidSet two = set("b:1,a:5,a:1-4");
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, set("a:1-5,b:1-2"));
        assertNotEquals(one, set("a:1-5"));
        assertNotEquals(set("a:1"), set("b:1"));
        assertEquals(GtidSet.EMPTY, set(""));
    }

    @Test
    void ofRangeAndSourceIdsOrder() {
        GtidSet set = GtidSet.of(UB, 1, 2).union(GtidSet.of(UA, 3, 3));
        assertEquals(java.util.List.of(UA, UB), java.util.List.copyOf(set.sourceIds()));
    }
}
