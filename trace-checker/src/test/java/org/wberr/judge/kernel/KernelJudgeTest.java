package org.wberr.judge.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.judge.SideBySide;
import org.wberr.kernel.KernelRunner;
import org.wberr.kernel.WberrLineTest;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel judge's mapping of WBERR lines to step results, with a fake runner (no QEMU). */
class KernelJudgeTest {
    /** The kernel translation of each scenario's subject. */
    private static final java.util.function.Function<Scenario, KernelTranslation> KERNEL =
            s -> Subjects.scenarios(s).kernel();

    @TempDir
    Path dir;

    /** Replays recorded lines (the same for every boot) and keeps the step files and kernels it was given. */
    static final class FakeRunner implements KernelRunner {
        final List<String> lines;
        final int exit;
        final List<String> files = new ArrayList<>();
        final List<String> kernels = new ArrayList<>();

        FakeRunner(List<String> lines, int exit) {
            this.lines = lines;
            this.exit = exit;
        }

        @Override
        public Run run(List<Path> stepFiles, String kernel) {
            kernels.add(kernel);
            for (Path f : stepFiles) {
                try {
                    files.add(Files.readString(f));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return new Run(exit, lines, "");
        }
    }

    private static final String C = """
            variant v4.17
            open A
            write A 0
            writeback 0 EIO
            evict 0
            fsync A => EIO
            fsync A => 0
            close A
            """;

    @Test
    void recordedScenarioC_mapsToResultsPerStep_byLine() throws IOException {
        // Scenario c of the recorded boot: the step file's lines 5-11. The scenario below has the same steps
        // on lines 2-8, so shift the recorded lines: the judge matches by line=.
        List<String> lines = new ArrayList<>();
        for (String l : WberrLineTest.recorded()) {
            if (l.startsWith("WBERR hello") || l.startsWith("WBERR done") || l.startsWith("WBERR host")) {
                lines.add(l);
            } else if (l.contains("scenario=003-c-nrpages-zero")) {
                String x = l.replace("scenario=003-c-nrpages-zero", "scenario=001-c");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" line=(\\d+) ").matcher(x);
                if (m.find()) {
                    x = m.replaceFirst(" line=" + (Integer.parseInt(m.group(1)) - 3) + " ");
                }
                lines.add(x);
            }
        }
        FakeRunner runner = new FakeRunner(lines, 0);
        Scenario s = Subjects.scenarioParser().parse("c.scn", C);
        Judge.Batch b = new KernelJudge(runner, dir, KERNEL).judge(List.of(new Judge.Case(s, "v4.17")));
        assertEquals("variant v4.17\nopen A\nwrite A 0\nwriteback 0 EIO\nevict 0\nfsync A => EIO\nfsync A => 0\nclose A\n",
                runner.files.get(0));
        List<StepResult> r = b.results().get(0);
        assertEquals(7, r.size());
        assertEquals(StepResult.Status.DONE, r.get(3).status());
        assertTrue(r.get(3).state().get().contains("pages=-"), r.get(3).state().get());
        assertEquals(-5, r.get(4).returned().getAsInt());
        assertTrue(r.get(4).state().get().contains("cursor=0x0>0x1005"));
        assertEquals(0, r.get(5).returned().getAsInt());
        assertTrue(b.problems().isEmpty());
        assertEquals(List.of("stock"), runner.kernels);
        assertTrue(b.about().get(0).heading().startsWith("kernel 6.1.0-50-amd64 (#1 SMP"), b.about().get(0).heading());
    }

    @Test
    void writebackStartAndLaterSteps_areNotSent_andNotJudged_butEnospcIsSent() {
        Scenario s = Subjects.scenarioParser().parse("e.scn", "variant v4.17\nopen A\nwrite A 0\nwriteback-start 0\n"
                + "fsync A => 0\n");
        List<String> lines = List.of(
                "WBERR hello protocol=2 kernel=6.1.192 scenarios=1",
                "WBERR begin scenario=001-e variant=v4.17 steps=2 pages=1",
                "WBERR step scenario=001-e n=1 line=2 op=open fd=A status=done ret=0 errno=0 pages=-",
                "WBERR step scenario=001-e n=2 line=3 op=write fd=A page=0 status=done ret=4096 errno=0 pages=d",
                "WBERR end scenario=001-e status=complete steps_done=2 fs=ok",
                "WBERR done scenarios=1 complete=1",
                "WBERR host status=ok qemu_exit=0 kernel=6.1.192 kernel_name=stock kernel_package=linux-source-6.1+stock-none");
        FakeRunner runner = new FakeRunner(lines, 0);
        List<StepResult> r = new KernelJudge(runner, dir, KERNEL).judge(s, "v4.17");
        assertEquals("variant v4.17\nopen A\nwrite A 0\n", runner.files.get(0));
        assertEquals(StepResult.Status.DONE, r.get(1).status());
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(2).status());
        assertTrue(r.get(2).reason().get().startsWith("the kernel guest cannot hold a page"), r.get(2).reason().get());
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(3).status());
        assertTrue(r.get(3).reason().get().contains("line 4 (writeback-start 0) could not run"));

        Scenario enospc = Subjects.scenarioParser().parse("n.scn", "variant v4.17\nopen A\nwrite A 0\n"
                + "writeback 0 ENOSPC\nfsync A => ENOSPC\n");
        FakeRunner second = new FakeRunner(lines, 0);
        new KernelJudge(second, dir, KERNEL).judge(enospc, "v4.17");
        assertEquals("variant v4.17\nopen A\nwrite A 0\nwriteback 0 ENOSPC\nfsync A => ENOSPC\n", second.files.get(0));
    }

    @Test
    void stat_runsAsFiemapSync_andIsJudged_andEachVariantBootsItsKernel() {
        Scenario s = Subjects.scenarioParser().parse("s.scn", "variant v4.17\nopen A\nstat => EIO\nstat\n");
        List<String> lines = List.of(
                "WBERR hello protocol=1 kernel=6.1.0-50-amd64 scenarios=1",
                "WBERR step scenario=001-s n=1 line=2 op=open fd=A status=done ret=0 errno=0",
                "WBERR step scenario=001-s n=2 line=3 op=fiemap-sync status=done ret=-5 errno=EIO expect=EIO pages=e",
                "WBERR step scenario=001-s n=3 line=4 op=fiemap-sync status=done ret=0 errno=0 extents=1 pages=e",
                "WBERR end scenario=001-s status=complete",
                "WBERR done scenarios=1 complete=1",
                "WBERR host status=ok");
        FakeRunner runner = new FakeRunner(lines, 0);
        Scenario legacy = Subjects.scenarioParser().parse("l.scn", "variant legacy-flags\nopen A\nfsync A => 0\n");
        Judge.Batch b = new KernelJudge(runner, dir, KERNEL).judge(List.of(new Judge.Case(s, "v4.17"),
                new Judge.Case(legacy, "legacy-flags")));
        assertEquals(List.of("stock", "legacy-flags"), runner.kernels);
        assertEquals("variant v4.17\nopen A\nfiemap-sync => EIO\nfiemap-sync\n", runner.files.get(0));
        assertEquals("variant legacy-flags\nopen A\nfsync A => 0\n", runner.files.get(1));
        StepResult stat = b.results().get(0).get(1);
        assertEquals(StepResult.Status.RETURNED, stat.status());
        assertEquals(-5, stat.returned().getAsInt());
        assertEquals("pages=e", stat.state().get());
        assertEquals(0, b.results().get(0).get(2).returned().getAsInt());
        assertTrue(b.problems().isEmpty());
    }

    @Test
    void aRefusedStep_isImpossible_andAHarnessError_isAProblem() {
        Scenario s = Subjects.scenarioParser().parse("r.scn", "variant v4.17\nopen A\nwrite A 0\nevict 0\nfsync A\n");
        List<String> lines = List.of(
                "WBERR hello protocol=1 kernel=k scenarios=1",
                "WBERR step scenario=001-r n=1 line=2 op=open fd=A status=done ret=0 errno=0",
                "WBERR step scenario=001-r n=2 line=3 op=write fd=A page=0 status=harness-error reason=\"FIEMAP failed\"",
                "WBERR end scenario=001-r status=stopped stopped_by=harness-error",
                "WBERR done scenarios=1 complete=0",
                "WBERR host status=ok");
        Judge.Batch b = new KernelJudge(new FakeRunner(lines, 0), dir, KERNEL)
                .judge(List.of(new Judge.Case(s, "v4.17")));
        assertEquals(1, b.problems().size());
        assertEquals(StepResult.Status.NOT_JUDGED, b.results().get(0).get(3).status());

        List<String> refused = List.of(
                "WBERR hello protocol=1 kernel=k scenarios=1",
                "WBERR step scenario=001-r n=1 line=2 op=open fd=A status=done ret=0 errno=0",
                "WBERR step scenario=001-r n=2 line=3 op=write fd=A page=0 status=done ret=4096 errno=0",
                "WBERR step scenario=001-r n=3 line=4 op=evict page=0 status=precondition-failed reason=\"page 0 is dirty\"",
                "WBERR end scenario=001-r status=stopped",
                "WBERR done scenarios=1 complete=0",
                "WBERR host status=ok");
        List<StepResult> r = new KernelJudge(new FakeRunner(refused, 0), dir, KERNEL).judge(s, "v4.17");
        assertEquals(StepResult.Status.IMPOSSIBLE, r.get(2).status());
        assertTrue(r.get(2).reason().get().contains("page 0 is dirty"));
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(3).status());
    }

    @Test
    void aTruncatedBoot_isAnEnvironmentFailure_sayingWhereItStopped() {
        Scenario s = Subjects.scenarioParser().parse("t.scn", C);
        List<String> lines = List.of(
                "WBERR hello protocol=1 kernel=k scenarios=1",
                "WBERR begin scenario=001-t variant=v4.17 steps=7",
                "WBERR step scenario=001-t n=1 line=2 op=open fd=A status=done ret=0 errno=0",
                "WBERR host status=timeout qemu_exit=killed log=/x/console.log");
        WberrException e = assertThrows(WberrException.class,
                () -> new KernelJudge(new FakeRunner(lines, 3), dir, KERNEL).judge(s, "v4.17"));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("host status=timeout, console log /x/console.log"), e.getMessage());
        assertTrue(e.getMessage().contains("in scenario 001-t, after step 1"), e.getMessage());
    }

    private static final String LOST = """
            subject ext4
            variant no-check
            modify bitmap => 0
            commit
            meta-writeback bitmap EIO
            expect bitmap memory={1} disk={} uptodate=no write-error=yes
            read-bitmap bitmap
            modify bitmap => 0
            commit
            meta-writeback bitmap ok
            expect bitmap memory={2} disk={2} lost={1}
            """;

    @Test
    void ext4_runsOnItsVariantsKernel_withAJournal_andIsJudgedOnTheKeysTheGuestObserves() {
        Scenario s = Subjects.scenarioParser().parse("x.scn", LOST);
        List<String> lines = List.of(
                "WBERR hello protocol=2 kernel=6.1.192 scenarios=1",
                "WBERR begin scenario=001-x variant=no-check subject=ext4 errors=continue steps=9",
                "WBERR step scenario=001-x n=1 line=3 op=modify block=bitmap status=done ret=0 errno=0 update=1",
                "WBERR step scenario=001-x n=2 line=4 op=commit status=done ret=0 errno=0 journal=commit",
                "WBERR step scenario=001-x n=3 line=5 op=meta-writeback block=bitmap outcome=EIO status=done ret=0 errno=0",
                "WBERR step scenario=001-x n=4 line=6 op=expect block=bitmap status=done asked=\"memory={1} disk={}"
                        + " uptodate=no write-error=yes\" memory={1} disk={} lost={} uptodate=unknown write-error=unknown",
                "WBERR step scenario=001-x n=5 line=7 op=read-bitmap block=bitmap status=internal reason=\"inside modify\"",
                "WBERR step scenario=001-x n=6 line=8 op=modify block=bitmap status=done ret=0 errno=0 bitmap_reads=1",
                "WBERR step scenario=001-x n=7 line=9 op=commit status=done ret=0 errno=0",
                "WBERR step scenario=001-x n=8 line=10 op=meta-writeback block=bitmap outcome=ok status=done ret=0 errno=0",
                "WBERR step scenario=001-x n=9 line=11 op=expect block=bitmap status=done asked=\"memory={2} disk={2}"
                        + " lost={1}\" memory={2} disk={2} lost={1}",
                "WBERR end scenario=001-x status=complete",
                "WBERR done scenarios=1 complete=1",
                "WBERR fsck scenario=001-x disk=s001 journal_replay=done rc=4 bitmap_differences=\"+1166\"",
                "WBERR disk scenario=001-x disk={2} lost={1} fs_state=clean journal_errno=none",
                "WBERR host status=ok kernel_name=no-check kernel_package=linux-source-6.1+no-check-abc");
        FakeRunner runner = new FakeRunner(lines, 0);
        Judge.Batch b = new KernelJudge(runner, dir, KERNEL).judge(List.of(new Judge.Case(s, "no-check")));
        assertEquals(List.of("no-check"), runner.kernels);
        assertEquals(LOST + "fs meta-journal\n", runner.files.get(0));
        List<StepResult> r = b.results().get(0);
        assertEquals("memory={1} disk={}", r.get(3).observed().get(), "uptodate and write-error are unknown");
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(4).status(), "read-bitmap happens inside the next modify");
        assertEquals(0, r.get(5).returned().getAsInt());
        assertEquals("memory={2} disk={2} lost={1}", r.get(8).observed().get());
        assertEquals("errors (exit 4): block bitmap differences +1166", b.about().get(0).facts().get("fsck"));
        assertEquals("kernel 6.1.192 no-check (linux-source-6.1+no-check-abc)", b.about().get(0).heading());

        Map<String, List<StepResult>> both = new LinkedHashMap<>();
        both.put("kernel", r);
        SideBySide side = new SideBySide(s, "no-check", both);
        assertTrue(side.disagreements().isEmpty(), "a partial observation agrees when its keys have the stated values");
    }

    @Test
    void ext4_theGapIsNotSent_andAPanicIsJudgedFromTheDisk() {
        Scenario gap = Subjects.scenarioParser().parse("g.scn", "subject ext4\nvariant v5.9-errseq\nmodify bitmap\n"
                + "check-bdev-error => EIO\nmodify bitmap\n");
        FakeRunner none = new FakeRunner(List.of(), 0);
        KernelTranslation.Translation t = KERNEL.apply(gap).translate(gap, "v5.9-errseq");
        assertEquals("subject ext4\nvariant v5.9-errseq\nmodify bitmap\nfs meta-journal\n", t.text());
        assertTrue(t.notSent().get(1).get().contains("second writer"), t.notSent().get(1).get());
        assertTrue(t.notSent().get(2).isPresent());

        Scenario panic = Subjects.scenarioParser().parse("p.scn", "subject ext4\nvariant v2-workqueue\nerrors panic\n"
                + "modify bitmap => 0\nrun-workqueue\nexpect fs error=yes aborted=yes halted=yes rdonly=no\n"
                + "expect bitmap disk={} lost={} uptodate=no\n");
        List<String> lines = List.of(
                "WBERR hello protocol=2 kernel=6.1.192 scenarios=1",
                "WBERR begin scenario=001-p variant=v2-workqueue subject=ext4 errors=panic steps=4",
                "WBERR doing scenario=001-p n=1 line=4 op=modify",
                "WBERR step scenario=001-p n=1 line=4 op=modify block=bitmap status=done ret=0 errno=0 update=1",
                "WBERR doing scenario=001-p n=2 line=5 op=run-workqueue",
                "WBERR panic scenario=001-p n=2 text=\"EXT4-fs (vdb): panic forced after error\"",
                "WBERR disk scenario=001-p disk={} lost={} fs_state=clean-with-errors journal_errno=-5",
                "WBERR host status=panic kernel_name=v2-workqueue");
        List<StepResult> r = new KernelJudge(new FakeRunner(lines, 0), dir, KERNEL).judge(panic, "v2-workqueue");
        assertEquals(StepResult.Status.DONE, r.get(1).status(), "run-workqueue panicked: it returned nothing");
        assertEquals("error=yes aborted=yes halted=yes", r.get(2).observed().get(), "rdonly is not on the disk");
        assertEquals("disk={} lost={}", r.get(3).observed().get());
        assertTrue(none.files.isEmpty());
    }

    @Test
    void boots_takeAtMost16OwnDisks_andAPanickingScenarioLast() {
        List<KernelTranslation.Translation> t = new ArrayList<>();
        t.add(new KernelTranslation.Translation("p", List.of(), 1, "no-check", true, true));
        for (int i = 0; i < 17; i++) {
            t.add(new KernelTranslation.Translation("e" + i, List.of(), 1, "no-check", true, false));
        }
        t.add(new KernelTranslation.Translation("f", List.of(), 1, "stock", false, false));
        t.add(new KernelTranslation.Translation("g", List.of(), 1, "no-check", false, false));
        t.add(null); // not judged
        t.add(new KernelTranslation.Translation("nothing", List.of(), 0, "no-check", false, false));
        List<String> boots = KernelJudge.boots(t).stream().map(b -> b.kernel() + " " + b.cases()).toList();
        assertEquals(List.of("no-check [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19]",
                "no-check [17, 0]", "stock [18]"), boots, "16 own disks a boot, the panicking case last, per kernel");
    }

    @Test
    void withDebiansKernel_onlyStockScenariosBoot() {
        Scenario v413 = Subjects.scenarioParser().parse("a.scn", "variant v4.13\nopen A\nfsync A => 0\n");
        FakeRunner runner = new FakeRunner(List.of(), 0);
        List<StepResult> r = new KernelJudge(runner, dir, KERNEL, true).judge(v413, "v4.13");
        assertTrue(runner.kernels.isEmpty());
        assertTrue(r.get(0).reason().get().startsWith("Debian's kernel (--debian-kernel) has the stock semantics"),
                r.get(0).reason().get());
    }
}
