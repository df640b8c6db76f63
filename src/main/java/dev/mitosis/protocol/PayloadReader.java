package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads MySQL protocol primitives from one packet payload. The only class, with
 * {@link PayloadWriter}, that touches payload bytes. Reading past the end throws
 * {@link MalformedPacketException}, which the session turns into error 1835.
 */
public final class PayloadReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public PayloadReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public PayloadReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    public int position() { return pos; }
    public int remaining() { return end - pos; }
    public boolean hasRemaining() { return pos < end; }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new MalformedPacketException("need " + n + " bytes at " + pos + ", have " + (end - pos));
        }
    }

    public int peek() {
        need(1);
        return buf[pos] & 0xFF;
    }

    public int readInt1() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt2() {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int readInt3() {
        need(3);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16;
        pos += 3;
        return v;
    }

    public long readInt4() {
        need(4);
        long v = (buf[pos] & 0xFFL) | (buf[pos + 1] & 0xFFL) << 8 | (buf[pos + 2] & 0xFFL) << 16
                | (buf[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    public long readInt6() {
        long low = readInt4();
        return low | (long) readInt2() << 32;
    }

    public long readInt8() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    /** A length-encoded integer; returns -1 for the NULL marker 0xFB. */
    public long readLenenc() {
        int first = readInt1();
        if (first < 0xFB) return first;
        return switch (first) {
            case 0xFB -> -1;
            case 0xFC -> readInt2();
            case 0xFD -> readInt3();
            case 0xFE -> readInt8();
            default -> throw new MalformedPacketException("bad length-encoded integer 0xFF");
        };
    }

    public byte[] readBytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public byte[] readLenencBytes() {
        long n = readLenenc();
        if (n < 0) return null;
        if (n > remaining()) throw new MalformedPacketException("length " + n + " beyond packet end");
        return readBytes((int) n);
    }

    public String readLenencString() {
        byte[] b = readLenencBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string; a missing terminator at the end of the packet is tolerated. */
    public byte[] readNulBytes() {
        int start = pos;
        while (pos < end && buf[pos] != 0) pos++;
        byte[] out = java.util.Arrays.copyOfRange(buf, start, pos);
        if (pos < end) pos++;
        return out;
    }

    public String readNulString() {
        return new String(readNulBytes(), StandardCharsets.UTF_8);
    }

    public byte[] readRestBytes() {
        return readBytes(end - pos);
    }

    public String readRestString() {
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }
}
