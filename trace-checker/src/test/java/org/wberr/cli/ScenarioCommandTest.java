package org.wberr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wberr scenario} through {@link Main#newCommandLine}: exit codes, stdout and stderr. */
class ScenarioCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    private static final String NRPAGES_ZERO = """
            variant v4.17
            open A
            write A 0
            writeback 0 EIO
            evict 0
            fsync A => EIO
            fsync A => 0
            """;

    @Test
    void passingScenario_exits0_andPrintsEachStepWithItsResult() throws IOException {
        String f = file("ok.scn", NRPAGES_ZERO);
        Result r = run("scenario", f);
        assertEquals(ExitCode.OK, r.exit(), r.err());
        assertEquals("", r.err());
        String expected = f + "  (variant v4.17, judge java-model)\n"
                + "  line  step              result  expect\n"
                + "     2  open A\n"
                + "     3  write A 0\n"
                + "     4  writeback 0 EIO\n"
                + "     5  evict 0\n"
                + "     6  fsync A           EIO     EIO     ok\n"
                + "     7  fsync A           0       0       ok\n"
                + "PASS " + f + ": 6 steps, 2 expectations met\n"
                + "\n"
                + "1 scenario: 1 passed, 0 differ\n";
        assertEquals(expected, r.out());
    }

    @Test
    void difference_exits1_namingFileLineStepExpectedAndActual_andStopsThere() throws IOException {
        String f = file("diff.scn", NRPAGES_ZERO);
        Result r = run("scenario", f, "--variant", "v8-posting");
        assertEquals(ExitCode.DIFFERS, r.exit());
        String diff = f + ":6: fsync A: expected EIO, got 0 (variant v8-posting, judge java-model)";
        assertTrue(r.out().contains("     6  fsync A           0       EIO     DIFF\n"), r.out());
        assertTrue(r.out().contains("DIFF " + diff + "\n"), r.out());
        assertFalse(r.out().contains("     7  fsync A"), "stops at the first difference: " + r.out());
        assertTrue(r.out().endsWith("1 scenario: 0 passed, 1 differ:\n  " + diff + "\n"), r.out());
    }

    @Test
    void severalFiles_eachRuns_summaryAtTheEnd() throws IOException {
        String ok = file("a.scn", NRPAGES_ZERO);
        String bad = file("b.scn", NRPAGES_ZERO.replace("variant v4.17", "variant v8-posting"));
        String ok2 = file("c.scn", "variant legacy-flags\nopen A\nfsync A => 0\n");
        Result r = run("scenario", ok, bad, ok2);
        assertEquals(ExitCode.DIFFERS, r.exit());
        assertTrue(r.out().contains("PASS " + ok + ":"), r.out());
        assertTrue(r.out().contains("PASS " + ok2 + ":"), r.out());
        assertTrue(r.out().endsWith("3 scenarios: 2 passed, 1 differ:\n  " + bad
                + ":6: fsync A: expected EIO, got 0 (variant v8-posting, judge java-model)\n"), r.out());
    }

    @Test
    void stateOption_printsTheModelStateAfterEachStep() throws IOException {
        Result r = run("scenario", "--state", file("s.scn", NRPAGES_ZERO));
        assertEquals(ExitCode.OK, r.exit());
        assertTrue(r.out().contains("     4  writeback 0 EIO\n"
                + "        pages={0=CLEAN} nrpages=1 wb_err=0x00000005 (ctr=0 errno=5) flags=[AS_EIO]"
                + " f_wb_err={A=0x00000000}\n"), r.out());
        assertTrue(r.out().contains("     6  fsync A           EIO     EIO     ok\n"
                + "        pages={} nrpages=0 wb_err=0x00001005 (ctr=0 SEEN errno=5) flags=[]"
                + " f_wb_err={A=0x00001005}\n"), r.out());
    }

    @Test
    void syntaxError_exits2_withFileLineTokenAndExpectation_noStackTrace() throws IOException {
        String f = file("bad.scn", "variant v4.17\nopen A\nwrite A 0\nwriteback 0 EIOO\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ":4: unexpected token 'EIOO' after 'writeback 0': expected ok, EIO or ENOSPC\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void syntaxErrorInALaterFile_exits2_beforeAnyFileRuns() throws IOException {
        String ok = file("a.scn", NRPAGES_ZERO);
        String bad = file("b.scn", "open A\nfsnyc A\n");
        Result r = run("scenario", ok, bad, "--variant", "v4.17");
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("wberr: " + bad + ":2: unknown step 'fsnyc'"), r.err());
    }

    @Test
    void unknownVariantInTheFile_exits2_listingTheValidIds() throws IOException {
        String f = file("v.scn", "# header\nvariant v4.18\nopen A\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ":2: unknown variant 'v4.18': expected one of legacy-flags, v8-posting,"
                + " v4.13, v4.17\n", r.err());
    }

    @Test
    void unknownVariantOption_exits2_listingTheValidIds() throws IOException {
        Result r = run("scenario", file("v.scn", NRPAGES_ZERO), "--variant", "v5");
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: --variant: unknown variant 'v5': expected one of legacy-flags, v8-posting, v4.13,"
                + " v4.17\n", r.err());
    }

    @Test
    void noVariantAnywhere_exits2() throws IOException {
        String f = file("n.scn", "open A\nfsync A\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ": no variant: add a line 'variant ID' or pass --variant ID (one of"
                + " legacy-flags, v8-posting, v4.13, v4.17)\n", r.err());
        assertEquals(ExitCode.OK, run("scenario", f, "--variant", "v4.13").exit());
    }

    @Test
    void fdUsedBeforeOpen_exits2() throws IOException {
        String f = file("fd.scn", "variant v4.17\nopen A\nfsync B => 0\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ":3: 'fsync B': fd B is used before it is opened: add 'open B' before this"
                + " line\n", r.err());
    }

    @Test
    void impossibleStep_exits2_namingFileLineAndWhy_afterPrintingTheStepsThatRan() throws IOException {
        String f = file("evict.scn", "variant v4.17\nopen A\nwrite A 0\nevict 0\nfsync A => 0\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ":4: 'evict 0' is impossible here (variant v4.17): cannot evict page 0:"
                + " it is dirty\n", r.err());
        assertTrue(r.out().contains("     4  evict 0           IMPOSSIBLE\n"), r.out());
    }

    @Test
    void evictInodeWithAnFdOpen_exits2() throws IOException {
        String f = file("ei.scn", "variant v4.17\nopen A\nevict-inode\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ":3: 'evict-inode' is impossible here (variant v4.17): cannot evict the"
                + " inode: fd A is open and holds it\n", r.err());
    }

    @Test
    void writeToAPageUnderWriteback_isImpossibleNotAHang() throws IOException {
        String f = file("wb.scn", "variant v4.17\nopen A\nwrite A 0\nwriteback-start 0\nwrite A 0\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().startsWith("wberr: " + f + ":5: 'write A 0' is impossible here (variant v4.17):"
                + " cannot write page 0: it is under writeback"), r.err());
    }

    @Test
    void missingFile_exits2() {
        String f = dir.resolve("nope.scn").toString();
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertEquals("wberr: " + f + ": no such file\n", r.err());
    }

    @Test
    void noFile_isAUsageError() {
        Result r = run("scenario");
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("Missing required parameter: 'FILE'"), r.err());
    }

    @Test
    void help_describesTheGrammarAndExitCodes() {
        Result r = run("scenario", "--help");
        assertEquals(ExitCode.OK, r.exit());
        assertTrue(r.out().contains("writeback PAGE ok|EIO|ENOSPC"), r.out());
        assertTrue(r.out().contains("--variant=ID"), r.out());
        assertTrue(r.out().contains("1   a result differs from its expectation"), r.out());
    }

    @Test
    void againstAnUnknownJudge_exits2_namingTheOptionAndTheJudges() throws IOException {
        String f = file("ok.scn", NRPAGES_ZERO);
        Result r = run("scenario", f, "--against", "model,oracle");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("wberr: --against: unknown judge 'oracle': expected a comma-separated list of model, spec,"
                + " kernel\n", r.err());
    }

    @Test
    void againstKernel_withANonPositiveTimeout_exits2_beforeAnyJudgeRuns() throws IOException {
        String f = file("ok.scn", NRPAGES_ZERO);
        Result r = run("scenario", f, "--against", "model,kernel", "--kernel-timeout", "0");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("wberr: --kernel-timeout: must be a positive number of seconds\n", r.err());
    }

    @Test
    void againstModelAndSpec_printsBothColumns_andADisagreementExits1() throws IOException {
        String f = file("late.scn", """
                variant v4.13
                open W
                write W 0
                close W
                writeback 0 EIO
                open L
                fsync L => EIO
                """);
        Result r = run("scenario", f, "--against", "spec,model", "--specs-dir",
                Path.of("..", "specs").toAbsolutePath().toString());
        assertEquals(ExitCode.DIFFERS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("  line  step              expect  model      spec\n"), r.out());
        assertTrue(r.out().contains("     7  fsync L           EIO     0          0          DISAGREE\n"), r.out());
        assertTrue(r.out().contains("spec: no behaviour of the spec: Fsync(\"L\") returns 0 here, not EIO"), r.out());
        assertTrue(r.out().contains(f + ":7: fsync L: expected EIO; model 0, spec 0"), r.out());
    }

    // ---- Subject ext4 ----

    private static final String EXT4_STORY = """
            subject ext4
            variant no-check
            errors remount-ro
            modify bitmap => 0
            commit
            meta-writeback bitmap EIO
            read-bitmap bitmap
            expect bitmap memory={} uptodate=yes
            modify bitmap => 0
            expect fs error=no
            """;

    @Test
    void ext4Scenario_passes_withExpectStepsMarkedOk() throws IOException {
        String f = file("ext4.scn", EXT4_STORY);
        Result r = run("scenario", f);
        assertEquals(ExitCode.OK, r.exit(), r.err() + r.out());
        assertTrue(r.out().startsWith(f + "  (variant no-check, judge java-model)\n"), r.out());
        assertTrue(r.out().contains("     8  expect bitmap memory={} uptodate=yes                  ok\n"), r.out());
        assertTrue(r.out().contains("PASS " + f + ": 7 steps, 4 expectations met\n"), r.out());
    }

    @Test
    void ext4Expectation_thatDiffers_exits1_namingWhatWasExpectedAndObserved() throws IOException {
        String f = file("ext4.scn", EXT4_STORY);
        Result r = run("scenario", f, "--variant", "v5.10-keep-uptodate");
        assertEquals(ExitCode.DIFFERS, r.exit(), r.err() + r.out());
        String diff = f + ":8: expect bitmap memory={} uptodate=yes: expected memory={} uptodate=yes, got"
                + " memory={1} uptodate=yes (variant v5.10-keep-uptodate, judge java-model)";
        assertTrue(r.out().contains("DIFF " + diff + "\n"), r.out());
        assertFalse(r.out().contains("     9  modify"), "stops at the first difference: " + r.out());
    }

    @Test
    void ext4ImpossibleStep_exits2_namingWhy() throws IOException {
        String f = file("ext4.scn", "subject ext4\nvariant no-check\nrun-workqueue\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.out());
        assertTrue(r.err().startsWith("wberr: " + f + ":3: 'run-workqueue' is impossible here (variant no-check):"
                + " run-workqueue: only v2-workqueue queues work"), r.err());
    }

    @Test
    void ext4UnknownVariant_exits2_listingTheExt4Ids() throws IOException {
        String f = file("ext4.scn", "subject ext4\nvariant v4.17\ncommit\n");
        Result r = run("scenario", f);
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.out());
        assertEquals("wberr: " + f + ":2: unknown variant 'v4.17': expected one of no-check, v2-workqueue,"
                + " v5.9-errseq, v5.10-keep-uptodate\n", r.err());
    }

    private static String specsDir() {
        return Path.of("..", "specs").toAbsolutePath().toString();
    }

    @Test
    void ext4Scenario_againstModelAndSpec_printsBothColumns_andExits0() throws IOException {
        String f = file("ext4.scn", EXT4_STORY);
        Result r = run("scenario", f, "--against", "model,spec", "--specs-dir", specsDir());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("against Ext4MetaWriteback.tla"), r.err());
        assertTrue(r.out().contains("  line  step                                  expect  model      spec\n"), r.out());
        assertTrue(r.out().contains("     9  modify bitmap                         0       0          0          ok\n"),
                r.out());
        assertTrue(r.out().contains("     8  expect bitmap memory={} uptodate=yes          as stated  as stated  ok\n"),
                r.out());
        assertTrue(r.out().contains("AGREE " + f + ": 7 steps, model, spec and the expectations agree"), r.out());
    }

    @Test
    void ext4Scenario_againstModelAndSpec_underAnotherVariant_disagreesAtTheExpectLine_exits1() throws IOException {
        String f = file("ext4.scn", EXT4_STORY);
        Result r = run("scenario", f, "--against", "model,spec", "--specs-dir", specsDir(),
                "--variant", "v5.10-keep-uptodate");
        assertEquals(ExitCode.DIFFERS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("     8  expect bitmap memory={} uptodate=yes          differs    differs"
                + "    DISAGREE\n"), r.out());
        assertTrue(r.out().contains("model: observed memory={1} uptodate=yes\n"), r.out());
        assertTrue(r.out().contains("spec: no behaviour of the spec: memory is {1} here, not {}\n"), r.out());
        assertTrue(r.out().contains(f + ":8: expect bitmap memory={} uptodate=yes: expected memory={} uptodate=yes;"
                + " model got memory={1} uptodate=yes, spec got memory={1} uptodate=yes"), r.out());
    }

    @Test
    void ext4Scenario_againstDebiansKernel_isNotJudgedStepByStep_andTheBatchRunsWithoutABoot() throws IOException {
        String f = file("ext4.scn", EXT4_STORY);
        Result r = run("scenario", f, "--against", "model,kernel", "--debian-kernel");
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("     4  modify bitmap                         0       0          NOT-JUDGED ok\n"
                + "        kernel: Debian's kernel (--debian-kernel) has the stock semantics; this scenario is judged"
                + " under no-check (kernel no-check)\n"), r.out());
        assertEquals(7, r.out().lines().filter(l -> l.contains("NOT-JUDGED")).count(), r.out());
        assertTrue(r.out().contains("(7 steps not judged by every judge)"), r.out());
    }
}
