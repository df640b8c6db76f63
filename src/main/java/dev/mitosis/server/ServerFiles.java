package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files the server itself reads (LOAD DATA INFILE) or writes (SELECT ... INTO OUTFILE/DUMPFILE)
 * for a session, with MySQL's checks in its order: the FILE privilege (1045), then
 * secure_file_priv (NULL: none at all; a directory: only in it; empty: anywhere) (1290).
 */
final class ServerFiles {
    private ServerFiles() {}

    /** An existing file to read; relative names are in the data directory. */
    static Path readable(Session session, Instance instance, String name) throws MysqlException, IOException {
        Path file = permittedPath(session, instance, name);
        try {
            file = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new MysqlException(29, "HY000", "File '" + file + "' not found (OS errno 2 - No such file or directory)", null);
        }
        checkAllowed(instance, file);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new MysqlException(13, "HY000", "Can't get stat of '" + file + "' (OS errno 13 - Permission denied)", null);
        }
        return file;
    }

    /** A new file to write: it must not exist yet (1086), as MySQL never overwrites one. */
    static Path writable(Session session, Instance instance, String name) throws MysqlException, IOException {
        Path file = permittedPath(session, instance, name);
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new MysqlException(1, "HY000", "Can't create/write to file '" + file + "' (OS errno 2 - No such file or directory)", null);
        }
        file = dir.toRealPath().resolve(file.getFileName());
        checkAllowed(instance, file);
        if (Files.exists(file)) throw new MysqlException(1086, "HY000", "File '" + file + "' already exists", null);
        return file;
    }

    /** The path a session may name: FILE privilege, then a secure_file_priv that is not NULL. */
    private static Path permittedPath(Session session, Instance instance, String name) throws MysqlException {
        if (!session.privileges().hasAny("FILE")) {
            Account a = session.account();
            throw ErrorCode.ER_ACCESS_DENIED_ERROR.exception(a == null ? session.user() : a.user(),
                    a == null ? session.hostName() : a.host(), "YES");
        }
        if (secureFilePriv(instance) == null) throw ErrorCode.ER_OPTION_PREVENTS_STATEMENT.exception("--secure-file-priv");
        Path file = Path.of(name);
        return file.isAbsolute() ? file : instance.datadir().resolve(file);
    }

    private static void checkAllowed(Instance instance, Path file) throws MysqlException, IOException {
        String allowed = secureFilePriv(instance);
        if (!allowed.isEmpty() && !file.startsWith(Path.of(allowed).toRealPath())) {
            throw ErrorCode.ER_OPTION_PREVENTS_STATEMENT.exception("--secure-file-priv");
        }
    }

    private static String secureFilePriv(Instance instance) {
        String v = instance.variables().get("secure_file_priv");
        return v == null || v.equalsIgnoreCase("NULL") ? null : v;
    }
}
