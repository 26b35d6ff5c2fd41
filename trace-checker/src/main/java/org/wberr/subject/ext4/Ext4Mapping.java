package org.wberr.subject.ext4;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.judge.spec.SpecMapping;
import org.wberr.judge.spec.TraceValidator;
import org.wberr.model.ext4.BufferState;
import org.wberr.model.ext4.Ext4Snapshot;
import org.wberr.model.ext4.Ext4Variant;
import org.wberr.model.ext4.FsState;
import org.wberr.scenario.Grammar;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.tlc.SpecModel;

/**
 * Scenarios of subject ext4 on Ext4MetaWriteback.tla, with the constants of the Java judge
 * ({@link Ext4Model}): the blocks the scenario names, its errors= mode, {@code CheckGap = TRUE} (the
 * kernel's: {@code check-bdev-error} leaves the ext4_error_err call due) and
 * {@link TraceValidator#COUNTER_BITS}.
 *
 * <p>No hidden actions: every action of the spec is some step's. A step is one action, or one of a few
 * ways, as the kernel call it names:
 * <ul>
 *   <li>{@code read-bitmap B}: {@code ReadBitmap(B)}; on an uptodate buffer the reader reads nothing: a
 *       stuttering step (while the machine runs).</li>
 *   <li>{@code modify B}: {@code Modify(B)} or {@code ModifyRefused(B)}, preceded, when the v5.9 check finds
 *       a failed write, by the writer's own check and ext4_error_err ({@code CheckBdevWriteError},
 *       {@code ErrorErr}); if that ext4_error_err panics, the step ends there and returns nothing.</li>
 *   <li>{@code check-bdev-error}: {@code CheckBdevWriteError}, returning EIO; a check that finds nothing
 *       (v5.9+, writable file system, {@code bd_wb_err = s_bdev_wb_err}) is a stuttering step returning 0.</li>
 *   <li>{@code error-err} (v5.9+) and {@code run-workqueue} (v2-workqueue): {@code ErrorErr}.</li>
 *   <li>{@code commit}: {@code Commit}; with nothing to commit or after the abort, a stuttering step.</li>
 *   <li>{@code meta-writeback B O}: {@code WritebackStart(B)} then {@code WritebackEnd(B, O)}; the
 *       {@code -start} and {@code -end} steps one each.</li>
 *   <li>{@code expect}: no action; its keys are read from the spec's state as {@link Ext4Model} reads them
 *       from the model's.</li>
 * </ul>
 * A step's result is the variable {@code ret}, except as said above.
 */
public final class Ext4Mapping implements SpecMapping {
    private static final int EIO = 5;

    @Override
    public Grammar grammar() {
        return new Ext4Grammar();
    }

    @Override
    public String module() {
        return Ext4Subject.SPEC;
    }

    @Override
    public String cfg(Scenario scenario, String variant) {
        return TraceValidator.cfgHeader(scenario, variant)
                + "    ErrorsMode = \"" + Ext4Model.errors(scenario).id() + "\"\n"
                + "    Blocks = {" + String.join(", ", Ext4Model.blocks(scenario).stream()
                .map(b -> "\"" + b + "\"").toList()) + "}\n"
                + "    CheckGap = TRUE\n";
    }

    @Override
    public List<Way> ways(Step step, String variant) {
        Ext4Variant v = Ext4Variant.fromId(variant);
        Call check = Call.of(Ext4Action.CheckBdevWriteError);
        Call errorErr = Call.of(Ext4Action.ErrorErr);
        return ((Ext4Step) step).accept(new Ext4Step.Visitor<>() {
            public List<Way> readBitmap(Ext4Step.ReadBitmap r) {
                return List.of(Way.of(Call.of(Ext4Action.ReadBitmap, "b", r.name())),
                        Way.stutter(st -> running(st) && bh(st, r.name()).uptodate(), "a read of an uptodate buffer"));
            }

            public List<Way> modify(Ext4Step.Modify m) {
                Call modify = Call.of(Ext4Action.Modify, "b", m.name());
                Call refused = Call.of(Ext4Action.ModifyRefused, "b", m.name());
                return List.of(Way.of(modify), Way.of(refused), Way.of(check, errorErr, modify),
                        Way.of(check, errorErr, refused),
                        Way.of(check, errorErr).when(st -> !running(st), "CheckBdevWriteError; ErrorErr panicking"));
            }

            public List<Way> checkBdevError(Ext4Step.CheckBdevError c) {
                return List.of(Way.of(check).returning(-EIO),
                        Way.stutter(st -> v.checksAtWriteAccess() && running(st) && !fs(st).rdonly()
                                && st.path("bd_wb_err").asLong() == st.path("s_bdev_wb_err").asLong(),
                                "a check that finds nothing").returning(0));
            }

            public List<Way> errorErr(Ext4Step.ErrorErr e) {
                return v.checksAtWriteAccess() ? List.of(Way.of(errorErr)) : List.of();
            }

            public List<Way> runWorkqueue(Ext4Step.RunWorkqueue r) {
                return v.queuesErrorWork() ? List.of(Way.of(errorErr)) : List.of();
            }

            public List<Way> commit(Ext4Step.Commit c) {
                return List.of(Way.of(Call.of(Ext4Action.Commit)), Way.stutter(st -> running(st) && (fs(st).aborted()
                        || snapshot(st).bh().values().stream().noneMatch(BufferState::jbddirty)),
                        "a commit with nothing to commit"));
            }

            public List<Way> metaWriteback(Ext4Step.MetaWriteback w) {
                return List.of(Way.of(Call.of(Ext4Action.WritebackStart, "b", w.name()),
                        Call.of(Ext4Action.WritebackEnd, "b", w.name(), "outcome", w.outcome().id())));
            }

            public List<Way> metaWritebackStart(Ext4Step.MetaWritebackStart w) {
                return List.of(Way.of(Call.of(Ext4Action.WritebackStart, "b", w.name())));
            }

            public List<Way> metaWritebackEnd(Ext4Step.MetaWritebackEnd w) {
                return List.of(Way.of(Call.of(Ext4Action.WritebackEnd, "b", w.name(), "outcome", w.outcome().id())));
            }

            public List<Way> expect(Ext4Step.Expect e) {
                return List.of(Way.stutter(st -> true, "an observation"));
            }
        });
    }

    @Override
    public String noWay(Step step, String variant) {
        return step instanceof Ext4Step.ErrorErr
                ? "error-err is the ErrorErr a v5.9 writer leaves due after its check (v5.9-errseq,"
                        + " v5.10-keep-uptodate); in " + variant + " it is not that call"
                : "run-workqueue is the ErrorErr of v2-workqueue's work item; in " + variant + " no work is queued";
    }

    @Override
    public boolean hidden(SpecModel.ActionInstance action) {
        return false;
    }

    /** {@code ret}; nothing if the machine panicked in the step. */
    @Override
    public Integer result(ObjectNode state) {
        return running(state) ? state.path("ret").asInt() : null;
    }

    @Override
    public Map<String, String> observe(Step step, ObjectNode state) {
        return Ext4Model.observe(snapshot(state), (Ext4Step.Expect) step);
    }

    @Override
    public String show(ObjectNode state) {
        return snapshot(state) + " ret=" + state.path("ret").asInt();
    }

    private static boolean running(ObjectNode s) {
        return !fs(s).halted();
    }

    private static FsState fs(ObjectNode s) {
        JsonNode f = s.path("fs");
        return new FsState(f.path("error_fs").asBoolean(), f.path("aborted").asBoolean(), f.path("rdonly").asBoolean(),
                f.path("halted").asBoolean());
    }

    private static BufferState bh(ObjectNode s, String block) {
        return snapshot(s).bh().get(block);
    }

    /** The spec's kernel variables as the Java model's snapshot (the inverse of Ext4Driver's projection). */
    static Ext4Snapshot snapshot(ObjectNode s) {
        SortedMap<String, SortedSet<Integer>> data = new TreeMap<>();
        SortedMap<String, SortedSet<Integer>> disk = new TreeMap<>();
        SortedMap<String, BufferState> bh = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("bh").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = e.getValue();
            bh.put(e.getKey(), new BufferState(b.path("uptodate").asBoolean(), b.path("dirty").asBoolean(),
                    b.path("jbddirty").asBoolean(), b.path("write_io_error").asBoolean(),
                    b.path("async_write").asBoolean()));
            data.put(e.getKey(), ids(s.path("b_data").path(e.getKey())));
            disk.put(e.getKey(), ids(s.path("disk").path(e.getKey())));
        }
        return new Ext4Snapshot(data, disk, bh, (int) s.path("bd_wb_err").asLong(),
                (int) s.path("s_bdev_wb_err").asLong(), s.path("error_pending").asBoolean(), fs(s));
    }

    private static SortedSet<Integer> ids(JsonNode set) {
        List<Integer> out = new ArrayList<>();
        set.path("#set").forEach(n -> out.add(n.asInt()));
        return new TreeSet<>(out);
    }
}
