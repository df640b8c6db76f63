package dev.mitosis.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LexerTest {
    private static List<Token> lex(String sql) {
        List<Token> tokens = Lexer.tokenize(sql);
        return tokens.subList(0, tokens.size() - 1);
    }

    private static String describe(String sql) {
        StringBuilder sb = new StringBuilder();
        for (Token t : lex(sql)) sb.append(t.type).append('[').append(t.text).append("] ");
        return sb.toString().trim();
    }

    @Test
    void stringsDecodeEscapesAndDoubledQuotes() {
        assertEquals("STRING[it's] OPERATOR[,] STRING[it's] OPERATOR[,] STRING[a\"b] OPERATOR[,] STRING[a\"b]",
                describe("'it\\'s', 'it''s', \"a\\\"b\", \"a\"\"b\""));
        assertEquals("STRING[\0\n\r\t\u001A\\\b]", describe("'\\0\\n\\r\\t\\Z\\\\\\b'"));
        assertEquals("STRING[\\%\\_x]", describe("'\\%\\_\\x'"));
        assertEquals("STRING[;--#/*]", describe("';--#/*'"));
    }

    @Test
    void adjacentStringsMergeAndIntroducersAreKept() {
        List<Token> t = lex("'a' \"b\"\n'c' _utf8mb4'd' N'e'");
        assertEquals("abc", t.get(0).text);
        assertEquals("utf8mb4", t.get(1).introducer);
        assertEquals("d", t.get(1).text);
        assertEquals("e", t.get(2).text);
        assertEquals(3, t.size());
    }

    @Test
    void quotedIdentifiersUndoubleBackticks() {
        assertEquals("QUOTED_IDENTIFIER[a`b] OPERATOR[.] QUOTED_IDENTIFIER[select]", describe("`a``b`.`select`"));
        assertEquals("QUOTED_IDENTIFIER[it's \"x\"]", describe("`it's \"x\"`"));
    }

    @Test
    void numbersAndBinaryLiterals() {
        assertEquals("INTEGER[42] DECIMAL[1.5] DECIMAL[.5] FLOAT[1e3] FLOAT[2.5E-3] HEX_STRING[ABCD] HEX_STRING[ab] BIT_STRING[0101] BIT_STRING[11]",
                describe("42 1.5 .5 1e3 2.5E-3 x'ABCD' 0xab b'0101' 0b11"));
        assertEquals("IDENTIFIER[1abc] OPERATOR[.] IDENTIFIER[t5]", describe("1abc.t5"));
        assertEquals("IDENTIFIER[t] OPERATOR[.] INTEGER[5]", describe("t.5"));
    }

    @Test
    void variablesAndPlaceholders() {
        assertEquals("USER_VARIABLE[a] SYSTEM_VARIABLE[version] SYSTEM_VARIABLE[global.max_connections] SYSTEM_VARIABLE[session.sql_mode] USER_VARIABLE[my var] PARAMETER[?]",
                describe("@a @@version @@global.max_connections @@session.sql_mode @`my var` ?"));
    }

    @Test
    void operatorsLongestMatch() {
        assertEquals("OPERATOR[<=>] OPERATOR[:=] OPERATOR[->>] OPERATOR[->] OPERATOR[&&] OPERATOR[||] OPERATOR[!] OPERATOR[!=] OPERATOR[<>] OPERATOR[<=] OPERATOR[>=] OPERATOR[<<] OPERATOR[>>]",
                describe("<=> := ->> -> && || ! != <> <= >= << >>"));
    }

    @Test
    void commentsAreDroppedButExecutableCommentsAreSql() {
        assertEquals("INTEGER[1] OPERATOR[+] INTEGER[2]", describe("1 -- c\n + # c\n /* c */ 2"));
        assertEquals("INTEGER[1] OPERATOR[-] OPERATOR[-] INTEGER[1]", describe("1--1"));
        assertEquals("IDENTIFIER[ENGINE] OPERATOR[=] IDENTIFIER[innodb]", describe("/*! ENGINE = innodb */"));
        assertEquals("IDENTIFIER[a] IDENTIFIER[b]", describe("/*!40101 a */ /*!80400 b */ /*!80401 c */ /*!90000 d */"));
        assertEquals("IDENTIFIER[x]", describe("/*+ BKA(t) */ x"));
    }

    @Test
    void positionsPointIntoTheSource() {
        String sql = "SELECT `c` FROM t";
        Token c = lex(sql).get(1);
        assertEquals("`c`", sql.substring(c.start, c.end));
    }

    @Test
    void unterminatedQuotesAreSyntaxErrorsAtTheQuote() {
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> Lexer.tokenize("SELECT 'abc"));
        assertEquals(7, e.position());
        assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''abc' at line 1",
                e.getMessage());
        assertThrows(SqlSyntaxException.class, () -> Lexer.tokenize("SELECT `abc"));
        assertThrows(SqlSyntaxException.class, () -> Lexer.tokenize("SELECT 1 /* open"));
    }

    @Test
    void errorLineCountsNewlines() {
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> Lexer.tokenize("SELECT\n1,\n'x"));
        assertEquals(3, e.line());
    }
}
