package org.wberr.judge.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.wberr.kernel.KernelOutput;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;

/**
 * How a subject's scenarios run on the kernel oracle's guest: whether the kernel can judge a scenario under its
 * variant at all, which kernel boots it, and the guest's step file for it (trace-checker/src/main/kernel/README.md
 * has the guest's grammar and its WBERR lines). The guest answers with one line per step; {@link KernelJudge}
 * reads them the same way for every subject.
 */
public interface KernelTranslation {

    /** Why the kernel cannot judge {@code scenario} under {@code variant} at all, or empty if it can. */
    Optional<String> notJudged(Scenario scenario, String variant);

    /** The guest's step file for {@code scenario} under {@code variant}, and the boot it needs. */
    Translation translate(Scenario scenario, String variant);

    /**
     * For an observation step after the kernel panicked (the guest performed nothing more): the values of the
     * step's keys the boot's host-side lines still tell ({@code halted}, what the disk holds), by key; none by
     * default.
     */
    default Map<String, String> afterPanic(Step step, KernelOutput.ScenarioOutput output) {
        return Map.of();
    }

    /**
     * A translation.
     *
     * @param text      the step file; it keeps the scenario's line numbers (other lines blank), so that the
     *                  guest's {@code line=} is the scenario's line
     * @param notSent   per step of the scenario, in order: why it was not sent, or empty if it was
     * @param sentSteps how many steps were sent
     * @param kernel    the kernel that judges it (run-qemu.sh's --kernel: {@code stock} or a variant's name)
     * @param ownDisk   the scenario gets a disk of its own (the guest takes at most {@value #DISKS_PER_BOOT} such
     *                  scenarios per boot)
     * @param endsBoot  the scenario ends its boot (a kernel panic): it must be the last of its boot
     */
    record Translation(String text, List<Optional<String>> notSent, int sentSteps, String kernel, boolean ownDisk,
                       boolean endsBoot) {
        /** The most scenarios with a disk of their own that one boot takes (the guest's limit). */
        public static final int DISKS_PER_BOOT = 16;

        public Translation {
            notSent = List.copyOf(notSent);
        }
    }

    /**
     * A step file for {@code scenario}: its header lines (every line that is neither a step nor blank nor a
     * comment: subject, variant and the subject's headers) as written, each step the guest can take as
     * {@code guestText} gives it (with its {@code => RESULT}), every other line blank, then {@code extra} lines
     * after the last. A step {@code whyNot} refuses is not sent, and neither is any later step: the kernel's state
     * would no longer follow the scenario.
     */
    static Translation stepFile(Scenario scenario, Function<Step, Optional<String>> whyNot,
            Function<Step, String> guestText, List<String> extra, String kernel, boolean ownDisk, boolean endsBoot) {
        String[] source = scenario.text().split("\\R", -1);
        Set<Integer> stepLines = scenario.steps().stream().map(Step::line).collect(Collectors.toSet());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < source.length; i++) {
            String code = source[i].replaceFirst("#.*", "").strip();
            lines.add(stepLines.contains(i + 1) ? "" : code);
        }
        List<Optional<String>> notSent = new ArrayList<>();
        String stopped = null;
        int sent = 0;
        for (Step step : scenario.steps()) {
            if (stopped != null) {
                notSent.add(Optional.of(stopped));
                continue;
            }
            Optional<String> why = whyNot.apply(step);
            if (why.isPresent()) {
                notSent.add(why);
                stopped = "not run on the kernel: line " + step.line() + " (" + step.text()
                        + ") could not run there, and the later steps depend on it";
                continue;
            }
            String text = guestText.apply(step);
            if (step.expected().isPresent()) {
                text += " => " + Step.result(step.expected().getAsInt());
            }
            lines.set(step.line() - 1, text);
            notSent.add(Optional.empty());
            sent++;
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.addAll(extra);
        return new Translation(String.join("\n", lines).stripTrailing() + "\n", notSent, sent, kernel, ownDisk, endsBoot);
    }
}
