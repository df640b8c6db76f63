package dev.mitosis.server;

import dev.mitosis.protocol.CachingSha2Password;
import dev.mitosis.protocol.Sha256Crypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * How a caching_sha2_password secret is kept in mysql.user.authentication_string: MySQL's
 * {@code $A$005$<20-byte salt><43-char SHA-256-crypt digest>} (rounds = 005 x 1000). The older
 * unsalted {@code $mitosis-sha2$<hex SHA256(SHA256(pw))>} form is still accepted when reading.
 */
final class Sha2Hash {
    static final String LEGACY_PREFIX = "$mitosis-sha2$";
    static final String PREFIX = "$A$";
    static final int SALT_LENGTH = 20;
    static final int DEFAULT_ROUNDS_THOUSANDS = 5;
    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sha2Hash() {}

    static String authenticationString(String password) {
        if (password == null || password.isEmpty()) return "";
        StringBuilder salt = new StringBuilder(SALT_LENGTH);
        for (int i = 0; i < SALT_LENGTH; i++) salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
        return String.format("%s%03X$%s%s", PREFIX, DEFAULT_ROUNDS_THOUSANDS, salt,
                Sha256Crypt.digest(password, salt.toString(), DEFAULT_ROUNDS_THOUSANDS * 1000));
    }

    /** Whether a stored string is one this server can check (empty, $A$ or legacy). */
    static boolean isValid(String stored) {
        if (stored.isEmpty()) return true;
        if (stored.startsWith(LEGACY_PREFIX)) return stored.length() == LEGACY_PREFIX.length() + 64;
        return stored.startsWith(PREFIX) && stored.length() == 7 + SALT_LENGTH + 43 && stored.charAt(6) == '$';
    }

    /** Checks a clear-text password against the stored string. */
    static boolean verify(String stored, String password) {
        if (stored.isEmpty()) return password.isEmpty();
        if (stored.startsWith(LEGACY_PREFIX)) {
            byte[] expected = HexFormat.of().parseHex(stored.substring(LEGACY_PREFIX.length()));
            return MessageDigest.isEqual(expected, CachingSha2Password.doubleHash(password));
        }
        if (!isValid(stored)) return false;
        int rounds = Integer.parseInt(stored.substring(3, 6), 16) * 1000;
        String salt = stored.substring(7, 7 + SALT_LENGTH);
        String digest = Sha256Crypt.digest(password.getBytes(StandardCharsets.UTF_8),
                salt.getBytes(StandardCharsets.ISO_8859_1), rounds);
        return MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                stored.substring(7 + SALT_LENGTH).getBytes(StandardCharsets.US_ASCII));
    }
}
