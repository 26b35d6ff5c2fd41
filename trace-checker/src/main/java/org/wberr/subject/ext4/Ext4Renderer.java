package org.wberr.subject.ext4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.wberr.conformance.TraceConstants;
import org.wberr.gen.Renderer;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;

/**
 * Ext4MetaWriteback.tla actions as calls on {@code org.wberr.model.ext4.Ext4}, the mapping
 * {@link org.wberr.subject.ext4.Ext4Driver} executes: {@code Modify} and {@code ModifyRefused} are both
 * {@code modify} (the spec's {@code ret} asserted), {@code CheckBdevWriteError} is the check alone (always
 * finding -EIO: the action's guard), followed by {@code errorErr()} in the same step when the model has
 * {@code CheckGap = FALSE}. After each step the spec's kernel variables are asserted as one
 * {@code Ext4Snapshot}, built with the hand-written helpers of {@code Ext4Snapshots}.
 */
public final class Ext4Renderer implements Renderer {
    private static final List<String> BH_FLAGS = List.of("uptodate", "dirty", "jbddirty", "write_io_error",
            "async_write");
    private static final List<String> FS_FLAGS = List.of("error_fs", "aborted", "rdonly", "halted");

    private boolean checkGap = true;

    @Override
    public List<String> imports() {
        return List.of("org.wberr.model.ext4.ErrorsMode", "org.wberr.model.ext4.Ext4",
                "org.wberr.model.ext4.Ext4Variant", "org.wberr.model.ext4.WriteOutcome", "org.wberr.model.step.Waiting",
                "static org.junit.jupiter.api.Assertions.assertEquals",
                "static org.wberr.model.counterexamples.Ext4Snapshots.*");
    }

    @Override
    public List<String> setup(ItfTrace trace) {
        checkGap = TraceConstants.bool(trace, "CheckGap", true);
        String errors = TraceConstants.text(trace, "ErrorsMode", "the errors= mode decides what ext4_error_err does");
        String blocks = new TreeMap<>(Renderer.strKeys(trace.states().get(0).get("b_data").asFunction()))
                .keySet().stream().map(Renderer::str).collect(Collectors.joining(", "));
        return List.of("Ext4 fs = Ext4.builder(Ext4Variant.fromId(" + Renderer.str(trace.metaText("variant"))
                + ")).errors(ErrorsMode.fromId(" + Renderer.str(errors) + ")).counterBits("
                + TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS) + ")", "        .blocks(" + blocks
                + ").waiting(Waiting.REFUSE).build();");
    }

    @Override
    public List<String> step(String action, Map<String, ItfValue> picks, ItfTrace.State after) {
        String b = picks.containsKey("b") ? Renderer.str(Renderer.strOf(picks.get("b"))) : null;
        switch (action(action)) {
            case ReadBitmap:
                return List.of("fs.readBitmap(" + b + ");");
            case Modify:
                return List.of("assertEquals(" + Renderer.intLit(after.get("ret")) + ", fs.modify(" + b
                        + "), \"modify returns\");");
            case ModifyRefused:
                return List.of("assertEquals(" + Renderer.intLit(after.get("ret")) + ", fs.modify(" + b
                        + "), \"modify is refused (EROFS)\");");
            case CheckBdevWriteError:
                if (checkGap) {
                    return List.of("assertEquals(-5, fs.checkBdevWriteError(), \"the check finds the failed write (EIO)\");");
                }
                return List.of("assertEquals(-5, fs.checkBdevWriteError(), \"the check finds the failed write (EIO)\");",
                        "fs.errorErr(); // CheckGap = FALSE: ext4_error_err in the same step as the check");
            case Commit:
                return List.of("fs.commit();");
            case WritebackStart:
                return List.of("fs.writebackStart(" + b + ");");
            case WritebackEnd:
                return List.of("fs.writebackEnd(" + b + ", WriteOutcome."
                        + (Renderer.strOf(picks.get("outcome")).equals("ok") ? "OK" : "EIO") + ");");
            case ErrorErr:
                return List.of("fs.errorErr();");
            default:
                throw new IllegalStateException("unhandled action " + action);
        }
    }

    private static Ext4Action action(String name) {
        try {
            return Ext4Action.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Ext4Subject.SPEC + " has no action " + name);
        }
    }

    @Override
    public List<String> assertState(ItfTrace.State s) {
        Map<String, ItfValue> data = new TreeMap<>(Renderer.strKeys(s.get("b_data").asFunction()));
        Map<String, ItfValue> disk = Renderer.strKeys(s.get("disk").asFunction());
        Map<String, ItfValue> bh = Renderer.strKeys(s.get("bh").asFunction());
        List<String> out = new ArrayList<>();
        out.add("assertEquals(state(" + Renderer.intLit(s.get("bd_wb_err")) + ", "
                + Renderer.intLit(s.get("s_bdev_wb_err")) + ", " + ((ItfValue.Bool) s.get("error_pending")).value()
                + ", fsFlags(" + flags(s.get("fs"), FS_FLAGS) + "),");
        List<String> blocks = new ArrayList<>();
        data.forEach((block, ids) -> blocks.add("block(" + Renderer.str(block) + ", ids(" + ids(ids) + "), ids("
                + ids(disk.get(block)) + ")" + (flags(bh.get(block), BH_FLAGS).isEmpty() ? "" : ", ")
                + flags(bh.get(block), BH_FLAGS) + ")"));
        for (int i = 0; i < blocks.size(); i++) {
            out.add("        " + blocks.get(i) + (i == blocks.size() - 1 ? ")," : ","));
        }
        out.add("        fs.snapshot());");
        return out;
    }

    private static String ids(ItfValue set) {
        return set.asSet().stream().map(v -> ((ItfValue.Int) v).value().longValueExact()).sorted()
                .map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The TRUE fields of a record of booleans, as string literals in the spec's field order. */
    private static String flags(ItfValue record, List<String> order) {
        Map<String, ItfValue> fields = Renderer.strKeys(record.asFunction());
        return order.stream().filter(f -> fields.get(f) instanceof ItfValue.Bool v && v.value())
                .map(Renderer::str).collect(Collectors.joining(", "));
    }
}
