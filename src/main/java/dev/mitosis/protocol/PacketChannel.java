package dev.mitosis.protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * MySQL packet framing over a byte stream: 3-byte length, 1-byte sequence id, payload, with
 * payloads of 16 MiB - 1 or more split into maximal chunks (and a trailing empty chunk when the
 * length is an exact multiple). Sequence ids are tracked here: {@link #resetSequence()} at the
 * start of each command, then every packet read or written takes the next number.
 */
public final class PacketChannel implements AutoCloseable {
    public static final int MAX_CHUNK = 0xFFFFFF;
    /** Bytes of a packet header: 3 of length, 1 of sequence id. */
    public static final int HEADER = 4;

    private InputStream in;
    private OutputStream out;
    private final AutoCloseable resource;
    private int sequence;
    private long maxPayload = 1L << 30;
    private final byte[] header = new byte[4];
    private int lastLength;

    public PacketChannel(InputStream in, OutputStream out, AutoCloseable resource) {
        this.in = in instanceof BufferedInputStream ? in : new Input(in);
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 16 * 1024);
        this.resource = resource;
    }

    /** A read buffer whose unread bytes can be handed over (to a TLS layer started mid-stream). */
    private static final class Input extends BufferedInputStream {
        Input(InputStream in) {
            super(in, 16 * 1024);
        }

        synchronized byte[] takeUnread() {
            byte[] rest = Arrays.copyOfRange(buf, pos, count);
            pos = count;
            return rest;
        }
    }

    /**
     * The bytes already read from the connection but not yet consumed as packets; the read
     * buffer is empty afterwards. For a TLS layer started mid-stream: they are its first bytes.
     */
    public byte[] takeUnread() throws IOException {
        out.flush();
        return in instanceof Input i ? i.takeUnread() : new byte[0];
    }

    /** Continues on other streams over the same connection (TLS after an SSLRequest); the sequence goes on. */
    public void switchStreams(InputStream newIn, OutputStream newOut) {
        this.in = new Input(newIn);
        this.out = new BufferedOutputStream(newOut, 16 * 1024);
    }

    /** The largest payload accepted from the peer (max_allowed_packet); larger ones fail the read. */
    public void setMaxPayload(long maxPayload) {
        this.maxPayload = maxPayload;
    }

    public void resetSequence() { sequence = 0; }
    public int sequence() { return sequence; }
    public void setSequence(int sequence) { this.sequence = sequence & 0xFF; }

    /** Reads one logical packet; returns null on a clean end of stream before any header byte. */
    public byte[] read() throws IOException {
        return read(null);
    }

    /**
     * Reads one logical packet into {@code reuse} when it is one piece that fits, else into a new
     * array of its size; the payload's length is {@link #lastLength()}. Null at a clean end of
     * stream before any header byte.
     */
    public byte[] read(byte[] reuse) throws IOException {
        byte[] payload = null;
        int total = 0;
        while (true) {
            if (!readFully(header, total == 0 && payload == null)) return null;
            int len = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            int seq = header[3] & 0xFF;
            if (seq != sequence) {
                throw new ProtocolException("packets out of order: expected " + sequence + ", got " + seq);
            }
            sequence = (sequence + 1) & 0xFF;
            if ((long) total + len > maxPayload) {
                throw new PacketTooLargeException();
            }
            if (payload == null) {
                payload = reuse != null && len < MAX_CHUNK && len <= reuse.length ? reuse : new byte[len];
            } else {
                payload = Arrays.copyOf(payload, total + len);
            }
            if (!readFully(payload, total, len)) throw new EOFException("connection closed mid-packet");
            total += len;
            lastLength = total;
            if (len < MAX_CHUNK) return payload;
        }
    }

    /** The payload length of the packet the last read returned. */
    public int lastLength() {
        return lastLength;
    }

    private boolean readFully(byte[] b, boolean eofAllowed) throws IOException {
        int n = in.read(b, 0, 1);
        if (n < 0) {
            if (eofAllowed) return false;
            throw new EOFException("connection closed mid-packet");
        }
        return readFully(b, 1, b.length - 1) || eofFail();
    }

    private static boolean eofFail() throws EOFException {
        throw new EOFException("connection closed mid-packet");
    }

    private boolean readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) return false;
            off += n;
            len -= n;
        }
        return true;
    }

    /** Queues one logical packet (split as needed); call {@link #flush()} to send. */
    public void write(byte[] payload, int length) throws IOException {
        int off = 0;
        while (true) {
            int chunk = Math.min(MAX_CHUNK, length - off);
            out.write(chunk & 0xFF);
            out.write((chunk >>> 8) & 0xFF);
            out.write((chunk >>> 16) & 0xFF);
            out.write(sequence);
            sequence = (sequence + 1) & 0xFF;
            out.write(payload, off, chunk);
            off += chunk;
            if (chunk < MAX_CHUNK) return;
        }
    }

    /**
     * Queues one packet whose payload already sits in {@code frame} after {@link #HEADER}
     * free bytes, which take the packet header: the payload is written as it is, not copied.
     * The payload must be shorter than {@link #MAX_CHUNK}.
     */
    public void writeFramed(byte[] frame, int payloadLength) throws IOException {
        if (payloadLength >= MAX_CHUNK) throw new IllegalArgumentException("payload of " + payloadLength + " bytes");
        frame[0] = (byte) payloadLength;
        frame[1] = (byte) (payloadLength >>> 8);
        frame[2] = (byte) (payloadLength >>> 16);
        frame[3] = (byte) sequence;
        sequence = (sequence + 1) & 0xFF;
        out.write(frame, 0, HEADER + payloadLength);
    }

    public void write(byte[] payload) throws IOException {
        write(payload, payload.length);
    }

    public void write(PayloadWriter payload) throws IOException {
        write(payload.array(), payload.length());
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing a dead socket fails harmlessly
        }
    }
}
