package dev.mitosis.sql;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * BEGIN / START TRANSACTION / COMMIT / ROLLBACK / SAVEPOINT. The server drives transactions through
 * JDBC (autocommit off at BEGIN), so BEGIN has no H2 SQL; the others carry the equivalent SQL.
 */
final class TransactionTranslator {
    private TransactionTranslator() { }

    static Translation translate(StatementKind kind, Tokens tk) {
        Set<Translation.Flag> flags = EnumSet.noneOf(Translation.Flag.class);
        int end = tk.isSymbol(tk.size - 1, ";") ? tk.size - 1 : tk.size;
        switch (kind) {
            case BEGIN -> {
                for (int i = 1; i < end; i++) {
                    if (tk.is(i, "ONLY")) flags.add(Translation.Flag.READ_ONLY);
                    if (tk.is(i, "SNAPSHOT")) flags.add(Translation.Flag.CONSISTENT_SNAPSHOT);
                }
                return new Translation(kind, List.of(), 0, null, flags, null);
            }
            case COMMIT, ROLLBACK -> {
                for (int i = 1; i < end; i++) {
                    if (tk.is(i, "CHAIN") && !tk.is(i - 1, "NO")) flags.add(Translation.Flag.CHAIN);
                    if (tk.is(i, "RELEASE") && !tk.is(i - 1, "NO")) flags.add(Translation.Flag.RELEASE);
                }
                return new Translation(kind, List.of(kind == StatementKind.COMMIT ? "COMMIT" : "ROLLBACK"), 0, null, flags, null);
            }
            default -> {
                String name = tk.get(end - 1).text;
                if (!tk.get(end - 1).isName()) throw tk.error(end - 1);
                SqlWriter w = new SqlWriter(48);
                w.word(switch (kind) {
                    case SAVEPOINT -> "SAVEPOINT";
                    case ROLLBACK_TO_SAVEPOINT -> "ROLLBACK TO SAVEPOINT";
                    default -> "RELEASE SAVEPOINT";
                });
                w.alias(name);
                return new Translation(kind, List.of(w.toString()), 0, name, flags, null);
            }
        }
    }
}
