package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INSTALL / UNINSTALL PLUGIN, information_schema.PLUGINS, SHOW PLUGINS, plugin-load-add, restarts. */
class PluginsTest {
    static final String QUERY = "SELECT plugin_name, plugin_status FROM information_schema.plugins WHERE plugin_name = 'clone'";

    static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? " | " : "").append(rs.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void installTwiceUnknownUninstallAndRestart() throws Exception {
        try (TestInstance t = TestInstance.start()) {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                assertEquals(List.of(), rows(s, QUERY));
                assertTrue(rows(s, "SELECT plugin_name FROM information_schema.plugins").contains("caching_sha2_password"));
                s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
                assertEquals(List.of("clone | ACTIVE"), rows(s, QUERY));
                assertEquals(List.of("clone | ACTIVE"), rows(s,
                        "SELECT PLUGIN_NAME, PLUGIN_STATUS FROM INFORMATION_SCHEMA.PLUGINS WHERE PLUGIN_NAME = 'clone'"));
                assertEquals(List.of("clone | 1.0 | ACTIVE | CLONE | 1.0 | mysql_clone.so | 1.11 | Oracle Corporation"
                        + " | CLONE PLUGIN | GPL | ON"), rows(s, "SELECT * FROM information_schema.plugins WHERE plugin_name = 'clone'"));
                try (ResultSet rs = s.executeQuery("SELECT * FROM information_schema.plugins")) {
                    List<String> cols = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) cols.add(rs.getMetaData().getColumnLabel(i));
                    assertEquals(List.of("PLUGIN_NAME", "PLUGIN_VERSION", "PLUGIN_STATUS", "PLUGIN_TYPE",
                            "PLUGIN_TYPE_VERSION", "PLUGIN_LIBRARY", "PLUGIN_LIBRARY_VERSION", "PLUGIN_AUTHOR",
                            "PLUGIN_DESCRIPTION", "PLUGIN_LICENSE", "LOAD_OPTION"), cols);
                }
                assertTrue(rows(s, "SHOW PLUGINS").contains("clone | ACTIVE | CLONE | mysql_clone.so | GPL"));
                assertEquals(List.of("clone | mysql_clone.so"), rows(s, "SELECT name, dl FROM mysql.plugin"));
                SQLException twice = assertThrows(SQLException.class,
                        () -> s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'"));
                assertEquals(1125, twice.getErrorCode());
                assertEquals("Function 'clone' already exists", twice.getMessage());
                SQLException unknown = assertThrows(SQLException.class,
                        () -> s.execute("INSTALL PLUGIN nope SONAME 'nope.so'"));
                assertEquals(1126, unknown.getErrorCode());
                assertEquals("Can't open shared library '/usr/lib/mysql/plugin/nope.so' (errno: 2 /usr/lib/mysql/plugin/"
                        + "nope.so: cannot open shared object file: No such file or directory)", unknown.getMessage());
                assertEquals(1127, assertThrows(SQLException.class,
                        () -> s.execute("INSTALL PLUGIN other SONAME 'mysql_clone.so'")).getErrorCode());
            }
            assertTrue(t.instance().plugins().isActive("clone"));
            t.restart();
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                assertEquals(List.of("clone | ACTIVE"), rows(s, QUERY));
                s.execute("UNINSTALL PLUGIN clone");
                assertEquals(List.of(), rows(s, QUERY));
                SQLException gone = assertThrows(SQLException.class, () -> s.execute("UNINSTALL PLUGIN clone"));
                assertEquals(1305, gone.getErrorCode());
                assertEquals("PLUGIN clone does not exist", gone.getMessage());
            }
            t.restart();
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                assertEquals(List.of(), rows(s, QUERY));
            }
        }
    }

    @Test
    void pluginLoadAddAtStart() throws Exception {
        try (TestInstance t = TestInstance.start(o -> o.set("plugin-load-add", "mysql_clone.so"))) {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                assertEquals(List.of("clone | ACTIVE"), rows(s, QUERY));
                assertEquals(List.of(), rows(s, "SELECT name FROM mysql.plugin"));
                assertEquals(1125, assertThrows(SQLException.class,
                        () -> s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'")).getErrorCode());
            }
        }
    }
}
