package dev.mitosis.clone;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Which byte ranges of a store file its newest stored version needs: the chunks H2's layout map
 * of that version marks live (live pages &gt; 0), plus the newest chunk itself (whose metadata
 * lives only in its own header). Everything else in the file is dead chunks kept for H2's
 * retention time, free space or old garbage; a copy can leave it out (zeros), because H2 opens
 * the newest version from its chunks alone: the rewritten file header points straight at the
 * newest chunk, and H2's open tolerates dead chunks that are gone (it drops their metadata, as
 * after space reuse).
 *
 * <p>Relies on H2 internals (the layout map, the chunk metadata's fields, the header format) of
 * the pinned H2 version; {@link #read} returns null when anything is not as expected, and the
 * caller then copies the whole file.
 */
final class H2Layout {
    private static final long BLOCK = 4096;
    private static final Field LAST_CHUNK;
    private static final Field LAYOUT;
    private static final Field LAYOUT_ROOT_POS;
    private static final Method OPEN_READ_ONLY;

    static {
        Field lastChunk = null;
        Field layout = null;
        Field rootPos = null;
        Method open = null;
        try {
            lastChunk = FileStore.class.getDeclaredField("lastChunk");
            lastChunk.setAccessible(true);
            layout = FileStore.class.getDeclaredField("layout");
            layout.setAccessible(true);
            rootPos = Chunk.class.getDeclaredField("layoutRootPos");
            rootPos.setAccessible(true);
            open = MVMap.class.getDeclaredMethod("openReadOnly", long.class, long.class);
            open.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastChunk = null;
        }
        LAST_CHUNK = lastChunk;
        LAYOUT = layout;
        LAYOUT_ROOT_POS = rootPos;
        OPEN_READ_ONLY = open;
    }

    /**
     * @param ranges sorted, merged [start, end) pairs of file offsets to copy, the header blocks first
     * @param header the two header blocks, pointing at the newest chunk
     */
    record Live(long[] ranges, byte[] header) {
        long end() {
            return ranges[ranges.length - 1];
        }

        long bytes() {
            long n = 0;
            for (int i = 0; i < ranges.length; i += 2) n += ranges[i + 1] - ranges[i];
            return n;
        }
    }

    private H2Layout() {}

    /**
     * Reads the live ranges of the store's newest stored version. The caller holds the store's
     * file operations (MVStore.executeFilestoreOperation: no store in flight) and passes the
     * header blocks and the file's size as read there. Null if the layout cannot be used.
     */
    @SuppressWarnings("unchecked")
    static Live read(MVStore store, byte[] header, long fileSize) {
        if (LAST_CHUNK == null) return null;
        try {
            FileStore<?> fs = store.getFileStore();
            Chunk<?> last = (Chunk<?>) LAST_CHUNK.get(fs);
            if (last == null || last.block < 2 || last.len <= 0) return null;
            long lastEnd = (last.block + last.len) * BLOCK;
            if (lastEnd > fileSize) return null;
            MVMap<String, String> layout = (MVMap<String, String>) LAYOUT.get(fs);
            MVMap<String, String> atLast = (MVMap<String, String>) OPEN_READ_ONLY.invoke(layout,
                    LAYOUT_ROOT_POS.getLong(last), last.version);
            List<long[]> live = new ArrayList<>();
            live.add(new long[] {0, H2Snapshot.HEADER_LENGTH});
            live.add(new long[] {last.block * BLOCK, lastEnd});
            Cursor<String, String> c = atLast.cursor("chunk.");
            while (c.hasNext()) {
                String key = c.next();
                if (!key.startsWith("chunk.")) break;
                Map<String, String> m = DataUtils.parseMap(c.getValue());
                int id = (int) hex(m, "chunk", -1);
                if (id == last.id) continue;
                int pages = (int) hex(m, "pages", 0);
                int livePages = (int) hex(m, "livePages", pages);
                if (livePages <= 0) continue;
                long block = hex(m, "block", 0);
                int len = (int) hex(m, "len", 0);
                if (block < 2 || len <= 0) return null; // a live chunk must be in the file
                long end = (block + len) * BLOCK;
                if (end > fileSize) return null;
                live.add(new long[] {block * BLOCK, end});
            }
            live.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] ranges = new long[live.size() * 2];
            int n = 0;
            for (long[] r : live) {
                if (n > 0 && r[0] <= ranges[n - 1]) {
                    ranges[n - 1] = Math.max(ranges[n - 1], r[1]);
                } else {
                    ranges[n++] = r[0];
                    ranges[n++] = r[1];
                }
            }
            byte[] newHeader = headerAt(header, last);
            if (newHeader == null) return null;
            return new Live(Arrays.copyOf(ranges, n), newHeader);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The file header blocks rewritten to name {@code last} as the newest chunk (as H2's own
     * writeStoreHeader does), without the clean-shutdown mark. Null if the header does not parse.
     */
    private static byte[] headerAt(byte[] header, Chunk<?> last) {
        Map<String, String> m = null;
        for (int at = 0; at < H2Snapshot.HEADER_LENGTH && m == null; at += (int) BLOCK) {
            m = parseChecked(Arrays.copyOfRange(header, at, at + (int) BLOCK));
        }
        if (m == null || !m.containsKey("H") || !m.containsKey("format")) return null;
        m.remove("fletcher");
        m.remove("clean");
        m.put("chunk", Integer.toHexString(last.id));
        m.put("block", Long.toHexString(last.block));
        m.put("version", Long.toHexString(last.version));
        StringBuilder b = new StringBuilder(112);
        for (Map.Entry<String, String> e : m.entrySet()) DataUtils.appendMap(b, e.getKey(), e.getValue());
        byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        DataUtils.appendMap(b, "fletcher", DataUtils.getFletcher32(bytes, 0, bytes.length));
        b.append('\n');
        bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > BLOCK) return null;
        byte[] out = new byte[H2Snapshot.HEADER_LENGTH];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        System.arraycopy(bytes, 0, out, (int) BLOCK, bytes.length);
        return out;
    }

    /** A hex number of H2's metadata maps (DataUtils.readHexInt is not public). */
    private static long hex(Map<String, String> m, String key, long otherwise) {
        String v = m.get(key);
        return v == null ? otherwise : Long.parseLong(v, 16);
    }

    /** A header block's map if its Fletcher-32 checksum holds (DataUtils.parseChecksummedMap, which is not public). */
    static Map<String, String> parseChecked(byte[] block) {
        int start = 0;
        int end = block.length;
        while (start < end && (block[start] & 0xFF) <= ' ') start++;
        while (end > start && (block[end - 1] & 0xFF) <= ' ') end--;
        String s = new String(block, start, end - start, StandardCharsets.ISO_8859_1);
        int f = s.lastIndexOf(",fletcher:");
        if (f < 0) return null;
        try {
            int check = (int) Long.parseLong(s.substring(f + ",fletcher:".length()), 16);
            if (check != DataUtils.getFletcher32(block, start, f)) return null;
            HashMap<String, String> m = DataUtils.parseMap(s.substring(0, f));
            return m;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
