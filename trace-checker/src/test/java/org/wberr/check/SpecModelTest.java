package org.wberr.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wberr.itf.TlaPrinter;
import org.wberr.tlc.SpecModel;
import org.wberr.tlc.TlcSession;

import tlc2.output.EC;
import tlc2.tool.TLCState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spec model (FastTool) on the Counter fixture, in this JVM: actions and their parameters, steps, and the
 * certification of counterexamples, including ones that are not behaviours of the spec. The only test class
 * that loads a spec into the test JVM (TLC's static state); everything else runs TLC in child JVMs.
 */
class SpecModelTest {
    static JobSpec job;
    static SpecModel spec;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Path.of(SpecModelTest.class.getResource("/fixtures/counter").toURI());
        job = new JobSpec(dir.toString(), "MCCounter", dir.resolve("models/counter-strict-Small.cfg").toString(),
                "exhaustive", null, null, null, "SmallInv", "strict", false, 1, dir.toString(), "unused", 0, null);
        spec = SpecModel.load(job.specDir(), job.module(), job.cfgFile());
    }

    private static String show(SpecModel.ActionTaken s) {
        return s.name() + s.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static SpecModel.ActionInstance action(String name, String params) {
        return spec.actions().stream().filter(a -> show(new SpecModel.ActionTaken(a.name(), a.params())).equals(name + params))
                .findFirst().orElseThrow();
    }

    private static TLCState init() {
        return spec.initialStates().get(0);
    }

    private static TLCState after(TLCState s, String name, String params) {
        return spec.successors(action(name, params), s).get(0);
    }

    @Test
    void variables_inDeclarationOrder() {
        assertEquals(List.of("open", "count", "last"), spec.variables());
    }

    @Test
    void actions_oneperDisjunctAndBinding_withTheOperatorsParameters() {
        Set<String> actions = new TreeSet<>();
        spec.actions().forEach(a -> actions.add(show(new SpecModel.ActionTaken(a.name(), a.params()))));
        assertEquals(new TreeSet<>(List.of("Open(f=a)", "Open(f=b)", "Close(f=a)", "Close(f=b)", "Bump(f=a,k=1)",
                "Bump(f=a,k=2)", "Bump(f=b,k=1)", "Bump(f=b,k=2)")), actions);
    }

    @Test
    void step_namesTheActionAndParameters_orNullIfNoActionLeadsThere() {
        TLCState s0 = init();
        TLCState s1 = after(s0, "Open", "(f=a)");
        TLCState s2 = after(s1, "Bump", "(f=a,k=2)");
        assertEquals("Open(f=a)", show(spec.step(s0, s1)));
        assertEquals("Bump(f=a,k=2)", show(spec.step(s1, s2)));
        assertNull(spec.step(s0, s2), "no single step from the initial state counts to 2");
        assertNull(spec.step(s0, s0), "no action of Counter stutters");
    }

    @Test
    void encode_givesItfValuesInDeclarationOrder() {
        JsonNode s = spec.encode(after(init(), "Open", "(f=b)"));
        assertEquals(List.of("open", "count", "last"), s.properties().stream().map(java.util.Map.Entry::getKey).toList());
        assertEquals("{b}", TlaPrinter.print(s.get("open")));
        assertEquals("(a :> 0 @@ b :> 0)", TlaPrinter.print(s.get("count")));
        assertEquals("[fd |-> \"none\", n |-> 0]", TlaPrinter.print(s.get("last")));
    }

    @Test
    void isInitial_andInvariant() {
        TLCState s0 = init();
        TLCState s3 = after(after(s0, "Open", "(f=a)"), "Bump", "(f=a,k=2)");
        s3 = after(s3, "Bump", "(f=a,k=1)");
        assertTrue(spec.isInitial(s0));
        assertFalse(spec.isInitial(s3));
        assertTrue(spec.invariant("SmallInv", s0));
        assertFalse(spec.invariant("SmallInv", s3));
        assertNull(spec.invariant("NoSuchInv", s0));
    }

    private static TlcSession.Result run(TLCState... states) {
        TlcSession.Result r = new TlcSession.Result();
        r.code = EC.TLC_INVARIANT_VIOLATED_BEHAVIOR;
        r.trace.addAll(List.of(states));
        return r;
    }

    private static final JobResult.Violation SMALL = new JobResult.Violation("invariant", "SmallInv");

    @Test
    void certify_realCounterexample_givesAnItfTraceWithActionsAndPicks() throws Exception {
        TLCState s0 = init();
        TLCState s1 = after(s0, "Open", "(f=a)");
        TLCState s2 = after(s1, "Bump", "(f=a,k=1)");
        TLCState s3 = after(s2, "Bump", "(f=a,k=2)");
        JsonNode t = ModelJob.certify(job, run(s0, s1, s2, s3), SMALL);
        assertEquals("[\"open\",\"count\",\"last\"]", t.get("vars").toString());
        assertEquals(4, t.get("states").size());
        JsonNode last = t.get("states").get(3);
        assertEquals(3, last.get("#meta").get("index").asInt());
        assertEquals("Bump", last.get("mbt::actionTaken").asText());
        assertEquals("{\"f\":{\"#unserializable\":\"a\"},\"k\":2}", last.get("mbt::nondetPicks").toString());
        assertEquals("init", t.get("states").get(0).get("mbt::actionTaken").asText());
        assertFalse(t.has("loop"));
    }

    @Test
    void certify_stepThatNoActionTakes_isRejected() {
        TLCState s0 = init();
        TLCState s1 = after(s0, "Open", "(f=a)");
        TLCState s3 = after(after(after(s1, "Bump", "(f=a,k=1)"), "Bump", "(f=a,k=2)"), "Close", "(f=a)");
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class,
                () -> ModelJob.certify(job, run(s0, s1, s3), SMALL));
        assertEquals("no action of the spec leads from state 2 to state 3", e.getMessage());
    }

    @Test
    void certify_nonInitialFirstState_isRejected() {
        TLCState s1 = after(init(), "Open", "(f=a)");
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class,
                () -> ModelJob.certify(job, run(s1), SMALL));
        assertEquals("state 1 is not an initial state of the spec", e.getMessage());
    }

    @Test
    void certify_lastStateSatisfyingTheInvariant_isRejected() {
        TLCState s0 = init();
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class,
                () -> ModelJob.certify(job, run(s0, after(s0, "Open", "(f=a)")), SMALL));
        assertEquals("SmallInv holds in its last state", e.getMessage());
    }

    @Test
    void certify_deadlockWithSuccessors_isRejected() {
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class,
                () -> ModelJob.certify(job, run(init()), new JobResult.Violation("deadlock", null)));
        assertEquals("its last state has a successor, so it is no deadlock", e.getMessage());
    }

    @Test
    void certify_lasso_closingStepMustBeAStep() throws Exception {
        TLCState s0 = init();
        TLCState s1 = after(s0, "Open", "(f=a)");
        TLCState s2 = after(s1, "Bump", "(f=a,k=2)");
        TlcSession.Result r = run(s0, s1, s2);
        r.loopTo = 0;
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class,
                () -> ModelJob.certify(job, r, new JobResult.Violation("temporal", "AllMaxProp")));
        assertEquals("no action of the spec leads from its last state back to state 1", e.getMessage());
        // s0 -Open(a)-> s1 -Bump(a,2)-> s2 -Close(a)-> s3 -Open(a)-> s4 = s2, looping back to s2 by Close(a).
        TLCState s3 = after(s2, "Close", "(f=a)");
        TLCState s4 = after(s3, "Open", "(f=a)");
        TlcSession.Result lasso = run(s0, s1, s2, s3);
        lasso.loopTo = 2;
        assertEquals(s2, s4);
        JsonNode t = ModelJob.certify(job, lasso, new JobResult.Violation("temporal", "AllMaxProp"));
        assertEquals(2, t.get("loop").asInt());
        assertEquals("Open", t.get("#meta").get("loopActionTaken").asText());
        assertEquals("{\"f\":{\"#unserializable\":\"a\"}}", t.get("#meta").get("loopNondetPicks").toString());
    }

    @Test
    void certify_emptyTrace_isRejected() {
        ModelJob.Uncertified e = assertThrows(ModelJob.Uncertified.class, () -> ModelJob.certify(job, run(), SMALL));
        assertEquals("TLC printed no behaviour", e.getMessage());
    }
}
