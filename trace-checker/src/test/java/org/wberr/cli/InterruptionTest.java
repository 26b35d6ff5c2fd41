package org.wberr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.cli.Interruption.Signal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGINT or SIGTERM in the middle of {@code wberr export}, {@code check} and {@code scenario --against spec}: the
 * process ends within {@link Interruption#STOP}, every JVM it started for TLC has ended too, and its outputs are
 * whole or absent (no temporary file, every JSON file parses). Black-box: {@code wberr} is its own process; only its
 * options, its descendants and the files under its output directory are looked at. The kernel's run is in
 * {@code KernelInterruptionTest} (profile kernel).
 *
 * <p>Found: export and check left the interrupted configuration's staging directory behind (a killed child
 * cannot remove it); the parent's shutdown hook now does ({@code ExportPlan.discardStaging}). No JVM outlives an
 * interrupted run.
 */
class InterruptionTest {
    static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** Traces under {@code out}: the export has begun writing. */
    static boolean tracesUnder(Path out) {
        try {
            return !Interruption.files(out, ".itf.json").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code command} (export or check) until it writes traces, interrupts it, and looks. */
    void interruptWhileWritingTraces(String command, Signal signal) throws Exception {
        Path out = dir.resolve("target/wberr");
        Interruption run = Interruption.start(dir, List.of(command, "--out", out.toString(), "--jobs", "2",
                "--json", out.resolve("matrix.json").toString()));
        run.awaitWork(() -> tracesUnder(out), START);
        run.interrupt(signal);
        assertTrue(run.started() > 0, command + " starts a JVM per model");
        Interruption.assertNoHalfWrittenOutput(out);
        assertFalse(Files.exists(out.resolve("matrix.json")), "the matrix of an interrupted " + command);
    }

    @Test
    void export_interruptedBySigterm_whileWritingTraces_leavesWholeFilesAndNoTlcJvm() throws Exception {
        interruptWhileWritingTraces("export", Signal.TERM);
    }

    @Test
    void check_interruptedBySigint_whileWritingTraces_leavesWholeFilesAndNoTlcJvm() throws Exception {
        interruptWhileWritingTraces("check", Signal.INT);
    }

    @Test
    void scenarioAgainstSpec_interruptedBySigterm_whileTlcJudges_leavesNoJsonAndNoTlcJvm() throws Exception {
        Path json = dir.resolve("out/scenarios.json");
        List<String> args = new java.util.ArrayList<>(List.of("scenario", "--against", "model,spec", "--json",
                json.toString()));
        try (var s = Files.list(Interruption.HOME.resolve("specs/scenarios"))) {
            s.filter(f -> f.toString().endsWith(".scn")).sorted().forEach(f -> args.add(f.toString()));
        }
        Interruption run = Interruption.start(dir, args);
        run.awaitWork(() -> run.running("java"), START);
        run.interrupt(Signal.TERM);
        Interruption.assertNoHalfWrittenOutput(dir.resolve("out"));
        assertFalse(Files.exists(json), "the JSON of an interrupted scenario run");
    }
}
