package org.wberr.subject.fsync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.wberr.conformance.Driver;
import org.wberr.conformance.ReplayException;
import org.wberr.conformance.TraceConstants;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;
import org.wberr.model.step.Waiting;
import org.wberr.model.vfs.LegacyFlag;
import org.wberr.model.vfs.Variant;
import org.wberr.model.vfs.Vfs;
import org.wberr.model.vfs.VfsSnapshot;
import org.wberr.model.vfs.WritebackOutcome;

/**
 * Replays Fsync.tla behaviours on model-java's {@link Vfs}. Compared after every step: the kernel state
 * of the spec (page, wb_err, as_flags, f_wb_err) and ret, the value the step returned; the spec's history
 * variables (errors, owed, unreported, reports, check) exist only to state properties and are not.
 */
public class FsyncDriver extends Driver {
    private Vfs vfs;
    private List<Integer> pages;
    private int ret;

    public FsyncDriver() {
        on(FsyncAction.OpenFile, List.of("fd"), p -> done(() -> vfs.open(p.str("fd"))));
        on(FsyncAction.Close, List.of("fd"), p -> done(() -> vfs.close(p.str("fd"))));
        on(FsyncAction.Write, List.of("fd", "p"), p -> done(() -> vfs.write(p.str("fd"), p.integer("p"))));
        on(FsyncAction.WritebackStart, List.of("p"), p -> done(() -> vfs.writebackStart(p.integer("p"))));
        on(FsyncAction.WritebackEnd, List.of("p", "outcome"),
                p -> done(() -> vfs.writebackEnd(p.integer("p"), outcome(p.str("outcome")))));
        on(FsyncAction.EvictPage, List.of("p"), p -> done(() -> vfs.evictPage(p.integer("p"))));
        on(FsyncAction.EvictInode, List.of(), p -> done(vfs::evictInode));
        on(FsyncAction.Fsync, List.of("fd"), p -> ret = vfs.fsync(p.str("fd")));
        on(FsyncAction.Stat, List.of(), p -> ret = vfs.stat());
    }

    private void done(Runnable call) {
        call.run();
        ret = 0;
    }

    private static WritebackOutcome outcome(String o) {
        try {
            return WritebackOutcome.fromId(o);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("WritebackEnd: outcome '" + o + "' is not " + WritebackOutcome.validIds());
        }
    }

    /**
     * The implementation a trace of {@code variant} is replayed on. Tests override it to replay one
     * variant's traces on another (a seeded bug: see ReplayCatchesSeededBugsTest).
     */
    protected Vfs newVfs(Variant variant, int counterBits) {
        return Vfs.builder(variant).counterBits(counterBits).waiting(Waiting.REFUSE).build();
    }

    /** The implementation being driven. */
    protected final Vfs vfs() {
        return vfs;
    }

    /** Records the value the last step returned (for handlers that tests register). */
    protected final void returned(int value) {
        ret = value;
    }

    @Override
    public String spec() {
        return FsyncSubject.SPEC;
    }

    @Override
    public void init(ItfTrace trace) {
        Variant variant = TraceConstants.variant(trace, Variant::fromId);
        int bits = TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS);
        try {
            vfs = newVfs(variant, bits);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("#meta.constants.CounterBits: " + e.getMessage());
        }
        // The page indexes are the domain of `page` in the first state (the constant Pages).
        ItfValue page = trace.states().get(0).get("page");
        TreeSet<Integer> ps = new TreeSet<>();
        try {
            for (ItfValue k : page.asFunction().keySet()) {
                if (!(k instanceof ItfValue.Int i) || i.value().bitLength() > 31) {
                    throw new ReplayException("states[0].page: the pages must be integers (page numbers), got " + k);
                }
                ps.add(i.value().intValue());
            }
        } catch (IllegalArgumentException e) {
            throw new ReplayException("states[0].page: expected a function of the pages, got " + page);
        }
        pages = List.copyOf(ps);
        ret = 0;
    }

    @Override
    public List<String> comparedVars() {
        return List.of("page", "wb_err", "as_flags", "f_wb_err", "ret");
    }

    @Override
    public Map<String, ItfValue> project() {
        VfsSnapshot s = vfs.snapshot();
        Map<ItfValue, ItfValue> page = new LinkedHashMap<>();
        for (int p : pages) {
            page.put(ItfValue.Int.of(p), new ItfValue.Str(s.page(p).name().toLowerCase()));
        }
        Map<ItfValue, ItfValue> cursors = new LinkedHashMap<>();
        s.fWbErr().forEach((fd, c) -> cursors.put(new ItfValue.Str(fd), ItfValue.Int.of(Errseq.unsigned(c))));
        TreeSet<ItfValue> flags = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (LegacyFlag f : s.flags()) {
            flags.add(new ItfValue.Str(f.name()));
        }
        Map<String, ItfValue> out = new LinkedHashMap<>();
        out.put("page", new ItfValue.MapV(page));
        out.put("wb_err", ItfValue.Int.of(Errseq.unsigned(s.wbErr())));
        out.put("as_flags", new ItfValue.SetV(flags));
        out.put("f_wb_err", new ItfValue.MapV(cursors));
        out.put("ret", ItfValue.Int.of(ret));
        return out;
    }
}
