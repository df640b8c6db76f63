package dev.mitosis.server;

import dev.mitosis.engine.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the engine's catalog says about databases and tables, in MySQL's terms. */
final class Catalog {
    /** Engine schemas that are not MySQL databases. */
    static final Set<String> HIDDEN = Set.of("public", "information_schema", Engine.TYPES_SCHEMA,
            Engine.INFO_SCHEMA, "mitosis_fn");

    private Catalog() {}

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static boolean schemaExists(Engine engine, String name) throws SQLException {
        if (name.equalsIgnoreCase("information_schema")) return true;
        String n = name.toLowerCase(Locale.ROOT);
        if (HIDDEN.contains(n)) return false;
        Connection c = engine.system();
        synchronized (c) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
                ps.setString(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }

    /** MySQL databases, sorted, information_schema included. */
    static List<String> databases(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        out.add("information_schema");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String s = rs.getString(1);
                if (!HIDDEN.contains(s.toLowerCase(Locale.ROOT))) out.add(s);
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    record TableInfo(String name, String type) {}

    static List<TableInfo> tables(Connection c, String schema) throws SQLException {
        List<TableInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            ps.setString(1, schema.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    out.add(new TableInfo(rs.getString(1), type.contains("VIEW") ? "VIEW" : "BASE TABLE"));
                }
            }
        }
        return out;
    }

    static boolean tableExists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
