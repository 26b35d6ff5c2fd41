package org.wberr.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wberr.cli.ExitCode;
import org.wberr.cli.WberrException;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.ScenarioParser;
import org.wberr.scenario.StepResult;

/** Trace validation of scenarios against Fsync.tla in a child JVM. */
class SpecJudgeTest {
    private static final Path SPECS = Path.of("..", "specs").toAbsolutePath().normalize();

    private static Scenario scenario(String name) {
        Path p = SPECS.resolve("scenarios").resolve(name);
        return ScenarioParser.parse(p, p.toString());
    }

    @Test
    void generic487_isABehaviourUnderV417_andNotUnderV413_atTheLateOpenersFsync() {
        Scenario s = scenario("generic-487.scn");
        SpecJudge judge = new SpecJudge(SPECS, System.getProperty("java.class.path"));
        List<List<StepResult>> r = judge.judgeAll(List.of(s, s), List.of("v4.17", "v4.13"));

        List<StepResult> v417 = r.get(0);
        assertEquals(s.steps().size(), v417.size());
        for (StepResult x : v417) {
            assertTrue(x.status() != StepResult.Status.IMPOSSIBLE, x.toString());
            if (x.step().expected().isPresent()) {
                assertEquals(x.step().expected().getAsInt(), x.returned().getAsInt(), x.step().text());
                assertTrue(x.reason().isEmpty(), x.toString());
            }
        }

        List<StepResult> v413 = r.get(1);
        StepResult first = v413.stream().filter(x -> x.reason().isPresent()).findFirst().orElseThrow();
        assertEquals(31, first.step().line(), first.toString());
        assertEquals("fsync Z", first.step().text());
        assertEquals(0, first.returned().getAsInt());
        assertEquals("no behaviour of the spec: Fsync(\"Z\") returns 0 here, not EIO", first.reason().get());
    }

    @Test
    void aStepWhoseActionIsNotEnabled_isImpossible_andEndsTheRun() {
        Scenario s = ScenarioParser.parse("t.scn", "variant v4.17\nopen A\nevict 0\nfsync A => 0\n");
        List<StepResult> r = new SpecJudge(SPECS, System.getProperty("java.class.path")).judge(s, "v4.17");
        assertEquals(2, r.size());
        assertEquals(StepResult.Status.IMPOSSIBLE, r.get(1).status());
        assertTrue(r.get(1).reason().get().startsWith("no behaviour of the spec: EvictPage(0) is not enabled"),
                r.get(1).reason().get());
    }

    @Test
    void anExt4Scenario_isRefusedBeforeAnyJvmStarts_namingTheFile() {
        Scenario s = scenario("ext4-lost-update.scn");
        WberrException e = assertThrows(WberrException.class,
                () -> new SpecJudge(SPECS, System.getProperty("java.class.path")).judge(s, "no-check"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("ext4-lost-update.scn"), e.getMessage());
        assertTrue(e.getMessage().contains("subject fsync only, not ext4"), e.getMessage());
    }
}
