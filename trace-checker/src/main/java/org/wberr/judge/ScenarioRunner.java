package org.wberr.judge;

import java.util.ArrayList;
import java.util.List;

import org.wberr.core.WberrException;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Runs a scenario against a judge and compares each result with the step's {@code => RESULT}, and each
 * {@code expect} step's statement with what the judge observed. Stops at the first difference. Does not
 * print.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /**
     * The variant a scenario runs under: {@code override} (the --variant option) if given, else the
     * file's {@code variant} line. Checked against {@code variants}, those of the scenario's subject.
     *
     * @throws WberrException bad input (exit 2) if there is none or it is unknown
     */
    public static String resolveVariant(Scenario scenario, String override, List<String> variants) {
        String id;
        String where;
        if (override != null) {
            id = override;
            where = "--variant";
        } else if (scenario.variant().isPresent()) {
            id = scenario.variant().get();
            where = scenario.at(scenario.variantLine());
        } else {
            throw WberrException.badInput(scenario.source(),
                    "no variant: add a line 'variant ID' or pass --variant ID (one of "
                            + String.join(", ", variants) + ")");
        }
        if (!variants.contains(id)) {
            throw WberrException.badInput(where, "unknown variant '" + id + "': expected one of "
                    + String.join(", ", variants));
        }
        return id;
    }

    /** Judges {@code scenario} under {@code variant} and checks its expectations. */
    public static ScenarioRun run(Scenario scenario, String variant, Judge judge) {
        List<ScenarioRun.Checked> checked = new ArrayList<>();
        for (StepResult r : judge.judge(scenario, variant)) {
            ScenarioRun.Mark mark;
            if (r.status() == StepResult.Status.IMPOSSIBLE) {
                mark = ScenarioRun.Mark.IMPOSSIBLE;
            } else if (r.status() == StepResult.Status.NOT_JUDGED) {
                mark = ScenarioRun.Mark.NONE;
            } else if (r.step().expectedObservation().isPresent()) {
                mark = r.observed().isPresent() && Step.agrees(r.step().expectedValues(), r.observed().get())
                        ? ScenarioRun.Mark.MATCH : ScenarioRun.Mark.DIFF;
            } else if (r.step().expected().isEmpty()) {
                mark = ScenarioRun.Mark.NONE;
            } else if (r.returned().isPresent()
                    && r.returned().getAsInt() == r.step().expected().getAsInt()) {
                mark = ScenarioRun.Mark.MATCH;
            } else {
                mark = ScenarioRun.Mark.DIFF;
            }
            checked.add(new ScenarioRun.Checked(r, mark));
            if (mark == ScenarioRun.Mark.DIFF || mark == ScenarioRun.Mark.IMPOSSIBLE) {
                break;
            }
        }
        return new ScenarioRun(scenario, variant, judge.name(), checked);
    }
}
