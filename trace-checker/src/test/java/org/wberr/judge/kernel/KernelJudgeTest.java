package org.wberr.judge.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
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

    /** Replays recorded lines and keeps the step files it was given. */
    static final class FakeRunner implements KernelRunner {
        final List<String> lines;
        final int exit;
        final List<String> files = new ArrayList<>();

        FakeRunner(List<String> lines, int exit) {
            this.lines = lines;
            this.exit = exit;
        }

        @Override
        public Run run(List<Path> stepFiles) {
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
        assertTrue(b.heading().get().startsWith("kernel 6.1.0-50-amd64"));
    }

    @Test
    void enospcAndLaterSteps_areNotSent_andNotJudged() {
        Scenario s = Subjects.scenarioParser().parse("e.scn", "variant v4.17\nopen A\nwrite A 0\nwriteback 0 ENOSPC\n"
                + "fsync A => ENOSPC\n");
        List<String> lines = List.of(
                "WBERR hello protocol=1 kernel=6.1.0-50-amd64 scenarios=1",
                "WBERR begin scenario=001-e variant=v4.17 steps=2 pages=1",
                "WBERR step scenario=001-e n=1 line=2 op=open fd=A status=done ret=0 errno=0 pages=-",
                "WBERR step scenario=001-e n=2 line=3 op=write fd=A page=0 status=done ret=4096 errno=0 pages=d",
                "WBERR end scenario=001-e status=complete steps_done=2 fs=ok",
                "WBERR done scenarios=1 complete=1",
                "WBERR host status=ok qemu_exit=0");
        FakeRunner runner = new FakeRunner(lines, 0);
        List<StepResult> r = new KernelJudge(runner, dir, KERNEL).judge(s, "v4.17");
        assertEquals("variant v4.17\nopen A\nwrite A 0\n\n\n", runner.files.get(0));
        assertEquals(StepResult.Status.DONE, r.get(1).status());
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(2).status());
        assertTrue(r.get(2).reason().get().startsWith("ENOSPC cannot be injected"));
        assertEquals(StepResult.Status.NOT_JUDGED, r.get(3).status());
        assertTrue(r.get(3).reason().get().contains("line 4 (writeback 0 ENOSPC) could not run"));
    }

    @Test
    void stat_runsAsFiemapSync_andIsJudged_andOtherVariantsDoNotBoot() {
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
        assertEquals(1, runner.files.size());
        assertEquals("variant v4.17\nopen A\nfiemap-sync => EIO\nfiemap-sync\n", runner.files.get(0));
        StepResult stat = b.results().get(0).get(1);
        assertEquals(StepResult.Status.RETURNED, stat.status());
        assertEquals(-5, stat.returned().getAsInt());
        assertEquals("pages=e", stat.state().get());
        assertEquals(0, b.results().get(0).get(2).returned().getAsInt());
        assertTrue(b.problems().isEmpty());
        assertTrue(b.results().get(1).stream().allMatch(x -> x.status() == StepResult.Status.NOT_JUDGED));
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
}
