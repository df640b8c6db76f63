package dev.mitosis.protocol.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.server.OutgoingSockets;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The instance-side MySQL client against our own server. */
@ExtendWith(SharedServer.class)
class MysqlClientTest {
    static TestInstance server;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'sha'@'%' IDENTIFIED BY 's3cret'");
            s.execute("CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'n4tive'");
            s.execute("GRANT ALL ON *.* TO 'sha'@'%'");
            s.execute("GRANT SELECT ON mc.* TO 'nat'@'%'");
            s.execute("CREATE DATABASE mc");
            s.execute("CREATE TABLE mc.t (id INT PRIMARY KEY, v VARCHAR(10))");
        }
    }

    static MysqlClient connect(MysqlClient.Options o) throws Exception {
        return MysqlClient.connect(OutgoingSockets.connect(InetAddress.getByName(server.host()), server.port(),
                "127.0.0.1", 5000), o);
    }

    @Test
    void queriesAndErrors() throws Exception {
        try (MysqlClient c = connect(new MysqlClient.Options())) {
            assertEquals("root@localhost", c.query("SELECT CURRENT_USER()").value());
            assertEquals(2, c.execute("INSERT INTO mc.t VALUES (1, 'a'), (2, NULL)"));
            MysqlClient.Result r = c.query("SELECT id, v FROM mc.t ORDER BY id");
            assertEquals(List.of("id", "v"), r.columnNames());
            assertArrayEquals(new String[] {"1", "a"}, r.rows().get(0));
            assertNull(r.rows().get(1)[1]);
            MysqlException e = assertThrows(MysqlException.class, () -> c.query("SELECT * FROM mc.nope"));
            assertEquals(1146, e.code());
            assertEquals("42S02", e.sqlState());
            c.ping();
            assertEquals("1", c.query("SELECT 1").value()); // still usable after an error
        }
    }

    @Test
    void nativePassword() throws Exception {
        try (MysqlClient c = connect(new MysqlClient.Options().user("nat").password("n4tive").database("mc"))) {
            assertEquals("nat@%", c.query("SELECT CURRENT_USER()").value());
        }
        MysqlException e = assertThrows(MysqlException.class,
                () -> connect(new MysqlClient.Options().user("nat").password("bad")));
        assertEquals(1045, e.code());
        assertEquals("28000", e.sqlState());
    }

    @Test
    void cachingSha2FullAuthNeedsThePublicKeyThenFastAuth() throws Exception {
        try (MysqlClient root = connect(new MysqlClient.Options())) {
            root.execute("FLUSH PRIVILEGES"); // empties the caching_sha2 cache
        }
        MysqlException noKey = assertThrows(MysqlException.class,
                () -> connect(new MysqlClient.Options().user("sha").password("s3cret")));
        assertEquals(2061, noKey.code());
        assertEquals("Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure"
                + " connection.", noKey.getMessage());
        MysqlException wrong = assertThrows(MysqlException.class,
                () -> connect(new MysqlClient.Options().user("sha").password("bad").getServerPublicKey(true)));
        assertEquals(1045, wrong.code());
        try (MysqlClient c = connect(new MysqlClient.Options().user("sha").password("s3cret").getServerPublicKey(true))) {
            assertEquals("sha@%", c.query("SELECT CURRENT_USER()").value());
        }
        // the cache now holds the account: fast authentication needs no key
        try (MysqlClient c = connect(new MysqlClient.Options().user("sha").password("s3cret"))) {
            assertEquals("sha@%", c.query("SELECT CURRENT_USER()").value());
        }
        // a key known in advance (SOURCE_PUBLIC_KEY_PATH) is used without asking
        try (MysqlClient root = connect(new MysqlClient.Options())) {
            root.execute("FLUSH PRIVILEGES");
        }
        byte[] pem = server.instance().rsaKeys().publicKeyPem();
        try (MysqlClient c = connect(new MysqlClient.Options().user("sha").password("s3cret").serverPublicKey(pem))) {
            assertEquals("1", c.query("SELECT 1").value());
        }
    }

    @Test
    void hostNotAllowedBeforeTheGreeting() throws Exception {
        try (TestInstance fresh = TestInstance.start()) { // only root@localhost
            MysqlException e = assertThrows(MysqlException.class, () -> MysqlClient.connect(
                    OutgoingSockets.connect(InetAddress.getByName(fresh.host()), fresh.port(), "127.0.0.9", 5000),
                    new MysqlClient.Options()));
            assertEquals(1130, e.code());
            assertEquals("Host '127.0.0.9' is not allowed to connect to this MySQL server", e.getMessage());
        }
    }
}
