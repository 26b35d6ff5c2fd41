package org.wberr.subject.fsync;

import java.util.ArrayList;
import java.util.List;

import org.wberr.judge.ScenarioModel;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;
import org.wberr.model.vfs.Variant;
import org.wberr.model.vfs.Vfs;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * The Java model as the judge of fsync scenarios: each step is one call on a {@link Vfs} of the variant,
 * single-threaded, so a step that would wait for a writeback nobody can end is impossible rather than a hang
 * ({@link Waiting#REFUSE}). The device never fails: write errors are explicit writeback steps, as in the TLA+
 * spec. The state shown after each step is the Vfs snapshot.
 */
public final class FsyncModel implements ScenarioModel {

    @Override
    public List<StepResult> run(Scenario scenario, String variant) {
        Vfs vfs = Vfs.builder(Variant.fromId(variant)).waiting(Waiting.REFUSE).build();
        FsyncStep.Visitor<Integer> apply = new FsyncStep.Visitor<>() {
            public Integer open(FsyncStep.Open s) {
                vfs.open(s.fd());
                return null;
            }

            public Integer close(FsyncStep.Close s) {
                vfs.close(s.fd());
                return null;
            }

            public Integer write(FsyncStep.Write s) {
                vfs.write(s.fd(), s.page());
                return null;
            }

            public Integer writeback(FsyncStep.Writeback s) {
                vfs.writeback(s.page(), s.outcome());
                return null;
            }

            public Integer writebackStart(FsyncStep.WritebackStart s) {
                vfs.writebackStart(s.page());
                return null;
            }

            public Integer writebackEnd(FsyncStep.WritebackEnd s) {
                vfs.writebackEnd(s.page(), s.outcome());
                return null;
            }

            public Integer evict(FsyncStep.Evict s) {
                vfs.evictPage(s.page());
                return null;
            }

            public Integer evictInode(FsyncStep.EvictInode s) {
                vfs.evictInode();
                return null;
            }

            public Integer fsync(FsyncStep.Fsync s) {
                return vfs.fsync(s.fd());
            }

            public Integer stat(FsyncStep.Stat s) {
                return vfs.stat();
            }

            public Integer sync(FsyncStep.Sync s) {
                vfs.sync();
                return null;
            }
        };
        List<StepResult> results = new ArrayList<>();
        for (Step step : scenario.steps()) {
            Integer value;
            try {
                value = ((FsyncStep) step).accept(apply);
            } catch (ImpossibleStepException impossible) {
                results.add(StepResult.impossible(step, impossible.getMessage()));
                break;
            }
            String state = vfs.snapshot().toString();
            results.add(value == null ? StepResult.done(step, state) : StepResult.returned(step, value, state));
        }
        return results;
    }
}
