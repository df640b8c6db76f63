package dev.mitosis.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** X.509 certificates from a PEM file (ssl_ca, ssl_cert, SOURCE_SSL_CA), for either end of a TLS connection. */
public final class PemCertificates {
    private PemCertificates() {}

    /** Every certificate in the file, in order (a chain or CA bundle holds several); at least one. */
    public static List<X509Certificate> read(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) throw new IOException("no certificate in " + file);
        return out;
    }
}
