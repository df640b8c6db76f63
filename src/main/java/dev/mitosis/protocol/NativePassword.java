package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** mysql_native_password: stored SHA1(SHA1(pw)), challenge-response over the scramble. */
public final class NativePassword {
    public static final String PLUGIN = "mysql_native_password";

    private NativePassword() {}

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored secret SHA1(SHA1(password)); empty for an empty password. */
    public static byte[] hash(String password) {
        if (password == null || password.isEmpty()) return new byte[0];
        MessageDigest md = sha1();
        return md.digest(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** How mysql.user shows it: '*' and 40 upper-case hex digits. */
    public static String authenticationString(byte[] hash) {
        return hash.length == 0 ? "" : "*" + HexFormat.of().withUpperCase().formatHex(hash);
    }

    public static byte[] parseAuthenticationString(String s) {
        return s == null || s.isEmpty() ? new byte[0] : HexFormat.of().parseHex(s.substring(1));
    }

    public static byte[] clientToken(String password, byte[] scramble) {
        if (password == null || password.isEmpty()) return new byte[0];
        MessageDigest md = sha1();
        byte[] stage1 = md.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = md.digest(stage1);
        md.update(scramble, 0, Scramble.LENGTH);
        byte[] mix = md.digest(stage2);
        for (int i = 0; i < stage1.length; i++) stage1[i] ^= mix[i];
        return stage1;
    }

    public static boolean verify(byte[] storedHash, byte[] token, byte[] scramble) {
        if (storedHash.length == 0) return isEmpty(token);
        if (token.length != 20) return false;
        MessageDigest md = sha1();
        md.update(scramble, 0, Scramble.LENGTH);
        byte[] mix = md.digest(storedHash);
        byte[] stage1 = new byte[20];
        for (int i = 0; i < 20; i++) stage1[i] = (byte) (token[i] ^ mix[i]);
        return MessageDigest.isEqual(md.digest(stage1), storedHash);
    }

    static boolean isEmpty(byte[] token) {
        return token.length == 0 || (token.length == 1 && token[0] == 0);
    }
}
