package org.wberr.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

/**
 * What the fuzz targets share: the user's file (each target writes the fuzzer's bytes to a file and reads it the way
 * the CLI does, so that reading, decoding and parsing are all fuzzed), and the one acceptable failure, a named input
 * error whose message starts with the file (or the place in it).
 */
final class Fuzz {
    private static Path scratch;

    private Fuzz() {
    }

    /** A directory of this JVM's own, removed when the JVM exits. */
    static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("wberr-fuzz-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException ignored) {
                    // best effort
                }
            }));
        }
        return scratch;
    }

    /** Writes {@code data} to the file {@code name} in the scratch directory (replacing it) and returns its path. */
    static Path write(String name, byte[] data) {
        Path f = scratch().resolve(name);
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /**
     * The message of a named input error: not empty, and naming the input: it starts with {@code where} (the file as
     * messages show it, then its line or field). Anything else is a finding.
     */
    static void names(RuntimeException e, String where) {
        String m = e.getMessage();
        if (m == null || !m.startsWith(where)) {
            throw new AssertionError("a named input error must start with '" + where + "', got: " + m, e);
        }
    }

    /** A {@link WberrException} is a named input error only with exit code 2 and a message naming the input. */
    static void badInput(WberrException e, String where) {
        if (e.exitCode() != ExitCode.BAD_INPUT) {
            throw new AssertionError("bad input must exit " + ExitCode.BAD_INPUT + ", got " + e.exitCode(), e);
        }
        names(e, where);
    }
}
