package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.SharedServer;
import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logins and refusals, grants and the scenario's plugin statements through the mariadb CLI. */
@ExtendWith(SharedServer.class)
class AccountsCliTest {
    static TestInstance server;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'cli_sha'@'%' IDENTIFIED BY 'pw'");
            s.execute("CREATE USER 'cli_nat'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'");
            s.execute("CREATE USER 'cli_locked'@'%' IDENTIFIED WITH mysql_native_password BY 'pw' ACCOUNT LOCK");
            s.execute("CREATE USER 'cli_host'@'127.0.0.3' IDENTIFIED WITH mysql_native_password BY 'pw'");
            s.execute("CREATE DATABASE db1");
            s.execute("CREATE TABLE db1.t (id INT PRIMARY KEY)");
            s.execute("CREATE DATABASE db2");
            s.execute("GRANT SELECT ON db1.* TO 'cli_nat'@'%'");
        }
    }

    static Cli.Result as(String user, String password, String sql, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Cli.require("mariadb"), "--protocol=TCP", "-h", server.host(),
                "-P", Integer.toString(server.port()), "-u", user, "--skip-ssl", "--batch"));
        if (password != null) cmd.add("-p" + password);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-e", sql));
        return Cli.run(cmd, null, 30);
    }

    @Test
    void refusalsCarryMysqlErrors() throws Exception {
        Cli.Result wrong = as("cli_nat", "nope", "SELECT 1");
        assertEquals(1, wrong.exitCode(), wrong.all());
        assertTrue(wrong.stderr().contains("ERROR 1045 (28000): Access denied for user 'cli_nat'@'localhost'"
                + " (using password: YES)"), wrong.all());
        Cli.Result locked = as("cli_locked", "pw", "SELECT 1");
        assertTrue(locked.stderr().contains("ERROR 3118 (HY000): Access denied for user 'cli_locked'@'localhost'."
                + " Account is locked."), locked.all());
        // 'cli_host'@'127.0.0.3' from 127.0.0.1 (localhost) and from 127.0.0.4: no such account there
        Cli.Result host = as("cli_host", "pw", "SELECT 1");
        assertTrue(host.stderr().contains("ERROR 1045 (28000)"), host.all());
        // (the CLI cannot choose its source address; LoopbackHostsTest covers admission from 127.0.0.3)
    }

    @Test
    void cachingSha2AccountLogsIn() throws Exception {
        Cli.Result r = as("cli_sha", "pw", "SELECT CURRENT_USER()");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("cli_sha@%"), r.all());
        Cli.Result wrong = as("cli_sha", "bad", "SELECT 1");
        assertTrue(wrong.stderr().contains("ERROR 1045 (28000)"), wrong.all());
    }

    @Test
    void selectOnlyUserThroughTheCli() throws Exception {
        Cli.Result read = as("cli_nat", "pw", "SELECT COUNT(*) FROM db1.t");
        assertEquals(0, read.exitCode(), read.all());
        Cli.Result write = as("cli_nat", "pw", "INSERT INTO db1.t VALUES (1)");
        assertError(write, "ERROR 1142 (42000)", "INSERT command denied to user 'cli_nat'@'localhost' for table 't'");
        assertError(as("cli_nat", "pw", "USE db2"), "ERROR 1044 (42000)",
                "Access denied for user 'cli_nat'@'%' to database 'db2'");
        assertError(as("cli_nat", "pw", "SET GLOBAL max_connections = 10"), "ERROR 1227 (42000)",
                "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation");
    }

    /** The CLI prints "ERROR code (state) at line n: message" for script statements. */
    static void assertError(Cli.Result r, String codeAndState, String message) {
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stderr().contains(codeAndState), r.all());
        assertTrue(r.stderr().contains(": " + message), r.all());
    }

    @Test
    void scenarioStepsOneAndTwo() throws Exception {
        Cli.Result r = Cli.run(Cli.mariadb(server, "--batch"), """
                INSTALL PLUGIN clone SONAME 'mysql_clone.so';
                SELECT plugin_name, plugin_status FROM information_schema.plugins WHERE plugin_name = 'clone';
                CREATE USER 'donor_clone_user'@'mysql-c' IDENTIFIED BY 'strong-pw';
                GRANT ALL PRIVILEGES ON *.* TO 'donor_clone_user'@'mysql-c';
                GRANT BACKUP_ADMIN ON *.* TO 'donor_clone_user'@'mysql-c';
                SHOW GRANTS FOR 'donor_clone_user'@'mysql-c';
                """, 60);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("PLUGIN_NAME\tPLUGIN_STATUS\nclone\tACTIVE\n"), r.all());
        assertTrue(r.stdout().contains("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD"), r.all());
        assertTrue(r.stdout().contains("BACKUP_ADMIN"), r.all());
    }
}
