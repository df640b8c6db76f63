package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;

/** OK, ERR and EOF payloads, in both the classic and the CLIENT_DEPRECATE_EOF forms. */
public final class ResponsePackets {
    private ResponsePackets() {}

    public static PayloadWriter ok(PayloadWriter w, long affectedRows, long lastInsertId, int status,
                                   int warnings, String info) {
        w.int1(0x00).lenenc(affectedRows).lenenc(lastInsertId).int2(status).int2(warnings);
        // Length-prefixed, as MySQL's and MariaDB's servers send it and their clients read it
        // (the protocol's "string<EOF>" without CLIENT_SESSION_TRACK is not what they do).
        if (info != null && !info.isEmpty()) w.lenencString(info);
        return w;
    }

    /** The OK packet with header 0xFE that ends a result set under CLIENT_DEPRECATE_EOF. */
    public static PayloadWriter resultSetOk(PayloadWriter w, int status, int warnings) {
        return w.int1(0xFE).lenenc(0).lenenc(0).int2(status).int2(warnings);
    }

    public static PayloadWriter eof(PayloadWriter w, int status, int warnings) {
        return w.int1(0xFE).int2(warnings).int2(status);
    }

    public static PayloadWriter err(PayloadWriter w, int code, String sqlState, String message) {
        return w.int1(0xFF).int2(code).int1('#').string(sqlState).bytes(truncate(message));
    }

    /** ERR before capabilities are known (instead of the greeting): no SQLSTATE part. */
    public static PayloadWriter errPre41(PayloadWriter w, int code, String message) {
        return w.int1(0xFF).int2(code).bytes(truncate(message));
    }

    private static byte[] truncate(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return b.length <= 512 ? b : java.util.Arrays.copyOf(b, 512);
    }
}
