package dev.mitosis.binlog;

import dev.mitosis.engine.Engine;
import dev.mitosis.gtid.GtidSet;
import dev.mitosis.gtid.GtidState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up of the binary log: cut a torn tail off the newest file, re-apply every logged
 * transaction the engine lacks, derive gtid_executed and gtid_purged, and open a new file. With
 * the log on, the engine stores only at checkpoints (BinaryLog.checkpoint), taken while commits
 * are held: after kill -9 the store is the last checkpoint's state, its GTID table says exactly
 * which transactions it holds, and everything logged after it is re-applied here.
 */
public final class BinlogRecovery {
    private static final Logger log = LoggerFactory.getLogger(BinlogRecovery.class);

    private BinlogRecovery() {}

    /** Result of recovery, for logs and tests. */
    public record Report(int truncatedBytes, int reapplied) {}

    public static BinaryLog open(Path dir, boolean enabled, String serverVersion, LongSupplier serverId,
            GtidState gtids, BinaryLog.Settings settings, BinaryLog.FatalHandler fatal, Engine engine,
            BinlogApplier.DdlExecutor ddl) throws IOException, SQLException {
        Connection system = engine.system();
        GtidState.createTable(system);
        // mysql.gtid_executed is compressed in the background once the instance runs.
        BinaryLog.TableSchemas schemas = new BinaryLog.TableSchemas();
        BinaryLog binlog = new BinaryLog(dir, enabled, serverVersion, serverId, gtids, settings, fatal, schemas, engine);
        GtidSet table = GtidState.loadTable(system);
        List<String> files = BinaryLog.readIndex(dir);
        removeUnindexed(dir, files);
        GtidSet executed = table;
        GtidSet purged = table;
        if (!files.isEmpty()) {
            BinlogApplier applier = new BinlogApplier(schemas, ddl);
            Path newest = dir.resolve(files.get(files.size() - 1));
            // One pass, a transaction at a time (a log can be 1 GB): from the oldest file that may
            // hold a transaction the store lacks (files before it logged only what the table has),
            // re-applying each such transaction and collecting the newest file's GTIDs.
            int first = files.size() - 1;
            while (first > 0 && !table.containsAll(BinaryLog.previousGtids(dir.resolve(files.get(first))))) first--;
            GtidSet[] inNewest = {GtidSet.EMPTY};
            GtidSet[] applied = {GtidSet.EMPTY};
            long goodEnd = 0;
            for (int f = first; f < files.size(); f++) {
                boolean isNewest = f == files.size() - 1;
                long end = BinlogApplier.scan(dir.resolve(files.get(f)), t -> {
                    if (isNewest) inNewest[0] = inNewest[0].add(t.gtid());
                    if (!table.contains(t.gtid()) && !applied[0].contains(t.gtid())) {
                        applier.apply(system, t);
                        applied[0] = applied[0].add(t.gtid());
                    }
                });
                if (isNewest) goodEnd = end;
            }
            long size = Files.size(newest);
            if (goodEnd < size) {
                log.warn("Binary log {} ends with an incomplete transaction: cutting {} bytes at {}", newest.getFileName(),
                        size - goodEnd, goodEnd);
                try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                    ch.truncate(goodEnd);
                    ch.force(true);
                }
            }
            GtidSet logged = BinaryLog.previousGtids(newest).union(inNewest[0]);
            GtidSet missing = logged.subtract(table);
            if (!applied[0].equals(missing)) {
                throw new SQLException("Binary log and engine disagree: " + missing.subtract(applied[0])
                        + " are logged but could not be found to re-apply");
            }
            if (!missing.isEmpty()) log.info("Recovered {} transaction(s) from the binary log into the engine", missing.count());
            executed = table.union(logged);
            purged = BinaryLog.previousGtids(dir.resolve(files.get(0))).union(table.subtract(logged));
        }
        gtids.reset(executed, purged);
        // Until here the engine stored at every commit. From now on the log is the redo: the
        // engine stores only at checkpoints, and a crash loses nothing the log cannot redo.
        engine.store();
        if (enabled) engine.setDeferredStores(true);
        binlog.start(files, executed);
        return binlog;
    }

    /** A file created at rotation whose index entry was never written holds no transaction. */
    private static void removeUnindexed(Path dir, List<String> files) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, BinaryLog.BASE_NAME + ".[0-9]*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!files.contains(n) && n.matches(BinaryLog.BASE_NAME + "\\.\\d{6,}")) {
                    long seq = BinaryLog.sequenceOf(n);
                    long last = files.isEmpty() ? 0 : BinaryLog.sequenceOf(files.get(files.size() - 1));
                    if (seq > last) Files.delete(p);
                }
            }
        }
    }
}
