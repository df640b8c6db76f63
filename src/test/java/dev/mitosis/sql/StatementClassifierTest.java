package dev.mitosis.sql;

import org.junit.jupiter.api.Test;

import static dev.mitosis.sql.StatementKind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatementClassifierTest {
    private static void kind(StatementKind expected, String sql) {
        assertEquals(expected, StatementClassifier.classify(sql), sql);
    }

    @Test
    void leadingKeywordsDecide() {
        kind(SELECT, "select 1");
        kind(SELECT, "/* hint */ (SELECT 1) UNION (SELECT 2)");
        kind(SELECT, "WITH x AS (SELECT 1) SELECT * FROM x");
        kind(INSERT, "INSERT INTO t VALUES (1)");
        kind(REPLACE, "REPLACE t VALUES (1)");
        kind(UPDATE, "update t set a=1");
        kind(DELETE, "DELETE FROM t");
        kind(SHOW, "SHOW VARIABLES LIKE 'x'");
        kind(SET, "/*!40101 SET NAMES utf8mb4 */");
        kind(SET, "SET @@session.autocommit = 0");
        kind(USE, "use db");
        kind(DESCRIBE, "DESC t");
        kind(DESCRIBE, "EXPLAIN `t`");
        kind(EXPLAIN, "EXPLAIN SELECT 1");
        kind(EMPTY, "  -- nothing\n");
    }

    @Test
    void ddlAndTransactions() {
        kind(CREATE_TABLE, "CREATE TEMPORARY TABLE t (a INT)");
        kind(CREATE_INDEX, "CREATE UNIQUE INDEX i ON t (a)");
        kind(CREATE_DATABASE, "CREATE SCHEMA IF NOT EXISTS d");
        kind(CREATE_VIEW, "CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW v AS SELECT 1");
        kind(ALTER_TABLE, "ALTER TABLE t ADD c INT");
        kind(DROP_TABLE, "DROP TEMPORARY TABLE IF EXISTS t");
        kind(DROP_INDEX, "DROP INDEX i ON t");
        kind(DROP_DATABASE, "DROP DATABASE d");
        kind(RENAME_TABLE, "RENAME TABLE a TO b");
        kind(TRUNCATE_TABLE, "TRUNCATE t");
        kind(BEGIN, "START TRANSACTION READ ONLY");
        kind(BEGIN, "BEGIN WORK");
        kind(COMMIT, "COMMIT AND NO CHAIN");
        kind(ROLLBACK, "ROLLBACK WORK");
        kind(ROLLBACK_TO_SAVEPOINT, "ROLLBACK WORK TO SAVEPOINT s");
        kind(SAVEPOINT, "SAVEPOINT s");
        kind(RELEASE_SAVEPOINT, "RELEASE SAVEPOINT s");
    }

    @Test
    void serverStatements() {
        kind(ACCOUNT_MANAGEMENT, "CREATE USER 'u'@'%' IDENTIFIED BY 'p'");
        kind(ACCOUNT_MANAGEMENT, "GRANT ALL ON *.* TO u");
        kind(REPLICATION, "CHANGE REPLICATION SOURCE TO SOURCE_HOST='h'");
        kind(REPLICATION, "START REPLICA");
        kind(REPLICATION, "STOP SLAVE");
        kind(BINARY_LOG, "RESET BINARY LOGS AND GTIDS");
        kind(BINARY_LOG, "PURGE BINARY LOGS TO 'x'");
        kind(CLONE, "CLONE INSTANCE FROM u@h:3306 IDENTIFIED BY 'p'");
        kind(PLUGIN, "INSTALL PLUGIN clone SONAME 'mysql_clone.so'");
        kind(LOCK_TABLES, "LOCK TABLES t READ");
        kind(FLUSH, "FLUSH TABLES WITH READ LOCK");
        kind(KILL, "KILL QUERY 5");
        kind(TABLE_MAINTENANCE, "ANALYZE TABLE t");
    }
}
