package dev.mitosis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SHA-256-crypt digests checked against `openssl passwd -5` (5000 rounds). */
class Sha256CryptTest {
    @Test
    void matchesOpenssl() {
        assertEquals("5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5", Sha256Crypt.digest("Hello world!", "saltstring", 5000));
        assertEquals("Do/d.1MYvNjooRg5jK5HH12zCSkI2wzPQM5078VD487",
                Sha256Crypt.digest("a-much-longer-password-of-more-than-32-bytes-in-total!!", "saltstring", 5000));
        assertEquals("bWOoCRTKNT.aiY/gJjvk1HjBYuRpcYQmcc5hqf6H4T4", Sha256Crypt.digest("pässwörd", "saltstring", 5000));
        assertEquals("swKSdZEgrLPMVdQjJSeFA9ImjefqQiZkkxwaEJ87HkA", Sha256Crypt.digest("secret", "ABCDEFGHIJKLMNOP", 5000));
    }
}
