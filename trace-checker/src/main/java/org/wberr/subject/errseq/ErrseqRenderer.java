package org.wberr.subject.errseq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.wberr.conformance.TraceConstants;
import org.wberr.gen.Renderer;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;

/**
 * ErrseqLaws.tla actions as calls on {@code org.wberr.model.errseq.Errseq}; each observer is a local
 * {@code ErrseqCursor} (and, for the kernel's two-step operations, a local holding what it read).
 */
public final class ErrseqRenderer implements Renderer {
    private String semantics;

    @Override
    public List<String> imports() {
        return List.of("org.wberr.model.errseq.Errseq", "org.wberr.model.errseq.ErrseqCursor",
                "org.wberr.model.errseq.SampleSemantics", "static org.junit.jupiter.api.Assertions.assertEquals");
    }

    @Override
    public List<String> setup(ItfTrace trace) {
        semantics = "SampleSemantics." + ("v4.13".equals(trace.metaText("variant")) ? "V4_13" : "V4_17");
        List<String> out = new ArrayList<>();
        out.add("Errseq eseq = new Errseq(" + TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS) + ");");
        // One cursor and one in-flight read per observer, declared up front so every step is one line.
        for (String o : observers(trace)) {
            out.add("ErrseqCursor " + cursor(o) + " = null;");
            out.add("int " + read(o) + " = 0;");
        }
        return out;
    }

    private static List<String> observers(ItfTrace trace) {
        List<String> all = new ArrayList<>();
        for (ItfTrace.State s : trace.states()) {
            for (ItfValue k : s.get("since").asFunction().keySet()) {
                if (!all.contains(Renderer.strOf(k))) {
                    all.add(Renderer.strOf(k));
                }
            }
        }
        all.sort(null);
        return all;
    }

    private static String cursor(String o) {
        return "since" + o;
    }

    private static String read(String o) {
        return "read" + o;
    }

    @Override
    public List<String> step(String action, Map<String, ItfValue> picks, ItfTrace.State after) {
        String o = picks.containsKey("o") ? Renderer.strOf(picks.get("o")) : null;
        String ret = Renderer.intLit(after.get("ret"));
        return List.of(switch (action(action)) {
            case Set -> "eseq.set(-" + Renderer.intLit(picks.get("errno")) + ");";
            case Sample -> cursor(o) + " = new ErrseqCursor(eseq.sample(" + semantics + "));";
            case Check -> "assertEquals(" + ret + ", eseq.check(" + cursor(o) + ".get()), \"check returns\");";
            case CheckAndAdvance -> "assertEquals(" + ret + ", eseq.checkAndAdvance(" + cursor(o)
                    + "), \"check_and_advance returns\");";
            case SampleRead, CheckAndAdvanceRead -> read(o) + " = eseq.get();";
            case SampleCas -> cursor(o) + " = new ErrseqCursor(eseq.sampleFrom(" + read(o) + ", " + semantics + "));";
            case CheckAndAdvanceCas -> "assertEquals(" + ret + ", eseq.checkAndAdvanceFrom(" + read(o) + ", "
                    + cursor(o) + "), \"check_and_advance returns\");";
        });
    }

    private static ErrseqAction action(String name) {
        try {
            return ErrseqAction.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ErrseqLaws has no action " + name);
        }
    }

    @Override
    public List<String> assertState(ItfTrace.State s) {
        List<String> out = new ArrayList<>();
        out.add("assertEquals(" + Renderer.intLit(s.get("eseq")) + ", eseq.get(), \"eseq\");");
        Renderer.strKeys(s.get("since").asFunction()).forEach((o, v) -> out.add(
                "assertEquals(" + Renderer.intLit(v) + ", " + cursor(o) + ".get(), \"since[" + o + "]\");"));
        return out;
    }
}
