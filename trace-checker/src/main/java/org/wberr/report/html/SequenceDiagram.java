package org.wberr.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.subject.Storyboard;

/**
 * A trace as a sequence diagram, before it is drawn: the lanes (actors), the initial values in their lanes, and one
 * step per transition, an arrow between two lanes named after the kernel function with the values it changed, each
 * in its lane (values of history variables, which are no actor's state, beside the diagram). The violating step
 * (the last one of a counterexample) is marked.
 *
 * @param lanes    the actors, left to right
 * @param initial  the initial state's values, by lane (history values with lane null)
 * @param steps    a step per transition after the initial state
 */
record SequenceDiagram(List<String> lanes, List<Note> initial, List<Step> steps) {

    /** A value in a lane ({@code lane} null: a history variable, shown beside). */
    record Note(String lane, String text) {
    }

    /**
     * One transition.
     *
     * @param index     the state it leads to (1 for the first step)
     * @param action    the action with its parameters, as the trace names it: {@code Fsync(fd=A)}
     * @param from      the lane the arrow starts in
     * @param to        the lane it ends in (from, for a step within one actor)
     * @param function  the kernel function the action mirrors (the action's name when the subject does not know it)
     * @param notes     what changed, each in its lane or beside (lane null)
     * @param violating whether this is the step that violates the property
     */
    record Step(int index, String action, String from, String to, String function, List<Note> notes,
            boolean violating) {
    }

    /**
     * The diagram of {@code trace} as {@code storyboard} tells it; {@code violating} is the index of the state whose
     * step violates the property (-1: none). An action the storyboard does not know is drawn within the first lane,
     * named as the trace names it.
     */
    static SequenceDiagram of(ItfTrace trace, Storyboard storyboard, String variant, int violating) {
        List<String> lanes = new ArrayList<>(storyboard.lanes(trace));
        List<ItfTrace.State> states = trace.states();
        List<Note> initial = new ArrayList<>();
        if (!states.isEmpty()) {
            for (String v : trace.vars()) {
                ItfValue value = states.get(0).values().get(v);
                String lane = storyboard.lane(v, null);
                initial.add(new Note(lane != null && lanes.contains(lane) ? lane : null, v + " = "
                        + show(storyboard, v, value)));
            }
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < states.size(); i++) {
            ItfTrace.State s = states.get(i);
            String name = s.action() == null ? "?" : s.action();
            Storyboard.Arrow arrow = storyboard.arrow(variant, name, s.picks());
            if (arrow == null) {
                arrow = new Storyboard.Arrow(lanes.get(0), lanes.get(0), name);
            }
            List<Note> notes = new ArrayList<>();
            for (Changes.Change c : Changes.between(trace.vars(), states.get(i - 1).values(), s.values())) {
                String lane = storyboard.lane(c.variable(), c.key());
                lane = Storyboard.CALLER.equals(lane) ? arrow.from() : lane;
                notes.add(new Note(lane != null && lanes.contains(lane) ? lane : null, c.path() + ": "
                        + show(storyboard, c.variable(), c.before()) + " \u2192 " + show(storyboard, c.variable(),
                                c.after())));
            }
            if (i == violating) {
                // What the violating call returned matters even when it did not change (fsync returning 0 again).
                for (String v : trace.vars()) {
                    boolean changed = notes.stream().anyMatch(n -> n.text().startsWith(v + ":"));
                    if (Storyboard.CALLER.equals(storyboard.lane(v, null)) && !changed) {
                        notes.add(new Note(arrow.from(), v + " = " + show(storyboard, v, s.values().get(v))
                                + " (unchanged)"));
                    }
                }
            }
            steps.add(new Step(i, label(name, s.picks()), arrow.from(), arrow.to(), arrow.function(), notes,
                    i == violating));
        }
        return new SequenceDiagram(List.copyOf(lanes), List.copyOf(initial), List.copyOf(steps));
    }

    /** {@code Fsync(fd=A)}; an action without parameters stays bare. */
    static String label(String action, Map<String, ItfValue> picks) {
        if (picks.isEmpty()) {
            return action;
        }
        return action + picks.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() instanceof ItfValue.Str s
                ? s.value() : e.getValue().toString())).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A value as the subject shows it, else in TLA+ notation; "none" for a key only the other side has. */
    private static String show(Storyboard storyboard, String variable, ItfValue value) {
        if (value == null) {
            return "none";
        }
        String shown = storyboard.show(variable, value);
        return shown != null ? shown : value.toString();
    }

    /** The index of the step that violates the property: the last state's (TLC stops on the violating state). */
    static int violatingIndex(ItfTrace trace) {
        return trace.states().size() - 1;
    }
}
