package dev.mitosis.server;

import dev.mitosis.binlog.BinaryLog;
import dev.mitosis.clone.CloneDonor;
import dev.mitosis.clone.CloneProtocol;
import dev.mitosis.clone.H2Snapshot;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.protocol.PacketChannel;
import dev.mitosis.protocol.PayloadReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** COM_CLONE on a donor connection: BACKUP_ADMIN and the plugin checked, then the snapshot served. */
final class CloneDonorCommand {
    private final Instance instance;
    private final Session session;

    CloneDonorCommand(Instance instance, Session session) {
        this.instance = instance;
        this.session = session;
    }

    /** The consistency point captured while commits are held. */
    private record Point(String gtidExecuted, String binlogFile, long binlogPosition) {}

    void serve(PayloadReader r, PacketChannel channel) throws IOException, MysqlException {
        Privileges.requireCloneDonor(session.privileges());
        instance.plugins().requireActive("clone");
        CloneProtocol.Request req = CloneProtocol.Request.read(r);
        session.setCommand("Clone");
        long timeoutSeconds = 60L * Long.parseLong(instance.variables().get("clone_donor_timeout_after_network_failure"));
        new CloneDonor(instance.donorSnapshots()).serve(req, channel, (id, out) -> {
            BinaryLog binlog = instance.binlog();
            // The backup lock: running DDL ends first (or 1205 after clone_ddl_timeout); with
            // clone_block_ddl it stays taken until the snapshot closes.
            BackupLock backup = instance.backupLock();
            backup.acquireForClone(req.ddlTimeoutSeconds());
            boolean held = true;
            try (Connection c = instance.engine().connect()) {
                H2Snapshot snap = H2Snapshot.take(c, () -> {
                    BinaryLog.Hold h = binlog.holdCommits();
                    return h::close;
                }, () -> new Point(instance.gtids().executed().toCompactString(),
                        binlog.enabled() ? binlog.currentFile() : "", binlog.enabled() ? binlog.currentPosition() : 0));
                if (req.blockDdl()) snap.whenClosed(backup::releaseForClone);
                else backup.releaseForClone();
                held = false;
                out.accept(snap);
                Point p = (Point) snap.captured();
                instance.binlogPins().pinForClone(p.binlogFile());
                return new CloneProtocol.Locator(id, Instance.VERSION, instance.variables().get("version_compile_os"),
                        instance.variables().get("version_compile_machine"), instance.variables().get("character_set_server"),
                        instance.variables().get("collation_server"), snap.length(), snap.fileName(), p.gtidExecuted(),
                        p.binlogFile(), p.binlogPosition(), timeoutSeconds, snap.dataBytes());
            } catch (SQLException e) {
                throw new IOException("snapshot failed: " + e.getMessage(), e);
            } finally {
                if (held) backup.releaseForClone();
            }
        }, timeoutSeconds);
    }
}
