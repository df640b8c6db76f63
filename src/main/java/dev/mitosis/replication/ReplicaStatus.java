package dev.mitosis.replication;

import java.util.List;

/** SHOW REPLICA STATUS: MySQL 8.4's 60 columns in order, and the legacy SHOW SLAVE STATUS names. */
public final class ReplicaStatus {
    private ReplicaStatus() {}

    public static final List<String> COLUMNS = List.of(
            "Replica_IO_State", "Source_Host", "Source_User", "Source_Port", "Connect_Retry", "Source_Log_File",
            "Read_Source_Log_Pos", "Relay_Log_File", "Relay_Log_Pos", "Relay_Source_Log_File", "Replica_IO_Running",
            "Replica_SQL_Running", "Replicate_Do_DB", "Replicate_Ignore_DB", "Replicate_Do_Table",
            "Replicate_Ignore_Table", "Replicate_Wild_Do_Table", "Replicate_Wild_Ignore_Table", "Last_Errno",
            "Last_Error", "Skip_Counter", "Exec_Source_Log_Pos", "Relay_Log_Space", "Until_Condition",
            "Until_Log_File", "Until_Log_Pos", "Source_SSL_Allowed", "Source_SSL_CA_File", "Source_SSL_CA_Path",
            "Source_SSL_Cert", "Source_SSL_Cipher", "Source_SSL_Key", "Seconds_Behind_Source",
            "Source_SSL_Verify_Server_Cert", "Last_IO_Errno", "Last_IO_Error", "Last_SQL_Errno", "Last_SQL_Error",
            "Replicate_Ignore_Server_Ids", "Source_Server_Id", "Source_UUID", "Source_Info_File", "SQL_Delay",
            "SQL_Remaining_Delay", "Replica_SQL_Running_State", "Source_Retry_Count", "Source_Bind",
            "Last_IO_Error_Timestamp", "Last_SQL_Error_Timestamp", "Source_SSL_Crl", "Source_SSL_Crlpath",
            "Retrieved_Gtid_Set", "Executed_Gtid_Set", "Auto_Position", "Replicate_Rewrite_DB", "Channel_Name",
            "Source_TLS_Version", "Source_public_key_path", "Get_Source_public_key", "Network_Namespace");

    /** Column indexes (0-based) whose values are numbers. */
    public static final java.util.Set<Integer> NUMERIC = java.util.Set.of(3, 4, 6, 8, 18, 20, 21, 22, 25, 32, 34,
            36, 39, 42, 43, 45, 53, 58);

    /** The SHOW SLAVE STATUS spelling of a column. */
    public static String legacyName(String column) {
        return switch (column) {
            case "Read_Source_Log_Pos" -> "Read_Master_Log_Pos";
            case "Relay_Source_Log_File" -> "Relay_Master_Log_File";
            case "Exec_Source_Log_Pos" -> "Exec_Master_Log_Pos";
            case "Seconds_Behind_Source" -> "Seconds_Behind_Master";
            case "Source_UUID" -> "Master_UUID";
            case "Get_Source_public_key" -> "Get_master_public_key";
            case "Source_public_key_path" -> "Master_public_key_path";
            default -> column.replace("Replica", "Slave").replace("Source", "Master");
        };
    }

    /** One channel's row; {@code executed} is the server's gtid_executed, on every row. */
    public static Object[] row(Channel ch, String executed) {
        ChannelConfig c = ch.config();
        boolean legacyUntil = false;
        ReplicationStatements.Until until = ch.until;
        String untilCondition = switch (until.kind()) {
            case NONE -> "None";
            case SOURCE_LOG -> legacyUntil ? "Master" : "Source";
            case RELAY_LOG -> "Relay";
            default -> until.kind().name();
        };
        String io = switch (ch.io) {
            case YES -> "Yes";
            case CONNECTING -> "Connecting";
            case NO -> "No";
        };
        int lastErrno = ch.lastSqlErrno;
        return new Object[] {
            ch.ioStage, c.host(), c.user(), (long) c.port(), (long) c.connectRetry(), ch.sourceLogFile,
            ch.readSourceLogPos, ch.relayLogFile, ch.relayLogPos, ch.relaySourceLogFile, io,
            ch.sqlRunning ? "Yes" : "No", "", "", "", "", "", "", (long) lastErrno,
            ch.lastSqlError, 0L, ch.execSourceLogPos, ch.relayLogSpace, untilCondition,
            until.file() == null ? "" : until.file(), until.pos(), c.get(SourceOption.SOURCE_SSL).equals("1") ? "Yes" : "No",
            c.get(SourceOption.SOURCE_SSL_CA), c.get(SourceOption.SOURCE_SSL_CAPATH), c.get(SourceOption.SOURCE_SSL_CERT),
            c.get(SourceOption.SOURCE_SSL_CIPHER), c.get(SourceOption.SOURCE_SSL_KEY), ch.secondsBehindSource(),
            c.get(SourceOption.SOURCE_SSL_VERIFY_SERVER_CERT).equals("1") ? "Yes" : "No", (long) ch.lastIoErrno,
            ch.lastIoError, (long) ch.lastSqlErrno, ch.lastSqlError, c.get(SourceOption.IGNORE_SERVER_IDS),
            ch.sourceServerId, ch.sourceUuid, "mysql.slave_master_info", c.delay(), null, ch.sqlStage,
            c.retryCount(), c.bind(), ch.lastIoErrorTime, ch.lastSqlErrorTime, c.get(SourceOption.SOURCE_SSL_CRL),
            c.get(SourceOption.SOURCE_SSL_CRLPATH), ch.retrieved.toString(), executed,
            c.autoPosition() ? 1L : 0L, "", c.channel(), c.get(SourceOption.SOURCE_TLS_VERSION),
            c.get(SourceOption.SOURCE_PUBLIC_KEY_PATH), c.getPublicKey() ? 1L : 0L, c.get(SourceOption.NETWORK_NAMESPACE)};
    }
}
