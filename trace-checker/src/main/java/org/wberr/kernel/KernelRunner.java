package org.wberr.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * Boots a kernel once and runs step files in it: {@link QemuKernelRunner} for real, a recorded output in
 * tests. Environment failures before the boot (dependencies missing, build failed) are thrown as
 * {@link org.wberr.core.WberrException} (exit 3); what happened during the boot is in the returned run.
 */
public interface KernelRunner {

    /**
     * The outcome of one boot.
     *
     * @param exitCode    run-qemu.sh's exit status (0: the guest said {@code done})
     * @param lines       its stdout: the WBERR lines
     * @param diagnostics the tail of its stderr, for messages
     */
    record Run(int exitCode, List<String> lines, String diagnostics) {
        public Run {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Runs {@code stepFiles} in this order, all in one boot of {@code kernel}: {@code debian} (Debian's packaged
     * kernel) or one of the oracle's own builds ({@code stock}, or a variant's name: run-qemu.sh's --kernel).
     */
    Run run(List<Path> stepFiles, String kernel);
}
