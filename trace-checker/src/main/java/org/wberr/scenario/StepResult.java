package org.wberr.scenario;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one judge made of one step.
 *
 * @param step     the step
 * @param status   whether it ran (and returned something or not) or was impossible in that judge's state
 * @param returned the value returned (0 or a negative errno) when status is RETURNED
 * @param reason   why the step was impossible, when status is IMPOSSIBLE
 * @param state    the judge's state after the step, in its own words, if it can show one
 * @param observed for an {@code expect} step: what the judge observes, in the canonical form of
 *                 {@link Step#expectedObservation()} (the same keys, in the same order)
 */
public record StepResult(Step step, Status status, OptionalInt returned, Optional<String> reason,
                         Optional<String> state, Optional<String> observed) {

    public enum Status {
        /** The step ran and returned {@link #returned()}. */
        RETURNED,
        /** The step ran; it returns nothing. */
        DONE,
        /** The step cannot happen in the judge's state (evict a dirty page, say); nothing ran. */
        IMPOSSIBLE,
        /**
         * The judge cannot say (a kernel cannot inject ENOSPC, the kernel judge does not run ext4 steps): neither
         * agreement nor disagreement; {@link #reason()} says why. May also carry what the judge observed.
         */
        NOT_JUDGED
    }

    /** A result without an observation (every step but {@code expect}). */
    public StepResult(Step step, Status status, OptionalInt returned, Optional<String> reason, Optional<String> state) {
        this(step, status, returned, reason, state, Optional.empty());
    }

    public static StepResult returned(Step step, int value, String state) {
        return new StepResult(step, Status.RETURNED, OptionalInt.of(value), Optional.empty(),
                Optional.ofNullable(state), Optional.empty());
    }

    public static StepResult done(Step step, String state) {
        return new StepResult(step, Status.DONE, OptionalInt.empty(), Optional.empty(), Optional.ofNullable(state),
                Optional.empty());
    }

    /** An {@code expect} step: the judge observed {@code observed} (compare with the step's expectation). */
    public static StepResult observed(Step step, String observed, String state) {
        return new StepResult(step, Status.DONE, OptionalInt.empty(), Optional.empty(), Optional.ofNullable(state),
                Optional.of(observed));
    }

    public static StepResult notJudged(Step step, String reason) {
        return new StepResult(step, Status.NOT_JUDGED, OptionalInt.empty(), Optional.of(reason), Optional.empty());
    }

    public static StepResult impossible(Step step, String reason) {
        return new StepResult(step, Status.IMPOSSIBLE, OptionalInt.empty(), Optional.of(reason), Optional.empty(),
                Optional.empty());
    }
}
