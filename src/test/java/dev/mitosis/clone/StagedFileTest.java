package dev.mitosis.clone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagedFileTest {
    @TempDir
    Path dir;

    /**
     * Two streams write data and holes (small, large, unaligned) of a file whose length is not a
     * multiple of the block: the file holds the data at their offsets and zeros in the holes,
     * whether it was written directly or through the page cache.
     */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void streamsOfDataAndHolesLeaveTheExactFile(boolean direct) throws Exception {
        Random random = new Random(42);
        int length = 3 * (1 << 20) + 12_345;
        byte[] expected = new byte[length];
        Path target = dir.resolve("staged");
        try (StagedFile file = new StagedFile(target, direct)) {
            long align = file.alignment();
            long mid = (length / 2 + align - 1) / align * align;
            long[][] ranges = {{0, mid}, {mid, length}};
            for (long[] range : ranges) {
                StagedFile.Writer w = file.writer(range[0], 256 << 10);
                long at = range[0];
                int turn = 0;
                while (at < range[1]) {
                    // Data, a 100-byte hole, data, a 200 KB hole, ...: pieces that straddle blocks and buffers.
                    int len = (int) Math.min(range[1] - at, turn % 2 == 0 ? 1 + random.nextInt(300_000) : turn % 4 == 1 ? 100 : 200_000);
                    if (turn % 2 == 0 || at + len == range[1]) {
                        byte[] chunk = new byte[len + 7];
                        random.nextBytes(chunk);
                        w.data(at, chunk, 7, len);
                        System.arraycopy(chunk, 7, expected, (int) at, len);
                    } else {
                        w.hole(at, len);
                    }
                    at += len;
                    turn++;
                }
                w.close();
            }
            file.finish(length);
        }
        assertEquals(length, Files.size(target));
        assertArrayEquals(expected, Files.readAllBytes(target));
    }
}
