package org.wberr.judge;

import java.util.List;
import java.util.Optional;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * Something that can say what a scenario does: the Java model, the TLA+ spec, a real kernel. A judge takes a
 * whole batch at once (the spec judge validates it in one child JVM per spec, the kernel judge runs it in one
 * boot) and returns one result per step of each scenario, in order, stopping after a scenario's first impossible
 * step. It does not compare with the expectations and does not print: {@link ScenarioRunner} and
 * {@link SideBySide} compare, the report prints, so that several judges' results can be shown side by side.
 */
public interface Judge {

    /** A short name for reports, such as {@code java-model}. */
    String name();

    /** Judges every case of the batch. */
    Batch judge(List<Case> cases);

    /** Judges one scenario alone. */
    default List<StepResult> judge(Scenario scenario, String variant) {
        return judge(List.of(new Case(scenario, variant))).results().get(0);
    }

    /** One scenario and the variant it is judged under. */
    record Case(Scenario scenario, String variant) {
    }

    /**
     * A judge's answers for a batch.
     *
     * @param results  per case, one result per step of its scenario, in order
     * @param heading  what answered, for the report's heading (the kernel's release), if it says more than the name
     * @param problems failures of the judge itself (a kernel harness error); non-empty means the oracle failed
     */
    record Batch(List<List<StepResult>> results, Optional<String> heading, List<String> problems) {
        public Batch {
            results = List.copyOf(results);
            problems = List.copyOf(problems);
        }

        /** Answers with nothing to add. */
        public static Batch of(List<List<StepResult>> results) {
            return new Batch(results, Optional.empty(), List.of());
        }
    }
}
