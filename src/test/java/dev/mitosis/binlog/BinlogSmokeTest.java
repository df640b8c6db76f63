package dev.mitosis.binlog;

import dev.mitosis.testing.TestInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class BinlogSmokeTest {
    @Test
    void smoke() throws Exception {
        try (TestInstance t = TestInstance.start(); Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE d");
            s.execute("USE d");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), d DATETIME(6), x DECIMAL(10,2), tm TIME, dt DATE)");
            s.execute("INSERT INTO t VALUES (1,'a','2024-01-02 03:04:05.123456', 12.5, '10:11:12', '2020-02-02'), (2,'b',NULL,NULL,NULL,NULL)");
            s.execute("UPDATE t SET v='c' WHERE id=1");
            s.execute("DELETE FROM t WHERE id=2");
            s.execute("BEGIN");
            s.execute("INSERT INTO t (id) VALUES (5)");
            s.execute("ROLLBACK");
            try (ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS")) {
                while (rs.next()) System.out.println(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getLong(5) + " " + rs.getString(6));
            }
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_executed, GTID_SUBSET('', @@GLOBAL.gtid_executed)")) {
                rs.next();
                System.out.println(rs.getString(1) + " " + rs.getString(2));
            }
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOG STATUS")) {
                rs.next();
                System.out.println(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(5));
            }
        }
    }
}
