package org.wberr.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wberr.export.Graph;
import org.wberr.export.IntList;
import org.wberr.export.StateSpace;
import org.wberr.export.Transitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The spec's state graph as the kernel guest can walk it: a {@link Transitions} whose transitions are guest steps
 * ({@link GuestMoves}): one spec action, or two actions the guest takes as one step (both spec transitions in a
 * row), and never an action the guest cannot take. States are the spec's ({@link StateSpace} numbers), expanded
 * on demand; a state is a node here only if a guest step reaches it. Labels are guest steps, numbered as they are
 * first met ({@link #move}). The order of a state's transitions follows the spec graph's canonical order, so a
 * walk over this view is as reproducible as one over the spec's graph.
 */
public final class GuestView implements Transitions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One guest step: its text in the scenario grammar, and whether it returns a result the scenario states. */
    public record Move(String step, boolean returns) {
    }

    private final StateSpace spec;
    private final GuestMoves moves;
    private final boolean costly;
    private final Map<Integer, int[][]> expanded = new HashMap<>();
    private final List<Move> labels = new ArrayList<>();
    private final Map<Move, Integer> labelOf = new HashMap<>();
    /** The guest's reading of each spec label, computed once. */
    private final Map<Integer, GuestMoves.Take> takes = new HashMap<>();

    /** @param costly whether the view has the guest's costly steps ({@link GuestMoves#costly}) */
    public GuestView(StateSpace spec, GuestMoves moves, boolean costly) {
        this.spec = spec;
        this.moves = moves;
        this.costly = costly;
    }

    /** The same spec graph, with or without the costly steps (the two views share the spec's states). */
    public GuestView withCostly(boolean withCostly) {
        return new GuestView(spec, moves, withCostly);
    }

    @Override
    public int[] initial() {
        return spec.initial();
    }

    @Override
    public int degree(int state) {
        return edges(state)[0].length;
    }

    @Override
    public int target(int state, int i) {
        return edges(state)[0][i];
    }

    @Override
    public int label(int state, int i) {
        return edges(state)[1][i];
    }

    /** The guest step a label stands for. */
    public Move move(int label) {
        return labels.get(label);
    }

    /** The spec's state {@code state} as ITF JSON. */
    public JsonNode state(int state) {
        try {
            // StateSpace keeps a state's members without the braces.
            byte[] members = spec.stateJson(state);
            byte[] object = new byte[members.length + 2];
            object[0] = '{';
            System.arraycopy(members, 0, object, 1, members.length);
            object[object.length - 1] = '}';
            return JSON.readTree(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The view explored in full, breadth first from the initial states, as a {@link Graph} of dense state numbers;
     * {@code specState[g]} is the spec's number of graph state {@code g}. Null if it has more than
     * {@code maxStates} states (the exploration stops there).
     */
    public Explored explore(int maxStates) {
        Map<Integer, Integer> dense = new HashMap<>();
        IntList order = new IntList();
        for (int s : initial()) {
            if (!dense.containsKey(s)) {
                dense.put(s, order.size());
                order.add(s);
            }
        }
        List<int[]> targets = new ArrayList<>();
        List<int[]> labelsOf = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int s = order.get(k);
            int[] t = new int[degree(s)];
            int[] l = new int[t.length];
            for (int i = 0; i < t.length; i++) {
                int next = target(s, i);
                Integer d = dense.get(next);
                if (d == null) {
                    if (order.size() >= maxStates) {
                        return null;
                    }
                    d = order.size();
                    dense.put(next, d);
                    order.add(next);
                }
                t[i] = d;
                l[i] = label(s, i);
            }
            targets.add(t);
            labelsOf.add(l);
        }
        int[] init = new int[initial().length];
        for (int i = 0; i < init.length; i++) {
            init[i] = dense.get(initial()[i]);
        }
        return new Explored(Graph.of(init, targets.toArray(new int[0][]), labelsOf.toArray(new int[0][])),
                order.toArray());
    }

    /** A fully explored view: the graph, and the spec's number of each of its states. */
    public record Explored(Graph graph, int[] specState) {
    }

    private int[][] edges(int state) {
        int[][] e = expanded.get(state);
        if (e != null) {
            return e;
        }
        IntList targets = new IntList();
        IntList ids = new IntList();
        for (int i = 0; i < spec.degree(state); i++) {
            int label = spec.label(state, i);
            int next = spec.target(state, i);
            GuestMoves.Take take = take(label);
            if (take instanceof GuestMoves.Take.Alone a) {
                if (!costly && moves.costly(a.step())) {
                    continue;
                }
                targets.add(next);
                ids.add(intern(new Move(a.step(), a.returns())));
            } else if (take instanceof GuestMoves.Take.First f) {
                for (int j = 0; j < spec.degree(next); j++) {
                    int l2 = spec.label(next, j);
                    Optional<String> step = moves.second(f, spec.labelName(l2), params(l2));
                    if (step.isPresent() && (costly || !moves.costly(step.get()))) {
                        targets.add(spec.target(next, j));
                        ids.add(intern(new Move(step.get(), false)));
                    }
                }
            }
            // Take.Never: not a guest step.
        }
        e = new int[][] {targets.toArray(), ids.toArray()};
        expanded.put(state, e);
        return e;
    }

    private GuestMoves.Take take(int label) {
        return takes.computeIfAbsent(label, l -> moves.take(spec.labelName(l), params(l)));
    }

    private JsonNode params(int label) {
        try {
            return JSON.readTree(spec.labelParams(label));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int intern(Move m) {
        return labelOf.computeIfAbsent(m, k -> {
            labels.add(k);
            return labels.size() - 1;
        });
    }
}
