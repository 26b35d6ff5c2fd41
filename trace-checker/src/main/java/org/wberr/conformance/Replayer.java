package org.wberr.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.wberr.core.Display;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.step.ImpossibleStepException;


/**
 * Replays an ITF trace against model-java through a {@link Driver}: builds the implementation from the
 * first state, then for every later state performs the action that led to it and compares the
 * implementation's projected state with the trace's, variable by variable.
 */
public final class Replayer {

    /**
     * The outcome: the number of steps replayed, the first mismatch (null if the trace conforms), and notes on what
     * the replay ignored (picks an action does not take, one note per action).
     */
    public record Result(ItfTrace trace, int steps, Mismatch mismatch, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }

        public boolean conforms() {
            return mismatch == null;
        }
    }

    private Replayer() {
    }

    /**
     * Replays the trace. Throws {@link ReplayException} (with file and step) when the trace itself cannot
     * be replayed: a state without its action, an unknown action or parameter, a missing variable.
     */
    public static Result replay(ItfTrace trace, Driver driver) {
        List<ItfTrace.State> states = trace.states();
        if (states.isEmpty()) {
            throw new ReplayException(trace.file() + ": the trace has no states");
        }
        Map<String, Set<String>> ignored = new TreeMap<>();
        try {
            driver.init(trace);
            Mismatch m = compare(trace, driver, states.get(0), null);
            if (m != null) {
                return new Result(trace, 0, m, List.of());
            }
            for (int i = 1; i < states.size(); i++) {
                ItfTrace.State s = states.get(i);
                if (s.action() == null) {
                    throw new ReplayException("states[" + i + "] has no mbt::actionTaken: the trace does not say "
                            + "which action led to it, so it cannot be replayed");
                }
                String refusal = null;
                try {
                    Set<String> notTaken = driver.step(s.action(), s.picks());
                    if (!notTaken.isEmpty()) {
                        ignored.computeIfAbsent(s.action(), a -> new TreeSet<>()).addAll(notTaken);
                    }
                } catch (ImpossibleStepException | IllegalArgumentException e) {
                    // The implementation refuses a step the spec allows: a conformance failure.
                    refusal = e.getMessage();
                }
                m = compare(trace, driver, s, refusal);
                if (m != null) {
                    return new Result(trace, i, m, notes(ignored));
                }
            }
            return new Result(trace, states.size() - 1, null, notes(ignored));
        } catch (ReplayException | ItfFormatException e) {
            throw new ReplayException(trace.file() + ": " + e.getMessage());
        }
    }

    private static List<String> notes(Map<String, Set<String>> ignored) {
        List<String> notes = new ArrayList<>();
        ignored.forEach((action, picks) -> notes.add("picks " + action + " does not take were ignored: " + picks));
        return notes;
    }

    private static Mismatch compare(ItfTrace trace, Driver driver, ItfTrace.State s, String refusal) {
        return compare(trace.file(), driver, s.values(), s.index(), s.action() == null ? "init" : s.action(),
                s.picks(), refusal);
    }

    /**
     * Where the implementation's state (projected by {@code driver}) differs from {@code expected}, the spec's
     * state after step {@code step} ({@code action} with {@code picks}), or the implementation refused that step;
     * null if neither.
     */
    static Mismatch compare(Path file, Driver driver, Map<String, ItfValue> expected, int step, String action,
            Map<String, ItfValue> picks, String refusal) {
        List<Mismatch.FieldDiff> diffs = new ArrayList<>();
        Map<String, ItfValue> impl = driver.project();
        for (String var : driver.comparedVars()) {
            ItfValue spec = expected.get(var);
            ItfValue mine = impl.get(var);
            if (!sameValue(spec, mine)) {
                ItfValue sum = sumType(spec);
                if (sum != null) {
                    // Not the behaviour differing: a value the driver has no reading of.
                    throw new ReplayException("states[" + step + "]." + var + ": a sum-type value, " + Display.echo(
                            String.valueOf(sum)) + " (Quint's {\"tag\": ..., \"value\": ...} encoding of a variant),"
                            + " which the " + driver.spec() + " driver cannot read: it compares " + var + " as "
                            + Display.echo(String.valueOf(mine)) + "; write the variable without a sum type");
                }
                diffs.add(new Mismatch.FieldDiff(var, spec, mine));
            }
        }
        if (diffs.isEmpty() && refusal == null) {
            return null;
        }
        return new Mismatch(file, step, action, picks, diffs, refusal);
    }

    /** The first sum-type value inside {@code v} (itself, an element, a field, a key or a value of it), or null. */
    private static ItfValue sumType(ItfValue v) {
        if (v == null) {
            return null;
        }
        if (Driver.isSumType(v)) {
            return v;
        }
        List<ItfValue> parts = new ArrayList<>();
        if (v instanceof ItfValue.Seq s) {
            parts.addAll(s.items());
        } else if (v instanceof ItfValue.Tup t) {
            parts.addAll(t.items());
        } else if (v instanceof ItfValue.SetV s) {
            parts.addAll(s.items());
        } else if (v instanceof ItfValue.Rec r) {
            parts.addAll(r.fields().values());
        } else if (v instanceof ItfValue.MapV m) {
            m.entries().forEach((k, x) -> {
                parts.add(k);
                parts.add(x);
            });
        }
        for (ItfValue p : parts) {
            ItfValue s = sumType(p);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** TLA+ equality, with the one ambiguity of the encoding: the empty function is also <<>>. */
    static boolean sameValue(ItfValue a, ItfValue b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        try {
            return isFunctionLike(a) && isFunctionLike(b) && a.asFunction().equals(b.asFunction());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isFunctionLike(ItfValue v) {
        return v instanceof ItfValue.MapV || v instanceof ItfValue.Seq || v instanceof ItfValue.Tup
                || v instanceof ItfValue.Rec;
    }
}
