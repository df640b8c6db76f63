package dev.mitosis.replication;

import dev.mitosis.engine.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel configuration (mysql.slave_master_info) and applier positions
 * (mysql.slave_relay_log_info) in system tables inside the instance's data: crash-safe with
 * the applied data, and copied by a clone.
 */
public final class ChannelStore {
    private final Engine engine;

    public ChannelStore(Engine engine) throws SQLException {
        this.engine = engine;
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.slave_master_info ("
                + " channel_name VARCHAR(64) NOT NULL PRIMARY KEY, host VARCHAR(255) NOT NULL, port INT NOT NULL,"
                + " user_name VARCHAR(96) NOT NULL, user_password VARCHAR(96) NOT NULL, auto_position TINYINT NOT NULL,"
                + " options VARCHAR(4096) NOT NULL)");
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.slave_relay_log_info ("
                + " channel_name VARCHAR(64) NOT NULL PRIMARY KEY, source_log_name VARCHAR(255) NOT NULL,"
                + " source_log_pos BIGINT NOT NULL)");
        // One row per applier worker: workers commit in order, so the row with the highest
        // apply_order is where the channel stands; one row per worker keeps them from locking each other.
        engine.execute("CREATE TABLE IF NOT EXISTS mysql.slave_worker_info ("
                + " channel_name VARCHAR(64) NOT NULL, worker_id INT NOT NULL, source_log_name VARCHAR(255) NOT NULL,"
                + " source_log_pos BIGINT NOT NULL, apply_order BIGINT NOT NULL, PRIMARY KEY (channel_name, worker_id))");
    }

    public synchronized Map<String, ChannelConfig> load() throws SQLException {
        Map<String, ChannelConfig> out = new LinkedHashMap<>();
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT channel_name, options FROM mysql.slave_master_info ORDER BY channel_name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), ChannelConfig.of(rs.getString(1), decode(rs.getString(2))));
            }
        }
        return out;
    }

    public synchronized void save(ChannelConfig config) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO mysql.slave_master_info"
                    + " (channel_name, host, port, user_name, user_password, auto_position, options)"
                    + " KEY (channel_name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, config.channel());
                ps.setString(2, config.host());
                ps.setInt(3, config.port());
                ps.setString(4, config.user());
                ps.setString(5, config.password());
                ps.setInt(6, config.autoPosition() ? 1 : 0);
                ps.setString(7, encode(config.values()));
                ps.executeUpdate();
            }
        }
    }

    public synchronized void delete(String channel) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            for (String table : new String[] {"mysql.slave_master_info", "mysql.slave_relay_log_info", "mysql.slave_worker_info"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE channel_name = ?")) {
                    ps.setString(1, channel);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** The applier position of a channel: source file and end position of the last applied transaction. */
    public record AppliedPosition(String file, long pos) {}

    public AppliedPosition appliedPosition(String channel) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_log_name, source_log_pos FROM mysql.slave_worker_info"
                    + " WHERE channel_name = ? AND source_log_name <> '' ORDER BY apply_order DESC FETCH FIRST 1 ROW ONLY")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return new AppliedPosition(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source_log_name, source_log_pos FROM mysql.slave_relay_log_info WHERE channel_name = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new AppliedPosition(rs.getString(1), rs.getLong(2)) : null;
                }
            }
        }
    }

    /** The highest apply order recorded for a channel (0 for none): a new applier numbers on from it. */
    long lastApplyOrder(String channel) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(MAX(apply_order), 0) FROM mysql.slave_worker_info WHERE channel_name = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /** The statement a worker records its position with: see {@link #recordApplied}. */
    static PreparedStatement prepareRecordApplied(Connection tx) throws SQLException {
        return tx.prepareStatement("MERGE INTO mysql.slave_worker_info"
                + " (channel_name, worker_id, source_log_name, source_log_pos, apply_order) KEY (channel_name, worker_id)"
                + " VALUES (?, ?, ?, ?, ?)");
    }

    /**
     * Records a worker's position inside the transaction it applies, so position and data commit
     * together.
     */
    static void recordApplied(PreparedStatement ps, String channel, int worker, String file, long pos, long order)
            throws SQLException {
        ps.setString(1, channel);
        ps.setInt(2, worker);
        ps.setString(3, file);
        ps.setLong(4, pos);
        ps.setLong(5, order);
        ps.executeUpdate();
    }

    public void clearApplied(String channel) throws SQLException {
        Connection c = engine.system();
        synchronized (c) {
            for (String table : new String[] {"mysql.slave_relay_log_info", "mysql.slave_worker_info"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE channel_name = ?")) {
                    ps.setString(1, channel);
                    ps.executeUpdate();
                }
            }
        }
    }

    static String encode(Map<SourceOption, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(k.name()).append('=').append(v.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return b.toString();
    }

    static Map<SourceOption, String> decode(String text) {
        Map<SourceOption, String> out = new EnumMap<>(SourceOption.class);
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            SourceOption o = SourceOption.byName(line.substring(0, eq));
            if (o == null) continue;
            StringBuilder v = new StringBuilder();
            String raw = line.substring(eq + 1);
            for (int i = 0; i < raw.length(); i++) {
                char ch = raw.charAt(i);
                if (ch == '\\' && i + 1 < raw.length()) {
                    char e = raw.charAt(++i);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(ch);
                }
            }
            out.put(o, v.toString());
        }
        return out;
    }
}
