package dev.mitosis.clone;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
 * Which byte ranges of a store file its newest stored version needs. H2's layout map of that
 * version lists the chunks with their live page counts and occupancy (a bit per dead page); the
 * chunk's table of contents gives each page's offset. Needed are: the newest chunk (whose
 * metadata lives only in its own header), and of every chunk with live pages its header, live
 * pages, table of contents and footer. Everything else is dead pages and chunks (kept for H2's
 * retention time, or until compaction, which Mitosis does not run), free space or old garbage; a
 * copy leaves it out (zeros), because H2 opens the newest version from its live pages alone: the
 * rewritten file header points straight at the newest chunk, H2's open drops the metadata of
 * dead chunks that are gone (as after space reuse) and never reads a page the occupancy marks
 * dead (compaction moves live pages only).
 *
 * <p>Relies on H2 internals (the layout map, the chunk metadata's fields, the table of contents,
 * the header format) of the pinned H2 version; {@link #read} returns null when anything is not
 * as expected, and the caller then copies the whole file.
 */
final class H2Layout {
    private static final long BLOCK = 4096;
    /** Dead pages are left out in runs of at least this many bytes (each hole costs a packet and a range). */
    static final long MIN_HOLE = Long.getLong("mitosis.clone.minHoleBytes", 4096);
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

    /** The newest chunk of the store at the snapshot point: the version a copy opens at. */
    record Newest(int id, long block, int len, long version, long layoutRootPos) {}

    /**
     * @param ranges sorted, merged [start, end) pairs of file offsets to copy, the header blocks first
     * @param header the two header blocks, pointing at the newest chunk
     * @param chunks live chunks; wholeChunks of them copied whole (no dead pages to leave out)
     */
    record Live(long[] ranges, byte[] header, int chunks, int wholeChunks) {
        long bytes() {
            long n = 0;
            for (int i = 0; i < ranges.length; i += 2) n += ranges[i + 1] - ranges[i];
            return n;
        }
    }

    private H2Layout() {}

    /**
     * The store's newest chunk. The caller holds the store's file operations
     * (MVStore.executeFilestoreOperation: no store in flight). Null if it cannot be read.
     */
    static Newest newest(MVStore store) {
        if (LAST_CHUNK == null) return null;
        try {
            Chunk<?> last = (Chunk<?>) LAST_CHUNK.get(store.getFileStore());
            if (last == null || last.block < 2 || last.len <= 0) return null;
            return new Newest(last.id, last.block, last.len, last.version, LAYOUT_ROOT_POS.getLong(last));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The live ranges of the version {@code newest} stored: the newest chunk whole; of every other
     * chunk its layout entry marks live, everything but its dead pages (the occupancy bits of
     * that entry, located through the chunk's table of contents). Called while space reuse is
     * off, so the chunks read here are not overwritten. Null if the layout cannot be used.
     */
    @SuppressWarnings("unchecked")
    static Live read(MVStore store, Newest newest, Path file, byte[] header, long fileSize) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long lastEnd = (newest.block() + newest.len()) * BLOCK;
            if (lastEnd > fileSize) return null;
            MVMap<String, String> layout = (MVMap<String, String>) LAYOUT.get(store.getFileStore());
            MVMap<String, String> atNewest = (MVMap<String, String>) OPEN_READ_ONLY.invoke(layout,
                    newest.layoutRootPos(), newest.version());
            List<long[]> live = new ArrayList<>();
            live.add(new long[] {0, H2Snapshot.HEADER_LENGTH});
            live.add(new long[] {newest.block() * BLOCK, lastEnd});
            int chunks = 1;
            int whole = 1;
            Cursor<String, String> c = atNewest.cursor("chunk.");
            while (c.hasNext()) {
                String key = c.next();
                if (!key.startsWith("chunk.")) break;
                Map<String, String> m = DataUtils.parseMap(c.getValue());
                int id = (int) hex(m, "chunk", -1);
                if (id == newest.id()) continue;
                int pages = (int) hex(m, "pages", 0);
                int livePages = (int) hex(m, "livePages", pages);
                if (livePages <= 0) continue;
                long block = hex(m, "block", 0);
                int len = (int) hex(m, "len", 0);
                if (block < 2 || len <= 0) return null; // a live chunk must be in the file
                long end = (block + len) * BLOCK;
                if (end > fileSize) return null;
                chunks++;
                if (!liveParts(ch, m, block * BLOCK, end, pages, livePages, live)) {
                    live.add(new long[] {block * BLOCK, end});
                    whole++;
                }
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
            byte[] newHeader = headerAt(header, newest);
            if (newHeader == null) return null;
            return new Live(Arrays.copyOf(ranges, n), newHeader, chunks, whole);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Adds the parts of one chunk [start, end) that are not dead pages: its header, its live
     * pages, its table of contents and footer. A dead page spans from its offset to the next
     * page's (pages are written one after the other, the table of contents in offset order);
     * runs of dead pages shorter than {@link #MIN_HOLE} are copied anyway. False (nothing added)
     * if the chunk has no dead pages or its metadata does not add up: then it is copied whole.
     */
    private static boolean liveParts(FileChannel ch, Map<String, String> m, long start, long end, int pages,
                                     int livePages, List<long[]> out) throws IOException {
        String occ = m.get("occupancy");
        long tocPos = hex(m, "toc", 0);
        if (occ == null || tocPos <= 0 || pages <= 0 || livePages >= pages) return false;
        BitSet dead = BitSet.valueOf(org.h2.util.StringUtils.convertHexToBytes(occ));
        if (dead.cardinality() != pages - livePages || dead.length() > pages) return false;
        if (start + tocPos + 8L * pages > end) return false;
        ByteBuffer toc = ByteBuffer.allocate(8 * pages);
        long pos = start + tocPos;
        while (toc.hasRemaining()) {
            if (ch.read(toc, pos + toc.position()) < 0) return false;
        }
        toc.flip();
        long[] offset = new long[pages + 1];
        for (int i = 0; i < pages; i++) {
            offset[i] = DataUtils.getPageOffset(toc.getLong());
            if (offset[i] <= (i == 0 ? 0 : offset[i - 1])) return false;
        }
        offset[pages] = tocPos;
        if (offset[pages - 1] >= tocPos) return false;
        long from = start;
        for (int i = dead.nextSetBit(0); i >= 0; ) {
            int j = dead.nextClearBit(i); // dead pages i .. j-1
            long holeStart = start + offset[i];
            long holeEnd = start + offset[j];
            if (holeEnd - holeStart >= MIN_HOLE) {
                out.add(new long[] {from, holeStart});
                from = holeEnd;
            }
            i = dead.nextSetBit(j);
        }
        if (from == start) return false;
        out.add(new long[] {from, end});
        return true;
    }

    /**
     * The file header blocks rewritten to name {@code last} as the newest chunk (as H2's own
     * writeStoreHeader does), without the clean-shutdown mark. Null if the header does not parse.
     */
    private static byte[] headerAt(byte[] header, Newest last) {
        Map<String, String> m = null;
        for (int at = 0; at < H2Snapshot.HEADER_LENGTH && m == null; at += (int) BLOCK) {
            m = parseChecked(Arrays.copyOfRange(header, at, at + (int) BLOCK));
        }
        if (m == null || !m.containsKey("H") || !m.containsKey("format")) return null;
        m.remove("fletcher");
        m.remove("clean");
        m.put("chunk", Integer.toHexString(last.id()));
        m.put("block", Long.toHexString(last.block()));
        m.put("version", Long.toHexString(last.version()));
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
