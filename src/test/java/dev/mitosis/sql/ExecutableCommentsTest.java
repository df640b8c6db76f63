package dev.mitosis.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Dump tools' executable comments open into plain SQL; versions after 8.4.0 and quoted text stay out. */
class ExecutableCommentsTest {
    @Test
    void aStatementWhollyInsideAVersionedCommentBecomesThatStatement() {
        assertEquals("  SET @@SQL_MODE=''  ", ExecutableComments.expand("/*!40100 SET @@SQL_MODE='' */"));
        assertEquals("  SET NAMES utf8mb4  ;", ExecutableComments.expand("/*! SET NAMES utf8mb4 */;"));
    }

    @Test
    void commentsForLaterVersionsDisappear() {
        assertEquals("CREATE TABLE t (a INT)   ", ExecutableComments.expand("CREATE TABLE t (a INT) /*!90000 ENGINE=X */ "));
        assertEquals("SELECT 1  ", ExecutableComments.expand("SELECT 1 /*!80401 + 1 */"));
        assertEquals("SELECT 1   + 1  ", ExecutableComments.expand("SELECT 1 /*!80400 + 1 */"));
    }

    @Test
    void aViewSplitOverSeveralCommentsJoinsUp() {
        String dumped = "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
                + "/*!50001 VIEW `v` AS SELECT id FROM t */";
        assertEquals("  CREATE ALGORITHM=UNDEFINED  \n  DEFINER=`root`@`localhost` SQL SECURITY DEFINER  \n  VIEW `v` AS SELECT id FROM t  ",
                ExecutableComments.expand(dumped));
    }

    @Test
    void quotedTextAndOrdinaryCommentsAreLeftAlone() {
        assertEquals("SELECT '/*!40100 x */', \"*/\"    ",
                ExecutableComments.expand("SELECT '/*!40100 x */', \"*/\" /*!40100 */"));
        assertEquals("SELECT 1 /* plain */ -- it's /*!\n  + 2  ",
                ExecutableComments.expand("SELECT 1 /* plain */ -- it's /*!\n/*!40100 + 2 */"));
        assertEquals("SELECT 'it''s'     ", ExecutableComments.expand("SELECT 'it''s' /*!40100 */ "));
    }

    @Test
    void textWithoutExecutableCommentsIsReturnedAsItIs() {
        String plain = "SELECT * FROM t /* comment */";
        assertSame(plain, ExecutableComments.expand(plain));
    }
}
