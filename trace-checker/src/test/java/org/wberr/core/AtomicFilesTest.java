package org.wberr.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link AtomicFiles}: a JVM stopped by SIGTERM while it writes leaves the old file or the new one, never a part. */
class AtomicFilesTest {
    static final int SIZE = 32 << 20;

    @TempDir
    Path dir;

    /** Writes {@link #SIZE} bytes of one value to the file {@code args[0]} over and over, the value counting up. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        byte[] bytes = new byte[SIZE];
        for (byte b = 1; ; b++) {
            Arrays.fill(bytes, b);
            AtomicFiles.write(target, bytes);
        }
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void sigtermWhileWriting_leavesNoTemporaryFile_andTheTargetWhole() throws Exception {
        Path target = dir.resolve("big.bin");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), AtomicFilesTest.class.getName(), target.toString())
                .inheritIO().start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // a temporary file being written, after at least one whole write
            while (!(Files.exists(target) && !temporaryFiles().isEmpty())) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    fail("the writer did not get going (alive: " + p.isAlive() + ")");
                }
                Thread.sleep(5);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the writer stops on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), temporaryFiles(), "temporary files left");
        byte[] bytes = Files.readAllBytes(target);
        assertEquals(SIZE, bytes.length, "the target is whole");
        byte first = bytes[0];
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != first) {
                fail("the target mixes two writes at byte " + i);
            }
        }
    }
}
