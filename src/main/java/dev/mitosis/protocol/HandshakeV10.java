package dev.mitosis.protocol;

/** The server greeting (Initial Handshake v10). */
public record HandshakeV10(String serverVersion, long connectionId, byte[] scramble, int capabilities,
                           int collation, int status, String authPlugin) {

    public PayloadWriter write(PayloadWriter w) {
        w.int1(10)
         .nulString(serverVersion)
         .int4(connectionId)
         .bytes(scramble, 0, 8)
         .int1(0)
         .int2(capabilities & 0xFFFF)
         .int1(collation)
         .int2(status)
         .int2(capabilities >>> 16)
         .int1(scramble.length + 1)
         .zeros(10)
         .bytes(scramble, 8, scramble.length - 8)
         .int1(0)
         .nulString(authPlugin);
        return w;
    }

    public static HandshakeV10 read(PayloadReader r) {
        int protocol = r.readInt1();
        if (protocol != 10) throw new MalformedPacketException("protocol version " + protocol);
        String version = r.readNulString();
        long id = r.readInt4();
        byte[] part1 = r.readBytes(8);
        r.skip(1);
        int caps = r.readInt2();
        int collation = r.readInt1();
        int status = r.readInt2();
        caps |= r.readInt2() << 16;
        int authLen = r.readInt1();
        r.skip(10);
        int part2Len = Math.max(13, authLen - 8);
        byte[] part2 = r.readBytes(Math.min(part2Len, r.remaining()));
        int p2 = part2.length > 0 && part2[part2.length - 1] == 0 ? part2.length - 1 : part2.length;
        byte[] scramble = new byte[8 + p2];
        System.arraycopy(part1, 0, scramble, 0, 8);
        System.arraycopy(part2, 0, scramble, 8, p2);
        String plugin = r.hasRemaining() ? r.readNulString() : "mysql_native_password";
        return new HandshakeV10(version, id, scramble, caps, collation, status, plugin);
    }
}
