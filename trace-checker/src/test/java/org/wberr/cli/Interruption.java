package org.wberr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code wberr} process interrupted by a signal, and what it leaves: the tests of {@link InterruptionTest} and
 * {@code KernelInterruptionTest}. The process is {@link Main} on the test classpath; every process it starts is
 * recorded while it runs (an orphan is no longer a descendant once its parent has died), so that afterwards none may
 * be alive; the output directory may hold no temporary file and no file that is not whole.
 */
final class Interruption {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    /** How long the process may take to stop after the signal, and its children after it. */
    static final Duration STOP = Duration.ofSeconds(30);

    enum Signal {
        INT, TERM
    }

    private final Process process;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    private final Path log;

    private Interruption(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code wberr ARGS} in {@code dir}, its output to {@code dir/wberr.log}. */
    static Interruption start(Path dir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-DWBERR_HOME=" + HOME, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        Path log = dir.resolve("wberr.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Interruption(p, log);
    }

    /** Waits until {@code ready} holds (at most {@code limit}), recording the process's descendants meanwhile. */
    void awaitWork(BooleanSupplier ready, Duration limit) throws InterruptedException, IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (!ready.getAsBoolean()) {
            record();
            if (!process.isAlive()) {
                fail("wberr ended (exit " + process.exitValue() + ") before the work to interrupt began:\n" + log());
            }
            if (System.nanoTime() > end) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("the work to interrupt did not begin within " + limit + ":\n" + log());
            }
            Thread.sleep(100);
        }
        record();
    }

    /** Whether a descendant whose command line contains {@code word} is running. */
    boolean running(String word) {
        record();
        return process.descendants().anyMatch(h -> h.info().commandLine().orElse("").contains(word));
    }

    private void record() {
        process.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
    }

    /**
     * Sends the signal, waits for the process to end, and checks that every process it started has ended too.
     * Returns the exit status.
     */
    int interrupt(Signal signal) throws IOException, InterruptedException {
        record();
        assertTrue(process.isAlive(), "still running when interrupted");
        Process kill = new ProcessBuilder("kill", "-" + signal.name(), Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + process.pid());
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            List<ProcessHandle> all = new ArrayList<>(seen.values());
            all.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("wberr still running " + STOP + " after SIGINT/SIGTERM:\n" + log());
        }
        long end = System.nanoTime() + STOP.toNanos();
        List<ProcessHandle> alive = seen.values().stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        List<String> orphans = alive.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), orphans, "processes wberr started and left running after it was interrupted ("
                + seen.size() + " started)");
        return process.exitValue();
    }

    /** How many processes wberr had started by the time it was interrupted. */
    int started() {
        return seen.size();
    }

    String log() throws IOException {
        String s = Files.readString(log);
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    /** Files under {@code dir} whose name ends with {@code suffix}. */
    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        }
    }

    /**
     * Checks that {@code dir} holds no temporary file or directory ({@code *.tmp}) and that every JSON file in it
     * parses whole.
     */
    static void assertNoHalfWrittenOutput(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                assertEquals(List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).sorted().toList(),
                        "temporary files or directories left under " + dir);
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (Path f : files(dir, ".json")) {
            try {
                assertTrue(Files.size(f) > 0 && !json.readTree(f.toFile()).isMissingNode(), "empty: " + f);
            } catch (IOException e) {
                fail("half-written: " + f + ": " + e.getMessage());
            }
        }
    }
}
