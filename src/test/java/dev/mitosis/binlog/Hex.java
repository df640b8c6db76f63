package dev.mitosis.binlog;

import java.util.HexFormat;

/** Golden-byte helpers: each argument is one field's bytes in hex, spaces allowed. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String... fields) {
        return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static String zeros(int count) {
        return "00".repeat(count);
    }
}
