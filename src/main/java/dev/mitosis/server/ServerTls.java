package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PemCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: the identity from ssl_cert / ssl_key (made in the data directory at first start
 * when none is configured, as MySQL's auto_generate_certs does) and the upgrade of a connection
 * whose client asked for TLS in its SSLRequest. The context is built off the start-up path, so an
 * instance is ready as fast without TLS; the first TLS client waits for it. ALTER INSTANCE RELOAD
 * TLS replaces it for the connections that come after.
 */
final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    private static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /** What is in effect: the files as named (relative ones are in the data directory) and the context. */
    private record State(String[] protocols, String ca, String cert, String key, CompletableFuture<SSLContext> context) {}

    private final Path datadir;
    private volatile State state;

    private ServerTls(Path datadir, State state) {
        this.datadir = datadir;
        this.state = state;
    }

    /**
     * From the options: tls_version (empty: no TLS), ssl_ca, ssl_cert, ssl_key (relative names are
     * in the data directory). Without ssl_cert and ssl_key the auto-generated files are used.
     */
    static ServerTls configure(InstanceConfig config, Path datadir, String serverVersion) {
        String[] protocols = protocols(config.get("tls_version", String.join(",", KNOWN_PROTOCOLS)));
        String cert = config.get("ssl_cert");
        String key = config.get("ssl_key");
        String ca = config.get("ssl_ca");
        if (protocols.length == 0) return new ServerTls(datadir, new State(protocols, "", "", "", null));
        boolean generated = cert == null && key == null;
        if (generated) {
            cert = TlsCertificates.SERVER_CERT;
            key = TlsCertificates.SERVER_KEY;
            if (ca == null) ca = TlsCertificates.CA;
        }
        String caFile = ca == null ? "" : ca;
        String certFile = cert;
        String keyFile = key;
        CompletableFuture<SSLContext> ctx = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                boolean generate = generated && TlsCertificates.absent(datadir);
                if (generate) TlsCertificates.generate(datadir, serverVersion);
                ctx.complete(build(datadir, certFile, keyFile, caFile));
                log.info("TLS ready in {} ms{}", (System.nanoTime() - t0) / 1_000_000,
                        generate ? " (certificates generated in the data directory)" : "");
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.error("TLS is not available: {}", e.toString());
                ctx.completeExceptionally(e);
            }
        }, "mitosis-tls-setup");
        t.setDaemon(true);
        t.start();
        return new ServerTls(datadir, new State(protocols, caFile, certFile, keyFile, ctx));
    }

    private static String[] protocols(String tlsVersion) {
        List<String> wanted = new ArrayList<>();
        for (String p : tlsVersion.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            if (!KNOWN_PROTOCOLS.contains(t)) throw new IllegalArgumentException("unsupported tls_version value '" + t + "'");
            wanted.add(t);
        }
        return wanted.toArray(String[]::new);
    }

    /**
     * ALTER INSTANCE RELOAD TLS: a new context from the files and versions given (the ssl_* and
     * tls_version variables now), for connections from now on. If it cannot be built, the old one
     * stays and 3888 says why; with {@code noRollback} TLS is off instead and the error comes back
     * for a warning.
     */
    MysqlException reload(String ca, String cert, String key, String tlsVersion, boolean noRollback) throws MysqlException {
        try {
            String[] protocols = protocols(tlsVersion);
            CompletableFuture<SSLContext> ctx = null;
            if (protocols.length > 0) {
                if (cert.isEmpty() || key.isEmpty()) throw new IOException("ssl_cert and ssl_key must name files");
                ctx = CompletableFuture.completedFuture(build(datadir, cert, key, ca));
            }
            state = new State(protocols, ca, cert, key, ctx);
            return null;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            MysqlException error = ErrorCode.ER_DA_SSL_LIBRARY_ERROR.exception(e.getMessage());
            if (!noRollback) throw error;
            state = new State(new String[0], ca, cert, key, null);
            return error;
        }
    }

    private static SSLContext build(Path datadir, String cert, String key, String ca) throws IOException, GeneralSecurityException {
        Path certFile = datadir.resolve(cert);
        Path keyFile = datadir.resolve(key);
        Path caFile = ca.isEmpty() ? null : datadir.resolve(ca);
        List<X509Certificate> chain = new ArrayList<>(PemCertificates.read(certFile));
        if (caFile != null && java.nio.file.Files.exists(caFile)) {
            // Send the CA along when the certificate file holds only the leaf, as OpenSSL servers may.
            for (X509Certificate c : PemCertificates.read(caFile)) {
                if (!chain.contains(c) && !c.getSubjectX500Principal().equals(chain.get(0).getSubjectX500Principal())) chain.add(c);
            }
        }
        char[] none = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", TlsCertificates.readKey(keyFile), none, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, none);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    /** Whether the greeting offers TLS: configured, and not known to have failed. */
    boolean enabled() {
        State s = state;
        return s.context() != null && !s.context().isCompletedExceptionally();
    }

    String caFile() { return state.ca(); }
    String certFile() { return state.cert(); }
    String keyFile() { return state.key(); }
    String versions() { return String.join(",", state.protocols()); }

    /**
     * The suites with AES-128-GCM first: as secure for this use, and far cheaper in Java when the
     * server sends a lot (a clone's donor: 2.2 CPU-seconds per GB against 5.6 with AES-256-GCM).
     */
    static String[] preferAes128(String[] suites) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String c : suites) (c.contains("AES_128_GCM") ? first : rest).add(c);
        first.addAll(rest);
        return first.toArray(String[]::new);
    }

    /**
     * Runs the server side of the TLS handshake on {@code raw}, whose first {@code consumed} bytes
     * (the client's hello, read along with its SSLRequest) are already off the socket.
     */
    SSLSocket accept(Socket raw, byte[] consumed) throws IOException {
        State st = state;
        if (st.context() == null) throw new IOException("TLS was turned off");
        SSLContext ctx;
        try {
            ctx = st.context().get();
        } catch (ExecutionException e) {
            throw new IOException("TLS is not available", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while TLS was being set up");
        }
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, new ByteArrayInputStream(consumed), true);
        s.setUseClientMode(false);
        s.setEnabledProtocols(Arrays.copyOf(st.protocols(), st.protocols().length));
        SSLParameters params = s.getSSLParameters();
        params.setCipherSuites(preferAes128(params.getCipherSuites()));
        params.setUseCipherSuitesOrder(true);
        s.setSSLParameters(params);
        s.startHandshake();
        return s;
    }
}
