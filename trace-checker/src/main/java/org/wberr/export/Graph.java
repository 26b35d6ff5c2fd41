package org.wberr.export;

import java.util.Arrays;

/**
 * A fully explored transition system in compressed form: states {@code 0..n-1}, the transitions of state
 * {@code s} are the edges {@code start[s] .. start[s+1]-1}, each with its successor and label. Edge numbers
 * identify transitions (coverage marks them).
 */
public final class Graph implements Transitions {
    private final int[] initial;
    private final int[] start;
    private final int[] target;
    private final int[] label;

    /**
     * @param initial the initial states
     * @param start   {@code n + 1} offsets: the edges of state {@code s} are {@code start[s]..start[s+1]-1}
     * @param target  the successor of each edge
     * @param label   the label of each edge
     */
    public Graph(int[] initial, int[] start, int[] target, int[] label) {
        if (start.length == 0 || start[0] != 0 || start[start.length - 1] != target.length
                || target.length != label.length) {
            throw new IllegalArgumentException("inconsistent edge arrays");
        }
        int n = start.length - 1;
        for (int s = 0; s < n; s++) {
            if (start[s] > start[s + 1]) {
                throw new IllegalArgumentException("edge offsets decrease at state " + s);
            }
        }
        for (int t : target) {
            if (t < 0 || t >= n) {
                throw new IllegalArgumentException("edge to unknown state " + t);
            }
        }
        for (int i : initial) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("unknown initial state " + i);
            }
        }
        this.initial = initial.clone();
        this.start = start.clone();
        this.target = target.clone();
        this.label = label.clone();
    }

    /** Builds a graph from adjacency lists: {@code targets[s][i]} with label {@code labels[s][i]}. */
    public static Graph of(int[] initial, int[][] targets, int[][] labels) {
        int n = targets.length;
        int[] start = new int[n + 1];
        for (int s = 0; s < n; s++) {
            start[s + 1] = start[s] + targets[s].length;
        }
        int[] target = new int[start[n]];
        int[] label = new int[start[n]];
        for (int s = 0; s < n; s++) {
            System.arraycopy(targets[s], 0, target, start[s], targets[s].length);
            System.arraycopy(labels[s], 0, label, start[s], labels[s].length);
        }
        return new Graph(initial, start, target, label);
    }

    public int states() {
        return start.length - 1;
    }

    public int edges() {
        return target.length;
    }

    @Override
    public int[] initial() {
        return initial.clone();
    }

    int initialCount() {
        return initial.length;
    }

    int initialAt(int i) {
        return initial[i];
    }

    /** The first edge of {@code s}. */
    public int firstEdge(int s) {
        return start[s];
    }

    /** One past the last edge of {@code s}. */
    public int endEdge(int s) {
        return start[s + 1];
    }

    /** The successor of edge {@code e}. */
    public int edgeTarget(int e) {
        return target[e];
    }

    /** The label of edge {@code e}. */
    public int edgeLabel(int e) {
        return label[e];
    }

    @Override
    public int degree(int s) {
        return start[s + 1] - start[s];
    }

    @Override
    public int target(int s, int i) {
        return target[start[s] + i];
    }

    @Override
    public int label(int s, int i) {
        return label[start[s] + i];
    }

    /** The length of the longest shortest path from an initial state, plus one (TLC's "depth"). */
    public int depth() {
        int n = states();
        if (n == 0) {
            return 0;
        }
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i : initial) {
            if (dist[i] < 0) {
                dist[i] = 1;
                queue[tail++] = i;
            }
        }
        int max = 0;
        while (head < tail) {
            int s = queue[head++];
            max = Math.max(max, dist[s]);
            for (int e = start[s]; e < start[s + 1]; e++) {
                int t = target[e];
                if (dist[t] < 0) {
                    dist[t] = dist[s] + 1;
                    queue[tail++] = t;
                }
            }
        }
        return max;
    }

    /** The number of the transition that leaves {@code state} with {@code label}. */
    public int edge(int state, int label) {
        for (int e = firstEdge(state); e < endEdge(state); e++) {
            if (edgeLabel(e) == label) {
                return e;
            }
        }
        throw new IllegalArgumentException("state " + state + " has no transition labelled " + label);
    }
}
