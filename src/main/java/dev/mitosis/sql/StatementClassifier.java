package dev.mitosis.sql;

/**
 * Classifies a statement by its first few tokens, skipping comments and executable-comment
 * wrappers. Reads at most a handful of tokens, so it is cheap enough for every COM_QUERY.
 */
public final class StatementClassifier {
    private static final int LOOKAHEAD = 16;

    private StatementClassifier() { }

    public static StatementKind classify(String sql) {
        Token[] t;
        try {
            t = firstTokens(sql);
        } catch (SqlSyntaxException e) {
            return StatementKind.OTHER;
        }
        return classify(t);
    }

    private static Token[] firstTokens(String sql) {
        Lexer lexer = new Lexer(sql);
        Token[] tokens = new Token[LOOKAHEAD];
        int n = 0;
        Token first = lexer.next();
        // (SELECT ...) and ((SELECT ...)) UNION ...
        while (first.isSymbol("(")) first = lexer.next();
        tokens[n++] = first;
        while (n < LOOKAHEAD) {
            Token t = tokens[n - 1].type == TokenType.EOF ? tokens[n - 1] : lexer.next();
            tokens[n++] = t;
        }
        return tokens;
    }

    private static StatementKind classify(Token[] t) {
        Token first = t[0];
        if (first.type == TokenType.EOF) return StatementKind.EMPTY;
        if (first.type != TokenType.IDENTIFIER) return StatementKind.OTHER;
        switch (first.text.toUpperCase(java.util.Locale.ROOT)) {
            case "SELECT", "WITH", "VALUES", "TABLE": return StatementKind.SELECT;
            case "INSERT": return StatementKind.INSERT;
            case "REPLACE": return StatementKind.REPLACE;
            case "UPDATE": return StatementKind.UPDATE;
            case "DELETE": return StatementKind.DELETE;
            case "CREATE": return create(t);
            case "ALTER": return alter(t);
            case "DROP": return drop(t);
            case "TRUNCATE": return StatementKind.TRUNCATE_TABLE;
            case "RENAME": return t[1].is("USER") ? StatementKind.ACCOUNT_MANAGEMENT : StatementKind.RENAME_TABLE;
            case "BEGIN": return StatementKind.BEGIN;
            case "START":
                if (t[1].is("TRANSACTION")) return StatementKind.BEGIN;
                if (t[1].is("REPLICA") || t[1].is("SLAVE") || t[1].is("GROUP_REPLICATION")) return StatementKind.REPLICATION;
                return StatementKind.OTHER;
            case "COMMIT": return StatementKind.COMMIT;
            case "ROLLBACK": return rollback(t);
            case "SAVEPOINT": return StatementKind.SAVEPOINT;
            case "RELEASE": return StatementKind.RELEASE_SAVEPOINT;
            case "SHOW": return StatementKind.SHOW;
            case "SET": return StatementKind.SET;
            case "USE": return StatementKind.USE;
            case "DESC", "DESCRIBE", "EXPLAIN": return explain(t);
            case "ANALYZE", "OPTIMIZE", "CHECK", "REPAIR", "CHECKSUM": return StatementKind.TABLE_MAINTENANCE;
            case "LOCK": return StatementKind.LOCK_TABLES;
            case "UNLOCK": return StatementKind.UNLOCK_TABLES;
            case "FLUSH": return StatementKind.FLUSH;
            case "KILL": return StatementKind.KILL;
            case "DO": return StatementKind.DO;
            case "GRANT", "REVOKE": return StatementKind.ACCOUNT_MANAGEMENT;
            case "CHANGE", "STOP": return StatementKind.REPLICATION;
            case "RESET": return t[1].is("REPLICA") || t[1].is("SLAVE") ? StatementKind.REPLICATION
                    : t[1].is("PERSIST") ? StatementKind.SET : StatementKind.BINARY_LOG;
            case "PURGE": return StatementKind.BINARY_LOG;
            case "CLONE": return StatementKind.CLONE;
            case "INSTALL", "UNINSTALL": return StatementKind.PLUGIN;
            case "PREPARE", "EXECUTE", "DEALLOCATE": return StatementKind.PREPARED_SQL;
            case "XA": return StatementKind.XA;
            case "CALL": return StatementKind.CALL;
            case "LOAD": return StatementKind.LOAD_DATA;
            case "SHUTDOWN": return StatementKind.SHUTDOWN;
            case "HELP": return StatementKind.HELP;
            default: return StatementKind.OTHER;
        }
    }

    private static StatementKind create(Token[] t) {
        int i = 1;
        if (t[i].is("OR") && t[i + 1].is("REPLACE")) i += 2;
        if (t[i].is("TEMPORARY")) i++;
        if (t[i].is("UNIQUE") || t[i].is("FULLTEXT") || t[i].is("SPATIAL")) i++;
        Token what = t[i];
        if (what.is("TABLE")) return StatementKind.CREATE_TABLE;
        if (what.is("INDEX")) return StatementKind.CREATE_INDEX;
        if (what.is("DATABASE") || what.is("SCHEMA")) return StatementKind.CREATE_DATABASE;
        if (what.is("USER") || what.is("ROLE")) return StatementKind.ACCOUNT_MANAGEMENT;
        if (isStoredProgram(what)) return StatementKind.STORED_PROGRAM;
        for (int j = i; j < t.length; j++) {
            if (t[j].is("VIEW")) return StatementKind.CREATE_VIEW;
            if (isStoredProgram(t[j])) return StatementKind.STORED_PROGRAM;
        }
        return StatementKind.OTHER;
    }

    private static boolean isStoredProgram(Token t) {
        return t.is("TRIGGER") || t.is("PROCEDURE") || t.is("FUNCTION") || t.is("EVENT");
    }

    private static StatementKind alter(Token[] t) {
        Token what = t[1];
        if (what.is("TABLE")) return StatementKind.ALTER_TABLE;
        if (what.is("DATABASE") || what.is("SCHEMA")) return StatementKind.ALTER_DATABASE;
        if (what.is("USER")) return StatementKind.ACCOUNT_MANAGEMENT;
        if (isStoredProgram(what)) return StatementKind.STORED_PROGRAM;
        for (int j = 1; j < t.length; j++) {
            if (t[j].is("VIEW")) return StatementKind.ALTER_VIEW;
        }
        return StatementKind.OTHER;
    }

    private static StatementKind drop(Token[] t) {
        int i = t[1].is("TEMPORARY") ? 2 : 1;
        Token what = t[i];
        if (what.is("TABLE") || what.is("TABLES")) return StatementKind.DROP_TABLE;
        if (what.is("INDEX")) return StatementKind.DROP_INDEX;
        if (what.is("DATABASE") || what.is("SCHEMA")) return StatementKind.DROP_DATABASE;
        if (what.is("VIEW")) return StatementKind.DROP_VIEW;
        if (what.is("USER") || what.is("ROLE")) return StatementKind.ACCOUNT_MANAGEMENT;
        if (isStoredProgram(what)) return StatementKind.STORED_PROGRAM;
        return StatementKind.OTHER;
    }

    private static StatementKind rollback(Token[] t) {
        int i = t[1].is("WORK") ? 2 : 1;
        return t[i].is("TO") ? StatementKind.ROLLBACK_TO_SAVEPOINT : StatementKind.ROLLBACK;
    }

    private static StatementKind explain(Token[] t) {
        Token next = t[1];
        if (next.type == TokenType.QUOTED_IDENTIFIER) return StatementKind.DESCRIBE;
        if (next.type != TokenType.IDENTIFIER) return StatementKind.EXPLAIN;
        if (next.is("SELECT") || next.is("INSERT") || next.is("UPDATE") || next.is("DELETE") || next.is("REPLACE")
                || next.is("WITH") || next.is("TABLE") || next.is("FORMAT") || next.is("ANALYZE")
                || next.is("EXTENDED") || next.is("PARTITIONS") || next.is("FOR")) {
            return StatementKind.EXPLAIN;
        }
        return StatementKind.DESCRIBE;
    }
}
