package org.wberr.export;

import java.util.SplittableRandom;

/**
 * A seeded random walk: from an initial state picked uniformly, at each step one of the transitions leaving the
 * current state picked uniformly, for {@code depth} steps or until a state without transitions. The
 * pseudo-random sequence is {@link SplittableRandom}'s, which Java specifies exactly, and the transitions of a
 * state come in canonical order, so a seed always gives the same walk on the same model.
 */
public final class RandomWalk {
    private RandomWalk() {
    }

    public static Walk of(Transitions t, long seed, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be at least 0, not " + depth);
        }
        int[] initial = t.initial();
        if (initial.length == 0) {
            throw new IllegalArgumentException("no initial state");
        }
        SplittableRandom random = new SplittableRandom(seed);
        IntList states = new IntList();
        IntList labels = new IntList();
        int cur = initial[random.nextInt(initial.length)];
        states.add(cur);
        for (int step = 0; step < depth; step++) {
            int degree = t.degree(cur);
            if (degree == 0) {
                break;
            }
            int i = random.nextInt(degree);
            labels.add(t.label(cur, i));
            cur = t.target(cur, i);
            states.add(cur);
        }
        return new Walk(states.toArray(), labels.toArray());
    }
}
