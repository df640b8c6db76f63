package dev.mitosis.binlog;

import dev.mitosis.engine.Engine;
import dev.mitosis.gtid.Gtid;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
            long[] goodEnd = new long[1];
            List<BinlogApplier.Transaction> txns = BinlogApplier.read(newest, goodEnd);
            long size = Files.size(newest);
            if (goodEnd[0] < size) {
                log.warn("Binary log {} ends with an incomplete transaction: cutting {} bytes at {}", newest.getFileName(),
                        size - goodEnd[0], goodEnd[0]);
                try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                    ch.truncate(goodEnd[0]);
                    ch.force(true);
                }
            }
            GtidSet logged = BinaryLog.previousGtids(newest);
            for (BinlogApplier.Transaction t : txns) logged = logged.add(t.gtid());
            GtidSet missing = logged.subtract(table);
            if (!missing.isEmpty()) {
                List<BinlogApplier.Transaction> toApply = new ArrayList<>();
                Set<Gtid> found = new HashSet<>();
                for (int f = files.size() - 1; f >= 0 && found.size() < missing.count(); f--) {
                    List<BinlogApplier.Transaction> fileTxns = f == files.size() - 1 ? txns
                            : BinlogApplier.read(dir.resolve(files.get(f)), null);
                    List<BinlogApplier.Transaction> mine = new ArrayList<>();
                    for (BinlogApplier.Transaction t : fileTxns) {
                        if (missing.contains(t.gtid()) && found.add(t.gtid())) mine.add(t);
                    }
                    toApply.addAll(0, mine);
                }
                if (found.size() < missing.count()) {
                    throw new SQLException("Binary log and engine disagree: " + missing
                            + " are logged but not all could be found to re-apply");
                }
                for (BinlogApplier.Transaction t : toApply) applier.apply(system, t);
                log.info("Recovered {} transaction(s) from the binary log into the engine", toApply.size());
            }
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
