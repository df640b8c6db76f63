package dev.mitosis.replication;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.replication.ReplicationStatements.ChangeSource;
import dev.mitosis.replication.ReplicationStatements.ResetReplica;
import dev.mitosis.replication.ReplicationStatements.StartReplica;
import dev.mitosis.replication.ReplicationStatements.StopReplica;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The replica side of one instance: its channels, the rules of CHANGE REPLICATION SOURCE /
 * START / STOP / RESET REPLICA as MySQL checks them, and persistence of the configuration.
 */
public final class ReplicaChannels {
    /** A note or warning for the statement's session (SHOW WARNINGS). */
    public record Note(String level, ErrorCode code, String message) {}

    private final ChannelStore store;
    private final Map<String, Channel> channels = new ConcurrentSkipListMap<>();
    private volatile ChannelRunner runner;

    public ReplicaChannels(ChannelStore store) throws SQLException {
        this.store = store;
        for (ChannelConfig c : store.load().values()) channels.put(c.channel(), new Channel(c));
    }

    public void setRunner(ChannelRunner runner) {
        this.runner = runner;
    }

    public List<Channel> channels() {
        return new ArrayList<>(channels.values());
    }

    public Channel channel(String name) {
        return channels.get(name);
    }

    /** CHANGE REPLICATION SOURCE TO: checks in MySQL's order, then stores the new configuration. */
    public synchronized List<Note> change(ChangeSource stmt, boolean gtidModeOn) throws MysqlException, SQLException {
        String name = stmt.channel() == null ? "" : stmt.channel();
        Channel ch = channels.get(name);
        ChannelConfig current = ch == null ? ChannelConfig.defaults(name) : ch.config();
        Map<SourceOption, String> opts = stmt.options();
        boolean ioRunning = ch != null && ch.io != Channel.IoState.NO;
        boolean sqlRunning = ch != null && ch.sqlRunning;
        boolean hasReceiver = opts.keySet().stream().anyMatch(o -> o.kind == SourceOption.Kind.RECEIVER);
        boolean hasApplier = opts.keySet().stream().anyMatch(o -> o.kind == SourceOption.Kind.APPLIER);
        boolean hasBoth = opts.keySet().stream().anyMatch(o -> o.kind == SourceOption.Kind.BOTH);
        if ((hasBoth && (ioRunning || sqlRunning)) || (hasReceiver && hasApplier && ioRunning && sqlRunning)) {
            throw ErrorCode.ER_REPLICA_CHANNEL_MUST_STOP.exception(name);
        }
        if (hasReceiver && ioRunning) throw ErrorCode.ER_REPLICA_IO_THREAD_MUST_STOP.exception(name);
        if (hasApplier && sqlRunning) throw ErrorCode.ER_REPLICA_SQL_THREAD_MUST_STOP.exception(name);
        String autoPosition = opts.getOrDefault(SourceOption.SOURCE_AUTO_POSITION, current.get(SourceOption.SOURCE_AUTO_POSITION));
        if ("1".equals(opts.get(SourceOption.SOURCE_AUTO_POSITION)) && !gtidModeOn) {
            throw ErrorCode.ER_AUTO_POSITION_REQUIRES_GTID_MODE_NOT_OFF.exception();
        }
        boolean positions = opts.containsKey(SourceOption.SOURCE_LOG_FILE) || opts.containsKey(SourceOption.SOURCE_LOG_POS)
                || opts.containsKey(SourceOption.RELAY_LOG_FILE) || opts.containsKey(SourceOption.RELAY_LOG_POS);
        if (positions && "1".equals(autoPosition)) throw ErrorCode.ER_BAD_REPLICA_AUTO_POSITION.exception();
        if (opts.containsKey(SourceOption.SOURCE_HOST) && opts.get(SourceOption.SOURCE_HOST).isEmpty()) {
            throw ErrorCode.ER_WRONG_ARGUMENTS.exception("SOURCE_HOST");
        }
        if (opts.getOrDefault(SourceOption.SOURCE_PASSWORD, "").length() > 32) {
            throw ErrorCode.ER_CHANGE_SOURCE_PASSWORD_LENGTH.exception();
        }
        Map<SourceOption, String> changes = new EnumMap<>(opts);
        boolean newSource = (opts.containsKey(SourceOption.SOURCE_HOST) && !opts.get(SourceOption.SOURCE_HOST).equals(current.host()))
                || (opts.containsKey(SourceOption.SOURCE_PORT) && !opts.get(SourceOption.SOURCE_PORT).equals(current.get(SourceOption.SOURCE_PORT)));
        if (newSource) {
            // A different source: file/position and the source's identity no longer apply.
            changes.putIfAbsent(SourceOption.SOURCE_LOG_FILE, "");
            changes.putIfAbsent(SourceOption.SOURCE_LOG_POS, "4");
            changes.putIfAbsent(SourceOption.SOURCE_HEARTBEAT_PERIOD, ChannelConfig.defaults(name).get(SourceOption.SOURCE_HEARTBEAT_PERIOD));
        }
        if (changes.containsKey(SourceOption.SOURCE_LOG_FILE) && !changes.containsKey(SourceOption.SOURCE_LOG_POS)) {
            changes.put(SourceOption.SOURCE_LOG_POS, "4");
        }
        ChannelConfig next = current.with(changes);
        store.save(next);
        if (positions && !next.autoPosition()) store.clearApplied(name);
        if (ch == null) {
            ch = new Channel(next);
            channels.put(name, ch);
        } else {
            ch.setConfig(next);
        }
        if (newSource) {
            ch.sourceUuid = "";
            ch.sourceServerId = 0;
        }
        if (!ioRunning && !sqlRunning) {
            // Both threads stopped: relay logs start afresh from the applier position.
            ch.sqlError(0, "");
            ch.retrieved = dev.mitosis.gtid.GtidSet.EMPTY;
        }
        List<Note> notes = new ArrayList<>();
        if (stmt.legacy()) {
            notes.add(new Note("Warning", ErrorCode.ER_WARN_DEPRECATED_SYNTAX,
                    ErrorCode.ER_WARN_DEPRECATED_SYNTAX.format("CHANGE MASTER", "CHANGE REPLICATION SOURCE")));
        }
        if (opts.containsKey(SourceOption.SOURCE_USER) || opts.containsKey(SourceOption.SOURCE_PASSWORD)) {
            notes.add(new Note("Note", ErrorCode.ER_INSECURE_PLAIN_TEXT, ErrorCode.ER_INSECURE_PLAIN_TEXT.format()));
            notes.add(new Note("Note", ErrorCode.ER_INSECURE_CHANGE_SOURCE, ErrorCode.ER_INSECURE_CHANGE_SOURCE.format()));
        }
        return notes;
    }

    /** The channels a statement acts on: the named one (3074 if unknown), else all. */
    private List<Channel> target(String channel) throws MysqlException {
        if (channel != null) {
            Channel ch = channels.get(channel);
            if (ch == null) throw ErrorCode.ER_REPLICA_CHANNEL_DOES_NOT_EXIST.exception(channel);
            return List.of(ch);
        }
        return channels();
    }

    public synchronized List<Note> start(StartReplica stmt) throws MysqlException {
        List<Channel> targets = target(stmt.channel());
        if (targets.isEmpty() || targets.stream().noneMatch(c -> c.config().isConfigured())) {
            throw ErrorCode.ER_BAD_REPLICA.exception();
        }
        if (runner == null) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("START REPLICA");
        List<Note> notes = new ArrayList<>();
        for (Channel ch : targets) {
            if (!ch.config().isConfigured()) continue;
            boolean already = (!stmt.io() || ch.io != Channel.IoState.NO) && (!stmt.sql() || ch.sqlRunning);
            if (already) {
                notes.add(new Note("Note", ErrorCode.ER_REPLICA_CHANNEL_ALREADY_RUNNING,
                        ErrorCode.ER_REPLICA_CHANNEL_ALREADY_RUNNING.format(ch.name())));
                continue;
            }
            if (stmt.sql() && !ch.sqlRunning) {
                ch.until = stmt.until();
                runner.startApplier(ch);
            }
            if (stmt.io() && ch.io == Channel.IoState.NO) runner.startReceiver(ch, stmt.user(), stmt.password());
        }
        return notes;
    }

    public synchronized List<Note> stop(StopReplica stmt) throws MysqlException {
        List<Note> notes = new ArrayList<>();
        for (Channel ch : target(stmt.channel())) {
            boolean already = (!stmt.io() || ch.io == Channel.IoState.NO) && (!stmt.sql() || !ch.sqlRunning);
            if (already) {
                notes.add(new Note("Note", ErrorCode.ER_REPLICA_CHANNEL_ALREADY_STOPPED,
                        ErrorCode.ER_REPLICA_CHANNEL_ALREADY_STOPPED.format(ch.name())));
                continue;
            }
            if (runner == null) continue;
            if (stmt.io() && ch.io != Channel.IoState.NO) runner.stopReceiver(ch);
            if (stmt.sql() && ch.sqlRunning) runner.stopApplier(ch);
        }
        return notes;
    }

    public synchronized void reset(ResetReplica stmt) throws MysqlException, SQLException {
        List<Channel> targets = target(stmt.channel());
        for (Channel ch : targets) {
            if (ch.io != Channel.IoState.NO || ch.sqlRunning) throw ErrorCode.ER_REPLICA_CHANNEL_MUST_STOP.exception(ch.name());
        }
        for (Channel ch : targets) {
            store.clearApplied(ch.name());
            if (stmt.all()) {
                store.delete(ch.name());
                channels.remove(ch.name());
            } else {
                ch.resetState();
                // Positions go back to the start of the source's first file; the connection stays.
                Map<SourceOption, String> pos = new EnumMap<>(SourceOption.class);
                pos.put(SourceOption.SOURCE_LOG_FILE, "");
                pos.put(SourceOption.SOURCE_LOG_POS, "4");
                ch.setConfig(ch.config().with(pos));
                store.save(ch.config());
            }
        }
    }

    /** Starts every configured channel (server start). */
    public synchronized void startConfigured() {
        ChannelRunner r = runner;
        if (r == null) return;
        for (Channel ch : channels()) {
            if (!ch.config().isConfigured()) continue;
            r.startApplier(ch);
            r.startReceiver(ch, null, null);
        }
    }

    /** Stops every channel's threads: instance shutdown or clone. */
    public void stopAll() {
        ChannelRunner r = runner;
        if (r == null) return;
        for (Channel ch : channels()) {
            if (ch.io != Channel.IoState.NO) r.stopReceiver(ch);
            if (ch.sqlRunning) r.stopApplier(ch);
        }
    }
}
