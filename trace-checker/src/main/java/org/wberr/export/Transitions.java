package org.wberr.export;

/**
 * A transition system seen as a labelled directed graph: states and labels are small integers, and the
 * outgoing transitions of each state come in a fixed (canonical) order, so that every walk over it is
 * reproducible. A transition is a triple (state, label, successor); a label stands for an action with its
 * parameters. {@link Graph} is the fully explored form; the TLC-backed explorer also offers this view while it
 * expands states on demand (random walks of models too big to explore).
 */
public interface Transitions {

    /** The initial states, in canonical order. */
    int[] initial();

    /** The number of transitions leaving {@code state}. */
    int degree(int state);

    /** The successor of the {@code i}-th transition leaving {@code state}. */
    int target(int state, int i);

    /** The label of the {@code i}-th transition leaving {@code state}. */
    int label(int state, int i);
}
