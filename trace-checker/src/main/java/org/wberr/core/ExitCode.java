package org.wberr.core;

/** The exit codes of every wberr command (docs/design.md, "The CLI"). */
public final class ExitCode {
    /** Everything as expected. */
    public static final int OK = 0;
    /** A result differs: unexpected verdict or state count, non-conforming trace, scenario mismatch. */
    public static final int DIFFERS = 1;
    /** Bad input or usage; the message names the file, the line or field, and what was expected. */
    public static final int BAD_INPUT = 2;
    /** The environment failed: TLC crashed, QEMU missing, out of memory. */
    public static final int ENVIRONMENT = 3;

    private ExitCode() {
    }
}
