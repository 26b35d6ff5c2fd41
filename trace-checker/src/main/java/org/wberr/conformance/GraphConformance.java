package org.wberr.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.step.ImpossibleStepException;

/**
 * Conformance on an explored state graph, in memory: behaviours that together take every reachable transition
 * (source state, action with its parameters, successor) are taken on model-java, and after every step the
 * implementation's state, projected onto the spec's variables, is compared with the successor's, as
 * {@link Replayer} does for a trace file. This is the replay of the configuration's coverage traces without
 * encoding, writing, reading and decoding them: "every transition checked" with nothing on disk.
 *
 * <p>A behaviour starts from a fresh driver built from its initial state (model-java cannot be put into an
 * arbitrary state, so each behaviour starts at an initial state, as a trace does). Every step is taken on the
 * implementation, but its state is compared only after a transition no earlier behaviour compared: behaviours
 * repeat transitions to reach new ones (coverage behaviours take about 3.6 steps per transition), and comparing
 * is most of the cost (measured: 73% of the check's time when every step was compared). Each transition is thus
 * compared once, where a behaviour first takes it. A divergence during a repeated stretch still shows at the next
 * comparison, and the failing behaviour, replayed as a trace file ({@link Replayer} compares every step), names
 * its first differing step.
 *
 * <p>A step the implementation refuses, or after which its projection differs, ends its behaviour with a
 * {@link Failure} that names the behaviour and the step, so that the caller can write that prefix as an ITF trace
 * to replay alone.
 */
public final class GraphConformance {

    /** What the check reads of an explored graph: states' values and labels' actions and parameters. */
    public interface Graph {
        /** The spec's variables in a state. */
        Map<String, ItfValue> values(int state);

        /** The action of a label. */
        String action(int label);

        /** The parameters of a label, by name. */
        Map<String, ItfValue> picks(int label);
    }

    /**
     * A behaviour of the graph: {@code labels[i]} leads from {@code states[i]} to {@code states[i + 1]}, by the
     * transition numbered {@code edges[i]} (transitions are numbered from 0, one number per transition of the graph).
     */
    public record Behaviour(int[] states, int[] labels, int[] edges) {
    }

    /**
     * A behaviour that does not conform.
     *
     * @param behaviour its index
     * @param mismatch  where it parts (its file: the name given to the check; its step: 0 for the initial state)
     */
    public record Failure(int behaviour, Mismatch mismatch) {
    }

    /**
     * The outcome.
     *
     * @param behaviours behaviours taken
     * @param steps      implementation steps taken
     * @param compared   transitions compared (each once)
     * @param failures   the first failures, at most {@code maxFailures}
     */
    public record Result(int behaviours, long steps, long compared, List<Failure> failures) {
        public boolean conforms() {
            return failures.isEmpty();
        }
    }

    private GraphConformance() {
    }

    /**
     * Takes {@code behaviours} of {@code graph} on drivers from {@code drivers}.
     *
     * @param name        how mismatches name the configuration
     * @param meta        the #meta a trace of this configuration has (variant, constants): what a driver's init
     *                    reads besides the initial state
     * @param vars        the spec's variables
     * @param maxFailures stop after this many failing behaviours
     * @throws ReplayException when a driver cannot take a step at all (an unknown action, a parameter it cannot read)
     */
    public static Result check(Graph graph, List<Behaviour> behaviours, Supplier<Driver> drivers, Path name,
            JsonNode meta, List<String> vars, int maxFailures) {
        long steps = 0;
        java.util.BitSet compared = new java.util.BitSet();
        List<Failure> failures = new ArrayList<>();
        int taken = 0;
        for (int b = 0; b < behaviours.size() && failures.size() < maxFailures; b++) {
            Behaviour w = behaviours.get(b);
            taken++;
            Driver d = drivers.get();
            Map<String, ItfValue> initial = graph.values(w.states()[0]);
            d.init(new ItfTrace(name, meta, vars, List.of(new ItfTrace.State(0, initial, null, Map.of()))));
            Mismatch m = Replayer.compare(name, d, initial, 0, "init", Map.of(), null);
            for (int i = 0; m == null && i < w.labels().length; i++) {
                int label = w.labels()[i];
                String action = graph.action(label);
                Map<String, ItfValue> picks = graph.picks(label);
                String refusal = null;
                try {
                    d.step(action, picks);
                } catch (ImpossibleStepException | IllegalArgumentException e) {
                    refusal = e.getMessage();
                }
                steps++;
                if (refusal != null || !compared.get(w.edges()[i])) {
                    compared.set(w.edges()[i]);
                    m = Replayer.compare(name, d, graph.values(w.states()[i + 1]), i + 1, action, picks, refusal);
                }
            }
            if (m != null) {
                failures.add(new Failure(b, m));
            }
        }
        return new Result(taken, steps, compared.cardinality(), failures);
    }
}
