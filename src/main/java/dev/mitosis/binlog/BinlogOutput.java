package dev.mitosis.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/** Growable byte sink with the binlog's integer encodings: little-endian unless the name says BE. */
public final class BinlogOutput {
    private byte[] buf;
    private int size;

    public BinlogOutput() {
        this(64);
    }

    public BinlogOutput(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public BinlogOutput int1(int value) {
        ensure(1);
        buf[size++] = (byte) value;
        return this;
    }

    public BinlogOutput int2(int value) {
        return intLE(value, 2);
    }

    public BinlogOutput int3(int value) {
        return intLE(value, 3);
    }

    public BinlogOutput int4(long value) {
        return intLE(value, 4);
    }

    public BinlogOutput int6(long value) {
        return intLE(value, 6);
    }

    public BinlogOutput int8(long value) {
        return intLE(value, 8);
    }

    /** The low {@code bytes} bytes of {@code value}, little-endian. */
    public BinlogOutput intLE(long value, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** The low {@code bytes} bytes of {@code value}, big-endian (row images of temporal types, decimals, BIT). */
    public BinlogOutput intBE(long value, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Length-encoded ("packed") integer: {@code < 0xFB} one byte, else 0xFC+2, 0xFD+3, 0xFE+8. */
    public BinlogOutput packedInt(long value) {
        if (value >= 0 && value < 0xFB) {
            return int1((int) value);
        }
        if (value >= 0 && value < 0x10000) {
            return int1(0xFC).int2((int) value);
        }
        if (value >= 0 && value < 0x1000000) {
            return int1(0xFD).int3((int) value);
        }
        return int1(0xFE).int8(value);
    }

    public static int packedIntSize(long value) {
        if (value >= 0 && value < 0xFB) {
            return 1;
        }
        if (value >= 0 && value < 0x10000) {
            return 3;
        }
        if (value >= 0 && value < 0x1000000) {
            return 4;
        }
        return 9;
    }

    public BinlogOutput bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    public BinlogOutput bytes(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
        return this;
    }

    public BinlogOutput zeros(int count) {
        ensure(count);
        size += count;
        return this;
    }

    /** Packed length then UTF-8 bytes. */
    public BinlogOutput packedString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return packedInt(bytes.length).bytes(bytes);
    }

    /** {@code bits} bits, bit i in byte i/8 at position i%8 (LSB first, the row and null bitmaps). */
    public BinlogOutput bitmapLsbFirst(BitSet bits, int count) {
        byte[] bytes = new byte[(count + 7) / 8];
        for (int i = bits.nextSetBit(0); i >= 0 && i < count; i = bits.nextSetBit(i + 1)) {
            bytes[i >> 3] |= (byte) (1 << (i & 7));
        }
        return bytes(bytes);
    }

    /** {@code bits} bits, MSB first (table map optional metadata). */
    public BinlogOutput bitmapMsbFirst(BitSet bits, int count) {
        byte[] bytes = new byte[(count + 7) / 8];
        for (int i = bits.nextSetBit(0); i >= 0 && i < count; i = bits.nextSetBit(i + 1)) {
            bytes[i >> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return bytes(bytes);
    }

    /** Overwrites 4 bytes at {@code at} (event_length and log_pos are known only at the end). */
    public void setInt4(int at, long value) {
        for (int i = 0; i < 4; i++) {
            buf[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
