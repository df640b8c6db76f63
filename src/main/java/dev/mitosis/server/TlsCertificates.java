package dev.mitosis.server;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The PEM files of a server's TLS identity: made at first start when the data directory has none
 * (MySQL's auto_generate_certs: ca.pem, server-cert.pem, client-cert.pem and their keys, signed by
 * a CA of their own), and read back, including files an administrator made with openssl.
 */
final class TlsCertificates {
    static final String CA = "ca.pem";
    static final String CA_KEY = "ca-key.pem";
    static final String SERVER_CERT = "server-cert.pem";
    static final String SERVER_KEY = "server-key.pem";
    static final String CLIENT_CERT = "client-cert.pem";
    static final String CLIENT_KEY = "client-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(10 * 365);
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsCertificates() {}

    /** True when none of the files exist: MySQL generates only then, and never overwrites. */
    static boolean absent(Path dir) {
        for (String f : new String[] {CA, CA_KEY, SERVER_CERT, SERVER_KEY, CLIENT_CERT, CLIENT_KEY}) {
            if (Files.exists(dir.resolve(f))) return false;
        }
        return true;
    }

    /**
     * Writes a new CA and a server and a client certificate it signed. Keys are EC P-256, which
     * every TLS 1.2/1.3 client accepts and which takes milliseconds to make (RSA 2048: ~100 ms each).
     */
    static void generate(Path dir, String serverVersion) throws IOException, GeneralSecurityException {
        String prefix = "Mitosis_Server_" + serverVersion + "_Auto_Generated_";
        KeyPair ca = newKey();
        X500Name caName = new X500Name("CN=" + prefix + "CA_Certificate");
        X509Certificate caCert = sign(caName, ca, caName, ca.getPrivate(), true);
        KeyPair server = newKey();
        X509Certificate serverCert = sign(new X500Name("CN=" + prefix + "Server_Certificate"), server, caName,
                ca.getPrivate(), false);
        KeyPair client = newKey();
        X509Certificate clientCert = sign(new X500Name("CN=" + prefix + "Client_Certificate"), client, caName,
                ca.getPrivate(), false);
        writeKey(dir.resolve(CA_KEY), ca.getPrivate());
        writeKey(dir.resolve(SERVER_KEY), server.getPrivate());
        writeKey(dir.resolve(CLIENT_KEY), client.getPrivate());
        writePem(dir.resolve(CA), caCert);
        writePem(dir.resolve(SERVER_CERT), serverCert);
        writePem(dir.resolve(CLIENT_CERT), clientCert);
    }

    /**
     * A private key in PEM: PKCS#8 ("PRIVATE KEY", what this class writes) is read by the JDK
     * itself; OpenSSL's older RSA/EC key formats go through Bouncy Castle.
     */
    static PrivateKey readKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            for (String algorithm : new String[] {"EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException notThisAlgorithm) {
                    // try the next
                }
            }
        }
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try (Reader r = new StringReader(pem); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PrivateKeyInfo k) return conv.getPrivateKey(k);
                if (o instanceof PEMKeyPair k) {
                    // A key pair carries the curve or modulus in its public half.
                    return k.getPublicKeyInfo() != null ? conv.getKeyPair(k).getPrivate() : conv.getPrivateKey(k.getPrivateKeyInfo());
                }
            }
        }
        throw new IOException("no unencrypted private key in " + file);
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair key, X500Name issuer, PrivateKey issuerKey, boolean ca)
            throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(63, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), subject, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            // Unlike MySQL's, the certificate names the loopback host, so clients that check the
            // server's identity (VERIFY_IDENTITY, --ssl-verify-server-cert) accept a local server.
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
        }
        b.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), as OpenSSL 3 writes keys. */
    private static void writeKey(Path file, PrivateKey key) throws IOException {
        writePem(file, new JcaPKCS8Generator(key, null));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own defaults apply.
        }
    }

    private static void writePem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
    }
}
