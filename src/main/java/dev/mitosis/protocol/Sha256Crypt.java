package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SHA-256-crypt as specified by U. Drepper ("Unix crypt using SHA-256 and SHA-512"), the
 * function behind caching_sha2_password's stored secret. Salt length is not limited to 16 here:
 * MySQL uses 20 bytes.
 */
public final class Sha256Crypt {
    private static final char[] ALPHABET =
            "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int[][] ORDER = {
            {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
            {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};

    private Sha256Crypt() {}

    /** The 43-character encoded digest of {@code password} with {@code salt} and {@code rounds}. */
    public static String digest(byte[] password, byte[] salt, int rounds) {
        MessageDigest md = CachingSha2Password.sha256();
        int pl = password.length;
        int sl = salt.length;

        md.update(password);
        md.update(salt);
        md.update(password);
        byte[] b = md.digest();

        md.update(password);
        md.update(salt);
        int cnt;
        for (cnt = pl; cnt > 32; cnt -= 32) md.update(b, 0, 32);
        md.update(b, 0, cnt);
        for (cnt = pl; cnt > 0; cnt >>= 1) {
            if ((cnt & 1) != 0) md.update(b, 0, 32);
            else md.update(password);
        }
        byte[] a = md.digest();

        for (int i = 0; i < pl; i++) md.update(password);
        byte[] dp = md.digest();
        byte[] p = repeat(dp, pl);

        for (int i = 0; i < 16 + (a[0] & 0xFF); i++) md.update(salt);
        byte[] ds = md.digest();
        byte[] s = repeat(ds, sl);

        byte[] c = a;
        for (int i = 0; i < rounds; i++) {
            if ((i & 1) != 0) md.update(p);
            else md.update(c);
            if (i % 3 != 0) md.update(s);
            if (i % 7 != 0) md.update(p);
            if ((i & 1) != 0) md.update(c);
            else md.update(p);
            c = md.digest();
        }

        StringBuilder out = new StringBuilder(43);
        for (int[] g : ORDER) encode(out, c[g[0]], c[g[1]], c[g[2]], 4);
        encode(out, (byte) 0, c[31], c[30], 3);
        return out.toString();
    }

    public static String digest(String password, String salt, int rounds) {
        return digest(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.ISO_8859_1), rounds);
    }

    private static byte[] repeat(byte[] src, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = src[i % src.length];
        return out;
    }

    private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int n) {
        int w = ((b2 & 0xFF) << 16) | ((b1 & 0xFF) << 8) | (b0 & 0xFF);
        for (int i = 0; i < n; i++) {
            out.append(ALPHABET[w & 0x3F]);
            w >>>= 6;
        }
    }
}
