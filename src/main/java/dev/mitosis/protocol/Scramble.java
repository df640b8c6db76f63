package dev.mitosis.protocol;

import java.security.SecureRandom;

/** The 20-byte authentication challenge: bytes 0x01..0x7F except '$', as clients expect. */
public final class Scramble {
    public static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scramble() {}

    public static byte[] generate() {
        byte[] s = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int b;
            do {
                b = 1 + RANDOM.nextInt(0x7F);
            } while (b == '$');
            s[i] = (byte) b;
        }
        return s;
    }
}
