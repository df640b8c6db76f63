package dev.mitosis.protocol.client;

import dev.mitosis.protocol.PemCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of the connections an instance makes itself, as MySQL's clients have them:
 * REQUIRED encrypts without checking who answers; with a CA file (SOURCE_SSL_CA plus
 * SOURCE_SSL_VERIFY_SERVER_CERT) the server's certificate must chain to it.
 */
public final class ClientTls {
    public enum Mode { DISABLED, PREFERRED, REQUIRED }

    private ClientTls() {}

    /** Encrypts, trusting any certificate (MySQL's ssl-mode REQUIRED). */
    public static SSLContext trustingAnyCertificate() throws GeneralSecurityException {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return c;
    }

    /** Trusts the certificates of a PEM file (ssl-mode VERIFY_CA). */
    public static SSLContext trustingCaFile(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate cert : PemCertificates.read(caPem)) ks.setCertificateEntry("ca" + i++, cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
