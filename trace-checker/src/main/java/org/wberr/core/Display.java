package org.wberr.core;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How wberr names files in messages (relative to the working directory when inside it, else absolute), and how a
 * message quotes what it read: at most a bounded number of characters.
 */
public final class Display {
    /** The most of a message about bad input that is shown: enough for the file, the place and the reason. */
    public static final int MAX_MESSAGE = 1000;
    /**
     * The most of an environment failure's message that is shown (exit 3): it ends with the tail of a log (the
     * compiler's errors, a kernel console's last lines), which is the point of it.
     */
    public static final int MAX_ENVIRONMENT_MESSAGE = 6000;

    private Display() {
    }

    public static String path(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Paths.get("").toAbsolutePath().normalize();
        if (abs.startsWith(cwd) && !abs.equals(cwd)) {
            return cwd.relativize(abs).toString();
        }
        return abs.toString();
    }

    /** The most of one token (a word, a name, a value read from the user's input) that a message quotes. */
    public static final int MAX_ECHO = 120;

    /**
     * {@code token} as a message quotes it: whole when short, else its start and its length, so that the rest of the
     * message (what was expected) stays readable.
     */
    public static String echo(String token) {
        if (token == null || token.length() <= MAX_ECHO) {
            return token;
        }
        return token.substring(0, MAX_ECHO - 40) + String.format(java.util.Locale.ROOT, "... (%,d characters in all)",
                token.length());
    }

    /** {@code text} cut to {@code max} characters, saying how many were left out. */
    public static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
    }
}
