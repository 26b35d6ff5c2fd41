package org.wberr.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.wberr.core.WberrException;
import org.wberr.export.CoverageWalk;
import org.wberr.export.RandomWalk;
import org.wberr.export.StateSpace;
import org.wberr.export.Walk;
import org.wberr.tlc.SpecModel;

/**
 * Scenarios generated from the spec: behaviours of the subject's generation model for one variant, restricted to
 * the steps the kernel guest can take ({@link GuestView}), written in the scenario grammar with the spec's results
 * as their {@code => RESULT} expectations. Scenario {@code i} of a campaign of {@code n}: first the coverage walks
 * of the small model (its guest graph explored in full; all of them together take every guest step from every
 * reachable state), in their canonical order, as many as half the campaign; then seeded random walks of the wide
 * model, scenario {@code i} with seed {@code seed + i}. Half and half: the coverage walks of the small model number
 * in the tens of thousands (its graph is not strongly connected: the error count only grows, so a walk ends where
 * nothing untaken is reachable), and the wide model's interleavings (three fds, two pages) are only reached by the
 * random walks. Steps that are costly on the guest (fsync's ENOSPC: ext4 records it as EIO anyway, an abstraction the
 * model names) are left out of the coverage walks and of all but every {@value #COSTLY_EVERY}-th random walk. The same (variant, n, seed) always gives the same scenarios: the graphs are numbered
 * canonically ({@link StateSpace}) and the walks are deterministic.
 */
public final class Generator {
    /** The longest coverage walk, in steps (beyond the approach from the initial state). */
    public static final int COVERAGE_STEPS = 24;
    /** Costly guest steps ({@link GuestMoves#costly}) are taken only by every this-many-th random walk. */
    public static final int COSTLY_EVERY = 10;
    /** The length of a random walk, in steps: long enough for two errors, their reports and an eviction. */
    public static final int RANDOM_DEPTH = 20;
    /** A small model's guest graph larger than this is not explored (coverage walks are left out). */
    static final int MAX_COVERAGE_STATES = 100_000;

    /**
     * One generated scenario.
     *
     * @param index  its number in the campaign, 0-based
     * @param name   its name: {@code gen-VARIANT-NNNNN}
     * @param origin the walk it comes from, for its comment and reports
     * @param text   the scenario file
     * @param steps  its number of steps
     */
    public record Generated(int index, String name, String origin, String text, int steps) {
    }

    private final Path specsDir;
    private final Path workDir;
    private final GuestMoves moves;
    private final String variant;
    private final Consumer<String> progress;

    /**
     * @param specsDir the specs (the subject's module and what it extends)
     * @param workDir  where the generation cfgs are written (with copies of the specs: TLC reads both from one place)
     * @param progress progress lines
     */
    public Generator(Path specsDir, Path workDir, GuestMoves moves, String variant, Consumer<String> progress) {
        this.specsDir = specsDir;
        this.workDir = workDir;
        this.moves = moves;
        this.variant = variant;
        this.progress = progress;
    }

    /**
     * The generated scenarios, and the transitions of the small model's guest graph that the campaign's coverage
     * walks take, of how many.
     */
    public record Generation(List<Generated> scenarios, long covered, long transitions) {
    }

    /** Scenarios {@code 0..n-1} of the campaign with this seed, those of {@code shard} only, in order. */
    public Generation generate(int n, long seed, Shard shard) {
        List<Generated> out = new ArrayList<>();
        long t = System.nanoTime();
        GuestView small = view(false);
        GuestView.Explored explored = small.explore(MAX_COVERAGE_STATES);
        List<Walk> coverage = List.of();
        if (explored != null) {
            coverage = CoverageWalk.of(explored.graph(), COVERAGE_STEPS).walks().stream()
                    .filter(w -> w.steps() > 0).toList();
            progress.accept(String.format("generate: %s: the small model's guest graph has %,d states and %,d"
                    + " transitions; %,d coverage walks take them all (%.1f s)", variant, explored.graph().states(),
                    explored.graph().edges(), coverage.size(), (System.nanoTime() - t) / 1e9));
        } else {
            progress.accept("generate: " + variant + ": the small model's guest graph has more than "
                    + MAX_COVERAGE_STATES + " states; no coverage walks");
        }
        int walks = Math.min((n + 1) / 2, coverage.size());
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (int i = 0; i < walks; i++) {
            Walk w = coverage.get(i);
            for (int k = 0; k < w.steps(); k++) {
                taken.add(((long) w.state(k) << 32) | w.label(k));
            }
            if (shard.has(i)) {
                int[] states = w.states();
                for (int k = 0; k < states.length; k++) {
                    states[k] = explored.specState()[states[k]];
                }
                out.add(render(i, "coverage walk " + (i + 1) + " of " + coverage.size() + " of the small model",
                        small, states, w.labels()));
            }
        }
        if (n > walks) {
            GuestView wide = view(true);
            GuestView wideCostly = wide.withCostly(true);
            for (int i = walks; i < n; i++) {
                if (shard.has(i)) {
                    boolean costly = i % COSTLY_EVERY == 0;
                    GuestView v = costly ? wideCostly : wide;
                    Walk w = RandomWalk.of(v, seed + i, RANDOM_DEPTH);
                    out.add(render(i, "random walk of the wide model" + (costly ? " with costly steps" : "")
                            + ", seed " + (seed + i) + ", depth " + RANDOM_DEPTH, v, w.states(), w.labels()));
                }
            }
        }
        long transitions = explored == null ? 0 : explored.graph().edges();
        progress.accept(String.format("generate: %s: %,d scenarios (%,d coverage walks, taking %,d of the small model's"
                + " %,d guest transitions; %,d random walks) in %.1f s", variant, out.size(),
                out.stream().filter(g -> g.origin().startsWith("coverage")).count(), taken.size(), transitions,
                out.stream().filter(g -> g.origin().startsWith("random")).count(), (System.nanoTime() - t) / 1e9));
        return new Generation(out, taken.size(), transitions);
    }

    private Generated render(int index, String origin, GuestView view, int[] states, int[] labels) {
        String name = String.format("gen-%s-%05d", variant, index);
        StringBuilder b = new StringBuilder();
        b.append("# ").append(name).append(": generated by wberr kernel --generate from ").append(moves.module())
                .append(" (").append(String.join(", ", moves.constants(variant, origin.startsWith("random"))))
                .append("): ").append(origin).append(".\n");
        b.append("# Each '=> RESULT' is the spec's result.\n");
        moves.header(variant).forEach(h -> b.append(h).append('\n'));
        b.append('\n');
        for (int k = 0; k < labels.length; k++) {
            GuestView.Move m = view.move(labels[k]);
            b.append(m.step());
            if (m.returns()) {
                b.append(" => ").append(moves.result(view.state(states[k + 1])));
            }
            b.append('\n');
        }
        return new Generated(index, name, origin, b.toString(), labels.length);
    }

    /** The guest view of the generation model (small or wide) for the variant. */
    private GuestView view(boolean wide) {
        Path dir = workDir.resolve("specs");
        Path cfg = dir.resolve(moves.subject() + "-" + variant + (wide ? "-wide" : "-small") + ".cfg");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> tla = Files.list(specsDir)) {
                for (Path m : tla.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(m, dir.resolve(m.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            StringBuilder b = new StringBuilder("\\* Generated by wberr: the " + (wide ? "wide" : "small")
                    + " generation model of " + moves.subject() + " " + variant + "\nINIT Init\nNEXT Next\nCONSTANTS\n");
            moves.constants(variant, wide).forEach(c -> b.append("    ").append(c).append('\n'));
            moves.cfgTail().forEach(l -> b.append(l).append('\n'));
            Files.writeString(cfg, b);
        } catch (IOException e) {
            throw WberrException.environment("generate: cannot write the generation model into " + dir + ": "
                    + e.getMessage(), e);
        }
        return new GuestView(new StateSpace(SpecModel.loadQuietly(dir.toString(), moves.module(), cfg.toString())),
                moves, false);
    }
}
