package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.client.MysqlClient;
import dev.mitosis.testing.TestInstance;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on 127.0.0.2 and 127.0.0.3: host-scoped accounts on the first admit only
 * connections that originate from the address (or the mapped name) they name.
 */
class LoopbackHostsTest {
    static TestInstance a;
    static TestInstance b;
    static Path hostsFile;

    @BeforeAll
    static void start() throws Exception {
        hostsFile = Files.createTempFile("mitosis-hosts", ".txt");
        Files.writeString(hostsFile, "# node names\n");
        a = TestInstance.start(o -> o.bindAddress("127.0.0.2").set("host-map", "mysql-c=127.0.0.3")
                .set("hosts-file", hostsFile.toString()));
        b = TestInstance.start(o -> o.bindAddress("127.0.0.3").set("host-map", "mysql-b=127.0.0.2"));
        try (Connection c = a.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'u'@'127.0.0.3' IDENTIFIED BY 'pw'");
            s.execute("CREATE USER 'donor_clone_user'@'mysql-c' IDENTIFIED BY 'pw'");
            s.execute("GRANT BACKUP_ADMIN ON *.* TO 'donor_clone_user'@'mysql-c'");
            s.execute("CREATE USER 'net'@'127.0.0.0/255.255.255.248' IDENTIFIED BY 'pw'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        b.close();
        a.close();
        Files.deleteIfExists(hostsFile);
    }

    static Connection from(String source, String user) throws SQLException {
        return DriverManager.getConnection(a.mysqlUrl(null, "localSocketAddress=" + source), user, "pw");
    }

    static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER(), USER()")) {
            rs.next();
            return rs.getString(1) + " " + rs.getString(2);
        }
    }

    @Test
    void ipAccountAdmitsOnlyItsAddress() throws Exception {
        try (Connection c = from("127.0.0.3", "u")) {
            assertEquals("u@127.0.0.3 u@mysql-c", currentUser(c));
        }
        // From 127.0.0.1 the host is known (root@localhost) but no 'u' account matches it.
        SQLException local = assertThrows(SQLException.class, () -> from("127.0.0.1", "u").close());
        assertEquals(1045, local.getErrorCode());
        assertEquals("Access denied for user 'u'@'localhost' (using password: YES)", local.getMessage());
        // 127.0.0.4 matches the netmask account only
        SQLException other = assertThrows(SQLException.class, () -> from("127.0.0.4", "u").close());
        assertEquals(1045, other.getErrorCode());
        assertEquals("Access denied for user 'u'@'127.0.0.4' (using password: YES)", other.getMessage());
        try (Connection c = from("127.0.0.4", "net")) {
            assertEquals("net@127.0.0.0/255.255.255.248 net@127.0.0.4", currentUser(c));
        }
        // 127.0.0.9 matches no account at all: refused before the greeting
        SQLException unknown = assertThrows(SQLException.class, () -> from("127.0.0.9", "u").close());
        assertEquals(1130, unknown.getErrorCode());
        assertTrue(unknown.getMessage().contains("Host '127.0.0.9' is not allowed to connect to this MySQL server"), unknown.getMessage());
    }

    @Test
    void hostNameAccountMatchesTheMappedAddress() throws Exception {
        try (Connection c = from("127.0.0.3", "donor_clone_user")) {
            assertEquals("donor_clone_user@mysql-c donor_clone_user@mysql-c", currentUser(c));
        }
        assertEquals(1045, assertThrows(SQLException.class, () -> from("127.0.0.4", "donor_clone_user").close())
                .getErrorCode());
        assertEquals(1045, assertThrows(SQLException.class, () -> from("127.0.0.1", "donor_clone_user").close())
                .getErrorCode());
    }

    @Test
    void instanceOutgoingConnectionsStartFromItsBindAddress() throws Exception {
        // b resolves mysql-b to a's address and connects from its own bind address, 127.0.0.3 (= mysql-c for a)
        try (Socket socket = OutgoingSockets.connect(b.instance(), "mysql-b", a.port(), null, 5000)) {
            assertEquals(InetAddress.getByName("127.0.0.3"), socket.getLocalAddress());
            try (MysqlClient client = MysqlClient.connect(socket, new MysqlClient.Options().user("donor_clone_user")
                    .password("pw").getServerPublicKey(true))) {
                assertEquals("donor_clone_user@mysql-c", client.query("SELECT CURRENT_USER()").value());
                AccountPrivileges p = a.instance().accounts().privilegesOf("donor_clone_user", "mysql-c");
                Privileges.requireCloneDonor(p);
            }
        }
        // a channel's SOURCE_BIND overrides the bind address
        try (Socket socket = OutgoingSockets.connect(b.instance(), "mysql-b", a.port(), "127.0.0.4", 5000)) {
            MysqlException e = assertThrows(MysqlException.class, () -> MysqlClient.connect(socket,
                    new MysqlClient.Options().user("donor_clone_user").password("pw").getServerPublicKey(true)));
            assertEquals(1045, e.code());
        }
    }

    @Test
    void hostsFileIsReadAgainWhenItChanges() throws Exception {
        try (Connection c = a.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'e'@'mysql-e' IDENTIFIED BY 'pw'");
        }
        assertEquals(1130, assertThrows(SQLException.class, () -> from("127.0.0.21", "e").close()).getErrorCode());
        Files.writeString(hostsFile, "# node names\n127.0.0.21   mysql-e\n");
        Files.setLastModifiedTime(hostsFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        try (Connection c = from("127.0.0.21", "e")) {
            assertEquals("e@mysql-e e@mysql-e", currentUser(c));
        }
        assertEquals(InetAddress.getByName("127.0.0.21"), a.instance().hostNames().resolve("mysql-e"));
    }
}
