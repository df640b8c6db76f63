package dev.mitosis.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** The client's reply to the greeting; also the 32-byte SSLRequest prefix of it. */
public record HandshakeResponse41(int capabilities, long maxPacket, int collation, String user,
                                  byte[] authResponse, String database, String authPlugin,
                                  Map<String, String> attributes) {

    public static HandshakeResponse41 read(PayloadReader r) {
        int caps = (int) r.readInt4();
        if ((caps & Capabilities.PROTOCOL_41) == 0) {
            throw new MalformedPacketException("client does not speak protocol 4.1");
        }
        long maxPacket = r.readInt4();
        int collation = r.readInt1();
        r.skip(23);
        String user = r.readNulString();
        byte[] auth;
        if ((caps & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            auth = r.readLenencBytes();
            if (auth == null) auth = new byte[0];
        } else if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
            auth = r.readBytes(r.readInt1());
        } else {
            auth = r.readNulBytes();
        }
        String db = null;
        if ((caps & Capabilities.CONNECT_WITH_DB) != 0 && r.hasRemaining()) {
            db = r.readNulString();
            if (db.isEmpty()) db = null;
        }
        String plugin = null;
        if ((caps & Capabilities.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
            plugin = r.readNulString();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if ((caps & Capabilities.CONNECT_ATTRS) != 0 && r.hasRemaining()) {
            long total = r.readLenenc();
            int stop = r.position() + (int) Math.min(total, r.remaining());
            while (r.position() < stop) {
                String k = r.readLenencString();
                String v = r.readLenencString();
                attrs.put(k, v);
            }
        }
        return new HandshakeResponse41(caps, maxPacket, collation, user, auth, db, plugin, attrs);
    }

    public PayloadWriter write(PayloadWriter w) {
        w.int4(capabilities).int4(maxPacket).int1(collation).zeros(23).nulString(user);
        if ((capabilities & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            w.lenencBytes(authResponse);
        } else {
            w.int1(authResponse.length).bytes(authResponse);
        }
        if ((capabilities & Capabilities.CONNECT_WITH_DB) != 0) w.nulString(database == null ? "" : database);
        if ((capabilities & Capabilities.PLUGIN_AUTH) != 0) w.nulString(authPlugin);
        if ((capabilities & Capabilities.CONNECT_ATTRS) != 0) {
            PayloadWriter a = new PayloadWriter();
            attributes.forEach((k, v) -> a.lenencString(k).lenencString(v));
            w.lenenc(a.length()).bytes(a.array(), 0, a.length());
        }
        return w;
    }
}
