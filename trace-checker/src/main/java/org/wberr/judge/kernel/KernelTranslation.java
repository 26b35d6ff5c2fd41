package org.wberr.judge.kernel;

import java.util.List;
import java.util.Optional;

import org.wberr.scenario.Scenario;

/**
 * How a subject's scenarios run on the kernel oracle's guest: whether the kernel can judge a scenario under its
 * variant at all, and the guest's step file for it (trace-checker/src/main/kernel/README.md has the guest's
 * grammar). The guest answers with one WBERR line per step; {@link KernelJudge} reads them the same way for
 * every subject.
 */
public interface KernelTranslation {

    /** Why the kernel cannot judge {@code scenario} under {@code variant} at all, or empty if it can. */
    Optional<String> notJudged(Scenario scenario, String variant);

    /** The guest's step file for {@code scenario}, and why each step that is not sent is not. */
    Translation translate(Scenario scenario);

    /**
     * A translation.
     *
     * @param text      the step file; it keeps the scenario's line numbers (other lines blank), so that the
     *                  guest's {@code line=} is the scenario's line
     * @param notSent   per step of the scenario, in order: why it was not sent, or empty if it was
     * @param sentSteps how many steps were sent
     */
    record Translation(String text, List<Optional<String>> notSent, int sentSteps) {
        public Translation {
            notSent = List.copyOf(notSent);
        }
    }
}
