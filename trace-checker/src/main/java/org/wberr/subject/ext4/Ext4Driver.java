package org.wberr.subject.ext4;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.wberr.conformance.Driver;
import org.wberr.conformance.ReplayException;
import org.wberr.conformance.TraceConstants;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;
import org.wberr.model.ext4.BufferState;
import org.wberr.model.ext4.ErrorsMode;
import org.wberr.model.ext4.Ext4;
import org.wberr.model.ext4.Ext4Snapshot;
import org.wberr.model.ext4.Ext4Variant;
import org.wberr.model.ext4.FsState;
import org.wberr.model.ext4.KernelPanicException;
import org.wberr.model.ext4.WriteOutcome;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;


/**
 * Replays Ext4MetaWriteback.tla behaviours on model-java's {@link Ext4}, single-threaded
 * ({@link Waiting#REFUSE}). One handler per action of the spec, parameters by the spec's names:
 * {@code ReadBitmap(b)}, {@code Modify(b)}, {@code ModifyRefused(b)}, {@code CheckBdevWriteError},
 * {@code Commit}, {@code WritebackStart(b)}, {@code WritebackEnd(b, outcome)}, {@code ErrorErr}.
 *
 * <p>Set up from the trace's #meta: {@code variant}; {@code constants.ErrorsMode} (required);
 * {@code constants.CounterBits} (default 19, the kernel's); {@code constants.CheckGap} (default TRUE, the
 * kernel's: {@code CheckBdevWriteError} leaves the ext4_error_err call due; with FALSE the driver makes
 * that call in the same step). The blocks are the domain of {@code b_data} in the first state.
 *
 * <p>Compared after every step: the spec's kernel variables {@code b_data}, {@code disk}, {@code bh},
 * {@code bd_wb_err}, {@code s_bdev_wb_err}, {@code error_pending}, {@code fs} and {@code ret}, the value the
 * step returned. Not compared: the history variables {@code made}, {@code committed}, {@code failed},
 * {@code unflagged} and {@code unflaggedModify}, which exist only to state properties. Encoding: sets of
 * update ids as sets of integers, per-block functions keyed by the block name, {@code bh[b]} and {@code fs}
 * as records with the spec's field names, errseq values as unsigned integers. A function of the blocks is
 * projected the way the trace writes it ({@code #map}, or a JSON object as our exporter writes functions
 * whose domain is strings); the two are equal either way, and a diff then prints both sides alike.
 */
public final class Ext4Driver extends Driver {
    private Ext4 ext4;
    private boolean checkGap;
    /** Whether the trace writes functions of the blocks as records (JSON objects) rather than #map. */
    private boolean blocksAsRecord;
    private int ret;

    public Ext4Driver() {
        on(Ext4Action.ReadBitmap, List.of("b"), p -> done(() -> ext4.readBitmap(p.str("b"))));
        on(Ext4Action.Modify, List.of("b"), p -> ret = modify(p.str("b")));
        on(Ext4Action.ModifyRefused, List.of("b"), p -> ret = modify(p.str("b")));
        on(Ext4Action.CheckBdevWriteError, List.of(), p -> done(() -> {
            int found = ext4.checkBdevWriteError();
            if (!checkGap && found != 0) {
                ext4.errorErr(); // the idealised atomic check: the advance and ext4_error_err in one step
            }
        }));
        on(Ext4Action.Commit, List.of(), p -> done(ext4::commit));
        on(Ext4Action.WritebackStart, List.of("b"), p -> done(() -> ext4.writebackStart(p.str("b"))));
        on(Ext4Action.WritebackEnd, List.of("b", "outcome"),
                p -> done(() -> ext4.writebackEnd(p.str("b"), outcome(p.str("outcome")))));
        on(Ext4Action.ErrorErr, List.of(), p -> done(ext4::errorErr));
    }

    private void done(Runnable call) {
        call.run();
        ret = 0;
    }

    /** Modify and ModifyRefused are the same kernel call; the spec tells them apart by its result (ret). */
    private int modify(String b) {
        try {
            return ext4.modify(b);
        } catch (KernelPanicException e) {
            // The spec's Modify never detects an error (its guard says the cursor is current), so a panic
            // here is the implementation parting from the spec: report it as a refusal of the step.
            throw new ImpossibleStepException(e.getMessage());
        }
    }

    private static WriteOutcome outcome(String o) {
        try {
            return WriteOutcome.fromId(o);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("WritebackEnd: outcome '" + o + "' is not ok or EIO");
        }
    }

    @Override
    public String spec() {
        return Ext4Subject.SPEC;
    }

    @Override
    public void init(ItfTrace trace) {
        Ext4Variant variant = TraceConstants.variant(trace, Ext4Variant::fromId);
        ErrorsMode errors;
        String mode = TraceConstants.text(trace, "ErrorsMode",
                "the errors= mode decides what ext4_error_err does (one of " + ErrorsMode.validIds() + ")");
        try {
            errors = ErrorsMode.fromId(mode);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("#meta.constants.ErrorsMode: " + e.getMessage());
        }
        int bits = TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS);
        checkGap = TraceConstants.bool(trace, "CheckGap", true);
        // The blocks are the domain of b_data in the first state (the constant Blocks).
        TreeSet<String> blocks = new TreeSet<>();
        ItfValue bData = trace.states().get(0).get("b_data");
        try {
            for (ItfValue k : bData.asFunction().keySet()) {
                if (!(k instanceof ItfValue.Str s)) {
                    throw new ReplayException("states[0].b_data: the blocks must be strings, got " + k);
                }
                blocks.add(s.value());
            }
        } catch (IllegalArgumentException e) {
            throw new ReplayException("states[0].b_data: expected a function of the blocks, got " + bData);
        }
        blocksAsRecord = bData instanceof ItfValue.Rec;
        if (blocks.isEmpty()) {
            throw new ReplayException("states[0].b_data: no blocks (the constant Blocks is empty)");
        }
        try {
            ext4 = Ext4.builder(variant).errors(errors).counterBits(bits).blocks(blocks)
                    .waiting(Waiting.REFUSE).build();
        } catch (IllegalArgumentException e) {
            throw new ReplayException("#meta.constants: " + e.getMessage());
        }
        ret = 0;
    }

    @Override
    public List<String> comparedVars() {
        return List.of("b_data", "disk", "bh", "bd_wb_err", "s_bdev_wb_err", "error_pending", "fs", "ret");
    }

    @Override
    public Map<String, ItfValue> project() {
        Ext4Snapshot s = ext4.snapshot();
        Map<ItfValue, ItfValue> data = new LinkedHashMap<>();
        Map<ItfValue, ItfValue> disk = new LinkedHashMap<>();
        Map<ItfValue, ItfValue> bh = new LinkedHashMap<>();
        for (String b : s.bh().keySet()) {
            ItfValue.Str key = new ItfValue.Str(b);
            data.put(key, ids(s.bData().get(b)));
            disk.put(key, ids(s.disk().get(b)));
            bh.put(key, buffer(s.bh().get(b)));
        }
        Map<String, ItfValue> out = new LinkedHashMap<>();
        out.put("b_data", ofBlocks(data));
        out.put("disk", ofBlocks(disk));
        out.put("bh", ofBlocks(bh));
        out.put("bd_wb_err", ItfValue.Int.of(Errseq.unsigned(s.bdWbErr())));
        out.put("s_bdev_wb_err", ItfValue.Int.of(Errseq.unsigned(s.sBdevWbErr())));
        out.put("error_pending", new ItfValue.Bool(s.errorPending()));
        out.put("fs", fs(s.fs()));
        out.put("ret", ItfValue.Int.of(ret));
        return out;
    }

    /** A function of the blocks, in the trace's encoding. */
    private ItfValue ofBlocks(Map<ItfValue, ItfValue> f) {
        if (!blocksAsRecord) {
            return new ItfValue.MapV(f);
        }
        Map<String, ItfValue> fields = new LinkedHashMap<>();
        f.forEach((k, v) -> fields.put(((ItfValue.Str) k).value(), v));
        return new ItfValue.Rec(fields);
    }

    private static ItfValue ids(SortedSet<Integer> ids) {
        List<ItfValue> items = ids.stream().map(i -> (ItfValue) ItfValue.Int.of(i)).toList();
        return new ItfValue.SetV(new LinkedHashSet<>(items));
    }

    private static ItfValue buffer(BufferState b) {
        Map<String, ItfValue> f = new LinkedHashMap<>();
        f.put("uptodate", new ItfValue.Bool(b.uptodate()));
        f.put("dirty", new ItfValue.Bool(b.dirty()));
        f.put("jbddirty", new ItfValue.Bool(b.jbddirty()));
        f.put("write_io_error", new ItfValue.Bool(b.writeIoError()));
        f.put("async_write", new ItfValue.Bool(b.asyncWrite()));
        return new ItfValue.Rec(f);
    }

    private static ItfValue fs(FsState fs) {
        Map<String, ItfValue> f = new LinkedHashMap<>();
        f.put("error_fs", new ItfValue.Bool(fs.errorFs()));
        f.put("aborted", new ItfValue.Bool(fs.aborted()));
        f.put("rdonly", new ItfValue.Bool(fs.rdonly()));
        f.put("halted", new ItfValue.Bool(fs.halted()));
        return new ItfValue.Rec(f);
    }
}
