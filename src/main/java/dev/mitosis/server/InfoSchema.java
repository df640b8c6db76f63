package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import dev.mitosis.sql.ColumnRemarks;
import dev.mitosis.sql.IndexNames;
import dev.mitosis.sql.MysqlFunctions;
import dev.mitosis.sql.MysqlType;
import dev.mitosis.sql.MysqlTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.h2.tools.SimpleResultSet;

/**
 * MySQL's information_schema tables as views in schema {@value Engine#INFO_SCHEMA} (the
 * translator sends {@code information_schema.X} there), built over H2's own catalog with
 * MySQL's columns. Views are recreated at each start so their definitions follow the code.
 */
public final class InfoSchema {
    private static final String FN = "\"" + MysqlFunctions.SCHEMA + "\".";
    private static final String HIDDEN_SCHEMAS = "('information_schema', 'public', '" + Engine.TYPES_SCHEMA + "', '"
            + Engine.INFO_SCHEMA + "', '" + MysqlFunctions.SCHEMA + "')";

    private InfoSchema() {}

    static void install(Engine engine) throws SQLException {
        String is = Engine.INFO_SCHEMA;
        String[] sql = {
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_column_type FOR 'dev.mitosis.server.InfoSchema.columnType'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_data_type FOR 'dev.mitosis.server.InfoSchema.dataType'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_index_name FOR 'dev.mitosis.server.InfoSchema.indexName'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_numeric_precision FOR 'dev.mitosis.server.InfoSchema.numericPrecision'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_collation FOR 'dev.mitosis.server.InfoSchema.collation'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_processlist FOR 'dev.mitosis.server.InfoSchema.processlist'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_visible FOR 'dev.mitosis.server.InfoSchema.visible'",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_cardinality FOR 'dev.mitosis.server.InfoSchema.cardinality'",
            "CREATE OR REPLACE VIEW " + is + ".schemata AS"
                + " SELECT 'def' AS catalog_name, 'information_schema' AS schema_name,"
                + " 'utf8mb3' AS default_character_set_name, 'utf8mb3_general_ci' AS default_collation_name,"
                + " CAST(NULL AS VARCHAR) AS sql_path, 'NO' AS default_encryption"
                + " UNION ALL SELECT 'def', schema_name, 'utf8mb4', 'utf8mb4_0900_ai_ci', NULL, 'NO'"
                + " FROM information_schema.schemata WHERE LOWER(schema_name) NOT IN " + HIDDEN_SCHEMAS
                + " AND " + FN + "mitosis_visible(schema_name, NULL)",
            "CREATE OR REPLACE VIEW " + is + ".tables AS"
                + " SELECT 'def' AS table_catalog, table_schema, table_name,"
                + " CASE WHEN table_type = 'VIEW' THEN 'VIEW' ELSE 'BASE TABLE' END AS table_type,"
                + " CASE WHEN table_type = 'VIEW' THEN NULL ELSE 'InnoDB' END AS engine,"
                // A view has none of a table's storage figures (NULL), as in MySQL.
                + " " + tableOnly("CAST(10 AS BIGINT)") + " AS version, " + tableOnly("'Dynamic'") + " AS row_format,"
                + " " + tableOnly("t.row_count_estimate") + " AS table_rows,"
                + " " + tableOnly("CAST(0 AS BIGINT)") + " AS avg_row_length, " + tableOnly("CAST(16384 AS BIGINT)") + " AS data_length,"
                + " " + tableOnly("CAST(0 AS BIGINT)") + " AS max_data_length, " + tableOnly("CAST(0 AS BIGINT)") + " AS index_length,"
                + " " + tableOnly("CAST(0 AS BIGINT)") + " AS data_free, (SELECT c.identity_base FROM information_schema.columns c"
                + "   WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.is_identity = 'YES')"
                + "   AS auto_increment,"
                + " CAST(NULL AS TIMESTAMP) AS create_time, CAST(NULL AS TIMESTAMP) AS update_time,"
                + " CAST(NULL AS TIMESTAMP) AS check_time, " + tableOnly("'utf8mb4_0900_ai_ci'") + " AS table_collation,"
                + " CAST(NULL AS BIGINT) AS checksum, " + tableOnly("''") + " AS create_options,"
                + " CASE WHEN table_type = 'VIEW' THEN 'VIEW' ELSE COALESCE(remarks, '') END AS table_comment"
                + " FROM information_schema.tables t WHERE LOWER(table_schema) NOT IN " + HIDDEN_SCHEMAS
                + " AND " + FN + "mitosis_visible(table_schema, table_name)",
            "CREATE OR REPLACE VIEW " + is + ".check_constraints AS"
                + " SELECT 'def' AS constraint_catalog, tc.constraint_schema,"
                + " " + FN + "mitosis_index_name(tc.table_name, tc.constraint_name) AS constraint_name,"
                + " COALESCE(tc.remarks, REPLACE(cc.check_clause, '\"', '`')) AS check_clause"
                + " FROM information_schema.table_constraints tc JOIN information_schema.check_constraints cc"
                + " ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name"
                + " WHERE tc.constraint_type = 'CHECK' AND " + visible("tc"),
            "CREATE OR REPLACE VIEW " + is + ".columns AS"
                + " SELECT 'def' AS table_catalog, c.table_schema, c.table_name, c.column_name, c.ordinal_position,"
                + " c.column_default, c.is_nullable,"
                + " " + FN + "mitosis_data_type(c.data_type, COALESCE(c.character_maximum_length, c.numeric_precision, 0),"
                + "   COALESCE(c.numeric_scale, c.datetime_precision, 0),"
                + "   CASE WHEN c.domain_schema = '" + MysqlTypes.SCHEMA + "' THEN c.domain_name END) AS data_type,"
                + " c.character_maximum_length, c.character_octet_length,"
                + " " + FN + "mitosis_numeric_precision(c.data_type, COALESCE(c.character_maximum_length, c.numeric_precision, 0),"
                + "   COALESCE(c.numeric_scale, c.datetime_precision, 0),"
                + "   CASE WHEN c.domain_schema = '" + MysqlTypes.SCHEMA + "' THEN c.domain_name END) AS numeric_precision,"
                + " c.numeric_scale, c.datetime_precision,"
                + " CASE WHEN " + COLLATION + " IS NOT NULL THEN 'utf8mb4' END AS character_set_name,"
                + " " + COLLATION + " AS collation_name,"
                + " " + FN + "mitosis_column_type(c.data_type, COALESCE(c.character_maximum_length, c.numeric_precision, 0),"
                + "   COALESCE(c.numeric_scale, c.datetime_precision, 0),"
                + "   CASE WHEN c.domain_schema = '" + MysqlTypes.SCHEMA + "' THEN c.domain_name END) AS column_type,"
                + " COALESCE((SELECT CASE WHEN i.index_type_name = 'PRIMARY KEY' THEN 'PRI'"
                + "   WHEN i.index_type_name LIKE 'UNIQUE%' THEN 'UNI' ELSE 'MUL' END"
                + "   FROM information_schema.index_columns ic JOIN information_schema.indexes i"
                + "   ON i.index_schema = ic.index_schema AND i.index_name = ic.index_name AND i.table_name = ic.table_name"
                + "   WHERE ic.table_schema = c.table_schema AND ic.table_name = c.table_name"
                + "   AND ic.column_name = c.column_name AND ic.ordinal_position = 1"
                + "   ORDER BY i.index_type_name <> 'PRIMARY KEY', i.index_type_name NOT LIKE 'UNIQUE%' LIMIT 1), '') AS column_key,"
                + " CASE WHEN c.is_identity = 'YES' THEN 'auto_increment' ELSE " + ColumnRemarks.extraSql("c.remarks") + " END AS extra,"
                + " 'select,insert,update,references' AS privileges, " + ColumnRemarks.commentSql("c.remarks") + " AS column_comment,"
                + " " + ColumnRemarks.expressionSql("c.remarks") + " AS generation_expression, CAST(NULL AS INT) AS srs_id"
                + " FROM information_schema.columns c WHERE " + visible("c"),
            "CREATE OR REPLACE VIEW " + is + ".statistics AS"
                + " SELECT 'def' AS table_catalog, ic.table_schema, ic.table_name,"
                + " CASE WHEN ic.is_unique THEN 0 ELSE 1 END AS non_unique, ic.table_schema AS index_schema,"
                + " CASE WHEN i.index_type_name = 'PRIMARY KEY' THEN 'PRIMARY'"
                + "   ELSE " + FN + "mitosis_index_name(ic.table_name, ic.index_name) END AS index_name,"
                + " ic.ordinal_position AS seq_in_index, ic.column_name, 'A' AS collation,"
                + " " + FN + "mitosis_cardinality(ic.table_schema, ic.table_name, ic.index_name, ic.ordinal_position, ic.is_unique)"
                + "   AS cardinality, CAST(NULL AS BIGINT) AS sub_part, CAST(NULL AS VARCHAR) AS packed,"
                + " '' AS nullable, 'BTREE' AS index_type, '' AS comment, '' AS index_comment,"
                + " 'YES' AS is_visible, CAST(NULL AS VARCHAR) AS expression"
                + " FROM information_schema.index_columns ic JOIN information_schema.indexes i"
                + " ON i.index_schema = ic.index_schema AND i.index_name = ic.index_name AND i.table_name = ic.table_name"
                + " WHERE " + visible("ic"),
            "CREATE OR REPLACE VIEW " + is + ".processlist AS SELECT * FROM " + FN + "mitosis_processlist()",
            "CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_innodb_trx FOR 'dev.mitosis.server.InfoSchema.innodbTrx'",
            "CREATE OR REPLACE VIEW " + is + ".innodb_trx AS SELECT * FROM " + FN + "mitosis_innodb_trx()",
            // VIEW_DEFINITION is the query of the MySQL text kept as the view's comment.
            "CREATE OR REPLACE VIEW " + is + ".views AS"
                + " SELECT 'def' AS table_catalog, v.table_schema, v.table_name,"
                + " CASE WHEN COALESCE(t.remarks, '') = '' THEN v.view_definition"
                + "   ELSE REGEXP_REPLACE(t.remarks, '^(\\([^)]*\\)\\s*)?AS\\s+', '', 'i') END AS view_definition,"
                + " 'NONE' AS check_option, 'YES' AS is_updatable, 'root@localhost' AS definer,"
                + " 'DEFINER' AS security_type, 'utf8mb4' AS character_set_client,"
                + " 'utf8mb4_0900_ai_ci' AS collation_connection"
                + " FROM information_schema.views v JOIN information_schema.tables t"
                + " ON t.table_schema = v.table_schema AND t.table_name = v.table_name"
                + " WHERE " + visible("v"),
            // Keys and foreign keys with MySQL's names: PRIMARY, the index's name for a unique key,
            // the constraint's own name for a foreign key (H2 prefixes index and constraint names
            // with the table's). Unique keys are indexes in H2, not constraints.
            "CREATE OR REPLACE VIEW " + is + ".table_constraints AS"
                + " SELECT 'def' AS constraint_catalog, tc.table_schema AS constraint_schema,"
                + " " + CONSTRAINT_NAME + " AS constraint_name, tc.table_schema, tc.table_name, tc.constraint_type,"
                + " 'YES' AS enforced FROM information_schema.table_constraints tc"
                + " WHERE tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'CHECK') AND " + visible("tc")
                + " UNION ALL SELECT 'def', i.table_schema, " + FN + "mitosis_index_name(i.table_name, i.index_name),"
                + " i.table_schema, i.table_name, 'UNIQUE', 'YES' FROM information_schema.indexes i"
                + " WHERE i.index_type_name = 'UNIQUE INDEX' AND " + visible("i"),
            "CREATE OR REPLACE VIEW " + is + ".key_column_usage AS"
                + " SELECT 'def' AS constraint_catalog, k.table_schema AS constraint_schema,"
                + " " + CONSTRAINT_NAME + " AS constraint_name, 'def' AS table_catalog, k.table_schema, k.table_name,"
                + " k.column_name, k.ordinal_position,"
                + " CASE WHEN tc.constraint_type = 'FOREIGN KEY' THEN k.position_in_unique_constraint END"
                + "   AS position_in_unique_constraint,"
                + " u.table_schema AS referenced_table_schema, u.table_name AS referenced_table_name,"
                + " u.column_name AS referenced_column_name"
                + " FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc"
                + "   ON tc.constraint_schema = k.constraint_schema AND tc.constraint_name = k.constraint_name"
                + " LEFT JOIN information_schema.referential_constraints r"
                + "   ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name"
                + " LEFT JOIN information_schema.key_column_usage u ON u.constraint_schema = r.unique_constraint_schema"
                + "   AND u.constraint_name = r.unique_constraint_name AND u.ordinal_position = k.position_in_unique_constraint"
                + " WHERE tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') AND " + visible("k")
                + " UNION ALL SELECT 'def', ic.table_schema, " + FN + "mitosis_index_name(ic.table_name, ic.index_name),"
                + " 'def', ic.table_schema, ic.table_name, ic.column_name, ic.ordinal_position, NULL, NULL, NULL, NULL"
                + " FROM information_schema.index_columns ic JOIN information_schema.indexes i"
                + "   ON i.index_schema = ic.index_schema AND i.index_name = ic.index_name AND i.table_name = ic.table_name"
                + " WHERE i.index_type_name = 'UNIQUE INDEX' AND " + visible("ic"),
            "CREATE OR REPLACE VIEW " + is + ".referential_constraints AS"
                + " SELECT 'def' AS constraint_catalog, r.constraint_schema,"
                + " " + FN + "mitosis_index_name(tc.table_name, r.constraint_name) AS constraint_name,"
                + " 'def' AS unique_constraint_catalog, r.unique_constraint_schema,"
                + " CASE WHEN utc.constraint_type = 'PRIMARY KEY' THEN 'PRIMARY'"
                + "   ELSE " + FN + "mitosis_index_name(utc.table_name, r.unique_constraint_name) END AS unique_constraint_name,"
                + " r.match_option, r.update_rule, r.delete_rule, tc.table_name, utc.table_name AS referenced_table_name"
                + " FROM information_schema.referential_constraints r JOIN information_schema.table_constraints tc"
                + "   ON tc.constraint_schema = r.constraint_schema AND tc.constraint_name = r.constraint_name"
                + " JOIN information_schema.table_constraints utc"
                + "   ON utc.constraint_schema = r.unique_constraint_schema AND utc.constraint_name = r.unique_constraint_name"
                + " WHERE " + visible("tc"),
            // One row per table, as MySQL shows a table without partitions.
            "CREATE OR REPLACE VIEW " + is + ".partitions AS"
                + " SELECT table_catalog, table_schema, table_name, CAST(NULL AS VARCHAR) AS partition_name,"
                + " CAST(NULL AS VARCHAR) AS subpartition_name, CAST(NULL AS BIGINT) AS partition_ordinal_position,"
                + " CAST(NULL AS BIGINT) AS subpartition_ordinal_position, CAST(NULL AS VARCHAR) AS partition_method,"
                + " CAST(NULL AS VARCHAR) AS subpartition_method, CAST(NULL AS VARCHAR) AS partition_expression,"
                + " CAST(NULL AS VARCHAR) AS subpartition_expression, CAST(NULL AS VARCHAR) AS partition_description,"
                + " table_rows, avg_row_length, data_length, max_data_length, index_length, data_free, create_time,"
                + " update_time, check_time, checksum, '' AS partition_comment, '' AS nodegroup,"
                + " CAST(NULL AS VARCHAR) AS tablespace_name FROM " + is + ".tables WHERE table_type = 'BASE TABLE'",
            // Objects Mitosis has none of (triggers, stored routines, events, tablespace files):
            // empty, with MySQL's columns, so tools that look for them (mysqldump) find nothing.
            empty(is + ".triggers", "trigger_catalog, trigger_schema, trigger_name, event_manipulation,"
                + " event_object_catalog, event_object_schema, event_object_table, action_order:BIGINT,"
                + " action_condition, action_statement, action_orientation, action_timing,"
                + " action_reference_old_table, action_reference_new_table, action_reference_old_row,"
                + " action_reference_new_row, created:TIMESTAMP, sql_mode, definer, character_set_client,"
                + " collation_connection, database_collation"),
            empty(is + ".routines", "specific_name, routine_catalog, routine_schema, routine_name, routine_type,"
                + " data_type, character_maximum_length:BIGINT, character_octet_length:BIGINT,"
                + " numeric_precision:BIGINT, numeric_scale:BIGINT, datetime_precision:BIGINT, character_set_name,"
                + " collation_name, dtd_identifier, routine_body, routine_definition, external_name,"
                + " external_language, parameter_style, is_deterministic, sql_data_access, sql_path,"
                + " security_type, created:TIMESTAMP, last_altered:TIMESTAMP, sql_mode, routine_comment, definer,"
                + " character_set_client, collation_connection, database_collation"),
            empty(is + ".events", "event_catalog, event_schema, event_name, definer, time_zone, event_body,"
                + " event_definition, event_type, execute_at:TIMESTAMP, interval_value, interval_field, sql_mode,"
                + " starts:TIMESTAMP, ends:TIMESTAMP, status, on_completion, created:TIMESTAMP,"
                + " last_altered:TIMESTAMP, last_executed:TIMESTAMP, event_comment, originator:BIGINT,"
                + " character_set_client, collation_connection, database_collation"),
            empty(is + ".files", "file_id:BIGINT, file_name, file_type, tablespace_name, table_catalog,"
                + " table_schema, table_name, logfile_group_name, logfile_group_number:BIGINT, engine,"
                + " fulltext_keys, deleted_rows:BIGINT, update_count:BIGINT, free_extents:BIGINT,"
                + " total_extents:BIGINT, extent_size:BIGINT, initial_size:BIGINT, maximum_size:BIGINT,"
                + " autoextend_size:BIGINT, creation_time:TIMESTAMP, last_update_time:TIMESTAMP,"
                + " last_access_time:TIMESTAMP, recover_time:BIGINT, transaction_counter:BIGINT,"
                + " version:BIGINT, row_format, table_rows:BIGINT, avg_row_length:BIGINT, data_length:BIGINT,"
                + " max_data_length:BIGINT, index_length:BIGINT, data_free:BIGINT, create_time:TIMESTAMP,"
                + " update_time:TIMESTAMP, check_time:TIMESTAMP, checksum:BIGINT, status, extra"),
        };
        Connection c = engine.system();
        synchronized (c) {
            try (Statement s = c.createStatement()) {
                for (String q : sql) s.execute(q);
                for (String q : CharsetCatalog.views(is)) s.execute(q);
            }
        }
    }

    private static final String COLLATION = FN + "mitosis_collation(c.data_type,"
            + " CASE WHEN c.domain_schema = '" + MysqlTypes.SCHEMA + "' THEN c.domain_name END)";

    /** NUMERIC_PRECISION as MySQL gives it: decimal digits (BIGINT 19, INT 10), a BIT's bits; NULL for other types. */
    public static Long numericPrecision(String h2Type, Long precision, Integer scale, String domain) {
        MysqlType t = MysqlType.of(h2Type, precision == null ? 0 : precision, scale == null ? 0 : scale, domain, null);
        return switch (t.dataType()) {
            case "tinyint" -> 3L;
            case "smallint" -> 5L;
            case "mediumint" -> 7L;
            case "int" -> 10L;
            case "bigint" -> t.unsigned() ? 20L : 19L;
            case "float" -> 12L;
            case "double" -> 22L;
            case "decimal", "bit" -> t.length();
            default -> null;
        };
    }

    /** COLLATION_NAME: utf8mb4_bin for text that compares with case, the default for other text, NULL otherwise. */
    public static String collation(String h2Type, String domain) {
        String d = domain == null ? "" : domain.toLowerCase(java.util.Locale.ROOT);
        if (d.equals("json")) return null;
        if (d.contains("text") || MysqlTypes.charLength(d) > 0) {
            return d.endsWith("_bin") ? "utf8mb4_bin" : "utf8mb4_0900_ai_ci";
        }
        if (!d.isEmpty() && !d.startsWith("set(") && !d.startsWith("enum")) return null;
        return switch (h2Type.toUpperCase(java.util.Locale.ROOT)) {
            case "VARCHAR_IGNORECASE", "ENUM" -> "utf8mb4_0900_ai_ci";
            case "CHARACTER VARYING", "CHARACTER" -> d.startsWith("set(") ? "utf8mb4_0900_ai_ci" : "utf8mb4_bin";
            default -> null;
        };
    }

    private static final String CONSTRAINT_NAME = "CASE WHEN tc.constraint_type = 'PRIMARY KEY' THEN 'PRIMARY'"
            + " ELSE " + FN + "mitosis_index_name(tc.table_name, tc.constraint_name) END";

    /** The rows of user tables the session may see, for a view over H2's catalog aliased {@code t}. */
    private static String visible(String t) {
        return "LOWER(" + t + ".table_schema) NOT IN " + HIDDEN_SCHEMAS + " AND " + FN + "mitosis_visible(" + t
                + ".table_schema, " + t + ".table_name)";
    }

    /** A view with no rows and these columns ("name" is text, "name:TYPE" another H2 type). */
    private static String empty(String view, String columns) {
        StringBuilder select = new StringBuilder();
        for (String column : columns.split(",")) {
            String[] nameType = column.strip().split(":");
            select.append(select.length() == 0 ? "" : ", ").append("CAST(NULL AS ")
                    .append(nameType.length > 1 ? nameType[1] : "VARCHAR").append(") AS ").append(nameType[0]);
        }
        return "CREATE OR REPLACE VIEW " + view + " AS SELECT " + select + " WHERE FALSE";
    }

    public static String columnType(String h2Type, Long precision, Integer scale, String domain) {
        return MysqlType.of(h2Type, precision == null ? 0 : precision, scale == null ? 0 : scale, domain, null).columnType();
    }

    public static String dataType(String h2Type, Long precision, Integer scale, String domain) {
        return MysqlType.of(h2Type, precision == null ? 0 : precision, scale == null ? 0 : scale, domain, null).dataType();
    }

    public static String indexName(String table, String h2Index) {
        return IndexNames.mysqlName(table, h2Index);
    }

    /**
     * Whether the calling session's account may see a database (table null) or a table: the rows
     * information_schema shows, as SHOW DATABASES / SHOW TABLES filter them. True for the
     * server's own connections.
     */
    public static boolean visible(Connection c, String db, String table) throws SQLException {
        if (db == null || EngineSessions.isColumnList(c)) return true;
        Session self = EngineSessions.sessionOf(c);
        if (self == null) return true;
        AccountPrivileges p = self.privileges();
        if ((p.global() & Privilege.DB_LEVEL) != 0) return true;
        String d = db.toLowerCase(java.util.Locale.ROOT);
        return table == null ? p.canSeeDb(d) : p.canSeeTable(d, table);
    }

    /** information_schema.STATISTICS.CARDINALITY of one index column. */
    public static Long cardinality(Connection c, String db, String table, String h2Index, int ordinal, boolean unique)
            throws SQLException {
        if (EngineSessions.isColumnList(c)) return null;
        List<String> columns = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.index_columns"
                + " WHERE table_schema = ? AND table_name = ? AND index_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, db);
            ps.setString(2, table);
            ps.setString(3, h2Index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        // The index is gone (DDL since the row was listed): no estimate, as for a table without statistics.
        if (columns.isEmpty()) return null;
        return TableShows.cardinalities(c, db, table, columns, unique)[Math.min(ordinal, columns.size()) - 1];
    }

    private static String tableOnly(String value) {
        return "CASE WHEN table_type = 'VIEW' THEN NULL ELSE " + value + " END";
    }

    /**
     * information_schema.INNODB_TRX: the sessions with an open transaction, or running a
     * statement (its own transaction), since when and what they run. Without PROCESS, one's own.
     * Lock and row figures are not kept: 0.
     */
    public static ResultSet innodbTrx(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        String[][] columns = {{"trx_id", "B"}, {"trx_state", "V"}, {"trx_started", "T"}, {"trx_requested_lock_id", "V"},
                {"trx_wait_started", "T"}, {"trx_weight", "B"}, {"trx_mysql_thread_id", "B"}, {"trx_query", "V"},
                {"trx_operation_state", "V"}, {"trx_tables_in_use", "B"}, {"trx_tables_locked", "B"},
                {"trx_lock_structs", "B"}, {"trx_lock_memory_bytes", "B"}, {"trx_rows_locked", "B"},
                {"trx_rows_modified", "B"}, {"trx_concurrency_tickets", "B"}, {"trx_isolation_level", "V"},
                {"trx_unique_checks", "I"}, {"trx_foreign_key_checks", "I"}, {"trx_last_foreign_key_error", "V"},
                {"trx_adaptive_hash_latched", "I"}, {"trx_adaptive_hash_timeout", "B"}, {"trx_is_read_only", "I"},
                {"trx_autocommit_non_locking", "I"}, {"trx_schedule_weight", "B"}};
        for (String[] col : columns) {
            switch (col[1]) {
                case "B" -> rs.addColumn(col[0], Types.BIGINT, 20, 0);
                case "I" -> rs.addColumn(col[0], Types.INTEGER, 1, 0);
                case "T" -> rs.addColumn(col[0], Types.TIMESTAMP, 19, 0);
                default -> rs.addColumn(col[0], Types.VARCHAR, 1024, 0);
            }
        }
        Session self = EngineSessions.isColumnList(c) ? null : EngineSessions.sessionOf(c);
        for (Session s : visibleSessions(self)) {
            boolean running = !s.command().equals("Sleep");
            // A statement outside a transaction is its own, but not the autocommit SELECT reading this table.
            if (!s.inTransaction() && (!running || s == self)) continue;
            long started = s.inTransaction() ? s.transactionStarted() : s.commandStarted();
            String isolation = String.valueOf(s.sessionValue("transaction_isolation")).replace('-', ' ');
            rs.addRow(s.id(), "RUNNING", java.sql.Timestamp.from(java.time.Instant.ofEpochMilli(started - started % 1000)),
                    null, null, 0L, s.id(), running ? ProcessInfo.mask(s.info()) : null, null, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                    isolation, 1, "ON".equals(s.sessionValue("foreign_key_checks")) ? 1 : 0, null, 0, 0L, 0, 0, null);
        }
        return rs;
    }

    /** The sessions of {@code self}'s instance its account may see: all with PROCESS, else its user's; none without a session. */
    private static List<Session> visibleSessions(Session self) {
        if (self == null) return List.of();
        boolean everyone = self.privileges().hasGlobal(Privilege.PROCESS);
        List<Session> out = new java.util.ArrayList<>();
        for (ClientSession cs : self.instance().sessions().list()) {
            Session s = cs.state();
            if (everyone || s.user().equals(self.user())) out.add(s);
        }
        return out;
    }

    /** information_schema.PROCESSLIST of the instance the calling session belongs to. */
    public static ResultSet processlist(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("id", Types.BIGINT, 20, 0);
        rs.addColumn("user", Types.VARCHAR, 32, 0);
        rs.addColumn("host", Types.VARCHAR, 261, 0);
        rs.addColumn("db", Types.VARCHAR, 64, 0);
        rs.addColumn("command", Types.VARCHAR, 16, 0);
        rs.addColumn("time", Types.INTEGER, 7, 0);
        rs.addColumn("state", Types.VARCHAR, 64, 0);
        rs.addColumn("info", Types.VARCHAR, 65535, 0);
        for (Session s : visibleSessions(EngineSessions.isColumnList(c) ? null : EngineSessions.sessionOf(c))) {
            boolean sleeping = s.command().equals("Sleep");
            rs.addRow(s.id(), s.user(), s.hostAndPort(), s.database(), s.command(), (int) s.commandSeconds(),
                    sleeping ? "" : "executing", sleeping ? null : ProcessInfo.mask(s.info()));
        }
        return rs;
    }
}
