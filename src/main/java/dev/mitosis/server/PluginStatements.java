package dev.mitosis.server;

import dev.mitosis.protocol.ErrorCode;
import dev.mitosis.protocol.MysqlException;
import dev.mitosis.sql.StatementKind;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** INSTALL PLUGIN, UNINSTALL PLUGIN and SHOW PLUGINS. */
final class PluginStatements {
    private final Instance instance;
    private final Session session;
    private final QueryExecutor exec;

    PluginStatements(Instance instance, Session session, QueryExecutor exec) {
        this.instance = instance;
        this.session = session;
        this.exec = exec;
    }

    /** INSTALL PLUGIN name SONAME 'library': needs INSERT on mysql.plugin. */
    void install(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("INSTALL");
        if (s.peek().is("COMPONENT")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("INSTALL COMPONENT");
        s.expect("PLUGIN");
        String name = s.name();
        s.expect("SONAME");
        String library = s.string();
        s.expectEnd();
        session.access().requireTable("mysql", "plugin", Privilege.INSERT, "INSERT");
        session.access().checkReadOnly(StatementKind.PLUGIN);
        instance.plugins().install(name, library);
        exec.ok(0, more);
    }

    /** UNINSTALL PLUGIN name: needs DELETE on mysql.plugin. */
    void uninstall(String stmt, boolean more) throws IOException, MysqlException, SQLException {
        AccountSyntax s = new AccountSyntax(stmt);
        s.expect("UNINSTALL");
        if (s.peek().is("COMPONENT")) throw ErrorCode.ER_NOT_SUPPORTED_YET.exception("UNINSTALL COMPONENT");
        s.expect("PLUGIN");
        String name = s.name();
        s.expectEnd();
        session.access().requireTable("mysql", "plugin", Privilege.DELETE, "DELETE");
        session.access().checkReadOnly(StatementKind.PLUGIN);
        instance.plugins().uninstall(name);
        exec.ok(0, more);
    }

    /** SHOW PLUGINS: Name, Status, Type, Library, License. */
    ShowStatements.Result show() {
        List<Object[]> rows = new ArrayList<>();
        for (Plugins.Plugin p : instance.plugins().list()) {
            rows.add(new Object[] {p.name(), p.status(), p.type(), p.library(), p.license()});
        }
        return new ShowStatements.Result(List.of(ResultColumn.text("Name"), ResultColumn.text("Status"),
                ResultColumn.text("Type"), ResultColumn.text("Library"), ResultColumn.text("License")), rows);
    }
}
