package org.wberr.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param about    per case, what the judge says about the case as a whole (the kernel that judged it, e2fsck's
     *                 verdict on its disk); {@link About#NOTHING} when nothing
     * @param problems failures of the judge itself (a kernel harness error); non-empty means the oracle failed
     */
    record Batch(List<List<StepResult>> results, List<About> about, List<String> problems) {
        public Batch {
            results = List.copyOf(results);
            about = List.copyOf(about);
            problems = List.copyOf(problems);
        }

        /** Answers with nothing to add. */
        public static Batch of(List<List<StepResult>> results) {
            return new Batch(results, Collections.nCopies(results.size(), About.NOTHING), List.of());
        }
    }

    /**
     * What a judge says about one case as a whole.
     *
     * @param heading what judged it, for the report's heading ({@code kernel 6.1.192 v4.13}); empty if nothing
     * @param notes   lines for the report under the case's table (e2fsck: block bitmap differences +1166)
     * @param facts   the same as key-value pairs for JSON ({@code release}, {@code kernel}, {@code package},
     *                {@code fsck}, ...), in order
     */
    record About(String heading, List<String> notes, Map<String, String> facts) {
        /** Nothing to say. */
        public static final About NOTHING = new About("", List.of(), Map.of());

        public About {
            notes = List.copyOf(notes);
            facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }
    }
}
