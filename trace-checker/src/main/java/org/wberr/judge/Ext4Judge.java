package org.wberr.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
 * The Java ext4 model ({@link Ext4}) as the judge of {@code subject ext4} scenarios: each step is one call,
 * single-threaded, so a step that would wait for a write in flight is impossible rather than a hang
 * ({@link Waiting#REFUSE}). The file system has the blocks the scenario names ({@code bitmap} if it
 * names none), the scenario's errors= mode (default continue) and the kernel's errseq counter width. An
 * {@code expect} step is answered with the same keys read from {@link Ext4#snapshot()}.
 */
public final class Ext4Judge implements Judge {

    @Override
    public String name() {
        return "java-model";
    }

    @Override
    public List<String> variants() {
        return Arrays.stream(Ext4Variant.values()).map(Ext4Variant::id).collect(Collectors.toList());
    }

    @Override
    public List<StepResult> judge(Scenario scenario, String variant) {
        Ext4 fs = Ext4.builder(Ext4Variant.fromId(variant)).errors(errors(scenario)).blocks(blocks(scenario))
                .waiting(Waiting.REFUSE).build();
        List<StepResult> results = new ArrayList<>();
        for (Step step : scenario.steps()) {
            StepResult r;
            try {
                r = apply(fs, step);
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
            if (s instanceof Step.Ext4Step e) {
                e.block().ifPresent(blocks::add);
            }
        }
        if (blocks.isEmpty()) {
            blocks.add("bitmap");
        }
        return blocks;
    }

    /** A scenario's errors= mode: its {@code errors} line, else continue (ext4's default). */
    public static ErrorsMode errors(Scenario scenario) {
        return ErrorsMode.fromId(scenario.errors().orElse(ErrorsMode.CONTINUE.id()));
    }

    private static StepResult apply(Ext4 fs, Step step) {
        if (step instanceof Step.Expect e) {
            Ext4Snapshot snap = fs.snapshot();
            return StepResult.observed(step, Step.Expect.observation(observe(snap, e)), snap.toString());
        }
        Integer value = null;
        if (step instanceof Step.ReadBitmap s) {
            fs.readBitmap(s.name());
        } else if (step instanceof Step.Modify s) {
            value = fs.modify(s.name());
        } else if (step instanceof Step.CheckBdevError) {
            value = fs.checkBdevWriteError();
        } else if (step instanceof Step.ErrorErr) {
            if (!fs.variant().checksAtWriteAccess()) {
                throw new ImpossibleStepException("error-err is the call a v5.9 writer left due after its check"
                        + " (v5.9-errseq, v5.10-keep-uptodate); in " + fs.variant().id()
                        + (fs.variant().queuesErrorWork() ? " the work queue makes it: run-workqueue" : " nothing does"));
            }
            fs.errorErr();
        } else if (step instanceof Step.RunWorkqueue) {
            if (!fs.variant().queuesErrorWork()) {
                throw new ImpossibleStepException("run-workqueue: only v2-workqueue queues work for a failed metadata"
                        + " write" + (fs.variant().checksAtWriteAccess() ? " (in " + fs.variant().id()
                        + " a writer's check leaves the call due: error-err)" : ""));
            }
            fs.errorErr();
        } else if (step instanceof Step.Commit) {
            fs.commit();
        } else if (step instanceof Step.MetaWriteback s) {
            fs.writeback(s.name(), s.outcome());
        } else if (step instanceof Step.MetaWritebackStart s) {
            fs.writebackStart(s.name());
        } else if (step instanceof Step.MetaWritebackEnd s) {
            fs.writebackEnd(s.name(), s.outcome());
        } else {
            throw new IllegalStateException("'" + step.text() + "' is not a step of subject ext4");
        }
        String state = fs.snapshot().toString();
        return value == null ? StepResult.done(step, state) : StepResult.returned(step, value, state);
    }

    /** The values of the keys {@code e} states, read from {@code s}, in the same order. */
    public static Map<String, String> observe(Ext4Snapshot s, Step.Expect e) {
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
