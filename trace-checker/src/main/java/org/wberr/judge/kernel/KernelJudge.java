package org.wberr.judge.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A real Linux kernel as a judge: every scenario of a batch is translated to the guest's step file by its subject's
 * {@link KernelTranslation}, which also names the kernel built for the scenario's variant; the scenarios of one
 * kernel run in as few boots as the guest allows ({@link KernelRunner}), and the guest's WBERR lines become one
 * {@link StepResult} per step. A scenario the translation says the kernel cannot judge is NOT-JUDGED as a whole;
 * so are the steps the guest cannot perform and everything after them.
 *
 * <p>Per step: {@code status=done} is the kernel's answer ({@code ret=} for a step that returns one: 0 or -errno;
 * for an observation step, the observed value of each stated key, {@code unknown} ones left out);
 * {@code internal} is NOT-JUDGED and the scenario goes on (the kernel takes that step only inside another);
 * {@code precondition-failed} and {@code invalid} are IMPOSSIBLE (the kernel's state does not allow the step);
 * {@code unsupported} is NOT-JUDGED; {@code harness-error} is NOT-JUDGED and a {@link Batch#problems() problem}
 * (the oracle failed, exit 3). A kernel panic during a step (errors=panic): that step returned nothing, and an
 * observation step after it is judged on what the translation reads from the boot's host-side lines
 * ({@link KernelTranslation#afterPanic}). A boot that does not end with the guest's {@code done} (or the panic its
 * last scenario asked for) is an environment failure (exit 3), whatever it printed before.
 */
public final class KernelJudge implements Judge {
    /** The variant whose semantics the stock kernel (6.1, unpatched) has, for fsync. */
    public static final String KERNEL_VARIANT = "v4.17";
    /** The kernel name of the unpatched own build. */
    public static final String STOCK = "stock";
    /** The kernel name of Debian's packaged kernel. */
    public static final String DEBIAN = "debian";

    private final KernelRunner runner;
    private final Path workDir;
    private final Function<Scenario, KernelTranslation> translations;
    private final boolean debianStock;
    /** The kernel every case boots, whatever its variant (patch review), or null: the variant's. */
    private final String onKernel;

    /**
     * @param runner       how to boot
     * @param workDir      where the step files are written (a fresh temporary directory per batch if null)
     * @param translations the translation of a scenario's subject
     * @param debianStock  judge the stock scenarios on Debian's packaged kernel instead of the own stock build (a
     *                     second stock oracle); the scenarios of other variants are then NOT-JUDGED
     */
    public KernelJudge(KernelRunner runner, Path workDir, Function<Scenario, KernelTranslation> translations,
            boolean debianStock) {
        this(runner, workDir, translations, debianStock, null);
    }

    private KernelJudge(KernelRunner runner, Path workDir, Function<Scenario, KernelTranslation> translations,
            boolean debianStock, String onKernel) {
        this.runner = runner;
        this.workDir = workDir;
        this.translations = translations;
        this.debianStock = debianStock;
        this.onKernel = onKernel;
    }

    /**
     * A judge that runs every case on {@code kernel} (run-qemu.sh's --kernel: a variant's, or a user's patched
     * kernel), translated as for the case's variant: patch review runs the same scenarios on two kernels.
     */
    public static KernelJudge on(String kernel, KernelRunner runner, Function<Scenario, KernelTranslation> translations) {
        return new KernelJudge(runner, null, translations, false, kernel);
    }

    public KernelJudge(KernelRunner runner, Path workDir, Function<Scenario, KernelTranslation> translations) {
        this(runner, workDir, translations, false);
    }

    @Override
    public String name() {
        return "kernel";
    }

    /** One boot: the kernel and the cases it runs, in order. */
    record Boot(String kernel, List<Integer> cases) {
    }

    /** Judges every case: per kernel, in as few boots as the guest allows (no boot for a case with nothing to send). */
    @Override
    public Batch judge(List<Case> jobs) {
        List<KernelTranslation.Translation> translated = new ArrayList<>(Collections.nCopies(jobs.size(), null));
        List<String> notJudged = new ArrayList<>(Collections.nCopies(jobs.size(), null));
        for (int i = 0; i < jobs.size(); i++) {
            Case job = jobs.get(i);
            KernelTranslation translation = translations.apply(job.scenario());
            Optional<String> why = translation.notJudged(job.scenario(), job.variant());
            if (why.isPresent()) {
                notJudged.set(i, why.get());
                continue;
            }
            KernelTranslation.Translation t = translation.translate(job.scenario(), job.variant());
            if (onKernel != null) {
                t = new KernelTranslation.Translation(t.text(), t.notSent(), t.sentSteps(), onKernel, t.ownDisk(),
                        t.endsBoot());
            }
            if (debianStock) {
                if (!t.kernel().equals(STOCK)) {
                    notJudged.set(i, "Debian's kernel (--debian-kernel) has the stock semantics; this scenario is"
                            + " judged under " + job.variant() + " (kernel " + t.kernel() + ")");
                    continue;
                }
                t = new KernelTranslation.Translation(t.text(), t.notSent(), t.sentSteps(), DEBIAN, t.ownDisk(),
                        t.endsBoot());
            }
            translated.set(i, t);
        }
        List<List<StepResult>> results = new ArrayList<>(Collections.nCopies(jobs.size(), null));
        List<About> about = new ArrayList<>(Collections.nCopies(jobs.size(), About.NOTHING));
        List<String> problems = new ArrayList<>();
        for (Boot boot : boots(translated)) {
            runBoot(boot, jobs, translated, results, about, problems);
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (results.get(i) != null) {
                continue;
            }
            Scenario s = jobs.get(i).scenario();
            if (notJudged.get(i) != null) {
                String why = notJudged.get(i);
                results.set(i, s.steps().stream().map(step -> StepResult.notJudged(step, why)).toList());
            } else {
                results.set(i, fromTranslation(s, translated.get(i)));
            }
        }
        return new Batch(results, about, problems);
    }

    /**
     * The boots: per kernel, in the order of first appearance, the cases with something to send, at most
     * {@value KernelTranslation.Translation#DISKS_PER_BOOT} with a disk of their own per boot, and a case that
     * ends its boot last.
     */
    static List<Boot> boots(List<KernelTranslation.Translation> translated) {
        Map<String, List<Boot>> byKernel = new LinkedHashMap<>();
        // The cases that end their boot are placed after all others, so that each can close a boot.
        for (boolean enders : new boolean[] {false, true}) {
            for (int i = 0; i < translated.size(); i++) {
                KernelTranslation.Translation t = translated.get(i);
                if (t == null || t.sentSteps() == 0 || t.endsBoot() != enders) {
                    continue;
                }
                List<Boot> boots = byKernel.computeIfAbsent(t.kernel(), k -> new ArrayList<>());
                Boot open = null;
                for (Boot b : boots) {
                    boolean ended = b.cases().stream().anyMatch(c -> translated.get(c).endsBoot());
                    long disks = b.cases().stream().filter(c -> translated.get(c).ownDisk()).count();
                    if (!ended && (!t.ownDisk() || disks < KernelTranslation.Translation.DISKS_PER_BOOT)) {
                        open = b;
                        break;
                    }
                }
                if (open == null) {
                    open = new Boot(t.kernel(), new ArrayList<>());
                    boots.add(open);
                }
                open.cases().add(i);
            }
        }
        List<Boot> all = new ArrayList<>();
        byKernel.values().forEach(all::addAll);
        return all;
    }

    private void runBoot(Boot boot, List<Case> jobs, List<KernelTranslation.Translation> translated,
            List<List<StepResult>> results, List<About> about, List<String> problems) {
        Path dir;
        List<Path> files = new ArrayList<>();
        try {
            dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("wberr-kernel-");
            for (int c : boot.cases()) {
                // run-qemu.sh names each file NNN-<base name> in the guest; a directory per file keeps equal
                // base names apart here.
                Path f = Files.createDirectories(dir.resolve(String.format("%s-%03d", boot.kernel(), files.size() + 1)))
                        .resolve(baseName(jobs.get(c).scenario()) + ".steps");
                Files.writeString(f, translated.get(c).text());
                files.add(f);
            }
        } catch (IOException e) {
            throw WberrException.environment("kernel: cannot write the step files: " + e.getMessage(), e);
        }
        KernelRunner.Run run = runner.run(files, boot.kernel());
        KernelOutput out = KernelOutput.parse(run.lines());
        if (run.exitCode() != 0 || !out.complete()) {
            String host = out.host().map(h -> ", host status=" + h.get("status", "?")
                    + h.get("log").map(l -> ", console log " + l).orElse("")).orElse("");
            String fatal = out.fatal().map(f -> "; the guest said: " + f.get("reason", f.raw())).orElse("");
            throw new WberrException(ExitCode.ENVIRONMENT, "kernel: the boot of " + boot.kernel() + " did not complete"
                    + " (run-qemu.sh exit " + run.exitCode() + host + "); it stopped " + out.lastSeen() + fatal
                    + run.diagnostics());
        }
        if (workDir == null) {
            deleteQuietly(dir, files);
        }
        Map<String, String> kernel = out.kernelFacts();
        for (int k = 0; k < boot.cases().size(); k++) {
            int c = boot.cases().get(k);
            Scenario s = jobs.get(c).scenario();
            int index = k + 1;
            KernelOutput.ScenarioOutput so = out.scenario(index).orElseThrow(() -> new WberrException(
                    ExitCode.ENVIRONMENT, "kernel: the guest never began scenario " + index + " (" + s.source()
                    + ") of the boot of " + boot.kernel()));
            results.set(c, mapScenario(s, translated.get(c), translations.apply(s), so, problems));
            about.set(c, about(kernel, so));
        }
    }

    /** The kernel that judged a case, and e2fsck's verdict on its disk if it had one. */
    private static About about(Map<String, String> kernel, KernelOutput.ScenarioOutput so) {
        Map<String, String> facts = new LinkedHashMap<>(kernel);
        List<String> notes = new ArrayList<>();
        so.fsck().ifPresent(f -> {
            String differences = f.get("bitmap_differences", "");
            String verdict = f.get("rc", "?").equals("0") ? "clean"
                    : "errors (exit " + f.get("rc", "?") + ")" + (differences.isEmpty() ? ""
                    : ": block bitmap differences " + differences);
            facts.put("fsck", verdict);
            notes.add("e2fsck -fn on the scenario's disk after the boot" + (f.get("journal_replay", "none")
                    .equals("done") ? " (journal replayed first)" : "") + ": " + verdict);
        });
        so.panic().ifPresent(p -> {
            String line = so.doing(KernelOutput.intOf(p.get("n", ""), -1)).map(d -> "line " + d.get("line", "?"))
                    .orElse("step " + p.get("n", "?"));
            facts.put("panic", p.get("text", "?"));
            notes.add("the kernel panicked during the step on " + line + ": " + p.get("text", "?"));
        });
        String heading = "kernel " + kernel.getOrDefault("release", "?") + (kernel.containsKey("package")
                ? " " + kernel.getOrDefault("kernel", "") + " (" + kernel.get("package") + ")"
                : kernel.containsKey("version") ? " (" + kernel.get("version") + ")" : "");
        return new About(heading, notes, facts);
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
            KernelTranslation translation, KernelOutput.ScenarioOutput so, List<String> problems) {
        String endStatus = so.end().map(e -> e.get("status", "?")).orElse(so.panic().isPresent() ? "in a panic" : "?");
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
        // The step during which the kernel panicked: the panic line's n, whose doing line gives its scenario line.
        int panicked = so.panic().flatMap(p -> so.doing(KernelOutput.intOf(p.get("n", ""), -1)))
                .map(d -> KernelOutput.intOf(d.get("line", ""), -1)).orElse(-1);
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
                if (panicked > 0 && step.line() == panicked) {
                    results.add(StepResult.done(step, "the kernel panicked during this step: it did not return"));
                } else if (panicked > 0 && step.line() > panicked) {
                    results.add(afterPanic(step, panicked, translation, so));
                } else {
                    results.add(StepResult.notJudged(step, stoppedBy != null ? stoppedBy
                            : "not run by the guest (scenario ended " + endStatus + ")"));
                }
                continue;
            }
            WberrLine l = line.get();
            String status = l.get("status", "?");
            String state = observation(l, so.kmsgs(KernelOutput.intOf(l.get("n", ""), -1)));
            switch (status) {
                case "done" -> results.add(done(step, l, state, problems, scenario));
                case "internal" -> results.add(StepResult.notJudged(step, "the kernel takes this step only inside"
                        + " another: " + l.get("reason", "internal")));
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

    /** A step the guest performed: its return value, or what it observed of each stated key. */
    private static StepResult done(Step step, WberrLine l, String state, List<String> problems, Scenario scenario) {
        if (!step.expectedValues().isEmpty()) {
            return observed(step, k -> l.get(k), "the guest observed none of the stated keys (" + l.get("asked", "")
                    + ")", state);
        }
        if (!step.returnsValue()) {
            return StepResult.done(step, state);
        }
        int ret = KernelOutput.intOf(l.get("ret", ""), Integer.MIN_VALUE);
        if (ret == Integer.MIN_VALUE) {
            problems.add(scenario.at(step.line()) + ": the guest's step line has no ret: " + l.raw());
            return StepResult.notJudged(step, "no ret= in the guest's line");
        }
        return StepResult.returned(step, ret, state);
    }

    /**
     * An observation: the stated keys whose values {@code values} knows (not {@code unknown}), in the step's order;
     * NOT-JUDGED with {@code none} when it knows none.
     */
    private static StepResult observed(Step step, Function<String, Optional<String>> values, String none,
            String state) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String key : step.expectedValues().keySet()) {
            values.apply(key).filter(v -> !v.equals("unknown")).ifPresent(v -> seen.put(key, v));
        }
        if (seen.isEmpty()) {
            return StepResult.notJudged(step, none);
        }
        return StepResult.observed(step, Step.observation(seen), state);
    }

    /** A step after the panic at line {@code panicked}: an observation step is judged on what the disk tells. */
    private static StepResult afterPanic(Step step, int panicked, KernelTranslation translation,
            KernelOutput.ScenarioOutput so) {
        String why = "not run: the kernel panicked at line " + panicked;
        if (step.expectedValues().isEmpty()) {
            return StepResult.notJudged(step, why);
        }
        Map<String, String> known = translation.afterPanic(step, so);
        return observed(step, k -> Optional.ofNullable(known.get(k)), why + ", and the disk does not tell these keys",
                "after the panic, from the disk");
    }

    /** What the guest observed during a step, for --state: page states, errseq changes, ext4's counters, kernel log. */
    private static String observation(WberrLine l, List<String> kmsgs) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("pages", "wb_err_prev", "cursor", "evicted", "update", "bitmap_reads", "bitmap_writes",
                "ext4_errors", "rdonly", "bdev_wb_err_prev", "pool_free")) {
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
