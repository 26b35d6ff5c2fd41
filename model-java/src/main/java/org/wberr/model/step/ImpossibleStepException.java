package org.wberr.model.step;

/**
 * A step the model's state does not allow: fsync on an fd that is not open, evicting a dirty page, ending a
 * writeback that never started, anything after a panic. Thrown before anything changes; the message says what
 * and why, in the words a scenario uses. Judges show it as an IMPOSSIBLE step and trace replay as the
 * implementation refusing a step the spec took. It is deliberately not an {@code IllegalStateException}: those
 * are programming errors, and must never be reported as a property of the scenario.
 */
public class ImpossibleStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImpossibleStepException(String message) {
        super(message);
    }
}
