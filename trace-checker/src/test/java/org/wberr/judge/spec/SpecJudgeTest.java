package org.wberr.judge.spec;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wberr.judge.Judge;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;
import org.wberr.subject.ext4.Ext4Model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trace validation of scenarios against Fsync.tla and Ext4MetaWriteback.tla in child JVMs. */
class SpecJudgeTest {
    private static final Path SPECS = Path.of("..", "specs").toAbsolutePath().normalize();

    private static Scenario scenario(String name) {
        Path p = SPECS.resolve("scenarios").resolve(name);
        return Subjects.scenarioParser().parse(p, p.toString());
    }

    @Test
    void generic487_isABehaviourUnderV417_andNotUnderV413_atTheLateOpenersFsync() {
        Scenario s = scenario("generic-487.scn");
        SpecJudge judge = new SpecJudge(SPECS, System.getProperty("java.class.path"), x -> Subjects.scenarios(x).spec());
        List<List<StepResult>> r = judgeAll(judge, List.of(s, s), List.of("v4.17", "v4.13"));

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
        Scenario s = Subjects.scenarioParser().parse("t.scn", "variant v4.17\nopen A\nevict 0\nfsync A => 0\n");
        List<StepResult> r = new SpecJudge(SPECS, System.getProperty("java.class.path"), x -> Subjects.scenarios(x).spec()).judge(s, "v4.17");
        assertEquals(2, r.size());
        assertEquals(StepResult.Status.IMPOSSIBLE, r.get(1).status());
        assertTrue(r.get(1).reason().get().startsWith("no behaviour of the spec: EvictPage(0) is not enabled"),
                r.get(1).reason().get());
    }

    // ---- Subject ext4: Ext4MetaWriteback.tla ----

    /** The results of judging scenario i under variant i, in one batch. */
    private static List<List<StepResult>> judgeAll(SpecJudge judge, List<Scenario> scenarios, List<String> variants) {
        List<Judge.Case> cases = new java.util.ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            cases.add(new Judge.Case(scenarios.get(i), variants.get(i)));
        }
        return judge.judge(cases).results();
    }

    private static SpecJudge judge() {
        return new SpecJudge(SPECS, System.getProperty("java.class.path"), x -> Subjects.scenarios(x).spec());
    }

    private static StepResult atLine(List<StepResult> r, int line) {
        return r.stream().filter(x -> x.step().line() == line).findFirst().orElseThrow(() -> new AssertionError(
                "no result for line " + line + ": " + r));
    }

    @Test
    void ext4LostUpdate_underNoCheck_isABehaviourOfTheSpec_andTheSecondModifyReturns0() {
        Scenario s = scenario("ext4-lost-update.scn");
        List<StepResult> r = judge().judge(s, "no-check");
        assertEquals(s.steps().size(), r.size(), r.toString());
        for (StepResult x : r) {
            assertTrue(x.reason().isEmpty(), x.toString());
            assertEquals(x.step().expectedObservation(), x.observed(), x.toString());
        }
        StepResult second = atLine(r, 25);
        assertEquals("modify bitmap", second.step().text());
        assertEquals(StepResult.Status.RETURNED, second.status());
        assertEquals(0, second.returned().getAsInt());
        assertEquals("memory={2} disk={2} lost={1}", atLine(r, 28).observed().get());
        assertTrue(atLine(r, 28).state().get().contains("memory={2} disk={2}"), atLine(r, 28).state().get());
    }

    @Test
    void ext4WrongExpectation_isReportedBySpec_withTheKeyTheSpecsValueAndTheExpectedOne() {
        String text = """
                subject ext4
                variant no-check
                modify bitmap => 0
                commit
                meta-writeback bitmap EIO
                read-bitmap bitmap
                modify bitmap => 0
                commit
                meta-writeback bitmap ok
                expect bitmap memory={2} disk={1,2}
                expect fs error=no
                """;
        List<StepResult> r = judge().judge(Subjects.scenarioParser().parse("wrong.scn", text), "no-check");
        assertEquals(9, r.size(), r.toString());
        StepResult e = atLine(r, 10);
        assertEquals(StepResult.Status.DONE, e.status());
        assertEquals("memory={2} disk={2}", e.observed().get());
        assertEquals("no behaviour of the spec: disk is {2} here, not {1,2}", e.reason().get());
        assertTrue(atLine(r, 11).reason().isEmpty(), "validation goes on after a wrong expectation: " + r);
    }

    @Test
    void ext4LostUpdate_underV510_disagreesAtTheReRead_whereTheSpecKeepsUpdate1() {
        Scenario s = scenario("ext4-lost-update.scn");
        List<StepResult> r = judge().judge(s, "v5.10-keep-uptodate");
        StepResult first = r.stream().filter(x -> x.reason().isPresent()).findFirst().orElseThrow();
        assertEquals(24, first.step().line(), first.toString());
        assertEquals("memory={1} uptodate=yes write-error=yes", first.observed().get());
        assertEquals("no behaviour of the spec: memory is {1} here, not {}", first.reason().get());
        assertEquals("no behaviour of the spec: error is yes here, not no", atLine(r, 29).reason().get());
    }

    @Test
    void ext4StepsWithoutAnAction_areImpossible_withTheSpecsReason() {
        Scenario s = Subjects.scenarioParser().parse("t.scn", "subject ext4\nvariant no-check\nmodify bitmap => 0\n"
                + "commit\nmeta-writeback bitmap EIO\nmodify bitmap => 0\n");
        List<StepResult> r = judge().judge(s, "no-check");
        assertEquals(4, r.size(), r.toString());
        assertEquals(StepResult.Status.IMPOSSIBLE, r.get(3).status());
        assertEquals("no behaviour of the spec: none of Modify(\"bitmap\"), ModifyRefused(\"bitmap\"),"
                + " CheckBdevWriteError is enabled in any state reachable here (1 states)", r.get(3).reason().get());

        Scenario w = Subjects.scenarioParser().parse("w.scn", "subject ext4\nvariant v5.9-errseq\nrun-workqueue\n");
        StepResult rw = judge().judge(w, "v5.9-errseq").get(0);
        assertEquals(StepResult.Status.IMPOSSIBLE, rw.status());
        assertTrue(rw.reason().get().startsWith("run-workqueue is the ErrorErr of v2-workqueue's work item"),
                rw.reason().get());
    }

    @Test
    void ext4ModifyWhoseCheckPanics_returnsNothing_asInTheModel() {
        Scenario s = Subjects.scenarioParser().parse("panic.scn", """
                subject ext4
                variant v5.9-errseq
                errors panic
                modify bitmap => 0
                commit
                meta-writeback bitmap EIO
                read-bitmap bitmap
                modify bitmap
                expect fs error=yes aborted=yes halted=yes
                commit
                """);
        List<StepResult> spec = judge().judge(s, "v5.9-errseq");
        List<StepResult> model = new Ext4Model().run(s, "v5.9-errseq");
        assertEquals(StepResult.Status.DONE, atLine(spec, 8).status(), spec.toString());
        assertEquals(atLine(model, 8).status(), atLine(spec, 8).status());
        assertTrue(atLine(spec, 9).reason().isEmpty(), spec.toString());
        assertEquals(StepResult.Status.IMPOSSIBLE, atLine(spec, 10).status(), "nothing runs after a panic");
        assertEquals(StepResult.Status.IMPOSSIBLE, atLine(model, 10).status());
    }

    @Test
    void aMixedBatch_givesEveryScenarioTheVerdictsItGetsAlone() {
        // Ext4 first, then two Fsync models: the order in which one JVM for both specs went wrong.
        List<Scenario> batch = List.of(scenario("ext4-lost-update.scn"), scenario("generic-441-legacy-flags.scn"),
                scenario("generic-441.scn"));
        List<String> variants = List.of("no-check", "legacy-flags", "v4.17");
        List<List<StepResult>> mixed = judgeAll(judge(), batch, variants);
        for (int i = 0; i < batch.size(); i++) {
            List<StepResult> alone = judge().judge(batch.get(i), variants.get(i));
            assertEquals(alone, mixed.get(i), batch.get(i).source());
            assertEquals(batch.get(i).steps().size(), mixed.get(i).size());
            assertTrue(mixed.get(i).stream().allMatch(x -> x.reason().isEmpty()), mixed.get(i).toString());
        }
    }
}
