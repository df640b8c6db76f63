package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds one packet payload from MySQL protocol primitives. */
public final class PayloadWriter {
    private byte[] buf;
    private int len;

    public PayloadWriter() {
        this(128);
    }

    public PayloadWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public PayloadWriter reset() {
        len = 0;
        return this;
    }

    public int length() { return len; }
    public byte[] array() { return buf; }
    public byte[] toByteArray() { return Arrays.copyOf(buf, len); }

    public PayloadWriter int1(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public PayloadWriter int2(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    public PayloadWriter int3(int v) {
        ensure(3);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        return this;
    }

    public PayloadWriter int4(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    public PayloadWriter int6(long v) {
        ensure(6);
        for (int i = 0; i < 6; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    public PayloadWriter int8(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    public PayloadWriter lenenc(long v) {
        if (v >= 0 && v < 0xFB) return int1((int) v);
        if (v >= 0 && v < 0x10000) return int1(0xFC).int2((int) v);
        if (v >= 0 && v < 0x1000000) return int1(0xFD).int3((int) v);
        return int1(0xFE).int8(v);
    }

    public PayloadWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public PayloadWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public PayloadWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    public PayloadWriter lenencBytes(byte[] b) {
        return lenenc(b.length).bytes(b);
    }

    public PayloadWriter lenencString(String s) {
        return lenencBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter nulString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    public PayloadWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
