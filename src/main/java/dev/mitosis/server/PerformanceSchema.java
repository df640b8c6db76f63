package dev.mitosis.server;

import dev.mitosis.clone.CloneStatus;
import dev.mitosis.engine.Engine;
import dev.mitosis.replication.ReplicaChannels;
import dev.mitosis.replication.ReplicaTables;
import dev.mitosis.sql.MysqlFunctions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.function.Function;
import org.h2.tools.SimpleResultSet;

/**
 * performance_schema's replication and clone tables: views over table functions that read the
 * live state of the instance the querying session belongs to.
 */
public final class PerformanceSchema {
    private static final String FN = "\"" + MysqlFunctions.SCHEMA + "\".";

    private PerformanceSchema() {}

    private static final String[][] TABLES = {
        {"replication_connection_configuration", "replicationConnectionConfiguration"},
        {"replication_connection_status", "replicationConnectionStatus"},
        {"replication_applier_configuration", "replicationApplierConfiguration"},
        {"replication_applier_status", "replicationApplierStatus"},
        {"replication_applier_status_by_worker", "replicationApplierStatusByWorker"},
        {"replication_applier_status_by_coordinator", "replicationApplierStatusByCoordinator"},
        {"clone_status", "cloneStatus"},
        {"clone_progress", "cloneProgress"},
        {"global_variables", "globalVariables"},
        {"session_variables", "sessionVariables"},
        {"global_status", "globalStatus"},
        {"session_status", "sessionStatus"},
    };

    static void install(Engine engine) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            try (Statement s = c.createStatement()) {
                for (String[] t : TABLES) {
                    s.execute("CREATE ALIAS IF NOT EXISTS " + FN + "mitosis_ps_" + t[0]
                            + " FOR 'dev.mitosis.server.PerformanceSchema." + t[1] + "'");
                    s.execute("CREATE OR REPLACE VIEW performance_schema." + t[0] + " AS SELECT * FROM " + FN
                            + "mitosis_ps_" + t[0] + "()");
                }
            }
        }
    }

    private static ResultSet replicaTable(Connection c, List<ReplicaTables.Col> cols,
                                          Function<ReplicaChannels, List<Object[]>> rows) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        for (ReplicaTables.Col col : cols) rs.addColumn(col.name(), col.type(), col.type() == Types.BIGINT ? 20 : 1024, 0);
        Session s = EngineSessions.sessionOf(c);
        if (EngineSessions.isColumnList(c) || s == null) return rs;
        for (Object[] row : rows.apply(s.instance().replicas())) rs.addRow(row);
        return rs;
    }

    /** global_variables and friends: (VARIABLE_NAME, VARIABLE_VALUE), as SHOW VARIABLES / STATUS list them. */
    private static ResultSet nameValue(Connection c, Function<Session, java.util.Map<String, String>> values)
            throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("VARIABLE_NAME", Types.VARCHAR, 64, 0);
        rs.addColumn("VARIABLE_VALUE", Types.VARCHAR, 1024, 0);
        Session s = EngineSessions.sessionOf(c);
        if (s == null || EngineSessions.isColumnList(c)) return rs;
        values.apply(s).forEach((k, v) -> rs.addRow(k, v));
        return rs;
    }

    public static ResultSet globalVariables(Connection c) throws SQLException {
        return nameValue(c, s -> s.variables(true));
    }

    public static ResultSet sessionVariables(Connection c) throws SQLException {
        return nameValue(c, s -> s.variables(false));
    }

    // Status counters are instance-wide here: the session's are the global ones, plus its TLS state.
    public static ResultSet globalStatus(Connection c) throws SQLException {
        return nameValue(c, s -> s.instance().statusValues());
    }

    public static ResultSet sessionStatus(Connection c) throws SQLException {
        return nameValue(c, s -> s.instance().statusValues(s));
    }

    public static ResultSet replicationConnectionConfiguration(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.CONNECTION_CONFIGURATION, ReplicaTables::connectionConfiguration);
    }

    public static ResultSet replicationConnectionStatus(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.CONNECTION_STATUS, ReplicaTables::connectionStatus);
    }

    public static ResultSet replicationApplierConfiguration(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.APPLIER_CONFIGURATION, ReplicaTables::applierConfiguration);
    }

    public static ResultSet replicationApplierStatus(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.APPLIER_STATUS, ReplicaTables::applierStatus);
    }

    public static ResultSet replicationApplierStatusByWorker(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.APPLIER_STATUS_BY_WORKER, ReplicaTables::applierStatusByWorker);
    }

    public static ResultSet replicationApplierStatusByCoordinator(Connection c) throws SQLException {
        return replicaTable(c, ReplicaTables.APPLIER_STATUS_BY_COORDINATOR, ReplicaTables::applierStatusByCoordinator);
    }

    public static ResultSet cloneStatus(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("id", Types.INTEGER, 10, 0);
        rs.addColumn("pid", Types.INTEGER, 10, 0);
        rs.addColumn("state", Types.CHAR, 16, 0);
        rs.addColumn("begin_time", Types.TIMESTAMP, 26, 3);
        rs.addColumn("end_time", Types.TIMESTAMP, 26, 3);
        rs.addColumn("source", Types.VARCHAR, 512, 0);
        rs.addColumn("destination", Types.VARCHAR, 512, 0);
        rs.addColumn("error_no", Types.INTEGER, 10, 0);
        rs.addColumn("error_message", Types.VARCHAR, 512, 0);
        rs.addColumn("binlog_file", Types.VARCHAR, 512, 0);
        rs.addColumn("binlog_position", Types.BIGINT, 20, 0);
        rs.addColumn("gtid_executed", Types.VARCHAR, 65535, 0);
        Session s = EngineSessions.sessionOf(c);
        if (EngineSessions.isColumnList(c) || s == null) return rs;
        CloneStatus st = s.instance().cloneStatus();
        if (!st.present()) return rs;
        rs.addRow(1, (int) st.pid, st.state.text, ts(st.begin), ts(st.end), st.source, st.destination, st.errorNo,
                st.errorMessage, st.binlogFile, st.binlogPosition, st.gtidExecuted);
        return rs;
    }

    public static ResultSet cloneProgress(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("id", Types.INTEGER, 10, 0);
        rs.addColumn("stage", Types.CHAR, 32, 0);
        rs.addColumn("state", Types.CHAR, 16, 0);
        rs.addColumn("begin_time", Types.TIMESTAMP, 26, 6);
        rs.addColumn("end_time", Types.TIMESTAMP, 26, 6);
        rs.addColumn("threads", Types.INTEGER, 10, 0);
        rs.addColumn("estimate", Types.BIGINT, 20, 0);
        rs.addColumn("data", Types.BIGINT, 20, 0);
        rs.addColumn("network", Types.BIGINT, 20, 0);
        rs.addColumn("data_speed", Types.INTEGER, 10, 0);
        rs.addColumn("network_speed", Types.INTEGER, 10, 0);
        Session s = EngineSessions.sessionOf(c);
        if (EngineSessions.isColumnList(c) || s == null) return rs;
        CloneStatus st = s.instance().cloneStatus();
        if (!st.present()) return rs;
        for (CloneStatus.Stage stage : st.stages) {
            rs.addRow(1, stage.name, stage.state.text, ts(stage.begin), ts(stage.end), stage.threads, stage.estimate,
                    stage.data, stage.network, (int) stage.dataSpeed, (int) stage.networkSpeed);
        }
        return rs;
    }

    private static Timestamp ts(java.time.LocalDateTime t) {
        return t == null ? null : Timestamp.valueOf(t);
    }
}
