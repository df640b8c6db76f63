package dev.mitosis.server;

import static dev.mitosis.testing.Replication.checksums;
import static dev.mitosis.testing.Replication.errorOf;
import static dev.mitosis.testing.Replication.exec;
import static dev.mitosis.testing.Replication.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mitosis.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELECT ... INTO @var / OUTFILE / DUMPFILE, with MySQL's results and errors. */
class SelectIntoTest {
    @TempDir
    Path files;

    @Test
    void selectIntoUserVariablesTakesExactlyOneRow() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1));
             Connection c = a.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE v");
            s.execute("CREATE TABLE v.t (id INT PRIMARY KEY, name VARCHAR(10))");
            s.execute("INSERT INTO v.t VALUES (1, 'one'), (2, 'two')");
            assertEquals(1, update(s, "SELECT id, name INTO @i, @n FROM v.t WHERE id = 2"));
            try (ResultSet rs = s.executeQuery("SELECT @i + 1, @n")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
                assertEquals("two", rs.getString(2));
            }
            s.execute("SELECT @@GLOBAL.server_uuid INTO @u");
            assertEquals(one(a, "SELECT @@GLOBAL.server_uuid"), query(s, "SELECT @u"));

            assertEquals(0, update(s, "SELECT id INTO @i FROM v.t WHERE id > 5"));
            SQLWarning w = s.getWarnings();
            assertEquals(1329, w == null ? 0 : w.getErrorCode(), "no row: a warning, the variable keeps its value");
            assertEquals("2", query(s, "SELECT @i"));

            assertEquals(1172, assertThrows(SQLException.class, () -> s.execute("SELECT id INTO @i FROM v.t")).getErrorCode());
            assertEquals(1222, assertThrows(SQLException.class, () -> s.execute("SELECT id INTO @i, @n, @x FROM v.t"))
                    .getErrorCode());
        }
    }

    /** The rows a statement reports (Connector/J's executeUpdate refuses text starting with SELECT). */
    private static int update(Statement s, String sql) throws SQLException {
        assertFalse(s.execute(sql), "no result set");
        return s.getUpdateCount();
    }

    private static String query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void outfileWritesWhatLoadDataReadsBack() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1).set("secure_file_priv", files.toString()))) {
            exec(a, "CREATE DATABASE f", "CREATE TABLE f.t (id INT PRIMARY KEY, s VARCHAR(40), d DATE, n DECIMAL(6,2))",
                    "INSERT INTO f.t VALUES (1, 'tab\\there', '2024-01-01', 1.5), (2, NULL, NULL, NULL),"
                            + " (3, 'q\"x,y', '2024-02-02', -2.25), (4, 'back\\\\slash\\nline', '2024-03-03', 0)",
                    "CREATE TABLE f.plain LIKE f.t", "CREATE TABLE f.csv LIKE f.t");
            String csv = " FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\r\\n'";
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                assertEquals(4, update(s, "SELECT * FROM f.t ORDER BY id INTO OUTFILE '" + files.resolve("plain.txt") + "'"));
                assertEquals(4, update(s, "SELECT * INTO OUTFILE '" + files.resolve("t.csv") + "'" + csv + " FROM f.t"));
                s.execute("LOAD DATA INFILE '" + files.resolve("plain.txt") + "' INTO TABLE f.plain");
                s.execute("LOAD DATA INFILE '" + files.resolve("t.csv") + "' INTO TABLE f.csv" + csv);
            }
            // Escaped as MySQL escapes: the escape character, and the terminators' first characters.
            assertEquals("1\ttab\\\there\t2024-01-01\t1.50\n2\t\\N\t\\N\t\\N\n3\tq\"x,y\t2024-02-02\t-2.25\n"
                    + "4\tback\\\\slash\\\nline\t2024-03-03\t0.00\n", Files.readString(files.resolve("plain.txt")));
            String t = checksums(a, "f.t").replace("f.t", "");
            assertEquals(t, checksums(a, "f.plain").replace("f.plain", ""));
            assertEquals(t, checksums(a, "f.csv").replace("f.csv", ""));
            assertEquals(1086, errorOf(a, "SELECT 1 INTO OUTFILE '" + files.resolve("plain.txt") + "'"), "never overwrites");
        }
    }

    @Test
    void dumpfileWritesOneRowsBytesAndNothingForMore() throws Exception {
        try (TestInstance a = TestInstance.start(o -> o.serverId(1).set("secure_file_priv", files.toString()))) {
            exec(a, "CREATE DATABASE f", "CREATE TABLE f.b (id INT PRIMARY KEY, v VARBINARY(10))",
                    "INSERT INTO f.b VALUES (1, 0x00FF0A5C), (2, 0x41)");
            exec(a, "SELECT v INTO DUMPFILE '" + files.resolve("one.bin") + "' FROM f.b WHERE id = 1");
            assertEquals("00ff0a5c", java.util.HexFormat.of().formatHex(Files.readAllBytes(files.resolve("one.bin"))));
            assertEquals(1172, errorOf(a, "SELECT v INTO DUMPFILE '" + files.resolve("two.bin") + "' FROM f.b"));
            assertFalse(Files.exists(files.resolve("two.bin")), "no file is left behind by a failed statement");
        }
    }

    @Test
    void serverFilesNeedFileAndSecureFilePriv() throws Exception {
        try (TestInstance none = TestInstance.start(o -> o.serverId(1))) {
            assertEquals(1290, errorOf(none, "SELECT 1 INTO OUTFILE '" + files.resolve("x.txt") + "'"));
        }
        try (TestInstance a = TestInstance.start(o -> o.serverId(1).set("secure_file_priv", files.toString()))) {
            assertEquals(1290, errorOf(a, "SELECT 1 INTO OUTFILE '" + files.getParent().resolve("outside.txt") + "'"));
            exec(a, "CREATE USER 'u'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT ON *.* TO 'u'@'%'");
            try (Connection c = java.sql.DriverManager.getConnection(a.mysqlUrl(null, null), "u", "pw");
                 Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.execute("SELECT 1 INTO OUTFILE '" + files.resolve("u.txt") + "'"));
                assertEquals(1045, e.getErrorCode());
            }
            assertFalse(Files.exists(files.resolve("u.txt")));
        }
    }
}
