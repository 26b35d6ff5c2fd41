package org.wberr.export;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomWalkTest {

    @Test
    void sameSeed_sameWalk_otherSeeds_otherWalks() {
        Graph g = CoverageWalkTest.layered(3, 6, 40);
        assertTrue(g.states() > 100, g.states() + " states");
        assertEquals(RandomWalk.of(g, 42, 50), RandomWalk.of(g, 42, 50));
        Set<Walk> distinct = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(RandomWalk.of(g, seed, 50));
        }
        // Walks that end early in the same state without successors may coincide; most do not.
        assertTrue(distinct.size() >= 10, distinct.size() + " distinct walks of 20 seeds");
    }

    @Test
    void theSeedsWalk_isFixedForever() {
        // SplittableRandom's sequence is specified by Java: this walk must never change (reproducible traces).
        Graph g = Graph.of(new int[] {0}, new int[][] {{0, 1, 2}, {0}, {1, 2}}, new int[][] {{0, 1, 2}, {3}, {4, 5}});
        assertEquals(new Walk(new int[] {0, 0, 1, 0, 0, 1, 0, 0, 2}, new int[] {0, 1, 3, 0, 1, 3, 0, 2}),
                RandomWalk.of(g, 7, 8));
    }

    @Test
    void aWalkIsABehaviour_andStopsWhereNothingIsEnabled() {
        Graph g = CoverageWalkTest.layered(9, 5, 20);
        for (long seed = 0; seed < 50; seed++) {
            Walk w = RandomWalk.of(g, seed, 200);
            CoverageWalkTest.taken(g, List.of(w));
            assertTrue(w.steps() == 200 || g.degree(w.state(w.steps())) == 0, "stopped early in a state with"
                    + " successors: " + w);
        }
    }

    @Test
    void picksUniformlyAmongEnabledTransitions() {
        Graph g = Graph.of(new int[] {0}, new int[][] {{1, 2, 3, 4}, {}, {}, {}, {}},
                new int[][] {{0, 1, 2, 3}, {}, {}, {}, {}});
        int[] count = new int[5];
        int n = 40_000;
        for (long seed = 0; seed < n; seed++) {
            count[RandomWalk.of(g, seed, 1).state(1)]++;
        }
        for (int t = 1; t <= 4; t++) {
            // 10,000 expected, standard deviation about 87: 5% is more than five deviations.
            assertTrue(Math.abs(count[t] - n / 4) < n / 4 / 20, "successor " + t + " picked " + count[t] + " times");
        }
        assertNotEquals(0, count[1]);
    }

    @Test
    void depthZero_isTheInitialStateAlone() {
        Graph g = CoverageWalkTest.layered(1, 3, 10);
        assertEquals(0, RandomWalk.of(g, 1, 0).steps());
    }
}
