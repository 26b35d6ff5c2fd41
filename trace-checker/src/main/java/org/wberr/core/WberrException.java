package org.wberr.core;


/**
 * A failure the user must see as one clear message and an exit code, never as a stack trace. Thrown
 * anywhere below the CLI; {@code org.wberr.cli.Main} is the one place that turns it into output and exit status.
 */
public class WberrException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public WberrException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public WberrException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * Bad input (exit 2): {@code where} names the file and line or field, {@code what} what was wrong or expected
     * (the message is cut to {@link Display#MAX_MESSAGE} characters: it may quote a line of any length).
     */
    public static WberrException badInput(String where, String what) {
        return new WberrException(ExitCode.BAD_INPUT, Display.shorten(where + ": " + what, Display.MAX_MESSAGE));
    }

    /** The environment failed (exit 3). */
    public static WberrException environment(String message, Throwable cause) {
        return new WberrException(ExitCode.ENVIRONMENT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
