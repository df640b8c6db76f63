package dev.mitosis.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatementSplitterTest {
    @Test
    void splitsOnTopLevelSemicolonsOnly() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), StatementSplitter.split("SELECT 1; SELECT 2;"));
        assertEquals(List.of("SELECT ';'", "SELECT \";\"", "SELECT `a;b`"),
                StatementSplitter.split("SELECT ';'; SELECT \";\"; SELECT `a;b`"));
        assertEquals(List.of("SELECT 'it\\';s'", "SELECT 'a'';b'"), StatementSplitter.split("SELECT 'it\\';s'; SELECT 'a'';b'"));
        assertEquals(List.of("SELECT 1 /* ; */", "SELECT 2 -- ;\n", "SELECT 3 # ;").size(), 3);
    }

    @Test
    void commentsDoNotSplit() {
        assertEquals(List.of("SELECT 1 /* ; */ + 1", "SELECT 2 -- ;\n+ 1", "SELECT 3 # ;\n+ 1"),
                StatementSplitter.split("SELECT 1 /* ; */ + 1; SELECT 2 -- ;\n+ 1; SELECT 3 # ;\n+ 1"));
        assertEquals(List.of("SELECT 1--1", "SELECT 2"), StatementSplitter.split("SELECT 1--1; SELECT 2"));
    }

    @Test
    void emptyStatementsAreDropped() {
        assertEquals(List.of(), StatementSplitter.split(" ; ;\n"));
        assertEquals(List.of("SELECT 1"), StatementSplitter.split("SELECT 1;;  ;"));
    }

    @Test
    void unterminatedQuoteRunsToTheEnd() {
        assertEquals(List.of("SELECT 1", "SELECT 'a; b"), StatementSplitter.split("SELECT 1; SELECT 'a; b"));
    }
}
