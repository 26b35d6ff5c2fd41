package org.wberr.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;
import org.wberr.model.vfs.Variant;
import org.wberr.model.vfs.Vfs;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * The Java model as a judge: each step is one call on a {@link Vfs} of the variant, single-threaded, so a
 * step that would wait for a writeback nobody can end is impossible rather than a hang
 * ({@link Waiting#REFUSE}). The device never fails: write errors are explicit writeback steps, as in
 * the TLA+ spec. The state shown after each step is the Vfs snapshot.
 */
public final class ModelJudge implements Judge {

    @Override
    public String name() {
        return "java-model";
    }

    @Override
    public List<String> variants() {
        return Arrays.stream(Variant.values()).map(Variant::id).collect(Collectors.toList());
    }

    @Override
    public List<StepResult> judge(Scenario scenario, String variant) {
        Vfs vfs = Vfs.builder(Variant.fromId(variant)).waiting(Waiting.REFUSE).build();
        Step.Visitor<Integer> apply = new Step.Visitor<>() {
            public Integer open(Step.Open s) {
                vfs.open(s.fd());
                return null;
            }

            public Integer close(Step.Close s) {
                vfs.close(s.fd());
                return null;
            }

            public Integer write(Step.Write s) {
                vfs.write(s.fd(), s.page());
                return null;
            }

            public Integer writeback(Step.Writeback s) {
                vfs.writeback(s.page(), s.outcome());
                return null;
            }

            public Integer writebackStart(Step.WritebackStart s) {
                vfs.writebackStart(s.page());
                return null;
            }

            public Integer writebackEnd(Step.WritebackEnd s) {
                vfs.writebackEnd(s.page(), s.outcome());
                return null;
            }

            public Integer evict(Step.Evict s) {
                vfs.evictPage(s.page());
                return null;
            }

            public Integer evictInode(Step.EvictInode s) {
                vfs.evictInode();
                return null;
            }

            public Integer fsync(Step.Fsync s) {
                return vfs.fsync(s.fd());
            }

            public Integer stat(Step.Stat s) {
                return vfs.stat();
            }

            public Integer sync(Step.Sync s) {
                vfs.sync();
                return null;
            }
        };
        List<StepResult> results = new ArrayList<>();
        for (Step step : scenario.steps()) {
            Integer value;
            try {
                value = step.accept(apply);
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
