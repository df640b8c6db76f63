package dev.mitosis.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;

/** The RSA key pair for caching_sha2_password full authentication over plain TCP. */
public final class RsaKeys {
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    private final KeyPair pair;
    private final byte[] publicPem;

    private RsaKeys(KeyPair pair) {
        this.pair = pair;
        this.publicPem = toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII);
    }

    public static RsaKeys generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new RsaKeys(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** X.509 SubjectPublicKeyInfo PEM with LF line endings (clients split on '\n'). */
    public byte[] publicKeyPem() {
        return publicPem;
    }

    public byte[] decrypt(byte[] cipherText) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        return c.doFinal(cipherText);
    }

    /** Client side: encrypt with a PEM key received from a server. */
    public static byte[] encrypt(byte[] pem, byte[] plain) throws GeneralSecurityException {
        String text = new String(pem, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        Cipher c = Cipher.getInstance(OAEP);
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(plain);
    }

    private static String toPem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
