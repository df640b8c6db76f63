package dev.mitosis.replication;

import dev.mitosis.gtid.GtidSet;
import dev.mitosis.protocol.PayloadReader;
import java.nio.charset.StandardCharsets;

/** COM_BINLOG_DUMP (file/position) or COM_BINLOG_DUMP_GTID (auto-position), after the command byte. */
public record DumpRequest(boolean gtid, int flags, long serverId, String file, long position, GtidSet gtids) {
    public static final int COM_BINLOG_DUMP = 0x12;
    public static final int COM_BINLOG_DUMP_GTID = 0x1E;
    public static final int NON_BLOCK = 0x0001;

    public boolean nonBlocking() {
        return (flags & NON_BLOCK) != 0 || serverId == 0;
    }

    public static DumpRequest readFilePosition(PayloadReader r) {
        long pos = r.readInt4();
        int flags = r.readInt2();
        long serverId = r.readInt4();
        String file = r.readRestString();
        return new DumpRequest(false, flags, serverId, file, pos, GtidSet.EMPTY);
    }

    public static DumpRequest readGtid(PayloadReader r) {
        int flags = r.readInt2();
        long serverId = r.readInt4();
        int nameLen = (int) r.readInt4();
        String file = new String(r.readBytes(nameLen), StandardCharsets.UTF_8);
        long pos = r.readInt8();
        GtidSet set = GtidSet.EMPTY;
        if (r.remaining() >= 4) {
            int size = (int) r.readInt4();
            byte[] data = r.readBytes(size);
            set = GtidSet.fromBinary(data, 0, data.length);
        }
        return new DumpRequest(true, flags, serverId, file, pos, set);
    }
}
