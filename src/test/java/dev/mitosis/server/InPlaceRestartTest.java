package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** An instance restarted in-process on swapped data files serves the new data on the same port. */
class InPlaceRestartTest {
    @Test
    void restartOnSwappedDataClosesSessionsAndServesTheNewData() throws Exception {
        try (TestInstance a = TestInstance.start(); TestInstance b = TestInstance.start()) {
            try (Connection c = b.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE from_b");
                s.execute("CREATE TABLE from_b.t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO from_b.t VALUES (42)");
            }
            Path copy = Files.createTempFile("swap", ".mv.db");
            b.instance().stop();
            Files.copy(b.datadir().resolve("mitosis.mv.db"), copy, StandardCopyOption.REPLACE_EXISTING);
            String uuid = a.instance().serverUuid();
            int port = a.port();
            try (Connection old = a.connect(); Statement os = old.createStatement()) {
                a.instance().restartWithData(dir -> Files.move(copy, dir.resolve("mitosis.mv.db"),
                        StandardCopyOption.REPLACE_EXISTING));
                assertThrows(SQLException.class, () -> os.executeQuery("SELECT 1"), "old sessions are closed");
            }
            assertEquals(port, a.port());
            try (Connection c = a.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, @@server_uuid FROM from_b.t")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
                assertEquals(uuid, rs.getString(2), "the instance keeps its own server_uuid");
            }
        }
    }
}
