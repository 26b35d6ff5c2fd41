package org.wberr.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.wberr.core.WberrException;
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.scenario.Scenario;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wberr kernel SCENARIO...}: runs fsync scenarios on a real Linux kernel (Debian 12's 6.1) under QEMU,
 * all in one boot, and compares each result with the scenario's {@code => RESULT}.
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Runs scenario files on a real Linux kernel (Debian 12's 6.1, v4.17 semantics) in a QEMU",
                "guest, all in one boot, and checks their '=> RESULT' expectations. Installs what it needs",
                "with trace-checker/src/main/kernel/install-deps.sh (apt-get: root) and builds the guest.",
                "Steps the kernel cannot judge (writeback ENOSPC, writeback-start/-end, ext4 steps, and",
                "every later step; scenarios of another variant) show as NOT-JUDGED. 'stat' runs as",
                "ioctl(FS_IOC_FIEMAP) with FIEMAP_FLAG_SYNC, ext4's caller of filemap_write_and_wait (its",
                "stat(2) checks no error). Progress goes to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every judged step met its expectation",
                "1:a kernel result differs from its expectation",
                "2:bad input: syntax, unknown variant, fd not open",
                "3:the oracle failed: dependencies missing (not root), QEMU or the guest failed, timeout"})
public final class KernelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", arity = "1..*", description = "scenario files (specs/scenarios/*.scn)")
    List<String> files;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "limit of the whole boot (default: 60 + 10 per scenario)")
    Integer timeout;

    @Option(names = "--state", description = "print what the guest observed after each step (page states,"
            + " errseq changes, kernel log)")
    boolean showState;

    @Override
    public Integer call() {
        if (timeout != null && timeout <= 0) {
            throw WberrException.badInput("--timeout", "must be a positive number of seconds, not " + timeout);
        }
        List<Scenario> scenarios = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (String file : files) {
            Scenario s = Subjects.scenarioParser().parse(path(file), file);
            scenarios.add(s);
            variants.add(s.variant().orElse(KernelJudge.KERNEL_VARIANT));
        }
        return Judges.run(List.of("kernel"), scenarios, variants, null,
                timeout == null ? null : Duration.ofSeconds(timeout), showState, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw WberrException.badInput(file, "not a valid path: " + e.getReason());
        }
    }
}
