package dev.mitosis.clone;

import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static dev.mitosis.testing.SqlAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** CLONE INSTANCE ... [REQUIRE [NO] SSL]: TLS when the donor offers it, as MySQL's clone does. */
class CloneTlsTest {
    private static void setUp(TestInstance donor, TestInstance recipient) throws Exception {
        exec(donor, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'", "CREATE USER 'backup'@'%' IDENTIFIED BY 'pw'",
                "GRANT BACKUP_ADMIN ON *.* TO 'backup'@'%'", "CREATE DATABASE tlsdb",
                "CREATE TABLE tlsdb.t (id INT PRIMARY KEY)", "INSERT INTO tlsdb.t VALUES (1), (2), (3)");
        exec(recipient, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'",
                "SET GLOBAL clone_valid_donor_list = '" + donor.host() + ":" + donor.port() + "'");
    }

    private static String from(TestInstance donor, String clause) {
        return "CLONE INSTANCE FROM 'backup'@'" + donor.host() + "':" + donor.port() + " IDENTIFIED BY 'pw'" + clause;
    }

    @Test
    void withoutAClauseTheCloneUsesTlsAndRequireNoSslDoesNot() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(71));
             TestInstance recipient = TestInstance.start(o -> o.serverId(72))) {
            setUp(donor, recipient);
            // A donor that accepts only TLS: REQUIRE NO SSL cannot connect (3862 wrapping 3159).
            exec(donor, "SET GLOBAL require_secure_transport = ON");
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                SQLException e = assertError(3862, "HY000", () -> s.execute(from(donor, " REQUIRE NO SSL")));
                assertTrue(e.getMessage().contains("3159"), e.getMessage());
            }
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                s.execute(from(donor, ""));
            } catch (SQLException closedByRestart) {
                // The recipient restarted on the cloned data.
            }
            assertEquals("Completed", one(recipient, "SELECT STATE FROM performance_schema.clone_status"));
            assertEquals("3", one(recipient, "SELECT COUNT(*) FROM tlsdb.t"));
        }
    }

    @Test
    void requireSslFromADonorWithoutTlsIsRefused() throws Exception {
        try (TestInstance donor = TestInstance.start(o -> o.serverId(73).set("tls_version", ""));
             TestInstance recipient = TestInstance.start(o -> o.serverId(74))) {
            setUp(donor, recipient);
            try (Connection c = recipient.connect(); Statement s = c.createStatement()) {
                SQLException e = assertError(3862, "HY000", () -> s.execute(from(donor, " REQUIRE SSL")));
                assertTrue(e.getMessage().contains("2026"), e.getMessage());
            }
            assertEquals("1", one(recipient, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'mysql'"));
        }
    }
}
