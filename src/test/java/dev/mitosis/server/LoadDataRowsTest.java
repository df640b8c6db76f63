package dev.mitosis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mitosis.sql.LoadDataStatement;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How MySQL's LOAD DATA splits text into rows and fields, clause by clause. */
class LoadDataRowsTest {
    private static List<List<String>> rows(String clauses, String text) throws Exception {
        LoadDataStatement s = LoadDataStatement.parse("LOAD DATA INFILE 'f' INTO TABLE t " + clauses, "d");
        LoadDataRows r = new LoadDataRows(new StringReader(text), s);
        r.skip(s.ignoreLines());
        List<List<String>> out = new ArrayList<>();
        List<String> row;
        while ((row = r.next()) != null) out.add(row);
        return out;
    }

    @Test
    void defaultsAreTabsNewlinesAndBackslashEscapes() throws Exception {
        assertEquals(List.of(List.of("a", "b"), Arrays.asList("x\ty", null, "Nz"), List.of("tab\tin", "last")),
                rows("", "a\tb\nx\\ty\t\\N\t\\Nz\n" + "tab\\\tin\tlast"));
    }

    @Test
    void enclosedFieldsDoubleOrEscapeTheirQuoteAndHideTerminators() throws Exception {
        assertEquals(List.of(List.of("a,b", "say \"hi\"", "x\ny"), Arrays.asList(null, "NULL", "")),
                rows("FIELDS TERMINATED BY ',' ENCLOSED BY '\"'", "\"a,b\",\"say \"\"hi\\\"\",\"x\ny\"\nNULL,\"NULL\",\n"));
    }

    @Test
    void linesStartingByAndIgnoreLinesSkipWhatPrecedesThem() throws Exception {
        assertEquals(List.of(List.of("2", "b"), List.of("3", "c")),
                rows("FIELDS TERMINATED BY '|' LINES STARTING BY 'row:' TERMINATED BY ';' IGNORE 1 LINES",
                        "row:1|a;junk row:2|b;no prefix;row:3|c;"));
    }

    @Test
    void withoutAnEscapeCharacterBackslashesAreData() throws Exception {
        assertEquals(List.of(Arrays.asList("c:\\dir", null)), rows("FIELDS ESCAPED BY ''", "c:\\dir\tNULL\n"));
    }
}
