package dev.mitosis.replication;

import static dev.mitosis.replication.ReplicationBehaviourTest.status;
import static dev.mitosis.testing.Replication.caughtUp;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.Replication.sourceAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receiver's connection over TLS: SOURCE_SSL, SOURCE_SSL_CA with SOURCE_SSL_VERIFY_SERVER_CERT. */
class SourceSslTest {
    private static String changeSource(TestInstance source, String more) {
        return "CHANGE REPLICATION SOURCE TO SOURCE_HOST='" + source.host() + "', SOURCE_PORT=" + source.port()
                + ", SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=1"
                + ", SOURCE_RETRY_COUNT=2" + more;
    }

    private static Connection tls(TestInstance t) throws SQLException {
        return DriverManager.getConnection(t.mysqlUrlWithDriverDefaults("sslMode=REQUIRED"), "root", "");
    }

    private static void execOver(Connection c, String... sql) throws SQLException {
        try (c; Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    @Test
    void sourceSslReplicatesFromASourceThatRefusesPlainConnectionsAndChecksTheCaWhenAsked() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(61));
             TestInstance b = TestInstance.start(o -> o.serverId(62))) {
            sourceAccount(a);
            exec(a, "SET GLOBAL require_secure_transport = ON");
            // No GET_SOURCE_PUBLIC_KEY: a caching_sha2_password account's full authentication
            // works only because the password travels inside TLS.
            exec(b, changeSource(a, ", SOURCE_SSL=1"), "START REPLICA");
            Map<String, String> connected = status(b, null, m -> "Yes".equals(m.get("Replica_IO_Running")));
            assertEquals("Yes", connected.get("Replica_IO_Running"), connected.toString());
            execOver(tls(a), "CREATE DATABASE enc", "CREATE TABLE enc.t (id INT PRIMARY KEY)", "INSERT INTO enc.t VALUES (7)",
                    "SET GLOBAL require_secure_transport = OFF");
            caughtUp(b, a);
            assertEquals("7", one(b, "SELECT id FROM enc.t"));
            assertEquals("Yes", status(b, null, m -> true).get("Source_SSL_Allowed"));

            // Verifying against a CA that did not sign a's certificate (b's own): refused, 2026.
            exec(b, "STOP REPLICA", changeSource(a, ", SOURCE_SSL=1, SOURCE_SSL_VERIFY_SERVER_CERT=1, SOURCE_SSL_CA='"
                    + b.datadir().resolve("ca.pem") + "'"), "START REPLICA");
            Map<String, String> s = status(b, null, m -> "2026".equals(m.get("Last_IO_Errno")));
            assertEquals("2026", s.get("Last_IO_Errno"), s.toString());
            assertTrue(s.get("Last_IO_Error").contains("SSL connection error"), s.get("Last_IO_Error"));
            // a's CA: accepted.
            exec(b, "STOP REPLICA", changeSource(a, ", SOURCE_SSL=1, SOURCE_SSL_VERIFY_SERVER_CERT=1, SOURCE_SSL_CA='"
                    + a.datadir().resolve("ca.pem") + "'"), "START REPLICA");
            exec(a, "INSERT INTO enc.t VALUES (8)");
            caughtUp(b, a);
            assertEquals("2", one(b, "SELECT COUNT(*) FROM enc.t"));
        }
    }

    @Test
    void sourceSslAgainstASourceWithoutTlsStopsTheReceiverWith2026() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(63).set("tls_version", ""));
             TestInstance b = TestInstance.start(o -> o.serverId(64))) {
            sourceAccount(a);
            exec(b, changeSource(a, ", SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1"), "START REPLICA");
            Map<String, String> s = status(b, null, m -> "No".equals(m.get("Replica_IO_Running")));
            assertEquals("2026", s.get("Last_IO_Errno"), s.toString());
            assertTrue(s.get("Last_IO_Error").contains("SSL is required but the server doesn't support it"),
                    s.get("Last_IO_Error"));
        }
    }
}
