package dev.mitosis.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketChannelTest {
    private static PacketChannel writer(ByteArrayOutputStream out) {
        return new PacketChannel(new ByteArrayInputStream(new byte[0]), out, () -> { });
    }

    private static PacketChannel reader(byte[] in) {
        return new PacketChannel(new ByteArrayInputStream(in), new ByteArrayOutputStream(), () -> { });
    }

    @Test
    void smallPacketHasHeaderAndSequence() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel c = writer(out);
        c.setSequence(1);
        c.write(new byte[] {0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00});
        c.flush();
        // The OK for SET autocommit=1 in the protocol reference, byte for byte.
        assertArrayEquals(new byte[] {
            0x07, 0x00, 0x00, // payload length 7
            0x01,             // sequence id 1
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}, out.toByteArray());
        assertEquals(2, c.sequence());
    }

    @Test
    void payloadOfExactlyMaxChunkIsFollowedByAnEmptyPacket() throws Exception {
        byte[] payload = new byte[PacketChannel.MAX_CHUNK];
        Arrays.fill(payload, (byte) 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel c = writer(out);
        c.write(payload);
        c.flush();
        byte[] wire = out.toByteArray();
        assertEquals(4 + PacketChannel.MAX_CHUNK + 4, wire.length);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0}, Arrays.copyOfRange(wire, 0, 4));
        assertArrayEquals(new byte[] {0, 0, 0, 1}, Arrays.copyOfRange(wire, wire.length - 4, wire.length));
        PacketChannel r = reader(wire);
        assertArrayEquals(payload, r.read());
        assertEquals(2, r.sequence());
    }

    @Test
    void largePayloadIsSplitAndReassembled() throws Exception {
        byte[] payload = new byte[PacketChannel.MAX_CHUNK * 2 + 10];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel c = writer(out);
        c.write(payload);
        c.flush();
        byte[] wire = out.toByteArray();
        assertEquals(payload.length + 3 * 4, wire.length);
        assertEquals(2, wire[4 + PacketChannel.MAX_CHUNK + 4 + PacketChannel.MAX_CHUNK + 3]);
        assertArrayEquals(payload, reader(wire).read());
    }

    @Test
    void outOfOrderSequenceIsRejected() {
        PacketChannel r = reader(new byte[] {1, 0, 0, 5, 0x0E});
        assertThrows(ProtocolException.class, r::read);
    }

    @Test
    void oversizedPayloadIsRejectedBeforeReading() {
        PacketChannel r = reader(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x0F, 0});
        r.setMaxPayload(1024);
        assertThrows(PacketTooLargeException.class, r::read);
    }

    @Test
    void cleanEndOfStreamIsNullButATruncatedPacketIsAnError() throws Exception {
        assertNull(reader(new byte[0]).read());
        assertThrows(EOFException.class, () -> reader(new byte[] {5, 0, 0, 0, 1, 2}).read());
        assertThrows(EOFException.class, () -> reader(new byte[] {5, 0}).read());
    }
}
