package org.wberr.subject.ext4;

import java.util.List;
import java.util.Optional;

import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.scenario.Scenario;

/**
 * ext4 scenarios on the kernel oracle: not run. The guest's harness has no steps for ext4's metadata stories
 * (trace-checker/src/main/kernel/README.md: with a journal, jbd2 pins the bitmap buffer until a checkpoint, and the
 * checkpoint aborts, so the model's stale re-read does not happen on a stock 6.1), so every scenario is
 * NOT-JUDGED with that reason and the rest of a batch runs as usual.
 */
public final class Ext4Kernel implements KernelTranslation {

    @Override
    public Optional<String> notJudged(Scenario scenario, String variant) {
        return Optional.of("the kernel judge runs fsync stories only (the guest's harness has no " + Ext4Subject.NAME
                + " steps)");
    }

    @Override
    public Translation translate(Scenario scenario) {
        return new Translation("", List.of(), 0);
    }
}
