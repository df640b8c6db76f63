package dev.mitosis.server;

import dev.mitosis.protocol.CachingSha2Password;
import java.util.HexFormat;

/** How a caching_sha2_password secret is kept in mysql.user.authentication_string. */
final class Sha2Hash {
    static final String PREFIX = "$mitosis-sha2$";

    private Sha2Hash() {}

    static String authenticationString(String password) {
        if (password == null || password.isEmpty()) return "";
        return PREFIX + HexFormat.of().formatHex(CachingSha2Password.doubleHash(password));
    }
}
