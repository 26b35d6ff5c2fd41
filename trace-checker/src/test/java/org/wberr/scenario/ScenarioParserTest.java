package org.wberr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wberr.cli.ExitCode;
import org.wberr.cli.WberrException;
import org.wberr.model.vfs.WritebackOutcome;

class ScenarioParserTest {

    private static Scenario parse(String text) {
        return ScenarioParser.parse("x.scn", text);
    }

    private static void assertBadInput(String message, String text) {
        WberrException e = assertThrows(WberrException.class, () -> parse(text));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    @Test
    void designExample_parsesWithCommentsAndBlankLines() {
        Scenario s = parse("""
                variant v4.17          # optional; a --variant option overrides
                open A                 # open the file as fd A
                write A 0              # buffered write of page 0 through A (dirties it)

                # a comment line
                writeback 0 EIO        # background writeback of page 0 fails with EIO (ok, EIO, ENOSPC)
                evict 0                # drop clean page 0 from the page cache
                fsync A => EIO         # fsync returns -EIO (0, EIO, ENOSPC)
                close A
                evict-inode            # drop the inode (no fd open, no dirty page)
                """);
        assertEquals(Optional.of("v4.17"), s.variant());
        assertEquals(1, s.variantLine());
        assertEquals(List.of(
                new Step.Open(2, "A"),
                new Step.Write(3, "A", 0),
                new Step.Writeback(6, 0, WritebackOutcome.EIO),
                new Step.Evict(7, 0),
                new Step.Fsync(8, "A", OptionalInt.of(-5)),
                new Step.Close(9, "A"),
                new Step.EvictInode(10)), s.steps());
    }

    @Test
    void extensions_parse() {
        Scenario s = parse("""
                open Ab
                write Ab 12
                writeback-start 12
                writeback-end 12 ENOSPC
                stat => ENOSPC
                stat
                sync
                writeback 3 ok
                fsync Ab
                fsync Ab=>0
                """);
        assertEquals(Optional.empty(), s.variant());
        assertEquals(List.of(
                new Step.Open(1, "Ab"),
                new Step.Write(2, "Ab", 12),
                new Step.WritebackStart(3, 12),
                new Step.WritebackEnd(4, 12, WritebackOutcome.ENOSPC),
                new Step.Stat(5, OptionalInt.of(-28)),
                new Step.Stat(6, OptionalInt.empty()),
                new Step.Sync(7),
                new Step.Writeback(8, 3, WritebackOutcome.OK),
                new Step.Fsync(9, "Ab", OptionalInt.empty()),
                new Step.Fsync(10, "Ab", OptionalInt.of(0))), s.steps());
        assertEquals("writeback-end 12 ENOSPC", s.steps().get(3).text());
        assertEquals("writeback 3 ok", s.steps().get(7).text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            writeback 0 EIOO     | x.scn:2: unexpected token 'EIOO' after 'writeback 0': expected ok, EIO or ENOSPC
            writeback 0          | x.scn:2: missing a writeback outcome after 'writeback 0': expected ok, EIO or ENOSPC
            writeback x EIO      | x.scn:2: unexpected token 'x' after 'writeback': expected a page number (0 to 9999)
            write A -1           | x.scn:2: unexpected token '-1' after 'write A': expected a page number (0 to 9999)
            write A 07           | x.scn:2: unexpected token '07' after 'write A': expected a page number (0 to 9999)
            write A 10000        | x.scn:2: unexpected token '10000' after 'write A': expected a page number (0 to 9999)
            write A              | x.scn:2: missing a page number after 'write A': expected a page number (0 to 9999)
            write 0 A            | x.scn:2: unexpected token '0' after 'write': expected an fd name (letters, e.g. A)
            open A1              | x.scn:2: unexpected token 'A1' after 'open': expected an fd name (letters, e.g. A)
            open                 | x.scn:2: missing an fd name after 'open': expected an fd name (letters, e.g. A)
            open A B             | x.scn:2: unexpected token 'B' after 'open A': expected the end of the line
            fsnyc A              | x.scn:2: unknown step 'fsnyc': expected one of variant, open, close, write, writeback, evict, evict-inode, fsync, stat, sync, writeback-start, writeback-end
            => EIO               | x.scn:2: unknown step '=>': expected one of variant, open, close, write, writeback, evict, evict-inode, fsync, stat, sync, writeback-start, writeback-end
            fsync A => EIOO      | x.scn:2: unexpected token 'EIOO' after 'fsync A =>': expected 0, EIO or ENOSPC
            fsync A =>           | x.scn:2: missing a result after 'fsync A =>': expected 0, EIO or ENOSPC
            fsync A EIO          | x.scn:2: unexpected token 'EIO' after 'fsync A': expected '=> RESULT' or the end of the line
            fsync A => 0 0       | x.scn:2: unexpected token '0' after 'fsync A => 0': expected the end of the line
            write A 0 => 0       | x.scn:2: unexpected token '=>' after 'write A 0': expected the end of the line: 'write' returns nothing, so it takes no '=> RESULT' (only fsync and stat do)
            evict-inode => 0     | x.scn:2: unexpected token '=>' after 'evict-inode': expected the end of the line: 'evict-inode' returns nothing, so it takes no '=> RESULT' (only fsync and stat do)
            sync now             | x.scn:2: unexpected token 'now' after 'sync': expected the end of the line
            """)
    void syntaxErrors_nameFileLineTokenAndWhatWasExpected(String line, String message) {
        assertBadInput(message, "open A\n" + line + "\n");
    }

    @Test
    void fdUsedBeforeOpen_isAnError() {
        assertBadInput("x.scn:2: 'fsync B': fd B is used before it is opened: add 'open B' before this line",
                "open A\nfsync B => 0\n");
        assertBadInput("x.scn:1: 'write B 0': fd B is used before it is opened: add 'open B' before this line",
                "write B 0\n");
        assertBadInput("x.scn:1: 'close B': fd B is used before it is opened: add 'open B' before this line",
                "close B\n");
    }

    @Test
    void fdUsedAfterClose_orOpenedTwice_isAnError() {
        assertBadInput("x.scn:3: 'fsync A': fd A is used after it was closed at line 2",
                "open A\nclose A\nfsync A\n");
        assertBadInput("x.scn:3: 'open A': fd A is already open (opened at line 1); close it first or use another name",
                "open A\n# again\nopen A\n");
        parse("open A\nclose A\nopen A\nfsync A\n"); // reopening after close is fine
    }

    @Test
    void variantLine_atMostOnce_andBeforeTheSteps() {
        assertBadInput("x.scn:2: a second 'variant' line (the first is line 1)", "variant v4.17\nvariant v4.13\nopen A\n");
        assertBadInput("x.scn:2: 'variant' must come before the first step (line 1)", "open A\nvariant v4.13\n");
        assertBadInput("x.scn:1: unexpected token 'x' after 'variant v4.17': expected the end of the line",
                "variant v4.17 x\nopen A\n");
        assertBadInput("x.scn:1: missing a variant id after 'variant': expected a variant id such as v4.17",
                "variant\nopen A\n");
    }

    @Test
    void noSteps_isAnError() {
        assertBadInput("x.scn: no steps: a scenario needs at least one step", "# nothing\nvariant v4.17\n\n");
    }

    @Test
    void crlfLineEndings_andTabs_areAccepted() {
        Scenario s = parse("open\tA\r\nfsync A\t=>\tEIO\r\n");
        assertEquals(new Step.Fsync(2, "A", OptionalInt.of(-5)), s.steps().get(1));
    }
}
