package org.wberr.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.wberr.judge.Judge;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Shrinks a scenario the kernel disagrees with, unexplained, to a minimal one: first everything after the first
 * disagreeing step goes, then steps are deleted one at a time while the kernel still disagrees, unexplained, until
 * no single deletion does (a 1-minimal scenario). Each candidate's expectations are the Java model's results for it
 * (a candidate the model cannot run, such as an fsync of an fd no longer opened, is not tried); all candidates of a
 * round run in one boot, and the first (latest step deleted first) that still disagrees is kept.
 */
final class Shrinker {
    /** Rounds are bounded: each deletes a step, and scenarios are short. */
    static final int MAX_ROUNDS = 64;

    private final Judge kernel;
    private final Verdicts verdicts;
    private final BiFunction<String, String, Scenario> parser;

    Shrinker(Judge kernel, Verdicts verdicts, BiFunction<String, String, Scenario> parser) {
        this.kernel = kernel;
        this.verdicts = verdicts;
        this.parser = parser;
    }

    /** The outcome: the minimal scenario file, its verdict, and the boots it took. */
    record Shrunk(String text, Scenario scenario, Verdicts.Verdict verdict, int boots) {
    }

    /**
     * Shrinks {@code scenario} (whose verdict {@code verdict} is unexplained) under {@code variant}; {@code header}
     * are the lines the minimal file starts with (its comment, the variant line).
     */
    Shrunk shrink(Scenario scenario, String variant, Verdicts.Verdict verdict, List<String> header) {
        List<Step> current = new ArrayList<>(scenario.steps());
        Scenario best = scenario;
        Verdicts.Verdict bestVerdict = verdict;
        int boots = 0;
        // What follows the first disagreement cannot matter to it: cut it (checked on the kernel like any candidate).
        List<Step> prefix = upTo(current, verdict);
        Scenario cut = prefix.size() < current.size() ? withModelResults(header, prefix, variant, scenario.source())
                : null;
        if (cut != null) {
            boots++;
            Verdicts.Verdict v = verdicts.judge(cut, variant, kernel.judge(cut, variant));
            if (v.unexplained()) {
                best = cut;
                bestVerdict = v;
                current = upTo(prefix, v);
            }
        }
        for (int round = 0; round < MAX_ROUNDS && current.size() > 1; round++) {
            List<Scenario> candidates = new ArrayList<>();
            List<List<Step>> kept = new ArrayList<>();
            for (int k = current.size() - 1; k >= 0; k--) {
                List<Step> c = new ArrayList<>(current);
                c.remove(k);
                Scenario s = withModelResults(header, c, variant, scenario.source());
                if (s != null) {
                    candidates.add(s);
                    kept.add(c);
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            boots++;
            Judge.Batch batch = kernel.judge(candidates.stream().map(s -> new Judge.Case(s, variant)).toList());
            int taken = -1;
            for (int i = 0; i < candidates.size() && taken < 0; i++) {
                Verdicts.Verdict v = verdicts.judge(candidates.get(i), variant, batch.results().get(i));
                if (v.unexplained()) {
                    taken = i;
                    bestVerdict = v;
                }
            }
            if (taken < 0) {
                break;
            }
            best = candidates.get(taken);
            current = kept.get(taken);
        }
        return new Shrunk(best.text(), best, bestVerdict, boots);
    }

    /** The steps (of the scenario the verdict is on) up to and including its first disagreeing step. */
    private static List<Step> upTo(List<Step> steps, Verdicts.Verdict v) {
        return new ArrayList<>(steps.subList(0, v.at() + 1));
    }

    /**
     * The steps as a scenario file with the Java model's results as expectations; null if it is not a scenario (an fd
     * used before it is opened) or the model cannot run it.
     */
    private Scenario withModelResults(List<String> header, List<Step> steps, String variant, String source) {
        Scenario bare;
        try {
            bare = parser.apply(source, Expectations.write(header, steps, List.of()));
        } catch (org.wberr.core.WberrException notAScenario) {
            return null;
        }
        List<StepResult> results = verdicts.model(bare, variant);
        if (results.size() < bare.steps().size()
                || results.stream().anyMatch(r -> r.status() == StepResult.Status.IMPOSSIBLE)) {
            return null;
        }
        return parser.apply(source, Expectations.write(header, bare.steps(), results));
    }
}
