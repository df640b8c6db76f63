package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * caching_sha2_password. The fast path checks a token against SHA256(SHA256(pw)), which the
 * server only knows after one full authentication (the "cache", as in MySQL, emptied by a
 * restart). Full authentication gets the clear password over TLS or RSA and checks it against the
 * stored salted hash.
 */
public final class CachingSha2Password {
    public static final String PLUGIN = "caching_sha2_password";
    public static final byte REQUEST_PUBLIC_KEY = 0x02;
    public static final byte FAST_AUTH_OK = 0x03;
    public static final byte PERFORM_FULL_AUTH = 0x04;

    private CachingSha2Password() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA256(SHA256(password)): what the fast path needs. */
    public static byte[] doubleHash(String password) {
        MessageDigest md = sha256();
        return md.digest(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] clientToken(String password, byte[] scramble) {
        if (password == null || password.isEmpty()) return new byte[0];
        MessageDigest md = sha256();
        byte[] stage1 = md.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = md.digest(stage1);
        md.update(stage2);
        md.update(scramble, 0, Scramble.LENGTH);
        byte[] mix = md.digest();
        for (int i = 0; i < stage1.length; i++) stage1[i] ^= mix[i];
        return stage1;
    }

    /** Checks a fast-path token against the cached SHA256(SHA256(pw)). */
    public static boolean verifyFast(byte[] cachedDoubleHash, byte[] token, byte[] scramble) {
        if (token.length != 32) return false;
        MessageDigest md = sha256();
        md.update(cachedDoubleHash);
        md.update(scramble, 0, Scramble.LENGTH);
        byte[] mix = md.digest();
        byte[] stage1 = new byte[32];
        for (int i = 0; i < 32; i++) stage1[i] = (byte) (token[i] ^ mix[i]);
        return MessageDigest.isEqual(md.digest(stage1), cachedDoubleHash);
    }

    /** XOR of the NUL-terminated password with the scramble, cyclically: the RSA plaintext. */
    public static byte[] xorWithScramble(byte[] data, byte[] scramble) {
        byte[] out = data.clone();
        for (int i = 0; i < out.length; i++) out[i] ^= scramble[i % Scramble.LENGTH];
        return out;
    }
}
