package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;

/**
 * Privilege checks for code outside the SQL path (replication source and applier, clone donor and
 * recipient): what MySQL requires for its administrative statements and commands, and the 1227
 * error naming the privileges.
 */
public final class Privileges {
    private Privileges() {}

    /**
     * 1227 ER_SPECIFIC_ACCESS_DENIED_ERROR unless {@code p} holds one of {@code names}, e.g.
     * {@code requireAny(p, "SUPER", "REPLICATION_SLAVE_ADMIN")}. Static names are spelled as in
     * GRANT ("REPLICATION SLAVE"), dynamic ones in upper case.
     */
    public static void requireAny(AccountPrivileges p, String... names) throws MysqlException {
        if (p.hasAny(names)) return;
        throw ErrorCode.ER_SPECIFIC_ACCESS_DENIED_ERROR.exception(describe(names));
    }

    /** "A", "A or B", "A, B or C", as MySQL lists alternatives. */
    public static String describe(String... names) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) b.append(i == names.length - 1 ? " or " : ", ");
            b.append(names[i]);
        }
        return b.toString();
    }

    /**
     * What MySQL 8.4 requires for a replication, binary log or clone statement, by its leading
     * words (upper case); null when nothing beyond login is needed or the statement is unknown.
     */
    public static String[] forAdministrativeStatement(String[] w) {
        String a = w[0];
        String b = w.length > 1 ? w[1] : "";
        String c = w.length > 2 ? w[2] : "";
        switch (a) {
            case "CHANGE":
                if (b.equals("REPLICATION") || b.equals("MASTER")) return new String[] {"SUPER", DynamicPrivileges.REPLICATION_SLAVE_ADMIN};
                return null;
            case "START", "STOP":
                if (b.equals("REPLICA") || b.equals("SLAVE")) return new String[] {"SUPER", DynamicPrivileges.REPLICATION_SLAVE_ADMIN};
                if (b.equals("GROUP_REPLICATION")) return new String[] {"SUPER", "GROUP_REPLICATION_ADMIN"};
                return null;
            case "RESET":
                return new String[] {"RELOAD"};
            case "PURGE":
                return new String[] {"SUPER", DynamicPrivileges.BINLOG_ADMIN};
            case "CLONE":
                return b.equals("LOCAL") ? new String[] {DynamicPrivileges.BACKUP_ADMIN}
                        : new String[] {DynamicPrivileges.CLONE_ADMIN};
            case "SHOW":
                if (b.equals("REPLICA") || b.equals("SLAVE") || b.equals("MASTER")
                        || (b.equals("BINARY") && (c.equals("LOGS") || c.equals("LOG")))) {
                    if (c.equals("HOSTS")) return new String[] {"REPLICATION SLAVE"};
                    return new String[] {"SUPER", "REPLICATION CLIENT"};
                }
                if (b.equals("REPLICAS") || b.equals("BINLOG") || b.equals("RELAYLOG")) return new String[] {"REPLICATION SLAVE"};
                return null;
            default:
                return null;
        }
    }

    /** COM_BINLOG_DUMP / COM_BINLOG_DUMP_GTID / COM_REGISTER_SLAVE: REPLICATION SLAVE. */
    public static void requireReplicationSlave(AccountPrivileges p) throws MysqlException {
        requireAny(p, "REPLICATION SLAVE");
    }

    /** The donor side of CLONE INSTANCE: the connecting account needs BACKUP_ADMIN. */
    public static void requireCloneDonor(AccountPrivileges p) throws MysqlException {
        requireAny(p, DynamicPrivileges.BACKUP_ADMIN);
    }
}
