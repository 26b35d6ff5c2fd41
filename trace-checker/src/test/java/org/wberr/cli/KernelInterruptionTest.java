package org.wberr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.cli.Interruption.Signal;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * SIGTERM and SIGINT while {@code wberr kernel} boots a scenario's kernel under QEMU (profile kernel: it needs QEMU
 * and a kernel, which the first run builds, see {@code ShippedScenariosOnKernelTest}): wberr ends, QEMU with it, and
 * no --json is left half-written.
 */
@Tag("kernel")
class KernelInterruptionTest {
    /** Long enough for installing QEMU and building the stock kernel on a fresh machine. */
    static final Duration START = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    void interruptWhileQemuRuns(Signal signal) throws Exception {
        Path json = dir.resolve("out/kernel.json");
        Path scenario = Interruption.HOME.resolve("specs/scenarios/nrpages-zero.scn");
        Interruption run = Interruption.start(dir, List.of("kernel", scenario.toString(), "--json", json.toString()));
        run.awaitWork(() -> run.running("qemu-system"), START);
        run.interrupt(signal);
        Interruption.assertNoHalfWrittenOutput(dir.resolve("out"));
        assertFalse(Files.exists(json), "the JSON of an interrupted kernel run");
    }

    @Test
    void kernel_interruptedBySigterm_whileQemuRuns_leavesNoQemuAndNoJson() throws Exception {
        interruptWhileQemuRuns(Signal.TERM);
    }

    @Test
    void kernel_interruptedBySigint_whileQemuRuns_leavesNoQemuAndNoJson() throws Exception {
        interruptWhileQemuRuns(Signal.INT);
    }
}
