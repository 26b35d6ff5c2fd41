package org.wberr.judge.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.kernel.KernelOutput;
import org.wberr.kernel.KernelRunner;
import org.wberr.kernel.WberrLine;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * A real Linux kernel as a judge: every scenario of a batch is translated to the guest's step file by its
 * subject's {@link KernelTranslation} and all of them run in one boot ({@link KernelRunner}); the guest's WBERR
 * lines become one {@link StepResult} per step. A scenario the translation says the kernel cannot judge (another
 * variant than the kernel's, a subject the guest has no steps for) is NOT-JUDGED as a whole; so are the steps the
 * guest cannot perform and everything after them.
 *
 * <p>Per step: {@code status=done} is the kernel's answer ({@code ret=} for a step that returns one: 0 or
 * -errno);
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
    private final Function<Scenario, KernelTranslation> translations;

    /**
     * @param runner  how to boot
     * @param workDir where the step files are written (a fresh temporary directory per batch if null)
     * @param translations the translation of a scenario's subject
     */
    public KernelJudge(KernelRunner runner, Path workDir, Function<Scenario, KernelTranslation> translations) {
        this.runner = runner;
        this.workDir = workDir;
        this.translations = translations;
    }

    @Override
    public String name() {
        return "kernel";
    }

    /** Judges every case in one boot (no boot if no case has a step the kernel can run). */
    @Override
    public Batch judge(List<Case> jobs) {
        List<KernelTranslation.Translation> translations = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> bootIndex = new ArrayList<>();
        Path dir = null;
        for (Case job : jobs) {
            KernelTranslation translation = this.translations.apply(job.scenario());
            if (translation.notJudged(job.scenario(), job.variant()).isPresent()) {
                translations.add(null);
                bootIndex.add(-1);
                continue;
            }
            KernelTranslation.Translation t = translation.translate(job.scenario());
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
            Case job = jobs.get(i);
            KernelTranslation.Translation t = translations.get(i);
            if (t == null) {
                String why = this.translations.apply(job.scenario()).notJudged(job.scenario(), job.variant()).get();
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
        return new Batch(results, Optional.ofNullable(out).map(k -> "kernel " + k.kernel()), problems);
    }

    private static List<StepResult> fromTranslation(Scenario scenario, KernelTranslation.Translation t) {
        List<StepResult> r = new ArrayList<>();
        for (int k = 0; k < scenario.steps().size(); k++) {
            r.add(StepResult.notJudged(scenario.steps().get(k), t.notSent().get(k).orElse("not run")));
        }
        return r;
    }

    /** The kernel's results for one scenario, from its WBERR lines. */
    static List<StepResult> mapScenario(Scenario scenario, KernelTranslation.Translation t,
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
