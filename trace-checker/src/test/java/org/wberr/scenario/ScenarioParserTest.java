package org.wberr.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.model.ext4.WriteOutcome;
import org.wberr.model.step.Errno;
import org.wberr.model.vfs.WritebackOutcome;
import org.wberr.subject.Subjects;
import org.wberr.subject.ext4.Ext4Step;
import org.wberr.subject.fsync.FsyncStep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScenarioParserTest {

    private static Scenario parse(String text) {
        return Subjects.scenarioParser().parse("x.scn", text);
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
                new FsyncStep.Open(2, "A"),
                new FsyncStep.Write(3, "A", 0),
                new FsyncStep.Writeback(6, 0, WritebackOutcome.EIO),
                new FsyncStep.Evict(7, 0),
                new FsyncStep.Fsync(8, "A", OptionalInt.of(-5)),
                new FsyncStep.Close(9, "A"),
                new FsyncStep.EvictInode(10)), s.steps());
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
                new FsyncStep.Open(1, "Ab"),
                new FsyncStep.Write(2, "Ab", 12),
                new FsyncStep.WritebackStart(3, 12),
                new FsyncStep.WritebackEnd(4, 12, WritebackOutcome.ENOSPC),
                new FsyncStep.Stat(5, OptionalInt.of(-28)),
                new FsyncStep.Stat(6, OptionalInt.empty()),
                new FsyncStep.Sync(7),
                new FsyncStep.Writeback(8, 3, WritebackOutcome.OK),
                new FsyncStep.Fsync(9, "Ab", OptionalInt.empty()),
                new FsyncStep.Fsync(10, "Ab", OptionalInt.of(0))), s.steps());
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
        assertEquals(new FsyncStep.Fsync(2, "A", OptionalInt.of(-5)), s.steps().get(1));
    }

    // ---- Subject ext4 ----

    @Test
    void ext4_headerStepsAndExpectations_parse() {
        Scenario s = parse("""
                # a comment first
                subject ext4
                variant v5.9-errseq
                errors remount-ro
                modify bitmap => 0
                commit
                meta-writeback bitmap EIO
                meta-writeback-start block_2
                meta-writeback-end block_2 ok
                read-bitmap bitmap
                check-bdev-error => EIO
                error-err
                run-workqueue
                modify bitmap=>EROFS
                expect bitmap memory={ 2, 1 } disk={} lost={1,1} uptodate=yes dirty=no write-error=yes
                expect fs error=yes aborted=no rdonly=yes halted=no
                """);
        assertEquals("ext4", s.subject());
        assertEquals(Optional.of("v5.9-errseq"), s.variant());
        assertEquals(Optional.of("remount-ro"), s.header("errors"));
        Map<String, String> block = new LinkedHashMap<>();
        block.put("memory", "{1,2}");
        block.put("disk", "{}");
        block.put("lost", "{1}");
        block.put("uptodate", "yes");
        block.put("dirty", "no");
        block.put("write-error", "yes");
        Map<String, String> fs = new LinkedHashMap<>();
        fs.put("error", "yes");
        fs.put("aborted", "no");
        fs.put("rdonly", "yes");
        fs.put("halted", "no");
        assertEquals(List.of(
                new Ext4Step.Modify(5, "bitmap", OptionalInt.of(0)),
                new Ext4Step.Commit(6),
                new Ext4Step.MetaWriteback(7, "bitmap", WriteOutcome.EIO),
                new Ext4Step.MetaWritebackStart(8, "block_2"),
                new Ext4Step.MetaWritebackEnd(9, "block_2", WriteOutcome.OK),
                new Ext4Step.ReadBitmap(10, "bitmap"),
                new Ext4Step.CheckBdevError(11, OptionalInt.of(-Errno.EIO)),
                new Ext4Step.ErrorErr(12),
                new Ext4Step.RunWorkqueue(13),
                new Ext4Step.Modify(14, "bitmap", OptionalInt.of(-Errno.EROFS)),
                new Ext4Step.Expect(15, "bitmap", block),
                new Ext4Step.Expect(16, null, fs)), s.steps());
        assertEquals("expect bitmap memory={1,2} disk={} lost={1} uptodate=yes dirty=no write-error=yes",
                s.steps().get(10).text());
        assertEquals(Optional.of("error=yes aborted=no rdonly=yes halted=no"),
                s.steps().get(11).expectedObservation());
    }

    @Test
    void fsyncScenarios_haveSubjectFsync_andNoErrorsMode() {
        Scenario s = parse("subject fsync\nopen A\n");
        assertEquals("fsync", s.subject());
        assertEquals("fsync", parse("open A\n").subject());
        assertEquals(Optional.empty(), s.header("errors"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            modify                          | x.scn:2: missing a block name after 'modify': expected a block name (a letter, then letters, digits, - or _; e.g. bitmap)
            modify fs                       | x.scn:2: unexpected token 'fs' after 'modify': expected a block name (a letter, then letters, digits, - or _; e.g. bitmap)
            read-bitmap 2b                  | x.scn:2: unexpected token '2b' after 'read-bitmap': expected a block name (a letter, then letters, digits, - or _; e.g. bitmap)
            modify bitmap => EIO            | x.scn:2: unexpected token 'EIO' after 'modify bitmap =>': expected 0 or EROFS
            check-bdev-error => EROFS       | x.scn:2: unexpected token 'EROFS' after 'check-bdev-error =>': expected 0 or EIO
            commit => 0                     | x.scn:2: unexpected token '=>' after 'commit': expected the end of the line: 'commit' returns nothing, so it takes no '=> RESULT' (only modify and check-bdev-error do)
            meta-writeback bitmap ENOSPC    | x.scn:2: unexpected token 'ENOSPC' after 'meta-writeback bitmap': expected ok or EIO
            meta-writeback-end bitmap       | x.scn:2: missing a write outcome after 'meta-writeback-end bitmap': expected ok or EIO
            run-workqueue now               | x.scn:2: unexpected token 'now' after 'run-workqueue': expected the end of the line
            expect                          | x.scn:2: missing what to expect after 'expect': expected 'fs' or a block name
            expect bitmap                   | x.scn:2: missing KEY=VALUE after 'expect bitmap': expected at least one of memory, disk, lost, uptodate, dirty, write-error
            expect bitmap memory=1          | x.scn:2: unexpected token 'memory=1' after 'expect bitmap': expected memory=SET, a set of update ids such as {} or {1,2}
            expect bitmap memory={1,x}      | x.scn:2: unexpected token 'memory={1,x}' after 'expect bitmap': expected memory=SET, a set of update ids such as {} or {1,2}
            expect bitmap colour=red        | x.scn:2: unexpected token 'colour=red' after 'expect bitmap': expected KEY=VALUE with KEY one of memory, disk, lost, uptodate, dirty, write-error
            expect bitmap uptodate          | x.scn:2: unexpected token 'uptodate' after 'expect bitmap': expected KEY=VALUE with KEY one of memory, disk, lost, uptodate, dirty, write-error
            expect bitmap disk={} disk={1}  | x.scn:2: unexpected token 'disk={1}' after 'expect bitmap disk={}': expected each key at most once ('disk' is already stated)
            expect fs error=maybe           | x.scn:2: unexpected token 'error=maybe' after 'expect fs': expected error=yes or error=no
            expect fs memory={}             | x.scn:2: unexpected token 'memory={}' after 'expect fs': expected KEY=VALUE with KEY one of error, aborted, rdonly, halted
            errors ro                       | x.scn:2: unexpected token 'ro' after 'errors': expected an errors= mode: continue, remount-ro, panic
            open A                          | x.scn:2: 'open' is a step of subject fsync, but this scenario's subject is ext4: expected one of variant, errors, read-bitmap, modify, check-bdev-error, error-err, run-workqueue, commit, meta-writeback, meta-writeback-start, meta-writeback-end, expect
            modfy bitmap                    | x.scn:2: unknown step 'modfy': expected one of variant, errors, read-bitmap, modify, check-bdev-error, error-err, run-workqueue, commit, meta-writeback, meta-writeback-start, meta-writeback-end, expect
            subject ext4                    | x.scn:2: 'subject' must be the first line of the file (comments aside)
            """)
    void ext4_syntaxErrors_nameFileLineTokenAndWhatWasExpected(String line, String message) {
        assertBadInput(message, "subject ext4\n" + line + "\n");
    }

    @Test
    void ext4Steps_inAnFsyncScenario_andHeaderMisuse_areErrors() {
        assertBadInput("x.scn:2: 'modify' is a step of subject ext4, but this scenario's subject is fsync: make"
                + " 'subject ext4' its first line", "open A\nmodify bitmap\n");
        assertBadInput("x.scn:1: 'errors' is a step of subject ext4, but this scenario's subject is fsync: make"
                + " 'subject ext4' its first line", "errors panic\nopen A\n");
        assertBadInput("x.scn:1: unexpected token 'zfs' after 'subject': expected one of fsync, ext4",
                "subject zfs\n");
        assertBadInput("x.scn:3: 'errors' must come before the first step (line 2)",
                "subject ext4\ncommit\nerrors panic\n");
        assertBadInput("x.scn:3: a second 'errors' line (the first is line 2)",
                "subject ext4\nerrors panic\nerrors continue\ncommit\n");
        assertBadInput("x.scn: no steps: a scenario needs at least one step", "subject ext4\nerrors panic\n");
    }
}
