package org.wberr.subject.ext4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.wberr.judge.ScenarioModel;
import org.wberr.model.ext4.BufferState;
import org.wberr.model.ext4.ErrorsMode;
import org.wberr.model.ext4.Ext4;
import org.wberr.model.ext4.Ext4Snapshot;
import org.wberr.model.ext4.Ext4Variant;
import org.wberr.model.ext4.FsState;
import org.wberr.model.ext4.KernelPanicException;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * The Java ext4 model ({@link Ext4}) as the judge of ext4 scenarios: each step is one call, single-threaded, so a
 * step that would wait for a write in flight is impossible rather than a hang ({@link Waiting#REFUSE}). The file
 * system has the blocks the scenario names ({@code bitmap} if it names none), the scenario's errors= mode (default
 * continue) and the kernel's errseq counter width. An {@code expect} step is answered with the same keys read from
 * {@link Ext4#snapshot()}.
 */
public final class Ext4Model implements ScenarioModel {

    @Override
    public List<StepResult> run(Scenario scenario, String variant) {
        Ext4 fs = Ext4.builder(Ext4Variant.fromId(variant)).errors(errors(scenario)).blocks(blocks(scenario))
                .waiting(Waiting.REFUSE).build();
        Apply apply = new Apply(fs);
        List<StepResult> results = new ArrayList<>();
        for (Step step : scenario.steps()) {
            StepResult r;
            try {
                r = ((Ext4Step) step).accept(apply);
            } catch (ImpossibleStepException impossible) {
                results.add(StepResult.impossible(step, impossible.getMessage()));
                break;
            } catch (KernelPanicException panicked) {
                r = StepResult.done(step, fs.snapshot().toString()); // the step ran; the machine panicked in it
            }
            results.add(r);
        }
        return results;
    }

    /** The blocks of the file system a scenario runs on: those it names, {@code bitmap} if it names none. */
    public static SortedSet<String> blocks(Scenario scenario) {
        SortedSet<String> blocks = new TreeSet<>();
        for (Step s : scenario.steps()) {
            ((Ext4Step) s).block().ifPresent(blocks::add);
        }
        if (blocks.isEmpty()) {
            blocks.add("bitmap");
        }
        return blocks;
    }

    /** A scenario's errors= mode: its {@code errors} line, else continue (ext4's default). */
    public static ErrorsMode errors(Scenario scenario) {
        return ErrorsMode.fromId(scenario.header(Ext4Grammar.ERRORS).orElse(ErrorsMode.CONTINUE.id()));
    }

    /** Each step as one call on the model. */
    private static final class Apply implements Ext4Step.Visitor<StepResult> {
        private final Ext4 fs;

        Apply(Ext4 fs) {
            this.fs = fs;
        }

        private StepResult done(Step step) {
            return StepResult.done(step, fs.snapshot().toString());
        }

        private StepResult returned(Step step, int value) {
            return StepResult.returned(step, value, fs.snapshot().toString());
        }

        public StepResult readBitmap(Ext4Step.ReadBitmap s) {
            fs.readBitmap(s.name());
            return done(s);
        }

        public StepResult modify(Ext4Step.Modify s) {
            return returned(s, fs.modify(s.name()));
        }

        public StepResult checkBdevError(Ext4Step.CheckBdevError s) {
            return returned(s, fs.checkBdevWriteError());
        }

        public StepResult commit(Ext4Step.Commit s) {
            fs.commit();
            return done(s);
        }

        public StepResult metaWriteback(Ext4Step.MetaWriteback s) {
            fs.writeback(s.name(), s.outcome());
            return done(s);
        }

        public StepResult metaWritebackStart(Ext4Step.MetaWritebackStart s) {
            fs.writebackStart(s.name());
            return done(s);
        }

        public StepResult metaWritebackEnd(Ext4Step.MetaWritebackEnd s) {
            fs.writebackEnd(s.name(), s.outcome());
            return done(s);
        }

        public StepResult runWorkqueue(Ext4Step.RunWorkqueue s) {
            if (!fs.variant().queuesErrorWork()) {
                throw new ImpossibleStepException("run-workqueue: only v2-workqueue queues work for a failed"
                        + " metadata write" + (fs.variant().checksAtWriteAccess() ? " (in " + fs.variant().id()
                        + " a writer's check leaves the call due: error-err)" : ""));
            }
            fs.errorErr();
            return done(s);
        }

        public StepResult errorErr(Ext4Step.ErrorErr s) {
            if (!fs.variant().checksAtWriteAccess()) {
                throw new ImpossibleStepException("error-err is the call a v5.9 writer left due after its check"
                        + " (v5.9-errseq, v5.10-keep-uptodate); in " + fs.variant().id()
                        + (fs.variant().queuesErrorWork() ? " the work queue makes it: run-workqueue" : " nothing does"));
            }
            fs.errorErr();
            return done(s);
        }

        public StepResult expect(Ext4Step.Expect e) {
            Ext4Snapshot snap = fs.snapshot();
            return StepResult.observed(e, Step.observation(observe(snap, e)), snap.toString());
        }
    }

    /** The values of the keys {@code e} states, read from {@code s}, in the same order. */
    public static Map<String, String> observe(Ext4Snapshot s, Ext4Step.Expect e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : e.checks().keySet()) {
            out.put(key, e.subject() == null ? fsValue(s.fs(), key) : blockValue(s, e.subject(), key));
        }
        return out;
    }

    private static String blockValue(Ext4Snapshot s, String block, String key) {
        BufferState bh = s.bh().get(block);
        switch (key) {
            case "memory":
                return set(s.bData().get(block));
            case "disk":
                return set(s.disk().get(block));
            case "lost":
                return set(s.lostUpdates(block));
            case "uptodate":
                return yesNo(bh.uptodate());
            case "dirty":
                return yesNo(bh.dirty());
            case "write-error":
                return yesNo(bh.writeIoError());
            default:
                throw new IllegalArgumentException("no key " + key + " for a block");
        }
    }

    private static String fsValue(FsState fs, String key) {
        switch (key) {
            case "error":
                return yesNo(fs.errorFs());
            case "aborted":
                return yesNo(fs.aborted());
            case "rdonly":
                return yesNo(fs.rdonly());
            case "halted":
                return yesNo(fs.halted());
            default:
                throw new IllegalArgumentException("no key " + key + " for the file system");
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String set(SortedSet<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
