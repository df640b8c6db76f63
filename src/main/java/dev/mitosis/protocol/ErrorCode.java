package dev.mitosis.protocol;

/**
 * MySQL's error numbers, SQLSTATEs and message templates, in one table. Code refers to these by
 * name; templates take {@link String#format} arguments in MySQL's order.
 */
public enum ErrorCode {
    ER_DB_CREATE_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
    ER_DB_DROP_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
    ER_CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    ER_HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    ER_DBACCESS_DENIED_ERROR(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    ER_ACCESS_DENIED_ERROR(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    ER_NO_DB_ERROR(1046, "3D000", "No database selected"),
    ER_UNKNOWN_COM_ERROR(1047, "08S01", "Unknown command"),
    ER_BAD_NULL_ERROR(1048, "23000", "Column '%s' cannot be null"),
    ER_BAD_DB_ERROR(1049, "42000", "Unknown database '%s'"),
    ER_TABLE_EXISTS_ERROR(1050, "42S01", "Table '%s' already exists"),
    ER_BAD_TABLE_ERROR(1051, "42S02", "Unknown table '%s'"),
    ER_NON_UNIQ_ERROR(1052, "23000", "Column '%s' in %s is ambiguous"),
    ER_SERVER_SHUTDOWN(1053, "08S01", "Server shutdown in progress"),
    ER_BAD_FIELD_ERROR(1054, "42S22", "Unknown column '%s' in '%s'"),
    ER_WRONG_FIELD_WITH_GROUP(1055, "42000", "'%s' isn't in GROUP BY"),
    ER_DUP_FIELDNAME(1060, "42S21", "Duplicate column name '%s'"),
    ER_DUP_KEYNAME(1061, "42000", "Duplicate key name '%s'"),
    ER_DUP_ENTRY(1062, "23000", "Duplicate entry '%s' for key '%s'"),
    ER_PARSE_ERROR(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '%s' at line %d"),
    ER_EMPTY_QUERY(1065, "42000", "Query was empty"),
    ER_NONUNIQ_TABLE(1066, "42000", "Not unique table/alias: '%s'"),
    ER_INVALID_DEFAULT(1067, "42000", "Invalid default value for '%s'"),
    ER_MULTIPLE_PRI_KEY(1068, "42000", "Multiple primary key defined"),
    ER_CANT_DROP_FIELD_OR_KEY(1091, "42000", "Can't DROP '%s'; check that column/key exists"),
    ER_NO_SUCH_THREAD(1094, "HY000", "Unknown thread id: %d"),
    ER_KILL_DENIED_ERROR(1095, "HY000", "You are not owner of thread %d"),
    ER_UNKNOWN_ERROR(1105, "HY000", "Unknown error"),
    ER_UNKNOWN_PROCEDURE(1106, "42000", "Unknown procedure '%s'"),
    ER_UNKNOWN_TABLE(1109, "42S02", "Unknown table '%s' in %s"),
    ER_FIELD_SPECIFIED_TWICE(1110, "42000", "Column '%s' specified twice"),
    ER_TOO_BIG_ROWSIZE(1118, "42000", "Row size too large"),
    ER_UDF_EXISTS(1125, "HY000", "Function '%s' already exists"),
    ER_CANT_OPEN_LIBRARY(1126, "HY000", "Can't open shared library '%s' (errno: %d %s)"),
    ER_HOST_NOT_PRIVILEGED(1130, "HY000", "Host '%s' is not allowed to connect to this MySQL server"),
    ER_PASSWORD_NO_MATCH(1133, "42000", "Can't find any matching row in the user table"),
    ER_WRONG_VALUE_COUNT_ON_ROW(1136, "21S01", "Column count doesn't match value count at row %d"),
    ER_NONEXISTING_GRANT(1141, "42000", "There is no such grant defined for user '%s' on host '%s'"),
    ER_TABLEACCESS_DENIED_ERROR(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'"),
    ER_COLUMNACCESS_DENIED_ERROR(1143, "42000", "%s command denied to user '%s'@'%s' for column '%s' in table '%s'"),
    ER_NO_SUCH_TABLE(1146, "42S02", "Table '%s.%s' doesn't exist"),
    ER_SYNTAX_ERROR(1149, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use"),
    ER_NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    ER_NET_READ_ERROR(1158, "08S01", "Got an error reading communication packets"),
    ER_NET_READ_INTERRUPTED(1159, "08S01", "Got timeout reading communication packets"),
    ER_TOO_LONG_KEY(1071, "42000", "Specified key was too long; max key length is %d bytes"),
    ER_KEY_COLUMN_DOES_NOT_EXIST(1072, "42000", "Key column '%s' doesn't exist in table"),
    ER_CANT_REMOVE_ALL_FIELDS(1090, "42000", "You can't delete all columns with ALTER TABLE; use DROP TABLE instead"),
    ER_UNKNOWN_CHARACTER_SET(1115, "42000", "Unknown character set: '%s'"),
    ER_INVALID_USE_OF_NULL(1138, "22004", "Invalid use of NULL value"),
    ER_LOCK_OR_ACTIVE_TRANSACTION(1192, "HY000", "Can't execute the given command because you have active locked tables or an active transaction"),
    ER_UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    ER_LOCK_WAIT_TIMEOUT(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"),
    ER_READ_ONLY_TRANSACTION(1207, "25000", "Update locks cannot be acquired during a READ UNCOMMITTED transaction"),
    ER_LOCK_DEADLOCK(1213, "40001", "Deadlock found when trying to get lock; try restarting transaction"),
    ER_NO_REFERENCED_ROW(1216, "23000", "Cannot add or update a child row: a foreign key constraint fails"),
    ER_ROW_IS_REFERENCED(1217, "23000", "Cannot delete or update a parent row: a foreign key constraint fails"),
    ER_WRONG_ARGUMENTS(1210, "HY000", "Incorrect arguments to %s"),
    ER_SPECIFIC_ACCESS_DENIED_ERROR(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    ER_LOCAL_VARIABLE(1228, "HY000", "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL"),
    ER_GLOBAL_VARIABLE(1229, "HY000", "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL"),
    ER_NO_DEFAULT(1230, "42000", "Variable '%s' doesn't have a default value"),
    ER_WRONG_VALUE_FOR_VAR(1231, "42000", "Variable '%s' can't be set to the value of '%s'"),
    ER_WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
    ER_VAR_CANT_BE_READ(1233, "HY000", "Variable '%s' can only be set, not read"),
    ER_NOT_SUPPORTED_YET(1235, "42000", "This version of MySQL doesn't yet support '%s'"),
    ER_SOURCE_FATAL_ERROR_READING_BINLOG(1236, "HY000", "%s"),
    ER_INCORRECT_GLOBAL_LOCAL_VAR(1238, "HY000", "Variable '%s' is a %s variable"),
    ER_WRONG_FK_DEF(1239, "42000", "Incorrect foreign key definition for '%s': %s"),
    ER_OPERAND_COLUMNS(1241, "21000", "Operand should contain %d column(s)"),
    ER_SUBQUERY_NO_1_ROW(1242, "21000", "Subquery returns more than 1 row"),
    ER_UNKNOWN_STMT_HANDLER(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
    ER_ILLEGAL_REFERENCE(1247, "42S22", "Reference '%s' not supported (%s)"),
    ER_DERIVED_MUST_HAVE_ALIAS(1248, "42000", "Every derived table must have its own alias"),
    ER_WARN_DATA_OUT_OF_RANGE(1264, "22003", "Out of range value for column '%s' at row %d"),
    ER_WARN_DATA_TRUNCATED(1265, "01000", "Data truncated for column '%s' at row %d"),
    ER_UNKNOWN_COLLATION(1273, "HY000", "Unknown collation: '%s'"),
    ER_OPTION_PREVENTS_STATEMENT(1290, "HY000", "The MySQL server is running with the %s option so it cannot execute this statement"),
    ER_TRUNCATED_WRONG_VALUE(1292, "22007", "Truncated incorrect %s value: '%s'"),
    ER_UNSUPPORTED_PS(1295, "HY000", "This command is not supported in the prepared statement protocol yet"),
    ER_SP_DOES_NOT_EXIST(1305, "42000", "%s %s does not exist"),
    ER_QUERY_INTERRUPTED(1317, "70100", "Query execution was interrupted"),
    ER_SP_ALREADY_EXISTS(1304, "42000", "%s %s already exists"),
    ER_VIEW_WRONG_LIST(1353, "HY000", "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts"),
    ER_NO_DEFAULT_FOR_FIELD(1364, "HY000", "Field '%s' doesn't have a default value"),
    ER_DIVISION_BY_ZERO(1365, "22012", "Division by 0"),
    ER_TRUNCATED_WRONG_VALUE_FOR_FIELD(1366, "HY000", "Incorrect %s value: '%s' for column '%s' at row %d"),
    ER_CANT_CREATE_USER_WITH_GRANT(1410, "42000", "You are not allowed to create a user with GRANT"),
    ER_DATA_TOO_LONG(1406, "22001", "Data too long for column '%s' at row %d"),
    ER_NO_REFERENCED_ROW_2(1452, "23000", "Cannot add or update a child row: a foreign key constraint fails%s"),
    ER_ROW_IS_REFERENCED_2(1451, "23000", "Cannot delete or update a parent row: a foreign key constraint fails%s"),
    ER_CANNOT_USER(1396, "HY000", "Operation %s failed for %s"),
    ER_WRONG_OBJECT(1347, "HY000", "'%s.%s' is not %s"),
    ER_TRG_ALREADY_EXISTS(1359, "HY000", "Trigger already exists"),
    ER_TRG_DOES_NOT_EXIST(1360, "HY000", "Trigger does not exist"),
    ER_SOURCE_HAS_PURGED_REQUIRED_GTIDS(1789, "HY000", "%s"),
    ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION(1792, "25006", "Cannot execute statement in a READ ONLY transaction."),
    ER_MALFORMED_PACKET(1835, "HY000", "Malformed communication packet."),
    ER_REPLICA_HAS_MORE_GTIDS_THAN_SOURCE(1885, "HY000", "%s"),
    ER_ACCOUNT_HAS_BEEN_LOCKED(3118, "HY000", "Access denied for user '%s'@'%s'. Account is locked."),
    ER_QUERY_TIMEOUT(3024, "HY000", "Query execution was interrupted, maximum statement execution time exceeded"),
    ER_CHECK_CONSTRAINT_VIOLATED(3819, "HY000", "Check constraint '%s' is violated."),
    ER_CLONE_DONOR(3862, "HY000", "Clone Donor Error: %s."),
    ER_CLONE_NETWORK_PACKET(3863, "HY000", "Clone received unexpected response from Donor : %s."),
    ER_CLONE_PROTOCOL(3864, "HY000", "Clone received unexpected response from Donor : %s."),
    ER_CLONE_IN_PROGRESS(3634, "HY000", "Concurrent clone in progress. Please try after clone is complete."),
    ER_CLONE_SYS_CONFIG(3869, "HY000", "Clone system configuration: %s"),
    ER_NONEXISTING_TABLE_GRANT(1147, "42000", "There is no such grant defined for user '%s' on host '%s' on table '%s'"),
    ER_ILLEGAL_GRANT_FOR_TABLE(1144, "42000", "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used"),
    ER_WRONG_USAGE(1221, "HY000", "Incorrect usage of %s and %s"),
    ER_CANT_FIND_DL_ENTRY(1127, "HY000", "Can't find symbol '%s' in library"),
    ER_PASSWORD_FORMAT(1827, "HY000", "The password hash doesn't have the expected format."),
    ER_USER_DOES_NOT_EXIST(3162, "HY000", "Authorization ID %s does not exist."),
    ER_USER_ALREADY_EXISTS(3163, "HY000", "Authorization ID %s already exists."),
    ER_ILLEGAL_PRIVILEGE_LEVEL(3619, "HY000", "Illegal privilege level specified for %s"),
    ER_DYNAMIC_PRIV_NOT_REGISTERED(3929, "HY000", "Dynamic privilege '%s' is not registered with the server."),
    ER_UDF_NO_PATHS(1124, "HY000", "No paths allowed for shared library"),
    ER_PLUGIN_DELETE_BUILTIN(1619, "HY000", "Built-in plugins cannot be deleted"),
    ER_PLUGIN_IS_PERMANENT(1702, "HY000", "Plugin '%s' is force_plus_permanent and can not be unloaded"),
    ER_PLUGIN_IS_NOT_LOADED(1524, "HY000", "Plugin '%s' is not loaded"),
    ER_INTERNAL_ERROR(1815, "HY000", "Internal error: %s");

    private final int code;
    private final String sqlState;
    private final String template;

    ErrorCode(int code, String sqlState, String template) {
        this.code = code;
        this.sqlState = sqlState;
        this.template = template;
    }

    public int code() { return code; }
    public String sqlState() { return sqlState; }
    public String template() { return template; }

    public String format(Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }

    /** An exception carrying this error, ready to be turned into an ERR packet. */
    public MysqlException exception(Object... args) {
        return new MysqlException(this, format(args));
    }
}
