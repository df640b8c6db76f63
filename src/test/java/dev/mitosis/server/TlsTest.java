package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.protocol.Capabilities;
import dev.mitosis.protocol.PayloadWriter;
import dev.mitosis.protocol.PemCertificates;
import dev.mitosis.testing.Cli;
import dev.mitosis.testing.RawClient;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TLS as MySQL clients use it: SSLRequest, generated certificates, full auth over TLS, require_secure_transport. */
@ExtendWith(SharedServer.class)
class TlsTest {
    static TestInstance server;

    @BeforeAll
    static void accounts() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'tls_sha'@'%' IDENTIFIED BY 'tls-pw'");
        }
    }

    private static String status(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    @Test
    void theFirstStartWritesMysqlsCertificateFilesIntoTheDataDirectory() throws Exception {
        for (String f : List.of("ca.pem", "ca-key.pem", "server-cert.pem", "server-key.pem", "client-cert.pem", "client-key.pem")) {
            assertTrue(Files.size(server.datadir().resolve(f)) > 0, f);
        }
        X509Certificate ca = PemCertificates.read(server.datadir().resolve("ca.pem")).get(0);
        X509Certificate cert = PemCertificates.read(server.datadir().resolve("server-cert.pem")).get(0);
        cert.verify(ca.getPublicKey());
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@have_ssl, @@ssl_ca, @@ssl_cert, @@ssl_key, @@tls_version")) {
            rs.next();
            assertEquals("YES", rs.getString(1));
            assertEquals("ca.pem", rs.getString(2));
            assertEquals("server-cert.pem", rs.getString(3));
            assertEquals("server-key.pem", rs.getString(4));
            assertEquals("TLSv1.2,TLSv1.3", rs.getString(5));
        }
    }

    @Test
    void connectorJsDefaultConnectionIsTlsAndFullAuthNeedsNoPublicKey() throws Exception {
        // Connector/J's defaults: sslMode=PREFERRED, allowPublicKeyRetrieval=false. Without TLS
        // a caching_sha2_password account not yet in the cache could not log in this way.
        try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("allowPublicKeyRetrieval=false"), "tls_sha", "tls-pw")) {
            assertEquals("TLSv1.3", status(c, "Ssl_version"));
            // The server's preference, over the AES-256 suite the client lists first.
            assertEquals("TLS_AES_128_GCM_SHA256", status(c, "Ssl_cipher"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
                rs.next();
                assertEquals("tls_sha@%", rs.getString(1));
            }
        }
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "tls_sha", "wrong").close());
        assertEquals(1045, e.getErrorCode());
        try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=DISABLED&allowPublicKeyRetrieval=true"), "root", "")) {
            assertEquals("", status(c, "Ssl_cipher"));
        }
    }

    @Test
    void clientsVerifyTheServerAgainstTheGeneratedCa(@TempDir Path tmp) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemCertificates.read(server.datadir().resolve("ca.pem")).get(0));
        Path store = tmp.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        String verify = "sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=" + store.toUri()
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit";
        try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults(verify), "root", "")) {
            assertTrue(status(c, "Ssl_version").startsWith("TLSv1."));
        }
        Cli.Result r = Cli.run(List.of(Cli.require("mariadb"), "--protocol=TCP", "-h", "127.0.0.1", "-P",
                Integer.toString(server.port()), "-uroot", "--ssl-verify-server-cert",
                "--ssl-ca=" + server.datadir().resolve("ca.pem"), "--batch", "--skip-column-names",
                "-e", "SHOW SESSION STATUS LIKE 'Ssl_version'"), null, 30);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("TLSv1."), r.all());
    }

    @Test
    void anAccountThatRequiresSslLogsInOnlyOverTls() throws Exception {
        String plain = "sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE USER 'tls_only'@'%' IDENTIFIED BY 'pw' REQUIRE SSL");
            try (ResultSet rs = s.executeQuery("SHOW CREATE USER 'tls_only'@'%'")) {
                rs.next();
                assertTrue(rs.getString(1).contains(" REQUIRE SSL "), rs.getString(1));
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(server.mysqlUrlWithDriverDefaults(plain), "tls_only", "pw").close());
            assertEquals(1045, e.getErrorCode());
            assertEquals("28000", e.getSQLState());
            try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "tls_only", "pw")) {
                assertTrue(status(c, "Ssl_version").startsWith("TLSv1."));
            }
            s.execute("ALTER USER 'tls_only'@'%' REQUIRE NONE");
            DriverManager.getConnection(server.mysqlUrlWithDriverDefaults(plain), "tls_only", "pw").close();
            SQLException x509 = assertThrows(SQLException.class, () -> s.execute("ALTER USER 'tls_only'@'%' REQUIRE X509"));
            assertEquals(1235, x509.getErrorCode());
        }
    }

    @Test
    void requireSecureTransportRefusesPlainConnectionsWith3159() throws Exception {
        try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
            s.execute("SET GLOBAL require_secure_transport = ON");
            try {
                SQLException e = assertThrows(SQLException.class,
                        () -> DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=DISABLED&allowPublicKeyRetrieval=true"), "root", "").close());
                assertEquals(3159, e.getErrorCode());
                assertEquals("HY000", e.getSQLState());
                assertTrue(e.getMessage().contains("--require_secure_transport=ON"), e.getMessage());
                try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "tls_sha", "tls-pw")) {
                    assertTrue(status(c, "Ssl_version").startsWith("TLSv1."));
                }
            } finally {
                s.execute("SET GLOBAL require_secure_transport = OFF");
            }
        }
    }

    @Test
    void aTlsHandshakeThatGoesWrongCostsOnlyThatConnection() throws Exception {
        try (RawClient raw = new RawClient("127.0.0.1", server.port())) {
            assertTrue((raw.readGreeting().capabilities() & Capabilities.SSL) != 0);
            PayloadWriter sslRequest = new PayloadWriter().int4(Capabilities.PROTOCOL_41 | Capabilities.SSL
                    | Capabilities.SECURE_CONNECTION).int4(1 << 24).int1(255).bytes(new byte[23]);
            raw.channel.write(sslRequest);
            raw.channel.flush();
            raw.rawOut().write("this is not a TLS ClientHello".getBytes());
            raw.rawOut().flush();
            // A TLS alert record (type 21), then the end of the connection.
            byte[] rest = raw.socket.getInputStream().readAllBytes();
            assertTrue(rest.length == 0 || rest[0] == 21, "unexpected reply of " + rest.length + " bytes");
        }
        try (Connection c = DriverManager.getConnection(server.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "root", "")) {
            assertTrue(status(c, "Ssl_version").startsWith("TLSv1."));
        }
    }

    @Test
    void anEmptyTlsVersionTurnsTlsOffAndConfiguredFilesAreUsedAsGiven(@TempDir Path certs) throws Exception {
        try (TestInstance plain = TestInstance.start(b -> b.set("tls_version", ""))) {
            try (RawClient raw = new RawClient("127.0.0.1", plain.port())) {
                assertEquals(0, raw.readGreeting().capabilities() & Capabilities.SSL);
            }
            assertFalse(Files.exists(plain.datadir().resolve("ca.pem")));
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(plain.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "root", "").close());
            assertTrue(e.getMessage().toLowerCase().contains("ssl"), e.getMessage());
        }
        // Files made elsewhere (here: a second generated set), named by absolute paths.
        TlsCertificates.generate(certs, "other");
        try (TestInstance given = TestInstance.start(b -> b.set("ssl_ca", certs.resolve("ca.pem"))
                .set("ssl_cert", certs.resolve("server-cert.pem")).set("ssl_key", certs.resolve("server-key.pem")))) {
            assertFalse(Files.exists(given.datadir().resolve("ca.pem")), "nothing generated when files are configured");
            Cli.Result ok = verifiedCli(given, certs.resolve("ca.pem"));
            assertEquals(0, ok.exitCode(), ok.all());
            Cli.Result wrongCa = verifiedCli(given, server.datadir().resolve("ca.pem"));
            assertTrue(wrongCa.exitCode() != 0, "a certificate from another CA is refused: " + wrongCa.all());
        }
    }

    @Test
    void alterInstanceReloadTlsTakesTheFilesTheVariablesNameAndKeepsTheOldOnesWhenTheyFail(@TempDir Path certs)
            throws Exception {
        TlsCertificates.generate(certs, "rotated");
        try (TestInstance t = TestInstance.start(b -> { });
             Connection admin = t.connect(); Statement s = admin.createStatement()) {
            assertEquals(0, verifiedCli(t, t.datadir().resolve("ca.pem")).exitCode());
            s.execute("SET GLOBAL ssl_ca = '" + certs.resolve("ca.pem") + "'");
            s.execute("SET GLOBAL ssl_cert = '" + certs.resolve("server-cert.pem") + "'");
            s.execute("SET GLOBAL ssl_key = '" + certs.resolve("server-key.pem") + "'");
            assertEquals("server-cert.pem", globalStatus(s, "Current_tls_cert"), "nothing changes before the reload");
            s.execute("ALTER INSTANCE RELOAD TLS");
            assertEquals(certs.resolve("server-cert.pem").toString(), globalStatus(s, "Current_tls_cert"));
            assertEquals(0, verifiedCli(t, certs.resolve("ca.pem")).exitCode());
            assertTrue(verifiedCli(t, t.datadir().resolve("ca.pem")).exitCode() != 0);

            s.execute("SET GLOBAL ssl_cert = '" + certs.resolve("missing.pem") + "'");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("ALTER INSTANCE RELOAD TLS"));
            assertEquals(3888, e.getErrorCode());
            assertTrue(e.getMessage().startsWith("Failed to set up SSL because of the following SSL library error: "),
                    e.getMessage());
            assertEquals(0, verifiedCli(t, certs.resolve("ca.pem")).exitCode(), "the old context stays");

            s.execute("ALTER INSTANCE RELOAD TLS NO ROLLBACK ON ERROR");
            try (ResultSet rs = s.executeQuery("SHOW WARNINGS")) {
                assertTrue(rs.next());
                assertEquals(3888, rs.getInt(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT @@have_ssl")) {
                rs.next();
                assertEquals("DISABLED", rs.getString(1));
            }
            assertThrows(SQLException.class, () -> DriverManager.getConnection(t.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "root", "").close());

            s.execute("CREATE USER 'no_admin'@'%' IDENTIFIED BY 'pw'");
            try (Connection c = DriverManager.getConnection(t.mysqlUrlWithDriverDefaults("sslMode=DISABLED&allowPublicKeyRetrieval=true"), "no_admin", "pw");
                 Statement u = c.createStatement()) {
                assertEquals(1227, assertThrows(SQLException.class, () -> u.execute("ALTER INSTANCE RELOAD TLS")).getErrorCode());
            }
            assertEquals(1235, assertThrows(SQLException.class,
                    () -> s.execute("ALTER INSTANCE ROTATE INNODB MASTER KEY")).getErrorCode());
        }
    }

    private static String globalStatus(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    private static Cli.Result verifiedCli(TestInstance t, Path ca) throws Exception {
        return Cli.run(List.of(Cli.require("mariadb"), "--protocol=TCP", "-h", "127.0.0.1", "-P",
                Integer.toString(t.port()), "-uroot", "--ssl-verify-server-cert", "--ssl-ca=" + ca, "--batch",
                "-e", "SELECT 1"), null, 30);
    }
}
