package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mitosis.testing.Cli;
import dev.mitosis.testing.TestInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A logical backup taken with mariadb-dump (executable comments, information_schema and SHOW
 * queries, views) loads into another instance with the mariadb client and gives back the same
 * tables, definitions, views and rows.
 */
class MariadbDumpTest {
    static final String SCHEMA = """
            CREATE DATABASE shop;
            CREATE TABLE shop.item (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40) NOT NULL, price DECIMAL(8,2),
              made DATE, note TEXT, code VARCHAR(10) COLLATE utf8mb4_bin, body TEXT COLLATE utf8mb4_bin,
              big BIGINT UNSIGNED, ratio DOUBLE, at DATETIME(6), seen TIMESTAMP NULL, tm TIME, y YEAR, blob_col BLOB,
              kind ENUM('a','b') DEFAULT 'a', country CHAR(2), iso CHAR(3) COLLATE utf8mb4_bin, qty INT DEFAULT 5, label VARCHAR(20) DEFAULT 'it''s', doc JSON,
              created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
              changed DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
              UNIQUE KEY uq_name (name), KEY k_made (made));
            INSERT INTO shop.item (name, price, made, note, code, body, big, ratio, at, seen, tm, y, blob_col, kind, doc,
              country, iso)
              VALUES ('a''b', 1.50, '2024-01-02', 'line\\none', 'Code', 'Body', 18446744073709551615, 2.5,
                      '2024-01-02 03:04:05.123456', '2024-05-06 07:08:09', '12:34:56', 2024, X'00FF27', 'b', '{"k": [1, 2]}',
                      'US', 'USA'),
                     ('c', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'a', NULL, NULL, NULL);
            CREATE TABLE shop.log (a INT, b VARCHAR(5));
            INSERT INTO shop.log VALUES (1, 'x'), (1, 'x');
            CREATE TABLE shop.a_line (id INT PRIMARY KEY, item_id INT, qty INT,
              CONSTRAINT fk_item FOREIGN KEY (item_id) REFERENCES shop.item (id) ON DELETE CASCADE);
            INSERT INTO shop.a_line VALUES (1, 1, 3), (2, 2, 4);
            CREATE TABLE shop.flags (id INT PRIMARY KEY, active BIT(1), mask BIT(12));
            INSERT INTO shop.flags VALUES (1, b'1', b'101010111100'), (2, 0, 0), (3, NULL, 4095);
            CREATE VIEW shop.cheap (id, name) AS SELECT id, name FROM shop.item WHERE price < 2 OR price IS NULL;
            """;

    @Test
    void aDumpOfOneInstanceLoadsIntoAnotherWithTheSameTablesViewsAndRows() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1)); TestInstance b = TestInstance.start(o -> o.serverId(2))) {
            Cli.Result setup = Cli.run(Cli.mariadb(a), SCHEMA, 60);
            assertEquals(0, setup.exitCode(), setup.all());

            Cli.Result dump = dump(a);
            assertEquals(0, dump.exitCode(), dump.all());
            assertEquals("", dump.stderr());
            String sql = dump.stdout();
            assertTrue(sql.contains("/*!50001 VIEW `cheap` (id, name) AS SELECT id, name FROM shop.item"), sql);
            assertTrue(sql.contains("`code` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL"), sql);

            Cli.Result load = Cli.run(Cli.mariadb(b), sql, 120);
            assertEquals(0, load.exitCode(), load.all());

            for (String q : List.of("CHECKSUM TABLE shop.item, shop.log, shop.flags, shop.a_line", "SHOW CREATE TABLE shop.a_line",
                    "SELECT id, active + 0, mask + 0 FROM shop.flags ORDER BY id", "SHOW CREATE TABLE shop.item",
                    "SHOW CREATE TABLE shop.log", "SHOW CREATE VIEW shop.cheap", "SELECT * FROM shop.cheap ORDER BY id",
                    "SHOW FULL TABLES FROM shop", "SELECT code FROM shop.item WHERE code = 'code'")) {
                assertEquals(rows(a, q), rows(b, q), q);
            }
            assertEquals(List.of(), rows(b, "SELECT code FROM shop.item WHERE code = 'code'"), "utf8mb4_bin kept");
            assertEquals(List.of("1"), rows(b, "SELECT COUNT(*) FROM shop.item WHERE name = 'A''B'"), "case-insensitive kept");
            assertEquals(List.of("1\t0"), rows(b, "SELECT COUNT(*), SUM(iso = 'usa') FROM shop.item WHERE country = 'us'"),
                    "CHAR compares without case, CHAR COLLATE utf8mb4_bin with it");
            // The reloaded instance dumps to the same text: nothing was lost or changed on the way.
            Cli.Result again = dump(b);
            assertEquals(0, again.exitCode(), again.all());
            assertEquals(sql, again.stdout());
            // a_line comes first in the dump, before the table its foreign key names: the key is added
            // once the dump turns foreign_key_checks back on, and it holds.
            Cli.Result cascade = Cli.run(Cli.mariadb(b, "-N", "-e", "DELETE FROM shop.item WHERE id = 1;"
                    + " SELECT COUNT(*) FROM shop.a_line"), null, 30);
            assertEquals("1\n", cascade.stdout(), cascade.all());
        }
    }

    @Test
    void versionedCommentsRunAndObjectsMitosisLacksListAsEmpty() throws Exception {
        try (TestInstance a = TestInstance.start()) {
            Cli.Result r = Cli.run(Cli.mariadb(a), """
                    /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
                    SELECT @@SESSION.sql_mode AS mode /*!90000 , 'later' AS never */;
                    SHOW TRIGGERS; SHOW EVENTS; SHOW PROCEDURE STATUS; SHOW FUNCTION STATUS;
                    SELECT COUNT(*) AS n FROM information_schema.triggers;
                    SELECT COUNT(*) AS n FROM information_schema.routines;
                    """, 60);
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().contains("NO_AUTO_VALUE_ON_ZERO"), r.stdout());
            assertFalse(r.stdout().contains("later"), r.stdout());
            assertEquals(2, r.stdout().lines().filter(l -> l.equals("0")).count(), r.stdout());
        }
    }

    @Test
    void allDatabasesDumpThroughTheMysqlSchemaAndItsLogTables() throws Exception {
        try (TestInstance a = TestInstance.start()) {
            assertEquals(0, Cli.run(Cli.mariadb(a, "-e", "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY);"
                    + " INSERT INTO app.t VALUES (7)"), null, 60).exitCode());
            Cli.Result r = Cli.run(List.of(Cli.require("mariadb-dump"), "--protocol=TCP", "-h", a.host(),
                    "-P", Integer.toString(a.port()), "-u", "root", "--skip-ssl", "--all-databases"), null, 120);
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().contains("INSERT INTO `t` VALUES\n(7)") || r.stdout().contains("INSERT INTO `t` VALUES (7)"),
                    r.stdout());
            assertTrue(r.stdout().contains("CREATE TABLE IF NOT EXISTS `general_log`"), r.stdout());
            assertTrue(r.stdout().contains("CREATE TABLE IF NOT EXISTS `slow_log`"), r.stdout());
            assertTrue(r.stdout().contains("-- Dumping data for table `user`"), r.stdout());
            assertTrue(r.stdout().contains("-- Dump completed"), r.stdout());
            // Into another instance: the mysql schema's DDL and GTID rows are refused (3552; --force
            // goes on), the application data arrives, and b's GTID state stays its own.
            try (TestInstance b = TestInstance.start()) {
                String gtidsBefore = rows(b, "SELECT @@GLOBAL.gtid_executed").get(0);
                Cli.Result load = Cli.run(Cli.mariadb(b, "--force"), r.stdout(), 120);
                assertTrue(load.stderr().contains("ERROR 3552"), load.stderr());
                assertEquals(List.of("7"), rows(b, "SELECT id FROM app.t"));
                String uuidA = rows(a, "SELECT @@server_uuid").get(0);
                assertFalse(rows(b, "SELECT @@GLOBAL.gtid_executed").get(0).contains(uuidA));
                assertTrue(rows(b, "SELECT @@GLOBAL.gtid_executed").get(0).startsWith(gtidsBefore.split(":")[0]));
                assertEquals(List.of("0"), rows(b, "SELECT COUNT(*) FROM mysql.gtid_executed WHERE source_uuid = '" + uuidA + "'"));
            }
        }
    }

    private static Cli.Result dump(TestInstance t) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Cli.require("mariadb-dump"), "--protocol=TCP", "-h", t.host(),
                "-P", Integer.toString(t.port()), "-u", "root", "--skip-ssl", "--skip-dump-date", "--single-transaction", "--hex-blob",
                "--routines", "--events", "--triggers", "--databases", "shop"));
        return Cli.run(cmd, null, 120);
    }

    private static List<String> rows(TestInstance t, String query) throws Exception {
        Cli.Result r = Cli.run(Cli.mariadb(t, "--batch", "--skip-column-names", "-e", query), null, 60);
        assertEquals(0, r.exitCode(), r.all());
        return r.stdout().lines().toList();
    }
}
