package org.wberr.conformance;

/**
 * A trace the driver cannot replay because of its content, not because the implementation disagrees:
 * an unknown action, a missing or unknown parameter, a missing variable, a value of the wrong kind.
 * The CLI shows the message with the file and step and exits 2.
 */
public class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }
}
