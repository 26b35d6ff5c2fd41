package org.wberr.judge.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.kernel.KernelOutput;
import org.wberr.kernel.KernelRunner;
import org.wberr.kernel.WberrLine;
import org.wberr.model.vfs.Variant;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * A real Linux kernel as a judge: every scenario of a batch is translated to the guest's step file
 * ({@link StepsTranslator}) and all of them run in one boot ({@link KernelRunner}); the guest's WBERR lines
 * become one {@link StepResult} per step. The kernel has one semantics (Debian 12's 6.1: {@code v4.17}), so a
 * scenario judged under another variant is NOT-JUDGED as a whole, and so is every scenario of subject ext4
 * (the guest's harness has no ext4 steps); so are the steps the guest cannot
 * perform and everything after them.
 *
 * <p>Per step: {@code status=done} is the kernel's answer ({@code ret=} for fsync, and for stat, which runs as
 * FS_IOC_FIEMAP with FIEMAP_FLAG_SYNC (see {@link StepsTranslator}): 0 or -errno);
 * {@code precondition-failed} and {@code invalid} are IMPOSSIBLE (the kernel's state does not allow the step);
 * {@code unsupported} is NOT-JUDGED; {@code harness-error} is NOT-JUDGED and a {@link Batch#problems() problem}
 * (the oracle failed, exit 3). A boot that does not end with the guest's {@code done} is an environment
 * failure (exit 3), whatever it printed before.
 */
public final class KernelJudge implements Judge {
    /** The variant whose semantics the kernel has (6.1). */
    public static final String KERNEL_VARIANT = "v4.17";

    private final KernelRunner runner;
    private final Path workDir;

    /**
     * @param runner  how to boot
     * @param workDir where the step files are written (a fresh temporary directory per batch if null)
     */
    public KernelJudge(KernelRunner runner, Path workDir) {
        this.runner = runner;
        this.workDir = workDir;
    }

    /** One scenario to judge and the variant it is judged under. */
    public record Job(Scenario scenario, String variant) {
    }

    /**
     * The kernel's answers for a batch.
     *
     * @param results  per job, one result per step of its scenario, in order
     * @param kernel   the kernel that answered ({@code uname -r} and version), or empty if nothing booted
     * @param problems failures of the oracle itself (harness errors, skipped scenarios); non-empty means exit 3
     */
    public record Batch(List<List<StepResult>> results, Optional<String> kernel, List<String> problems) {
    }

    @Override
    public String name() {
        return "kernel";
    }

    /** Every model variant: the scenario's variant is resolved as for the model; only v4.17 is judged. */
    @Override
    public List<String> variants() {
        return Arrays.stream(Variant.values()).map(Variant::id).collect(Collectors.toList());
    }

    @Override
    public List<StepResult> judge(Scenario scenario, String variant) {
        return judgeAll(List.of(new Job(scenario, variant))).results().get(0);
    }

    /** Judges every job in one boot (no boot if no job has a step the kernel can run). */
    public Batch judgeAll(List<Job> jobs) {
        List<StepsTranslator.Translation> translations = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> bootIndex = new ArrayList<>();
        Path dir = null;
        for (Job job : jobs) {
            if (notJudged(job) != null) {
                translations.add(null);
                bootIndex.add(-1);
                continue;
            }
            StepsTranslator.Translation t = StepsTranslator.translate(job.scenario());
            translations.add(t);
            if (t.sentSteps() == 0) {
                bootIndex.add(-1);
                continue;
            }
            try {
                if (dir == null) {
                    dir = workDir != null ? Files.createDirectories(workDir)
                            : Files.createTempDirectory("wberr-kernel-");
                }
                // run-qemu.sh names each file NNN-<base name> in the guest; a directory per file keeps equal
                // base names apart here.
                Path f = Files.createDirectories(dir.resolve(String.format("%03d", files.size() + 1)))
                        .resolve(baseName(job.scenario()) + ".steps");
                Files.writeString(f, t.text());
                files.add(f);
                bootIndex.add(files.size());
            } catch (IOException e) {
                throw WberrException.environment("kernel: cannot write the step files: " + e.getMessage(), e);
            }
        }
        KernelOutput out = null;
        if (!files.isEmpty()) {
            KernelRunner.Run run = runner.run(files);
            out = KernelOutput.parse(run.lines());
            if (run.exitCode() != 0 || !out.complete()) {
                String host = out.host().map(h -> ", host status=" + h.get("status", "?")
                        + h.get("log").map(l -> ", console log " + l).orElse("")).orElse("");
                String fatal = out.fatal().map(f -> "; the guest said: " + f.get("reason", f.raw())).orElse("");
                throw new WberrException(ExitCode.ENVIRONMENT, "kernel: the boot did not complete (run-qemu.sh exit "
                        + run.exitCode() + host + "); it stopped " + out.lastSeen() + fatal + run.diagnostics());
            }
            if (dir != null && workDir == null) {
                deleteQuietly(dir, files);
            }
        }
        List<List<StepResult>> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            StepsTranslator.Translation t = translations.get(i);
            if (t == null) {
                String why = notJudged(job);
                results.add(job.scenario().steps().stream().map(s -> StepResult.notJudged(s, why)).toList());
                continue;
            }
            if (bootIndex.get(i) < 0) {
                results.add(fromTranslation(job.scenario(), t));
                continue;
            }
            int index = bootIndex.get(i);
            KernelOutput.ScenarioOutput so = out.scenario(index).orElseThrow(() -> new WberrException(
                    ExitCode.ENVIRONMENT, "kernel: the guest never began scenario " + index + " ("
                            + job.scenario().source() + ")"));
            results.add(mapScenario(job.scenario(), t, so, problems));
        }
        return new Batch(results, Optional.ofNullable(out).map(KernelOutput::kernel), problems);
    }

    /** Why a job is NOT-JUDGED as a whole (another subject, another variant), or null if the guest runs it. */
    private static String notJudged(Job job) {
        if (!Scenario.FSYNC.equals(job.scenario().subject())) {
            return "the kernel judge runs fsync stories only (the guest's harness has no " + job.scenario().subject()
                    + " steps)";
        }
        if (!KERNEL_VARIANT.equals(job.variant())) {
            return "the kernel is " + KERNEL_VARIANT + " (6.1); this scenario is judged under " + job.variant();
        }
        return null;
    }

    private static List<StepResult> fromTranslation(Scenario scenario, StepsTranslator.Translation t) {
        List<StepResult> r = new ArrayList<>();
        for (int k = 0; k < scenario.steps().size(); k++) {
            r.add(StepResult.notJudged(scenario.steps().get(k), t.notSent().get(k).orElse("not run")));
        }
        return r;
    }

    /** The kernel's results for one scenario, from its WBERR lines. */
    static List<StepResult> mapScenario(Scenario scenario, StepsTranslator.Translation t,
            KernelOutput.ScenarioOutput so, List<String> problems) {
        String endStatus = so.end().map(e -> e.get("status", "?")).orElse("?");
        if (endStatus.equals("invalid")) {
            throw new WberrException(ExitCode.ENVIRONMENT, "kernel: the guest rejected the step file of "
                    + scenario.source() + ": " + so.end().get().get("reason", "no reason given")
                    + " (a bug of the translation to the guest's grammar)");
        }
        if (endStatus.equals("skipped") || endStatus.equals("harness-error")) {
            problems.add(scenario.source() + ": the guest " + (endStatus.equals("skipped")
                    ? "skipped it (an earlier scenario left the file system broken)"
                    : "could not set it up: " + so.end().get().get("reason", "no reason given")));
        }
        List<StepResult> results = new ArrayList<>();
        String stoppedBy = null;
        for (int k = 0; k < scenario.steps().size(); k++) {
            Step step = scenario.steps().get(k);
            Optional<String> notSent = t.notSent().get(k);
            if (notSent.isPresent()) {
                results.add(StepResult.notJudged(step, notSent.get()));
                continue;
            }
            Optional<WberrLine> line = so.stepAtLine(step.line());
            if (line.isEmpty()) {
                results.add(StepResult.notJudged(step, stoppedBy != null ? stoppedBy
                        : "not run by the guest (scenario ended " + endStatus + ")"));
                continue;
            }
            WberrLine l = line.get();
            String status = l.get("status", "?");
            String state = observation(l, so.kmsgs(KernelOutput.intOf(l.get("n", ""), -1)));
            switch (status) {
                case "done" -> {
                    if (!step.returnsValue()) {
                        results.add(StepResult.done(step, state));
                        break;
                    }
                    int ret = KernelOutput.intOf(l.get("ret", ""), Integer.MIN_VALUE);
                    if (ret == Integer.MIN_VALUE) {
                        problems.add(scenario.at(step.line()) + ": the guest's step line has no ret: " + l.raw());
                        results.add(StepResult.notJudged(step, "no ret= in the guest's line"));
                    } else {
                        results.add(StepResult.returned(step, ret, state));
                    }
                }
                case "precondition-failed", "invalid" -> {
                    results.add(StepResult.impossible(step, "the kernel refused it (" + status + "): "
                            + l.get("reason", "no reason given")));
                    stoppedBy = "not run: the guest stopped the scenario at line " + step.line();
                }
                case "unsupported" -> {
                    results.add(StepResult.notJudged(step, l.get("reason", "unsupported on the kernel")));
                    stoppedBy = "not run: the guest stopped the scenario at line " + step.line();
                }
                default -> {
                    problems.add(scenario.at(step.line()) + ": " + step.text() + ": the guest's harness failed ("
                            + status + "): " + l.get("reason", "no reason given"));
                    results.add(StepResult.notJudged(step, "harness error: " + l.get("reason", status)));
                    stoppedBy = "not run: the guest stopped the scenario at line " + step.line();
                }
            }
        }
        return results;
    }

    /** What the guest observed during a step, for --state: page states, errseq changes, kernel log. */
    private static String observation(WberrLine l, List<String> kmsgs) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("pages", "wb_err_prev", "cursor", "evicted")) {
            l.get(k).ifPresent(v -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        }
        for (String m : kmsgs) {
            b.append(b.length() == 0 ? "" : " | ").append("kmsg: ").append(m);
        }
        return b.toString();
    }

    private static String baseName(Scenario s) {
        String name = Path.of(s.source()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteQuietly(Path dir, List<Path> files) {
        try {
            for (Path f : files) {
                Files.deleteIfExists(f);
                Files.deleteIfExists(f.getParent());
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary file; harmless.
        }
    }
}
