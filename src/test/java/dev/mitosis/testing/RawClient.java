package dev.mitosis.testing;

import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.HandshakeResponse41;
import dev.mitosis.protocol.HandshakeV10;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import dev.mitosis.protocol.PayloadWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/** A bare protocol client for tests that need to send exactly chosen bytes. */
public final class RawClient implements AutoCloseable {
    public final Socket socket;
    public final PacketChannel channel;

    public RawClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(5000);
        channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    public HandshakeV10 readGreeting() throws IOException {
        channel.resetSequence();
        return HandshakeV10.read(new PayloadReader(channel.read()));
    }

    /** Logs in as root with no password; returns the server's final reply payload. */
    public byte[] loginAsRoot() throws IOException {
        readGreeting();
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                | Capabilities.LONG_PASSWORD | Capabilities.TRANSACTIONS | Capabilities.MULTI_STATEMENTS
                | Capabilities.MULTI_RESULTS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;
        HandshakeResponse41 r = new HandshakeResponse41(caps, 1 << 24, 255, "root", new byte[0], null,
                "caching_sha2_password", Map.of());
        channel.write(r.write(new PayloadWriter()));
        channel.flush();
        return channel.read();
    }

    /** Sends one command packet (sequence 0) and returns the first reply packet, or null. */
    public byte[] command(byte[] payload) throws IOException {
        channel.resetSequence();
        channel.write(payload);
        channel.flush();
        return channel.read();
    }

    public OutputStream rawOut() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void close() {
        channel.close();
    }
}
