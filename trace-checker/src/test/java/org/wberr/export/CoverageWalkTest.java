package org.wberr.export;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The greedy coverage walk on explicit graphs: every transition taken (counted independently from the walks,
 * not from the walk's own bookkeeping), every walk a path of the graph from an initial state, the length cap,
 * and determinism.
 */
class CoverageWalkTest {

    /** A transition as the walks show it: (state, label, successor). */
    record Triple(int from, int label, int to) {
    }

    /** Every transition of the graph. */
    static Set<Triple> transitions(Graph g) {
        Set<Triple> all = new HashSet<>();
        for (int s = 0; s < g.states(); s++) {
            for (int i = 0; i < g.degree(s); i++) {
                all.add(new Triple(s, g.label(s, i), g.target(s, i)));
            }
        }
        return all;
    }

    /** Checks that each walk is a behaviour of {@code g}; returns the transitions the walks take. */
    static Set<Triple> taken(Graph g, List<Walk> walks) {
        Set<Integer> initial = new HashSet<>();
        for (int i : g.initial()) {
            initial.add(i);
        }
        Set<Triple> all = transitions(g);
        Set<Triple> taken = new HashSet<>();
        for (Walk w : walks) {
            assertTrue(initial.contains(w.state(0)), "walk does not start in an initial state: " + w);
            for (int i = 0; i < w.steps(); i++) {
                Triple t = new Triple(w.state(i), w.label(i), w.state(i + 1));
                assertTrue(all.contains(t), "step " + i + " of " + w + " is not a transition");
                taken.add(t);
            }
        }
        return taken;
    }

    /**
     * A graph in layers like our specs' (a monotone history counter): random edges inside a layer (cycles) and to
     * the next layer, a few self-loops, parallel edges with different labels, and states without successors.
     */
    static Graph layered(long seed, int layers, int width) {
        Random r = new Random(seed);
        int n = layers * width;
        List<List<int[]>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            out.add(new ArrayList<>());
        }
        for (int s = 0; s < n; s++) {
            int layer = s / width;
            if (r.nextInt(10) == 0 && s != 0) {
                continue; // a state without successors
            }
            int degree = 1 + r.nextInt(4);
            for (int k = 0; k < degree; k++) {
                boolean down = layer + 1 < layers && r.nextBoolean();
                int t = (down ? layer + 1 : layer) * width + r.nextInt(width);
                out.get(s).add(new int[] {t, r.nextInt(3)});
            }
            if (r.nextInt(20) == 0) {
                out.get(s).add(new int[] {s, 7}); // a self-loop
            }
        }
        // Keep only what is reachable from state 0, renumbered, edges deduplicated by (label, target).
        int[] id = new int[n];
        java.util.Arrays.fill(id, -1);
        List<Integer> order = new ArrayList<>();
        id[0] = 0;
        order.add(0);
        for (int h = 0; h < order.size(); h++) {
            for (int[] e : out.get(order.get(h))) {
                if (id[e[0]] < 0) {
                    id[e[0]] = order.size();
                    order.add(e[0]);
                }
            }
        }
        int[][] targets = new int[order.size()][];
        int[][] labels = new int[order.size()][];
        for (int i = 0; i < order.size(); i++) {
            List<int[]> edges = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (int[] e : out.get(order.get(i))) {
                if (seen.add(((long) e[1] << 32) | id[e[0]])) {
                    edges.add(new int[] {id[e[0]], e[1]});
                }
            }
            targets[i] = edges.stream().mapToInt(e -> e[0]).toArray();
            labels[i] = edges.stream().mapToInt(e -> e[1]).toArray();
        }
        return Graph.of(new int[] {0}, targets, labels);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyTransitionIsTaken_byWalksOfTheGraph(long seed) {
        Graph g = layered(seed, 6, 40);
        CoverageWalk.Result r = CoverageWalk.of(g, 2000);
        Set<Triple> taken = taken(g, r.walks());
        assertEquals(transitions(g), taken, "walks must take exactly the graph's transitions");
        assertEquals(g.edges(), r.covered());
        assertEquals(g.edges(), r.total());
        assertEquals(r.walks().stream().mapToLong(Walk::steps).sum(), r.steps());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 50})
    void theCapBoundsEveryWalkBeyondItsApproach(int cap) {
        Graph g = layered(11, 8, 30);
        CoverageWalk.Result r = CoverageWalk.of(g, cap);
        assertEquals(transitions(g), taken(g, r.walks()));
        // A walk may exceed the cap only by its first approach (a shortest path from an initial state, at most the
        // graph's depth - 1 steps) plus the one untaken transition it approaches.
        int bound = cap + g.depth();
        for (Walk w : r.walks()) {
            assertTrue(w.steps() <= bound, w.steps() + " steps > " + bound);
        }
    }

    @Test
    void sameGraph_sameWalks() {
        Graph g = layered(3, 6, 40);
        assertEquals(CoverageWalk.of(g, 100).walks(), CoverageWalk.of(g, 100).walks());
    }

    @Test
    void aCycle_isOneWalk() {
        // 0 -a-> 1 -b-> 2 -c-> 0, and 1 -d-> 1.
        Graph g = Graph.of(new int[] {0}, new int[][] {{1}, {2, 1}, {0}}, new int[][] {{0}, {1, 3}, {2}});
        CoverageWalk.Result r = CoverageWalk.of(g, 2000);
        assertEquals(List.of(new Walk(new int[] {0, 1, 2, 0, 1, 1}, new int[] {0, 1, 2, 0, 3})), r.walks());
    }

    @Test
    void aDagWithTwoBranches_needsTwoWalks_eachFromTheInitialState() {
        // 0 -> 1 -> 3, 0 -> 2 -> 3: once at 3, nothing is left; the second walk starts over.
        Graph g = Graph.of(new int[] {0}, new int[][] {{1, 2}, {3}, {3}, {}},
                new int[][] {{0, 1}, {2}, {3}, {}});
        CoverageWalk.Result r = CoverageWalk.of(g, 2000);
        assertEquals(List.of(new Walk(new int[] {0, 1, 3}, new int[] {0, 2}),
                new Walk(new int[] {0, 2, 3}, new int[] {1, 3})), r.walks());
        assertEquals(4, r.steps());
    }

    @Test
    void everyInitialState_startsAWalk_evenWithoutTransitions() {
        Graph g = Graph.of(new int[] {0, 1}, new int[][] {{0}, {}}, new int[][] {{5}, {}});
        CoverageWalk.Result r = CoverageWalk.of(g, 10);
        assertEquals(List.of(new Walk(new int[] {0, 0}, new int[] {5}), new Walk(new int[] {1}, new int[0])),
                r.walks());
    }

    @Test
    void aGraphWithoutTransitions_givesOneZeroStepWalkPerInitialState() {
        Graph g = Graph.of(new int[] {0}, new int[][] {{}}, new int[][] {{}});
        CoverageWalk.Result r = CoverageWalk.of(g, 10);
        assertEquals(List.of(new Walk(new int[] {0}, new int[0])), r.walks());
        assertEquals(0, r.total());
    }

    @Test
    void aCapBelowOne_isRejected() {
        Graph g = Graph.of(new int[] {0}, new int[][] {{}}, new int[][] {{}});
        assertThrows(IllegalArgumentException.class, () -> CoverageWalk.of(g, 0));
    }

    @Test
    void graphsThatAreNotGraphs_areRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Graph.of(new int[] {0}, new int[][] {{1}}, new int[][] {{0}}), "edge to an unknown state");
        assertThrows(IllegalArgumentException.class,
                () -> Graph.of(new int[] {2}, new int[][] {{}}, new int[][] {{}}), "unknown initial state");
    }
}
