package dev.mitosis.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables a statement touches, for privilege checks. */
class TableRefsTest {
    static String refs(String sql) {
        StringBuilder b = new StringBuilder();
        for (TableRefs.Ref r : TableRefs.of(sql, StatementClassifier.classify(sql))) {
            if (b.length() > 0) b.append(", ");
            b.append(r.schema() == null ? "" : r.schema() + ".").append(r.table()).append(':').append(r.role());
        }
        return b.toString();
    }

    @Test
    void selects() {
        assertEquals("", refs("SELECT 1"));
        assertEquals("t:READ", refs("SELECT * FROM t"));
        assertEquals("db1.t:READ, u:READ", refs("SELECT * FROM db1.t AS a JOIN u b ON a.id = b.id"));
        assertEquals("a:READ, b:READ, c:READ", refs("SELECT * FROM a, b x, c WHERE 1"));
        assertEquals("t:READ, db2.u:READ", refs("SELECT * FROM t WHERE id IN (SELECT id FROM db2.u)"));
        assertEquals("t:READ", refs("SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 'x' FROM s) FROM t"));
        assertEquals("t:READ", refs("WITH c AS (SELECT * FROM t) SELECT * FROM c"));
        assertEquals("`odd name`:READ".replace("`", ""), refs("SELECT * FROM `odd name`"));
        assertEquals("x.y:READ", refs("SELECT * FROM (SELECT * FROM x.y) d"));
        assertEquals("t:READ", refs("SELECT c FROM t USE INDEX (i) WHERE c > 1 FOR UPDATE"));
        assertEquals("", refs("SELECT 1 FROM DUAL"));
    }

    @Test
    void writes() {
        assertEquals("t:TARGET", refs("INSERT INTO t (a, b) VALUES (1, 2)"));
        assertEquals("t:TARGET, s:READ", refs("INSERT IGNORE INTO t SELECT * FROM s"));
        assertEquals("db.t:TARGET", refs("REPLACE db.t VALUES (1)"));
        assertEquals("t:TARGET", refs("UPDATE t SET a = 1 WHERE id = 2"));
        assertEquals("t:TARGET, u:TARGET, s:READ", refs("UPDATE t JOIN u ON t.id = u.id SET t.a = (SELECT 1 FROM s)"));
        assertEquals("t:TARGET", refs("DELETE FROM t WHERE id = 1"));
        assertEquals("t1:TARGET, t1:READ, t2:READ", refs("DELETE FROM t1 USING t1 JOIN t2 ON t1.id = t2.id"));
    }

    @Test
    void definitions() {
        assertEquals("t:TARGET", refs("CREATE TABLE IF NOT EXISTS t (id INT)"));
        assertEquals("t:TARGET, s:READ", refs("CREATE TABLE t LIKE s"));
        assertEquals("db.t:TARGET", refs("ALTER TABLE db.t ADD COLUMN c INT"));
        assertEquals("a:TARGET, b:TARGET", refs("DROP TABLE IF EXISTS a, b"));
        assertEquals("a:TARGET, b:NEW_NAME", refs("RENAME TABLE a TO b"));
        assertEquals("t:TARGET", refs("TRUNCATE TABLE t"));
        assertEquals("t:TARGET", refs("CREATE UNIQUE INDEX i ON t (c)"));
        assertEquals("v:TARGET, t:READ", refs("CREATE VIEW v AS SELECT * FROM t"));
        assertEquals(List.of(), TableRefs.of("SELECT", StatementKind.SELECT));
    }

    @Test
    void aliasesForResolvingColumns() {
        StringBuilder b = new StringBuilder();
        String sql = "UPDATE t AS x JOIN db.u ON x.id = u.id SET x.a = (SELECT 1 FROM s y, v)";
        for (TableRefs.Named n : TableRefs.named(sql, StatementClassifier.classify(sql))) {
            if (b.length() > 0) b.append(", ");
            b.append(n.ref().table()).append(n.alias() == null ? "" : " " + n.alias());
        }
        assertEquals("t x, u, s y, v", b.toString());
    }
}
