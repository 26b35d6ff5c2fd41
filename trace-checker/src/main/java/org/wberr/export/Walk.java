package org.wberr.export;

import java.util.Arrays;

/**
 * A behaviour: the states visited ({@code states[0]} initial) and the label of each step ({@code labels[i]}
 * leads from {@code states[i]} to {@code states[i + 1]}).
 */
public record Walk(int[] states, int[] labels) {

    public Walk {
        if (states.length != labels.length + 1) {
            throw new IllegalArgumentException(states.length + " states for " + labels.length + " steps");
        }
        states = states.clone();
        labels = labels.clone();
    }

    /** The number of steps. */
    public int steps() {
        return labels.length;
    }

    @Override
    public int[] states() {
        return states.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int state(int i) {
        return states[i];
    }

    public int label(int i) {
        return labels[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Walk w && Arrays.equals(states, w.states) && Arrays.equals(labels, w.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(states) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Walk" + Arrays.toString(states) + " by " + Arrays.toString(labels);
    }
}
