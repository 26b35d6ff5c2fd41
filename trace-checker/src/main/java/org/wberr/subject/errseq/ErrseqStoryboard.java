package org.wberr.subject.errseq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.subject.Storyboard;

/** ErrseqLaws.tla as a sequence diagram: the writer that sets errors, a lane per observer, the errseq_t word. */
public final class ErrseqStoryboard implements Storyboard {
    static final String WRITER = "writer";
    static final String WORD = "errseq_t";

    /** The lane of observer {@code o}. */
    static String observer(String o) {
        return "observer " + o;
    }

    @Override
    public List<String> lanes(ItfTrace trace) {
        List<String> lanes = new ArrayList<>(List.of(WRITER));
        Storyboard.actors(trace, "Observers", "o").forEach(o -> lanes.add(observer(o)));
        lanes.add(WORD);
        return lanes;
    }

    @Override
    public Arrow arrow(String variant, String action, Map<String, ItfValue> picks) {
        ErrseqAction a;
        try {
            a = ErrseqAction.valueOf(action);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String from = a == ErrseqAction.Set ? WRITER : observer(String.valueOf(Storyboard.name(picks, "o")));
        // The split steps are halves of one call: the READ_ONCE and the cmpxchg.
        String f = a.kernelFunction() + switch (a) {
            case SampleRead, CheckAndAdvanceRead -> " (READ_ONCE)";
            case SampleCas, CheckAndAdvanceCas -> " (cmpxchg)";
            default -> "";
        };
        return new Arrow(from, WORD, f);
    }

    @Override
    public String lane(String variable, ItfValue key) {
        return switch (variable) {
            case "eseq" -> WORD;
            case "since", "read" -> key instanceof ItfValue.Str s ? observer(s.value()) : null;
            case "ret" -> CALLER;
            default -> null;
        };
    }

    @Override
    public String show(String variable, ItfValue value) {
        if (value instanceof ItfValue.Int i && ("eseq".equals(variable) || "since".equals(variable))) {
            return Storyboard.errseqWord(i.longValue());
        }
        if (value instanceof ItfValue.Int i && "ret".equals(variable)) {
            return Storyboard.errnoName(i.longValue());
        }
        return null;
    }
}
