package org.wberr.subject.errseq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        ErrseqAction a = Storyboard.action(ErrseqAction.class, action);
        if (a == null) {
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
    public Set<String> errseqVariables() {
        return Set.of("eseq", "since");
    }
}
