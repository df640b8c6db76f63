package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.protocol.CachingSha2Password;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** caching_sha2_password secrets in MySQL's $A$005$ form, and the legacy unsalted form. */
class Sha2HashTest {
    @Test
    void saltedFormatVerifies() {
        String a = Sha2Hash.authenticationString("pw");
        String b = Sha2Hash.authenticationString("pw");
        assertTrue(a.startsWith("$A$005$"));
        assertEquals(70, a.length());
        assertNotEquals(a, b);
        assertTrue(Sha2Hash.isValid(a));
        assertTrue(Sha2Hash.verify(a, "pw"));
        assertTrue(Sha2Hash.verify(b, "pw"));
        assertFalse(Sha2Hash.verify(a, "pW"));
        assertEquals("", Sha2Hash.authenticationString(""));
        assertTrue(Sha2Hash.verify("", ""));
        assertFalse(Sha2Hash.verify("", "x"));
        assertFalse(Sha2Hash.isValid("$A$005$short"));
    }

    @Test
    void legacyUnsaltedFormatStillVerifies() {
        String legacy = Sha2Hash.LEGACY_PREFIX + HexFormat.of().formatHex(CachingSha2Password.doubleHash("old"));
        assertTrue(Sha2Hash.verify(legacy, "old"));
        assertFalse(Sha2Hash.verify(legacy, "new"));
    }
}
