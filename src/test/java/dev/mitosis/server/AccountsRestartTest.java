package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts, passwords, grants and plugins live in the instance's data: a restart keeps them. */
class AccountsRestartTest {
    @Test
    void everythingSurvivesARestart() throws Exception {
        try (TestInstance t = TestInstance.start()) {
            List<String> grantsBefore;
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY)");
                s.execute("CREATE USER 'donor_clone_user'@'localhost' IDENTIFIED BY 'pw1'");
                s.execute("GRANT ALL PRIVILEGES ON *.* TO 'donor_clone_user'@'localhost'");
                s.execute("CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY 'pw2'");
                s.execute("GRANT SELECT, INSERT ON app.* TO 'app'@'%'");
                s.execute("GRANT DELETE ON app.t TO 'app'@'%'");
                s.execute("CREATE USER 'locked'@'%' IDENTIFIED BY 'pw3' ACCOUNT LOCK");
                s.execute("INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
                grantsBefore = PrivilegesTest.rows(s, "SHOW GRANTS FOR 'app'@'%'");
            }
            t.restart();
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                assertEquals(grantsBefore, PrivilegesTest.rows(s, "SHOW GRANTS FOR 'app'@'%'"));
                assertEquals(List.of("GRANT USAGE ON *.* TO `app`@`%`", "GRANT SELECT, INSERT ON `app`.* TO `app`@`%`",
                        "GRANT DELETE ON `app`.`t` TO `app`@`%`"), grantsBefore);
                assertEquals(List.of("clone | ACTIVE"), PluginsTest.rows(s, PluginsTest.QUERY));
            }
            // caching_sha2's cache is empty after a restart: this login is a full (RSA) authentication
            try (Connection c = DriverManager.getConnection(t.mysqlUrl(null, null), "donor_clone_user", "pw1");
                 Statement s = c.createStatement()) {
                assertEquals(List.of("donor_clone_user@localhost"), PrivilegesTest.rows(s, "SELECT CURRENT_USER()"));
            }
            try (Connection c = DriverManager.getConnection(t.mysqlUrl("app", null), "app", "pw2");
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (1)");
                s.execute("DELETE FROM t");
                assertEquals(1142, assertThrows(SQLException.class, () -> s.execute("DROP TABLE t")).getErrorCode());
            }
            assertEquals(3118, assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(t.mysqlUrl(null, null), "locked", "pw3").close()).getErrorCode());
        }
    }
}
