package dev.mitosis.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsePacketsTest {
    @Test
    void okPacket() {
        byte[] b = ResponsePackets.ok(new PayloadWriter(), 300, 5, ServerStatus.AUTOCOMMIT, 1, "info").toByteArray();
        assertArrayEquals(new byte[] {
            0x00,                         // OK header
            (byte) 0xFC, 0x2C, 0x01,      // affected rows 300 as lenenc
            0x05,                         // last insert id
            0x02, 0x00,                   // status: autocommit
            0x01, 0x00,                   // warnings
            0x04, 'i', 'n', 'f', 'o'}, b); // info, length-prefixed as MySQL and MariaDB send it
    }

    @Test
    void errPacketCarriesSqlState() {
        byte[] b = ResponsePackets.err(new PayloadWriter(), 1146, "42S02", "T").toByteArray();
        assertArrayEquals(new byte[] {
            (byte) 0xFF,                  // ERR header
            0x7A, 0x04,                   // 1146
            '#', '4', '2', 'S', '0', '2', // SQLSTATE marker and state
            'T'}, b);
    }

    @Test
    void eofAndResultSetOk() {
        assertArrayEquals(new byte[] {(byte) 0xFE, 0x00, 0x00, 0x22, 0x00},
                ResponsePackets.eof(new PayloadWriter(), 0x22, 0).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xFE, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00},
                ResponsePackets.resultSetOk(new PayloadWriter(), 2, 0).toByteArray());
    }

    @Test
    void greetingLayout() {
        byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new HandshakeV10("8.4.3-mitosis", 9, scramble, Capabilities.SERVER_DEFAULT, 255, 2,
                "caching_sha2_password").write(new PayloadWriter()).toByteArray();
        PayloadReader r = new PayloadReader(b);
        assertEquals(10, r.readInt1());
        assertEquals("8.4.3-mitosis", r.readNulString());
        assertEquals(9, r.readInt4());
        assertArrayEquals("abcdefgh".getBytes(StandardCharsets.US_ASCII), r.readBytes(8));
        assertEquals(0, r.readInt1());
        assertEquals(Capabilities.SERVER_DEFAULT & 0xFFFF, r.readInt2());
        assertEquals(255, r.readInt1());
        assertEquals(2, r.readInt2());
        assertEquals(Capabilities.SERVER_DEFAULT >>> 16, r.readInt2());
        assertEquals(21, r.readInt1());
        assertArrayEquals(new byte[10], r.readBytes(10));
        assertArrayEquals("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII), r.readBytes(13));
        assertEquals("caching_sha2_password", r.readNulString());
        HandshakeV10 back = HandshakeV10.read(new PayloadReader(b));
        assertArrayEquals(scramble, back.scramble());
    }

    @Test
    void handshakeResponseRoundTrip() {
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                | Capabilities.CONNECT_WITH_DB | Capabilities.CONNECT_ATTRS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;
        HandshakeResponse41 r = new HandshakeResponse41(caps, 0, 45, "u", new byte[] {1, 2, 3}, "db",
                "mysql_native_password", Map.of("_client_name", "test"));
        HandshakeResponse41 back = HandshakeResponse41.read(new PayloadReader(r.write(new PayloadWriter()).toByteArray()));
        assertEquals("u", back.user());
        assertEquals("db", back.database());
        assertEquals("mysql_native_password", back.authPlugin());
        assertArrayEquals(new byte[] {1, 2, 3}, back.authResponse());
        assertEquals(Map.of("_client_name", "test"), back.attributes());
    }

    @Test
    void passwordTokensVerify() {
        byte[] scramble = Scramble.generate();
        for (byte b : scramble) assertEquals(true, b >= 1 && b <= 0x7F && b != '$');
        assertEquals(true, NativePassword.verify(NativePassword.hash("secret"),
                NativePassword.clientToken("secret", scramble), scramble));
        assertEquals(false, NativePassword.verify(NativePassword.hash("secret"),
                NativePassword.clientToken("wrong", scramble), scramble));
        // SHA1(SHA1("password")) as MySQL shows it.
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
                NativePassword.authenticationString(NativePassword.hash("password")));
        byte[] cached = CachingSha2Password.doubleHash("secret");
        assertEquals(true, CachingSha2Password.verifyFast(cached, CachingSha2Password.clientToken("secret", scramble), scramble));
        assertEquals(false, CachingSha2Password.verifyFast(cached, CachingSha2Password.clientToken("nope", scramble), scramble));
    }
}
