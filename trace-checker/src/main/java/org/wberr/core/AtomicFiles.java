package org.wberr.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, which is then renamed over
 * it (an atomic rename within one directory), so a reader, or a run that is killed, never sees half a file. The
 * temporary file is removed if writing fails, and by a shutdown hook if the JVM is stopped (SIGINT, SIGTERM,
 * System.exit) while it is written; only SIGKILL (or Runtime.halt) can leave one behind.
 */
public final class AtomicFiles {
    /** The temporary files being written now, for the shutdown hook. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path tmp : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the JVM is going away: nothing left to tell
                }
            }
        }, "wberr-atomic-files-cleanup"));
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically, creating its directory; returns the number of bytes. */
    public static long write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        IN_FLIGHT.add(tmp);
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
        return bytes.length;
    }

    /** {@link #write(Path, byte[])} of text in UTF-8. */
    public static long write(Path target, String text) throws IOException {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
