package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.protocol.PemCertificates;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate files: generated once, read back in the formats OpenSSL writes. */
class TlsCertificatesTest {
    @Test
    void generatedFilesChainToTheirCaAndKeysReadBackInPkcs8AndOpenSslsOlderFormat(@TempDir Path dir) throws Exception {
        assertTrue(TlsCertificates.absent(dir));
        TlsCertificates.generate(dir, "8.4.3");
        assertTrue(!TlsCertificates.absent(dir));
        X509Certificate ca = PemCertificates.read(dir.resolve("ca.pem")).get(0);
        for (String cert : new String[] {"server-cert.pem", "client-cert.pem"}) {
            X509Certificate c = PemCertificates.read(dir.resolve(cert)).get(0);
            c.verify(ca.getPublicKey());
            assertEquals(ca.getSubjectX500Principal(), c.getIssuerX500Principal());
        }
        assertTrue(Files.readString(dir.resolve("server-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        PrivateKey key = TlsCertificates.readKey(dir.resolve("server-key.pem"));
        // An RSA key as OpenSSL 1.x and MySQL's own auto-generated files have it ("BEGIN RSA PRIVATE KEY").
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey rsa = g.generateKeyPair().getPrivate();
        Path traditional = dir.resolve("traditional.pem");
        try (Writer w = Files.newBufferedWriter(traditional); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(rsa);
        }
        assertTrue(Files.readString(traditional).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertArrayEquals(rsa.getEncoded(), TlsCertificates.readKey(traditional).getEncoded());
        assertEquals("EC", key.getAlgorithm());
        Files.writeString(dir.resolve("empty.pem"), "no key here\n");
        assertThrows(IOException.class, () -> TlsCertificates.readKey(dir.resolve("empty.pem")));
    }
}
