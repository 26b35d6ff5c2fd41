package org.wberr.judge;

import java.util.ArrayList;
import java.util.List;

import org.wberr.core.WberrException;
import org.wberr.scenario.Scenario;
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
     * file's {@code variant} line. Checked against the judge's variants.
     *
     * @throws WberrException bad input (exit 2) if there is none or it is unknown
     */
    public static String resolveVariant(Scenario scenario, String override, Judge judge) {
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
                            + String.join(", ", judge.variants()) + ")");
        }
        if (!judge.variants().contains(id)) {
            throw WberrException.badInput(where, "unknown variant '" + id + "': expected one of "
                    + String.join(", ", judge.variants()));
        }
        return id;
    }

    /** The judge of a scenario's subject: the fsync model, or the ext4 model. */
    public static Judge judgeFor(Scenario scenario) {
        return Scenario.EXT4.equals(scenario.subject()) ? new Ext4Judge() : new ModelJudge();
    }

    /** Judges {@code scenario} under {@code variant} and checks its expectations. */
    public static ScenarioRun run(Scenario scenario, String variant, Judge judge) {
        List<ScenarioRun.Checked> checked = new ArrayList<>();
        for (StepResult r : judge.judge(scenario, variant)) {
            ScenarioRun.Verdict verdict;
            if (r.status() == StepResult.Status.IMPOSSIBLE) {
                verdict = ScenarioRun.Verdict.IMPOSSIBLE;
            } else if (r.status() == StepResult.Status.NOT_JUDGED) {
                verdict = ScenarioRun.Verdict.NONE;
            } else if (r.step().expectedObservation().isPresent()) {
                verdict = r.step().expectedObservation().equals(r.observed())
                        ? ScenarioRun.Verdict.MATCH : ScenarioRun.Verdict.DIFF;
            } else if (r.step().expected().isEmpty()) {
                verdict = ScenarioRun.Verdict.NONE;
            } else if (r.returned().isPresent()
                    && r.returned().getAsInt() == r.step().expected().getAsInt()) {
                verdict = ScenarioRun.Verdict.MATCH;
            } else {
                verdict = ScenarioRun.Verdict.DIFF;
            }
            checked.add(new ScenarioRun.Checked(r, verdict));
            if (verdict == ScenarioRun.Verdict.DIFF || verdict == ScenarioRun.Verdict.IMPOSSIBLE) {
                break;
            }
        }
        return new ScenarioRun(scenario, variant, judge.name(), checked);
    }
}
