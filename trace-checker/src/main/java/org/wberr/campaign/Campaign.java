package org.wberr.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.wberr.core.AtomicFiles;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.judge.ScenarioModel;
import org.wberr.judge.SideBySide;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * A campaign: generated scenarios run on the kernel of their variant, in boots of up to {@code perBoot} scenarios,
 * {@code guests} boots at a time, and each kernel result compared with the spec's expectation and the Java model
 * ({@link Verdicts}). Every disagreement is either explained by an abstraction the model names, or shrunk
 * ({@link Shrinker}) to a minimal scenario written to {@code outDir} (at most {@link #MAX_SHRUNK} per campaign;
 * the others are listed).
 */
public final class Campaign {
    /** The guest's limit of scenario files per boot (wberr-guest.c). */
    public static final int GUEST_FILES_PER_BOOT = 999;
    /** At most this many unexplained disagreements are shrunk per campaign (each takes a boot per round). */
    static final int MAX_SHRUNK = 10;

    /**
     * How a campaign runs.
     *
     * @param guests  boots at a time (QEMU guests; each takes one core)
     * @param perBoot scenarios per boot, at most {@link #GUEST_FILES_PER_BOOT}; 0: as few boots as the guests allow
     * @param outDir  where minimal scenarios are written
     */
    public record Options(int guests, int perBoot, Path outDir) {
    }

    private final Function<Consumer<String>, Judge> kernels;
    private final BiFunction<SideBySide, SideBySide.Row, String> describe;
    private final BiFunction<String, String, Scenario> parser;
    private final Verdicts verdicts;
    private final GuestMoves moves;
    private final Options options;
    private final Consumer<String> progress;

    /**
     * @param kernels  makes a kernel judge whose boots report their progress lines to the given consumer
     * @param parser   parses a scenario file: (source, text)
     * @param models   the Java model of a scenario's subject
     * @param moves    the subject's guest steps and abstractions
     * @param describe a disagreeing step in words, as the reports write it (file:line: step: expected X; judge Y, ...)
     * @param progress progress lines
     */
    public Campaign(Function<Consumer<String>, Judge> kernels, BiFunction<String, String, Scenario> parser,
            Function<Scenario, ScenarioModel> models, GuestMoves moves,
            BiFunction<SideBySide, SideBySide.Row, String> describe, Options options, Consumer<String> progress) {
        if (options.guests() < 1 || options.perBoot() < 0 || options.perBoot() > GUEST_FILES_PER_BOOT) {
            throw new IllegalArgumentException("guests " + options.guests() + ", per boot " + options.perBoot());
        }
        this.kernels = kernels;
        this.describe = describe;
        this.parser = parser;
        this.verdicts = new Verdicts(parser, models, moves.abstractions());
        this.moves = moves;
        this.options = options;
        this.progress = progress;
    }

    /** Runs the generated scenarios of one variant; {@code seed} and {@code shard} are recorded in the result. */
    public CampaignResult run(String variant, long seed, Shard shard, Generator.Generation generation) {
        List<Generator.Generated> generated = generation.scenarios();
        long start = System.nanoTime();
        List<Scenario> scenarios = generated.stream().map(g -> parser.apply(g.name(), g.text())).toList();
        List<List<Integer>> boots = boots(scenarios.size());
        List<List<StepResult>> results = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            results.add(null);
        }
        AtomicInteger done = new AtomicInteger();
        int every = Math.max(1, scenarios.size() / 20);
        progress.accept(String.format("campaign %s: %,d scenarios in %d boot%s, %d at a time", variant,
                scenarios.size(), boots.size(), boots.size() == 1 ? "" : "s", Math.min(options.guests(),
                        Math.max(1, boots.size()))));
        Consumer<String> bootProgress = line -> {
            if (line.contains("  scenario ")) {
                int d = done.incrementAndGet();
                if (d % every == 0 || d == scenarios.size()) {
                    progress.accept(String.format("campaign %s: %,d of %,d scenarios run (%.0f s)", variant, d,
                            scenarios.size(), (System.nanoTime() - start) / 1e9));
                }
            } else if (!line.contains("  booted ") && !line.contains("  guest finished ")) {
                progress.accept(line);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.guests(), boots.size())));
        try {
            List<Future<Judge.Batch>> futures = new ArrayList<>();
            for (List<Integer> boot : boots) {
                List<Judge.Case> cases = boot.stream().map(i -> new Judge.Case(scenarios.get(i), variant)).toList();
                futures.add(pool.submit(() -> kernels.apply(bootProgress).judge(cases)));
            }
            List<String> problems = new ArrayList<>();
            for (int b = 0; b < boots.size(); b++) {
                Judge.Batch batch = get(futures.get(b));
                problems.addAll(batch.problems());
                for (int k = 0; k < boots.get(b).size(); k++) {
                    results.set(boots.get(b).get(k), batch.results().get(k));
                }
            }
            if (!problems.isEmpty()) {
                throw new WberrException(org.wberr.core.ExitCode.ENVIRONMENT, "campaign: the kernel oracle failed:\n  "
                        + String.join("\n  ", problems));
            }
        } finally {
            pool.shutdownNow();
        }
        long runMs = (System.nanoTime() - start) / 1_000_000;
        int agree = 0;
        long steps = 0;
        long judged = 0;
        long compared = 0;
        Map<String, Integer> explained = new LinkedHashMap<>();
        moves.abstractions().forEach(a -> explained.put(a.name(), 0));
        List<CampaignResult.Disagreement> unexplained = new ArrayList<>();
        int shrinkBoots = 0;
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Verdicts.Verdict v = verdicts.judge(s, variant, results.get(i));
            steps += s.steps().size();
            judged += v.judged();
            compared += results.get(i).stream().filter(r -> r.step().returnsValue() && r.returned().isPresent())
                    .count();
            if (v.agrees()) {
                agree++;
            } else if (v.explained().isPresent()) {
                explained.merge(v.explained().get().name(), 1, Integer::sum);
            } else {
                Generator.Generated g = generated.get(i);
                String what = describe(v);
                String file = null;
                int minimalSteps = s.steps().size();
                if (unexplained.size() < MAX_SHRUNK) {
                    progress.accept("campaign " + variant + ": " + g.name() + " disagrees (" + what + "); shrinking it");
                    Shrinker.Shrunk m = new Shrinker(kernels.apply(bootProgress), verdicts, parser).shrink(s, variant, v,
                            header(g, variant, v));
                    shrinkBoots += m.boots();
                    file = write(g.name() + "-minimal.scn", m.text()).toString();
                    minimalSteps = m.scenario().steps().size();
                    what = describe(m.verdict());
                }
                unexplained.add(new CampaignResult.Disagreement(g.name(), g.origin(), what, file, s.steps().size(),
                        minimalSteps));
            }
        }
        if (!unexplained.isEmpty()) {
            write("unexplained.txt", String.join("\n", unexplained.stream().map(d -> d.name() + ": " + d.what()
                    + (d.minimal() == null ? "" : " (minimal: " + d.minimal() + ")")).toList()) + "\n");
        }
        Map<String, String> why = new LinkedHashMap<>();
        moves.abstractions().forEach(a -> why.put(a.name(), a.why()));
        return new CampaignResult(variant, seed, shard.toString(), scenarios.size(), steps, judged, compared,
                generation.covered(), generation.transitions(), boots.size(),
                shrinkBoots, Math.min(options.guests(), Math.max(1, boots.size())), runMs,
                (System.nanoTime() - start) / 1_000_000, agree, explained, why, unexplained);
    }

    /** The boots: consecutive scenarios, {@code perBoot} each, or as few as the guests allow. */
    List<List<Integer>> boots(int n) {
        int per = options.perBoot() > 0 ? options.perBoot()
                : Math.min(GUEST_FILES_PER_BOOT, Math.max(1, (n + options.guests() - 1) / options.guests()));
        List<List<Integer>> boots = new ArrayList<>();
        for (int i = 0; i < n; i += per) {
            List<Integer> b = new ArrayList<>();
            for (int k = i; k < Math.min(n, i + per); k++) {
                b.add(k);
            }
            boots.add(b);
        }
        return boots;
    }

    private String describe(Verdicts.Verdict v) {
        return describe.apply(v.side(), v.disagreement().orElseThrow());
    }

    private List<String> header(Generator.Generated g, String variant, Verdicts.Verdict v) {
        List<String> h = new ArrayList<>();
        h.add("# " + g.name() + "-minimal: shrunk from " + g.name() + " (" + g.origin() + "), where the kernel");
        h.add("# disagreed with the model. Each '=> RESULT' is the Java model's (which conforms to the spec).");
        h.add("# Rerun: wberr scenario --against model,spec,kernel THIS-FILE");
        h.addAll(moves.header(variant));
        return h;
    }

    private Path write(String name, String text) {
        try {
            Files.createDirectories(options.outDir());
            Path f = options.outDir().resolve(name);
            AtomicFiles.write(f, text);
            return f;
        } catch (IOException e) {
            throw WberrException.environment("campaign: cannot write into " + options.outDir() + ": " + e.getMessage(),
                    e);
        }
    }

    private static Judge.Batch get(Future<Judge.Batch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WberrException.environment("campaign: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw WberrException.environment("campaign: a boot failed: " + e.getCause(), e.getCause());
        }
    }
}
