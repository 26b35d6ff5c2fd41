package org.wberr.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.wberr.core.Display;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;

/**
 * Drives model-java through a spec's behaviour: one handler per action name, its parameters bound by
 * name (the quint-connect shape). A subclass registers its handlers, builds the implementation from a
 * trace's first state, and projects the implementation's state onto the spec variables it compares.
 */
public abstract class Driver {

    /** The parameters of one step, looked up by name; a missing one is a named error. */
    public record Params(String action, Map<String, ItfValue> picks) {
        public ItfValue get(String name) {
            ItfValue v = picks.get(name);
            if (v == null) {
                throw new ReplayException("action " + action + " needs parameter '" + name + "', the trace gives "
                        + (picks.isEmpty() ? "none" : picks.keySet()));
            }
            return v;
        }

        public String str(String name) {
            if (get(name) instanceof ItfValue.Str s) {
                return s.value();
            }
            // Quint writes a variant without a payload as {"tag": "EIO", "value": {"#tup": []}}: its name is the tag.
            String tag = unitTag(get(name));
            if (tag != null) {
                return tag;
            }
            if (isSumType(get(name))) {
                throw new ReplayException("action " + action + ": parameter '" + name + "' is a sum-type value with a"
                        + " payload (Quint's {\"tag\": ..., \"value\": ...} encoding), "
                        + Display.echo(String.valueOf(get(name))) + ": the driver reads a name here");
            }
            throw new ReplayException("action " + action + ": parameter '" + name + "' must be a string, got "
                    + Display.echo(String.valueOf(get(name))));
        }

        public int integer(String name) {
            if (get(name) instanceof ItfValue.Int i) {
                try {
                    return i.value().intValueExact();
                } catch (ArithmeticException e) {
                    throw new ReplayException("action " + action + ": parameter '" + name + "' is out of range: "
                            + i + " (no spec value is this large)");
                }
            }
            throw new ReplayException("action " + action + ": parameter '" + name + "' must be an integer, got "
                    + Display.echo(String.valueOf(get(name))));
        }
    }

    /**
     * The tag of a sum-type value without a payload (Quint's {@code {"tag": "EIO", "value": {"#tup": []}}}), null for
     * any other value.
     */
    public static String unitTag(ItfValue v) {
        if (isSumType(v) && v instanceof ItfValue.Rec r) {
            ItfValue payload = r.fields().get("value");
            boolean unit = payload instanceof ItfValue.Tup t && t.items().isEmpty()
                    || payload instanceof ItfValue.Seq s && s.items().isEmpty()
                    || payload instanceof ItfValue.Rec e && e.fields().isEmpty();
            return unit ? ((ItfValue.Str) r.fields().get("tag")).value() : null;
        }
        return null;
    }

    /** Whether {@code v} is a sum-type value as Quint writes it: a record of exactly a string "tag" and a "value". */
    public static boolean isSumType(ItfValue v) {
        return v instanceof ItfValue.Rec r && r.fields().size() == 2 && r.fields().get("tag") instanceof ItfValue.Str
                && r.fields().containsKey("value");
    }

    private record Handler(List<String> params, Consumer<Params> body) {
    }

    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    /** Registers (or replaces) the handler of an action and the names of its parameters. */
    protected final void on(String action, List<String> params, Consumer<Params> body) {
        handlers.put(action, new Handler(List.copyOf(params), body));
    }

    /** {@link #on(String, List, Consumer)} for an action of the subject's action enum (its name is the spec's). */
    protected final void on(Enum<?> action, List<String> params, Consumer<Params> body) {
        on(action.name(), params, body);
    }

    /** The spec this driver replays (the manifest's "spec"). */
    public abstract String spec();

    /** Builds a fresh implementation for the trace, from its #meta and its first state. */
    public abstract void init(ItfTrace trace);

    /**
     * The implementation's state projected onto the compared spec variables, in the trace's value
     * encoding; its keys are {@link #comparedVars()}.
     */
    public abstract Map<String, ItfValue> project();

    /** The spec variables compared after each step (history variables of the spec are not). */
    public abstract List<String> comparedVars();

    /**
     * Performs one step: the action with its picked parameters. Picks the action does not take are ignored, as
     * quint-connect does (a Quint spec may pick every nondet value at the top of its step); their names are returned,
     * sorted, for a note.
     */
    public final Set<String> step(String action, Map<String, ItfValue> picks) {
        Handler h = handlers.get(action);
        if (h == null) {
            throw new ReplayException("unknown action '" + Display.echo(action) + "' (the " + spec() + " driver knows "
                    + new TreeSet<>(handlers.keySet()) + ")");
        }
        Set<String> ignored = new TreeSet<>(picks.keySet());
        h.params().forEach(ignored::remove);
        Map<String, ItfValue> taken = new LinkedHashMap<>(picks);
        taken.keySet().removeAll(ignored);
        h.body().accept(new Params(action, taken));
        return ignored;
    }

    public final Set<String> actions() {
        return new TreeSet<>(handlers.keySet());
    }
}
