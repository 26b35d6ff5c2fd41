package org.wberr.subject;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;

/**
 * How a subject's traces read as a sequence diagram (the HTML report's): its actors, one lane each; each step of its
 * spec as one arrow between two of them, named after the kernel function the action mirrors; the lane each changed
 * value belongs to; and how a value is shown (an errseq_t word as errno, SEEN and counter).
 */
public interface Storyboard {

    /** {@link #lane} of a value that goes to the step's caller (what a call returned): the arrow's first lane. */
    String CALLER = "(caller)";

    /** The lanes, left to right, for {@code trace} (its fds, blocks or observers come from the trace). */
    List<String> lanes(ItfTrace trace);

    /**
     * The arrow of the step that took {@code action} with {@code picks} in {@code variant}: from and to are lanes of
     * {@link #lanes}; null for an action this subject does not know.
     */
    Arrow arrow(String variant, String action, Map<String, ItfValue> picks);

    /**
     * The lane of a changed value: {@code variable}, and the first key of its path ({@code f_wb_err["A"]}: "A"; null
     * for a whole variable); {@link #CALLER}; or null for a history variable, which is no actor's state.
     */
    String lane(String variable, ItfValue key);

    /** The variables that hold an errseq_t word or a cursor on one (wb_err, f_wb_err). */
    Set<String> errseqVariables();

    /**
     * {@code value} of {@code variable} as a reader wants it: an errseq_t word as errno, SEEN and counter, {@code ret}
     * (every spec's "what the last step returned") as an errno's name; null for TLA+ notation.
     */
    default String show(String variable, ItfValue value) {
        if (value instanceof ItfValue.Int i && errseqVariables().contains(variable)) {
            return errseqWord(i.longValue());
        }
        if (value instanceof ItfValue.Int i && "ret".equals(variable)) {
            return errnoName(i.longValue());
        }
        return null;
    }

    /** The constant of {@code actions} named {@code name}, or null when the spec has no such action. */
    static <E extends Enum<E>> E action(Class<E> actions, String name) {
        try {
            return Enum.valueOf(actions, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One step: from one lane to another (the same for a step within one actor), labelled with a kernel function. */
    record Arrow(String from, String to, String function) {
    }

    /**
     * An errseq_t word (lib/errseq.c's layout, Errseq.tla's): "0", or its errno by name, "SEEN" when set, and the
     * counter, as in {@code EIO|SEEN|ctr 1}.
     */
    static String errseqWord(long word) {
        if (word == 0) {
            return "0";
        }
        long errno = word & 4095;
        boolean seen = (word & 4096) != 0;
        long counter = word >>> 13;
        return errnoName(errno) + (seen ? "|SEEN" : "") + "|ctr " + counter;
    }

    /** An errno's name (positive or negative: -5 is EIO), or the number when it is not one the specs use. */
    static String errnoName(long errno) {
        return switch ((int) Math.abs(errno)) {
            case 0 -> "0";
            case 5 -> errno < 0 ? "-EIO" : "EIO";
            case 28 -> errno < 0 ? "-ENOSPC" : "ENOSPC";
            case 30 -> errno < 0 ? "-EROFS" : "EROFS";
            default -> Long.toString(errno);
        };
    }

    /**
     * The actors of one kind in {@code trace}: the members of the set-valued constant {@code constant} of its #meta
     * (Fds, Observers, Blocks), then any other value of the parameter {@code pick} its steps take, in order (a trace
     * from another tool may have no constants).
     */
    static List<String> actors(ItfTrace trace, String constant, String pick) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        var members = trace.meta() == null ? null : trace.meta().path("constants").path(constant).path("#set");
        if (members != null && members.isArray()) {
            members.forEach(n -> names.add(n.asText()));
        }
        for (ItfTrace.State s : trace.states()) {
            ItfValue v = s.picks().get(pick);
            if (v != null) {
                names.add(v instanceof ItfValue.Str str ? str.value() : v.toString());
            }
        }
        return List.copyOf(names);
    }

    /** A pick as a name: a string's text, anything else in TLA+ notation; null when absent. */
    static String name(Map<String, ItfValue> picks, String pick) {
        ItfValue v = picks.get(pick);
        return v == null ? null : v instanceof ItfValue.Str s ? s.value() : v.toString();
    }
}
