package org.wberr.subject.errseq;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.wberr.conformance.Driver;
import org.wberr.conformance.ReplayException;
import org.wberr.conformance.TraceConstants;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;
import org.wberr.model.errseq.ErrseqCursor;
import org.wberr.model.errseq.SampleSemantics;
import org.wberr.model.step.ImpossibleStepException;


/**
 * Replays ErrseqLaws.tla behaviours on model-java's {@link Errseq}: the observers are cursors the driver
 * keeps, as the spec's harness does. Compared: eseq, since, ret (not the in-flight reads, which the
 * driver keeps itself, nor the history variables).
 */
public final class ErrseqDriver extends Driver {
    private Errseq eseq;
    private SampleSemantics semantics;
    private final Map<String, ErrseqCursor> since = new TreeMap<>();
    /** What an observer's in-flight call read (the split kernel operations of Atomic = FALSE). */
    private final Map<String, Integer> read = new TreeMap<>();
    private int ret;

    public ErrseqDriver() {
        on(ErrseqAction.Set, List.of("errno"), p -> {
            eseq.set(-p.integer("errno"));
            ret = 0;
        });
        on(ErrseqAction.Sample, List.of("o"), p -> {
            since.put(p.str("o"), new ErrseqCursor(eseq.sample(semantics)));
            ret = 0;
        });
        on(ErrseqAction.Check, List.of("o"), p -> ret = eseq.check(cursor(p.str("o")).get()));
        on(ErrseqAction.CheckAndAdvance, List.of("o"), p -> ret = eseq.checkAndAdvance(cursor(p.str("o"))));
        // The kernel's two-step forms: READ_ONCE now, the cmpxchg in a later step.
        on(ErrseqAction.SampleRead, List.of("o"), p -> {
            read.put(p.str("o"), eseq.get());
            ret = 0;
        });
        on(ErrseqAction.SampleCas, List.of("o"), p -> {
            since.put(p.str("o"), new ErrseqCursor(eseq.sampleFrom(inFlight(p.str("o")), semantics)));
            ret = 0;
        });
        on(ErrseqAction.CheckAndAdvanceRead, List.of("o"), p -> {
            cursor(p.str("o"));
            read.put(p.str("o"), eseq.get());
            ret = 0;
        });
        on(ErrseqAction.CheckAndAdvanceCas, List.of("o"),
                p -> ret = eseq.checkAndAdvanceFrom(inFlight(p.str("o")), cursor(p.str("o"))));
    }

    private int inFlight(String o) {
        Integer old = read.remove(o);
        if (old == null) {
            throw new ImpossibleStepException("observer " + o + " has no call in flight");
        }
        return old;
    }

    private ErrseqCursor cursor(String o) {
        ErrseqCursor c = since.get(o);
        if (c == null) {
            throw new ImpossibleStepException("observer " + o + " has not sampled");
        }
        return c;
    }

    @Override
    public String spec() {
        return ErrseqSubject.SPEC;
    }

    @Override
    public void init(ItfTrace trace) {
        String variant = TraceConstants.variant(trace, v -> v);
        semantics = switch (variant) {
            case "v4.13" -> SampleSemantics.V4_13;
            case "v4.17" -> SampleSemantics.V4_17;
            default -> throw new ReplayException("ErrseqLaws variant '" + variant + "' is not v4.13 or v4.17");
        };
        try {
            eseq = new Errseq(TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS));
        } catch (IllegalArgumentException e) {
            throw new ReplayException("#meta.constants.CounterBits: " + e.getMessage());
        }
        since.clear();
        read.clear();
        ret = 0;
    }

    @Override
    public List<String> comparedVars() {
        return List.of("eseq", "since", "ret");
    }

    @Override
    public Map<String, ItfValue> project() {
        Map<ItfValue, ItfValue> cursors = new LinkedHashMap<>();
        since.forEach((o, c) -> cursors.put(new ItfValue.Str(o), ItfValue.Int.of(Errseq.unsigned(c.get()))));
        Map<String, ItfValue> out = new LinkedHashMap<>();
        out.put("eseq", ItfValue.Int.of(Errseq.unsigned(eseq.get())));
        out.put("since", new ItfValue.MapV(cursors));
        out.put("ret", ItfValue.Int.of(ret));
        return out;
    }
}
