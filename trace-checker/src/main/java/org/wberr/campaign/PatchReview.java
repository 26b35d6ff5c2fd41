package org.wberr.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.wberr.judge.Judge;
import org.wberr.judge.ModelJudge;
import org.wberr.judge.ScenarioModel;
import org.wberr.judge.SideBySide;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * Review of a user's kernel patch: the same scenarios on the base variant's kernel and on that kernel with the
 * patch; every step whose result changed, and for each variant of the model whether the patched kernel agrees with
 * it on every step both judged (the model's story read through the abstractions the model names, which hold on
 * every variant's kernel: ext4 records ENOSPC as EIO whatever the patch), or the first step where it does not.
 */
public final class PatchReview {
    private final Function<String, Judge> kernelOn;
    private final BiFunction<String, String, Scenario> parser;
    private final ModelJudge model;
    private final GuestMoves moves;
    private final List<String> variants;
    private final Consumer<String> progress;

    /**
     * @param kernelOn a kernel judge that boots the named kernel for every case
     * @param parser   parses a scenario file: (source, text)
     * @param models   the Java model of a scenario's subject
     * @param moves    the subject's abstractions
     * @param variants the subject's variants, in order
     */
    public PatchReview(Function<String, Judge> kernelOn, BiFunction<String, String, Scenario> parser,
            Function<Scenario, ScenarioModel> models, GuestMoves moves, List<String> variants,
            Consumer<String> progress) {
        this.kernelOn = kernelOn;
        this.parser = parser;
        this.model = new ModelJudge(models);
        this.moves = moves;
        this.variants = List.copyOf(variants);
        this.progress = progress;
    }

    /** A step whose result changed: its line, text, and the two kernels' answers. */
    public record StepChange(int line, String step, String base, String patched) {
    }

    /** A scenario with steps whose results changed. */
    public record Changed(String scenario, List<StepChange> steps) {
    }

    /**
     * How the patched kernel fits one variant of the model.
     *
     * @param variant   the variant
     * @param compared  steps both judged, over every scenario
     * @param scenarios scenarios it agrees with on every step
     * @param first     the first disagreeing step ({@code file:line: step: model X, kernel Y}), if any
     */
    public record Fit(String variant, long compared, int scenarios, Optional<String> first) {
        public boolean agrees() {
            return first.isEmpty();
        }
    }

    /** The review: the scenarios, those whose results changed, and the fit of each variant. */
    public record Report(String base, String patch, int scenarios, List<Changed> changed, List<Fit> fits) {
        /** The variants the patched kernel agrees with on every judged step. */
        public List<String> agreeing() {
            return fits.stream().filter(Fit::agrees).map(Fit::variant).toList();
        }

        /** The report people read; at most {@code shown} changed scenarios in full. */
        public List<String> lines(int shown) {
            List<String> l = new ArrayList<>();
            l.add(String.format(Locale.ROOT, "patch review: %s on %s: %d scenarios on both kernels, %d with changed"
                    + " results", patch, base, scenarios, changed.size()));
            for (int i = 0; i < changed.size(); i++) {
                Changed c = changed.get(i);
                if (i == shown) {
                    List<String> rest = changed.subList(shown, changed.size()).stream().map(Changed::scenario).toList();
                    l.add("  ... and " + rest.size() + " more: " + String.join(", ", rest.subList(0,
                            Math.min(rest.size(), shown))) + (rest.size() > shown ? ", ..." : ""));
                    break;
                }
                l.add("  " + c.scenario());
                l.add(String.format(Locale.ROOT, "    %4s  %-18s  %-10s  %s", "line", "step", "base", "patched"));
                c.steps().forEach(s -> l.add(String.format(Locale.ROOT, "    %4d  %-18s  %-10s  %s", s.line(),
                        s.step(), s.base(), s.patched())));
            }
            l.add("the patched kernel against each variant of the model (every step both judged):");
            for (Fit f : fits) {
                l.add(String.format(Locale.ROOT, "  %-14s %s", f.variant(), f.agrees()
                        ? String.format(Locale.ROOT, "agrees: all %d scenarios, %,d results", scenarios, f.compared())
                        : String.format(Locale.ROOT, "disagrees (%d of %d scenarios agree); first: %s", f.scenarios(),
                                scenarios, f.first().get())));
            }
            List<String> agree = agreeing();
            l.add(agree.isEmpty() ? "verdict: no variant of the model agrees with the patched kernel"
                    : "verdict: the patched kernel behaves as " + String.join(" and as ", agree));
            return l;
        }
    }

    /** Runs {@code scenarios} on {@code baseKernel} and {@code patchedKernel} (the base variant is {@code base}). */
    public Report review(String base, String patch, String baseKernel, String patchedKernel,
            List<Scenario> scenarios) {
        List<Judge.Case> cases = scenarios.stream().map(s -> new Judge.Case(s, base)).toList();
        progress.accept("review: " + scenarios.size() + " scenarios on the base kernel (" + baseKernel + ")");
        Judge.Batch before = kernelOn.apply(baseKernel).judge(cases);
        progress.accept("review: the same on the patched kernel (" + patchedKernel + ")");
        Judge.Batch after = kernelOn.apply(patchedKernel).judge(cases);
        List<String> problems = new ArrayList<>(before.problems());
        problems.addAll(after.problems());
        if (!problems.isEmpty()) {
            throw new org.wberr.core.WberrException(org.wberr.core.ExitCode.ENVIRONMENT,
                    "review: the kernel oracle failed:\n  " + String.join("\n  ", problems));
        }
        List<Changed> changed = new ArrayList<>();
        List<Scenario> read = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Scenario bare = parser.apply(s.source(), Expectations.strip(s.text()));
            Map<String, List<StepResult>> both = new LinkedHashMap<>();
            both.put("base", before.results().get(i));
            both.put("patched", after.results().get(i));
            List<StepChange> steps = new ArrayList<>();
            for (SideBySide.Row r : new SideBySide(bare, base, both).disagreements()) {
                steps.add(new StepChange(r.step().line(), r.step().text(), answer(r, "base"), answer(r, "patched")));
            }
            if (!steps.isEmpty()) {
                changed.add(new Changed(s.source(), steps));
            }
            String abstracted = bare.text();
            for (Abstraction a : moves.abstractions()) {
                abstracted = a.apply(abstracted);
            }
            read.add(parser.apply(s.source(), abstracted));
        }
        List<Fit> fits = new ArrayList<>();
        for (String v : variants) {
            long compared = 0;
            int agreeing = 0;
            Optional<String> first = Optional.empty();
            for (int i = 0; i < read.size(); i++) {
                Scenario s = read.get(i);
                Map<String, List<StepResult>> both = new LinkedHashMap<>();
                both.put("model", model.judge(s, v));
                both.put("kernel", after.results().get(i));
                SideBySide side = new SideBySide(s, v, both);
                compared += side.rows().stream().filter(SideBySide.Row::checked).count();
                Optional<SideBySide.Row> d = side.disagreements().stream().findFirst();
                if (d.isEmpty()) {
                    agreeing++;
                } else if (first.isEmpty()) {
                    SideBySide.Row r = d.get();
                    first = Optional.of(s.at(r.step().line()) + ": " + r.step().text() + ": model "
                            + answer(r, "model") + ", kernel " + answer(r, "kernel"));
                }
            }
            fits.add(new Fit(v, compared, agreeing, first));
        }
        return new Report(base, patch, scenarios.size(), changed, fits);
    }

    private static String answer(SideBySide.Row r, String judge) {
        return r.results().get(judge).flatMap(SideBySide::answer).orElse("not judged");
    }
}
