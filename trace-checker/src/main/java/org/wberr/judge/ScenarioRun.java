package org.wberr.judge;

import java.util.List;
import java.util.Optional;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * One scenario judged by one judge, compared with the scenario's expectations.
 *
 * @param scenario the scenario
 * @param variant  the variant it ran under
 * @param judge    the judge's name
 * @param steps    each step that ran (up to and including the first difference or impossible step)
 *                 with its mark; steps after that are not run
 */
public record ScenarioRun(Scenario scenario, String variant, String judge, List<Checked> steps) {

    public ScenarioRun {
        steps = List.copyOf(steps);
    }

    /** A step's result and how it compares with the expectation. */
    public record Checked(StepResult result, Mark mark) {
    }

    /** How a step's result compares with what the scenario states. */
    public enum Mark {
        /** The step states no expectation (or returns nothing). */
        NONE,
        /** The result is the expected one. */
        MATCH,
        /** The result differs from the expected one. */
        DIFF,
        /** The step could not happen in the judge's state. */
        IMPOSSIBLE
    }

    /** The first step whose result differs from the expectation, if any. */
    public Optional<Checked> firstDifference() {
        return steps.stream().filter(c -> c.mark() == Mark.DIFF).findFirst();
    }

    /** The impossible step that ended the run, if any. */
    public Optional<Checked> impossible() {
        return steps.stream().filter(c -> c.mark() == Mark.IMPOSSIBLE).findFirst();
    }

    /** Whether every step ran and every expectation was met. */
    public boolean passed() {
        return firstDifference().isEmpty() && impossible().isEmpty()
                && steps.size() == scenario.steps().size();
    }

    /** How many expectations were checked and met. */
    public long expectationsMet() {
        return steps.stream().filter(c -> c.mark() == Mark.MATCH).count();
    }
}
