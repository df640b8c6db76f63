package dev.mitosis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --help on every command, with examples; small pure parts of the tool. */
class CliHelpTest {
    @Test
    void everyCommandHasHelpWithExamples() {
        Tool tool = new Tool(java.nio.file.Path.of("unused"));
        for (String[] cmd : List.of(new String[] {}, new String[] {"sandbox"}, new String[] {"sandbox", "deploy"},
                new String[] {"sandbox", "list"}, new String[] {"sandbox", "start"}, new String[] {"sandbox", "stop"},
                new String[] {"sandbox", "destroy"}, new String[] {"status"}, new String[] {"add-replica"},
                new String[] {"repoint"}, new String[] {"verify"}, new String[] {"sql"}, new String[] {"demo"})) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Tool.Result r = tool.expect(0, args);
            assertTrue(r.out().contains("Usage: mitosis"), String.join(" ", cmd) + ": " + r.out());
            assertTrue(r.out().contains("Examples:"), String.join(" ", cmd) + " has no examples: " + r.out());
            assertTrue(!r.out().contains("\u001b["), "no colors when not on a terminal");
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Tool.Result r = new Tool(java.nio.file.Path.of("unused")).run("sandbox", "deploy", "--bogus");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    }

    @Test
    void statementsAreSplitOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 'a;b'", "SELECT 2\\G", "SELECT `x;`"),
                SqlCommand.split("SELECT 'a;b'; SELECT 2\\G -- c;\nSELECT `x;`;"));
    }

    @Test
    void jsonIsEscaped() {
        assertEquals("{\n  \"a\": \"x\\\"y\\n\",\n  \"b\": [\n    1,\n    true,\n    null\n  ]\n}",
                Json.write(Map.of("a", "x\"y\n", "b", java.util.Arrays.asList(1, true, null)).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                Map.Entry::getValue, (x, y) -> x, java.util.LinkedHashMap::new))));
    }

    @Test
    void tableAlignsColoredCells() {
        Term t = new Term(System.out, System.err, true);
        List<String> lines = Term.table(List.of("a", "b"), List.of(List.of(t.red("xx"), "y")));
        assertEquals("a   b", lines.get(0));
        assertEquals(t.red("xx") + "  y", lines.get(2));
    }
}
