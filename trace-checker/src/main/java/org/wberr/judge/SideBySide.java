package org.wberr.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Several judges' results for one scenario, step by step, compared with each other and with the scenario's
 * {@code => RESULT}s and {@code expect} statements: the one comparison. A step's judged answers are its RETURNED
 * value, "done" (for an {@code expect} step: what the judge observed) or "impossible"; NOT-JUDGED steps and steps
 * after a judge stopped take no part. A step disagrees if a judged answer differs from the expectation, or two
 * judged answers differ from each other. A judge may observe only some of an {@code expect} step's keys (a kernel
 * cannot read a buffer_head's bits): its observation agrees when each key it observed has the stated value.
 */
public final class SideBySide {

    /** One step: each judge's result (empty once that judge stopped), and whether they disagree. */
    public record Row(Step step, Map<String, Optional<StepResult>> results, boolean disagree, boolean checked) {
    }

    private final Scenario scenario;
    private final String variant;
    private final List<String> judges;
    private final Map<String, Judge.About> about;
    private final List<Row> rows = new ArrayList<>();

    /** {@code results}: judge name to its results, in column order; no judge says anything about the case. */
    public SideBySide(Scenario scenario, String variant, Map<String, List<StepResult>> results) {
        this(scenario, variant, results, Map.of());
    }

    /**
     * {@code results}: judge name to its results, in column order; {@code about}: what each judge says about the
     * case as a whole (the kernel that judged it), by judge name, where it says something.
     */
    public SideBySide(Scenario scenario, String variant, Map<String, List<StepResult>> results,
            Map<String, Judge.About> about) {
        this.scenario = scenario;
        this.variant = variant;
        this.judges = List.copyOf(results.keySet());
        this.about = Map.copyOf(about);
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Map<String, Optional<StepResult>> byJudge = new LinkedHashMap<>();
            Set<String> answers = new LinkedHashSet<>();
            for (Map.Entry<String, List<StepResult>> e : results.entrySet()) {
                Optional<StepResult> r = i < e.getValue().size() ? Optional.of(e.getValue().get(i)) : Optional.empty();
                byJudge.put(e.getKey(), r);
                r.flatMap(SideBySide::answer).ifPresent(answers::add);
            }
            Optional<String> expected = expectation(step);
            boolean disagree = step.expectedValues().isEmpty()
                    ? answers.size() > 1 || (expected.isPresent() && !answers.isEmpty()
                    && !answers.contains(expected.get()))
                    : answers.stream().anyMatch(a -> !Step.agrees(step.expectedValues(), a));
            boolean checked = !answers.isEmpty() && (expected.isPresent() || results.size() > 1);
            boolean answering = step.returnsValue() || step.expectedObservation().isPresent();
            rows.add(new Row(step, byJudge, disagree, checked && answering || disagree));
        }
    }

    /** What the step states: its {@code => RESULT}, or an {@code expect} step's keys and values. */
    public static Optional<String> expectation(Step step) {
        return step.expected().isPresent() ? Optional.of(Step.result(step.expected().getAsInt()))
                : step.expectedObservation();
    }

    /** A judged answer: the result's name, "done" (or what was observed), "impossible"; empty for NOT-JUDGED. */
    public static Optional<String> answer(StepResult r) {
        return switch (r.status()) {
            case RETURNED -> Optional.of(Step.result(r.returned().getAsInt()));
            case DONE -> Optional.of(r.observed().orElse("done"));
            case IMPOSSIBLE -> Optional.of("impossible");
            case NOT_JUDGED -> Optional.empty();
        };
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Row> disagreements() {
        return rows.stream().filter(Row::disagree).toList();
    }

    /** The judges' names, in column order. */
    public List<String> judges() {
        return judges;
    }

    /** What each judge says about the case as a whole, by judge name, where it says something. */
    public Map<String, Judge.About> about() {
        return about;
    }

    /** The variant the scenario was judged under. */
    public String variant() {
        return variant;
    }
}
