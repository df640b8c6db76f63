package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/** Bounded reader over a byte range with the binlog's integer encodings (little-endian unless BE). */
public final class BinlogInput {
    private final byte[] buf;
    private final int end;
    private int pos;

    public BinlogInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public BinlogInput(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("Range " + off + "+" + len + " outside buffer of " + buf.length);
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public int int1() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int peek1() {
        need(1);
        return buf[pos] & 0xFF;
    }

    public int int2() {
        return (int) intLE(2);
    }

    public int int3() {
        return (int) intLE(3);
    }

    public long int4() {
        return intLE(4);
    }

    public long int6() {
        return intLE(6);
    }

    public long int8() {
        return intLE(8);
    }

    public long intLE(int bytes) {
        need(bytes);
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (buf[pos + i] & 0xFF);
        }
        pos += bytes;
        return value;
    }

    public long intBE(int bytes) {
        need(bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (buf[pos + i] & 0xFF);
        }
        pos += bytes;
        return value;
    }

    public long packedInt() {
        int first = int1();
        return switch (first) {
            case 0xFC -> int2();
            case 0xFD -> int3();
            case 0xFE -> int8();
            case 0xFB, 0xFF -> throw new BinlogFormatException("Invalid packed integer prefix 0x"
                    + Integer.toHexString(first) + " at " + (pos - 1));
            default -> first;
        };
    }

    /** A packed integer that must fit an int (lengths and counts). */
    public int packedLength() {
        long value = packedInt();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new BinlogFormatException("Length " + value + " out of range at " + pos);
        }
        return (int) value;
    }

    public byte[] bytes(int count) {
        need(count);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + count);
        pos += count;
        return out;
    }

    public void skip(int count) {
        need(count);
        pos += count;
    }

    public String utf8(int count) {
        need(count);
        String text = new String(buf, pos, count, StandardCharsets.UTF_8);
        pos += count;
        return text;
    }

    /** UTF-8 text up to a NUL byte, which is consumed. */
    public String utf8NulTerminated() {
        int nul = pos;
        while (nul < end && buf[nul] != 0) {
            nul++;
        }
        if (nul == end) {
            throw new BinlogFormatException("Missing NUL terminator after " + pos);
        }
        String text = utf8(nul - pos);
        pos++;
        return text;
    }

    public String utf8Rest() {
        return utf8(remaining());
    }

    public String packedString() {
        return utf8(packedLength());
    }

    public BitSet bitmapLsbFirst(int count) {
        byte[] bytes = bytes((count + 7) / 8);
        BitSet bits = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if ((bytes[i >> 3] & (1 << (i & 7))) != 0) {
                bits.set(i);
            }
        }
        return bits;
    }

    public BitSet bitmapMsbFirst(int count) {
        byte[] bytes = bytes((count + 7) / 8);
        BitSet bits = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if ((bytes[i >> 3] & (0x80 >>> (i & 7))) != 0) {
                bits.set(i);
            }
        }
        return bits;
    }

    /** A reader over the next {@code count} bytes, which this reader skips. */
    public BinlogInput slice(int count) {
        need(count);
        BinlogInput slice = new BinlogInput(buf, pos, count);
        pos += count;
        return slice;
    }

    private void need(int count) {
        if (count < 0 || end - pos < count) {
            throw new BinlogFormatException("Need " + count + " bytes at " + pos + " but only " + (end - pos) + " remain");
        }
    }
}
