package dev.mitosis.gtid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GtidSetBinaryTest {
    static final String A = GtidSetTextTest.A;
    static final String B = GtidSetTextTest.B;

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void emptySetIsEightZeroBytes() {
        assertArrayEquals(new byte[8], GtidSet.EMPTY.toBinary());
        assertEquals(GtidSet.EMPTY, GtidSet.fromBinary(new byte[8], 0, 8));
    }

    @Test
    void goldenBytesTwoSourcesEndExclusive() {
        GtidSet set = GtidSet.parse(B + ":1," + A + ":1-5:7");
        byte[] expected = bytes(
                0x02, 0, 0, 0, 0, 0, 0, 0,                          // n_sids = 2
                0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,     // sid A, bytes in text order
                0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62,
                0x02, 0, 0, 0, 0, 0, 0, 0,                          // n_intervals = 2
                0x01, 0, 0, 0, 0, 0, 0, 0,                          // start 1
                0x06, 0, 0, 0, 0, 0, 0, 0,                          // end 6 (exclusive: 1-5)
                0x07, 0, 0, 0, 0, 0, 0, 0,                          // start 7
                0x08, 0, 0, 0, 0, 0, 0, 0,                          // end 8 (exclusive: 7)
                0xaa, 0xaa, 0xaa, 0xaa, 0xbb, 0xbb, 0xcc, 0xcc,     // sid B (sorted after A)
                0xdd, 0xdd, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
                0x01, 0, 0, 0, 0, 0, 0, 0,                          // n_intervals = 1
                0x01, 0, 0, 0, 0, 0, 0, 0,                          // start 1
                0x02, 0, 0, 0, 0, 0, 0, 0);                         // end 2
        assertArrayEquals(expected, set.toBinary());
        assertEquals(expected.length, set.binarySize());
        assertEquals(set, GtidSet.fromBinary(expected, 0, expected.length));
    }

    @Test
    void largeNumbersAreLittleEndian() {
        GtidSet set = GtidSet.parse(A + ":258-" + GtidInterval.MAX_GNO);
        byte[] binary = set.toBinary();
        byte[] intervals = Arrays.copyOfRange(binary, 32, 48);
        assertArrayEquals(bytes(
                0x02, 0x01, 0, 0, 0, 0, 0, 0,                       // start 258
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),    // end 2^63-1 (exclusive of MAX_GNO)
                intervals);
        assertEquals(set, GtidSet.fromBinary(binary, 0, binary.length));
    }

    @Test
    void decodesAtOffsetWithinLargerBuffer() {
        GtidSet set = GtidSet.parse(A + ":1-100:200," + B + ":5");
        byte[] binary = set.toBinary();
        byte[] framed = new byte[binary.length + 10];
        System.arraycopy(binary, 0, framed, 3, binary.length);
        assertEquals(set, GtidSet.fromBinary(framed, 3, binary.length));
    }

    @Test
    void decodeNormalisesUnsortedAndAdjacentIntervals() {
        byte[] unsorted = bytes(
                0x01, 0, 0, 0, 0, 0, 0, 0,
                0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1, 0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62,
                0x02, 0, 0, 0, 0, 0, 0, 0,
                0x04, 0, 0, 0, 0, 0, 0, 0,   // 4-5
                0x06, 0, 0, 0, 0, 0, 0, 0,
                0x01, 0, 0, 0, 0, 0, 0, 0,   // 1-3
                0x04, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(A + ":1-5", GtidSet.fromBinary(unsorted, 0, unsorted.length).toString());
    }

    @Test
    void rejectsTruncatedTrailingAndInvalid() {
        byte[] good = GtidSet.parse(A + ":1-5").toBinary();
        assertMessage("truncated", () -> GtidSet.fromBinary(good, 0, good.length - 1));
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertMessage("trailing", () -> GtidSet.fromBinary(longer, 0, longer.length));
        byte[] hugeCount = good.clone();
        hugeCount[7] = 0x7f;
        assertMessage("claims", () -> GtidSet.fromBinary(hugeCount, 0, hugeCount.length));
        byte[] emptyInterval = good.clone();
        emptyInterval[40] = 0x01;    // end 1 == start 1: empty interval
        assertMessage("Invalid GTID interval", () -> GtidSet.fromBinary(emptyInterval, 0, emptyInterval.length));
        byte[] zeroStart = good.clone();
        zeroStart[32] = 0;
        assertMessage("Invalid GTID interval", () -> GtidSet.fromBinary(zeroStart, 0, zeroStart.length));
        assertMessage("outside buffer", () -> GtidSet.fromBinary(good, 4, good.length));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
