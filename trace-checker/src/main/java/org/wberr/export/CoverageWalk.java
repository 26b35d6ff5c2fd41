package org.wberr.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of behaviours that together take every transition of a {@link Graph} at least once, as few and as long
 * as practical: a greedy walk.
 *
 * <ol>
 * <li>A trace starts at the initial state nearest (breadth first, initial states in canonical order) to a state
 * with an untaken transition, and walks there by a shortest path (found in amortized constant time: the
 * breadth-first order from the initial states is computed once).</li>
 * <li>From the current state it takes the first untaken transition leaving it (canonical order), if any.</li>
 * <li>If none is left there, it moves by a shortest path (breadth first from the current state, stopping at the
 * first state with an untaken transition) and continues.</li>
 * <li>The trace ends when no untaken transition is reachable from the current state, or when it has
 * {@code maxSteps} steps (the shortest path of step 3 is not started if it would cross the cap; the first
 * approach of step 1 always is, so every trace takes at least one untaken transition).</li>
 * </ol>
 * Then the next trace starts, until every transition is taken. Finally every initial state that starts no
 * trace gets a trace of its own, of zero steps: a replay checks the initial state too.
 *
 * <p>Everything depends only on the graph's numbering and edge order, so the same graph always gives the same
 * walks. Cost: each step is O(1) amortized; each shortest-path search is a breadth-first search that stops at
 * the first state with an untaken transition.
 */
public final class CoverageWalk {

    /**
     * @param walks   the traces
     * @param covered transitions taken at least once
     * @param total   transitions of the graph
     * @param steps   steps over all traces (transitions taken, counting repeats)
     */
    public record Result(List<Walk> walks, int covered, int total, long steps) {
    }

    private final Graph g;
    private final int maxSteps;
    private final boolean[] covered;
    /** The first edge of each state that may still be untaken. */
    private final int[] next;
    private int remaining;
    // Breadth-first search, without clearing between searches: a state is visited iff seen[s] == stamp.
    private final int[] seen;
    private final int[] via;
    private final int[] parent;
    private final int[] queue;
    private int stamp;
    /** The states in breadth-first order from the initial states, and the edge each is first reached by. */
    private final int[] bfsOrder;
    private final int[] bfsVia;
    /** Index into {@link #bfsOrder}: no state before it has an untaken edge (coverage only grows). */
    private int nearest;

    private CoverageWalk(Graph g, int maxSteps) {
        this.g = g;
        this.maxSteps = maxSteps;
        int n = g.states();
        this.covered = new boolean[g.edges()];
        this.next = new int[n];
        for (int s = 0; s < n; s++) {
            next[s] = g.firstEdge(s);
        }
        this.remaining = g.edges();
        this.seen = new int[n];
        this.via = new int[n];
        this.parent = new int[n];
        this.queue = new int[n];
        this.bfsOrder = new int[n];
        this.bfsVia = new int[n];
        int tail = 0;
        boolean[] reached = new boolean[n];
        for (int i : g.initial()) {
            if (!reached[i]) {
                reached[i] = true;
                bfsVia[i] = -1;
                bfsOrder[tail++] = i;
            }
        }
        int[] from = new int[n];
        for (int head = 0; head < tail; head++) {
            int s = bfsOrder[head];
            for (int e = g.firstEdge(s); e < g.endEdge(s); e++) {
                int t = g.edgeTarget(e);
                if (!reached[t]) {
                    reached[t] = true;
                    bfsVia[t] = e;
                    from[t] = s;
                    bfsOrder[tail++] = t;
                }
            }
        }
        this.bfsFrom = from;
        this.reachable = tail;
    }

    private final int[] bfsFrom;
    private final int reachable;

    /** The coverage traces of {@code g}, each at most {@code maxSteps} steps long (beyond an initial approach). */
    public static Result of(Graph g, int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, not " + maxSteps);
        }
        return new CoverageWalk(g, maxSteps).run();
    }

    private Result run() {
        List<Walk> walks = new ArrayList<>();
        boolean[] started = new boolean[g.states()];
        long steps = 0;
        while (remaining > 0) {
            IntList states = new IntList();
            IntList labels = new IntList();
            int[] approach = nearestFromInitial();
            if (approach == null) {
                throw new IllegalStateException(remaining + " transitions are unreachable from the initial states");
            }
            int cur = approach[0];
            started[cur] = true;
            states.add(cur);
            cur = follow(approach, cur, states, labels);
            // The approach ends in a state with an untaken transition: take it, whatever the cap.
            int first = untaken(cur);
            take(first, states, labels);
            cur = g.edgeTarget(first);
            while (true) {
                int e = untaken(cur);
                if (e >= 0) {
                    if (labels.size() >= maxSteps) {
                        break;
                    }
                    take(e, states, labels);
                    cur = g.edgeTarget(e);
                    continue;
                }
                int[] path = searchFrom(new int[] {cur});
                if (path == null || labels.size() + (path.length - 1) + 1 > maxSteps) {
                    break;
                }
                cur = follow(path, cur, states, labels);
            }
            steps += labels.size();
            walks.add(new Walk(states.toArray(), labels.toArray()));
        }
        for (int i : g.initial()) {
            if (!started[i]) {
                started[i] = true;
                walks.add(new Walk(new int[] {i}, new int[0]));
            }
        }
        return new Result(walks, g.edges() - remaining, g.edges(), steps);
    }

    /**
     * The state nearest to the initial states (breadth first, in canonical order) with an untaken edge, and the
     * shortest path there, as {@link #searchFrom} returns it. The breadth-first order from the initial states does
     * not change, and a state without untaken edges never gets one again, so one pointer into that order finds it:
     * the same answer as a new search each time, in amortized constant time.
     */
    private int[] nearestFromInitial() {
        while (nearest < reachable && untaken(bfsOrder[nearest]) < 0) {
            nearest++;
        }
        if (nearest == reachable) {
            return null;
        }
        IntList edges = new IntList();
        int at = bfsOrder[nearest];
        while (bfsVia[at] >= 0) {
            edges.add(bfsVia[at]);
            at = bfsFrom[at];
        }
        int[] path = new int[edges.size() + 1];
        path[0] = at;
        for (int i = 0; i < edges.size(); i++) {
            path[i + 1] = edges.get(edges.size() - 1 - i);
        }
        return path;
    }

    /** The first untaken edge leaving {@code s}, or -1. */
    private int untaken(int s) {
        int end = g.endEdge(s);
        int e = next[s];
        while (e < end && covered[e]) {
            e++;
        }
        next[s] = e;
        return e < end ? e : -1;
    }

    private void take(int e, IntList states, IntList labels) {
        if (!covered[e]) {
            covered[e] = true;
            remaining--;
        }
        labels.add(g.edgeLabel(e));
        states.add(g.edgeTarget(e));
    }

    /** Takes the edges of {@code path} (as returned by {@link #searchFrom}); returns the state reached. */
    private int follow(int[] path, int cur, IntList states, IntList labels) {
        for (int i = 1; i < path.length; i++) {
            take(path[i], states, labels);
            cur = g.edgeTarget(path[i]);
        }
        return cur;
    }

    /**
     * Breadth first from {@code sources} (in order) to the nearest state with an untaken edge: returns the source
     * it starts from, followed by the edges of the path; null if no such state is reachable.
     */
    private int[] searchFrom(int[] sources) {
        stamp++;
        int head = 0;
        int tail = 0;
        for (int s : sources) {
            if (seen[s] != stamp) {
                seen[s] = stamp;
                via[s] = -1;
                queue[tail++] = s;
            }
        }
        while (head < tail) {
            int s = queue[head++];
            if (untaken(s) >= 0) {
                IntList edges = new IntList();
                int at = s;
                while (via[at] >= 0) {
                    edges.add(via[at]);
                    at = parent[at];
                }
                int[] path = new int[edges.size() + 1];
                path[0] = at;
                for (int i = 0; i < edges.size(); i++) {
                    path[i + 1] = edges.get(edges.size() - 1 - i);
                }
                return path;
            }
            for (int e = g.firstEdge(s); e < g.endEdge(s); e++) {
                int t = g.edgeTarget(e);
                if (seen[t] != stamp) {
                    seen[t] = stamp;
                    via[t] = e;
                    parent[t] = s;
                    queue[tail++] = t;
                }
            }
        }
        return null;
    }
}
