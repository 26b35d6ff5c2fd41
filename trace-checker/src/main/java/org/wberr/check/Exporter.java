package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.conformance.Driver;
import org.wberr.conformance.GraphConformance;
import org.wberr.export.CoverageWalk;
import org.wberr.export.Graph;
import org.wberr.export.GraphValues;
import org.wberr.export.ItfWriter;
import org.wberr.export.RandomWalk;
import org.wberr.export.StateSpace;
import org.wberr.export.Transitions;
import org.wberr.export.Walk;
import org.wberr.tlc.CfgFacts;
import org.wberr.tlc.SpecModel;
import org.wberr.tlc.TlcSession;

/**
 * The child's export step, after TLC and certification ({@link ModelJob}): writes this model's certified
 * counterexample, and, for the one job of each configuration the parent chose, explores the configuration's state
 * graph ({@link StateSpace}) and writes its coverage traces ({@link CoverageWalk}) and seeded random walks
 * ({@link RandomWalk}) as ITF files ({@link ItfWriter}): all of them for export, a sample of each for check. For
 * check it also takes every coverage behaviour on model-java in memory ({@link GraphConformance}), each transition
 * compared once, and writes each behaviour that does not conform as a trace of kind {@code nonconforming}.
 *
 * <p>Cross-check: when TLC explored the whole graph (no violation stopped it, exhaustive mode), the graph's
 * distinct states, TLC's "states generated" and its depth must equal TLC's numbers; a difference is an export
 * failure (exit 3), never a silent result.
 *
 * <p>Every trace's #meta says what it is: spec (the manifest's, which picks the replay driver), module, model and
 * cfg, variant, kind, the cfg's constants, generator and version, TLC's version; counterexamples their property
 * and violation (and a lasso its loop, at the top level as ADR-015 says); coverage and random traces the models
 * of their configuration; random walks their seed and depth. Nothing in a file depends on time or on which job
 * wrote it, so the same model always gives the same bytes.
 */
final class Exporter {
    static final String GENERATOR = "wberr";
    static final String TLC_VERSION = "2.18";
    static final String EXPORT_FAILED = "export-failed";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final byte[] INIT_STEP = ItfWriter.step("init",
            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    /** {@link ItfWriter#step} of each label, computed once. */
    private final List<byte[]> steps = new ArrayList<>();

    private byte[] step(StateSpace space, int label) {
        while (steps.size() <= label) {
            steps.add(null);
        }
        byte[] b = steps.get(label);
        if (b == null) {
            b = ItfWriter.step(space.labelName(label), space.labelParams(label));
            steps.set(label, b);
        }
        return b;
    }

    private final JobSpec job;
    private final JobSpec.Export ex;
    private final CfgFacts facts;
    private final Path out;
    private final List<JobResult.TraceFile> files = new ArrayList<>();
    private long writeNanos;

    private Exporter(JobSpec job, CfgFacts facts) {
        this.job = job;
        this.ex = job.export();
        this.facts = facts;
        this.out = Path.of(ex.outDir());
    }

    /**
     * Exports what {@code job.export()} asks for. {@code result} is the checked model's result (its certified
     * counterexample, TLC's counts), {@code spec} gives the spec's FastTool (loaded at most once per JVM).
     */
    static JobResult.Export run(JobSpec job, CfgFacts facts, JobResult result, TlcSession.Result run,
            Supplier<SpecModel> spec) {
        return new Exporter(job, facts).export(result, run, spec);
    }

    private JobResult.Export export(JobResult result, TlcSession.Result run, Supplier<SpecModel> specs) {
        long start = System.nanoTime();
        long explore = 0;
        long coverageMs = 0;
        long randomMs = 0;
        JobResult.GraphFacts graphFacts = null;
        JobResult.Coverage coverage = null;
        try {
            if (ex.counterexample() && result.counterexample() != null) {
                writeCounterexample(result);
            }
            if (ex.coverage()) {
                SpecModel spec = specs.get();
                StateSpace space = new StateSpace(spec);
                List<String> vars = spec.variables();
                Transitions walkOn = space;
                Graph g = null;
                if (job.simulate()) {
                    coverageSkipped = "the model is checked by simulation: its state graph is not explored";
                } else {
                    long t = System.nanoTime();
                    g = space.exploreAll(ex.maxTransitions());
                    explore = ms(t);
                    if (g == null) {
                        coverageSkipped = "the state graph has more than " + String.format(java.util.Locale.ROOT,
                                "%,d", ex.maxTransitions()) + " transitions (--max-transitions)";
                    }
                }
                if (g != null) {
                    StateSpace.Counts c = space.counts();
                    boolean complete = run.code == tlc2.output.EC.NO_ERROR && result.violation() == null
                            && run.distinct != null;
                    graphFacts = new JobResult.GraphFacts(g.states(), g.edges(), g.initial().length, g.depth(),
                            c.generated(), c.excluded(), c.duplicates(), complete);
                    if (complete) {
                        crossCheck(graphFacts, run);
                    }
                    long t = System.nanoTime();
                    CoverageWalk.Result cov = CoverageWalk.of(g, ex.maxSteps());
                    coverageMs = ms(t);
                    if (cov.covered() != cov.total()) {
                        throw new IllegalStateException("the coverage walk took " + cov.covered() + " of "
                                + cov.total() + " transitions");
                    }
                    List<Walk> walks = cov.walks();
                    if (ex.driver() != null) {
                        graphCheck = conform(space, vars, g, walks);
                    }
                    for (int i = 0; i < written(walks.size()); i++) {
                        ObjectNode meta = configMeta("coverage");
                        meta.put("trace", i + 1);
                        meta.put("traces", walks.size());
                        writeWalk(space, vars, walks.get(i), meta, "coverage", i + 1, walks.size());
                    }
                    coverage = new JobResult.Coverage(cov.covered(), cov.total(), walks.size(), cov.steps());
                    walkOn = g;
                }
                long t = System.nanoTime();
                long writeBefore = writeNanos;
                for (int i = 0; i < written(ex.random()); i++) {
                    long seed = ex.seed() + i;
                    Walk w = RandomWalk.of(walkOn, seed, ex.randomDepth());
                    ObjectNode meta = configMeta("random");
                    meta.put("seed", seed);
                    meta.put("depth", ex.randomDepth());
                    writeWalk(space, vars, w, meta, "random", i + 1, ex.random());
                }
                randomMs = Math.max(0, ms(t) - (writeNanos - writeBefore) / 1_000_000);
            }
            publish();
            publish();
            return done(graphFacts, coverage, explore, coverageMs, randomMs, start, null, null);
        } catch (StateSpace.ExplorationException e) {
            discard();
            discard();
            return done(graphFacts, coverage, explore, coverageMs, randomMs, start, e.getMessage(),
                    JobResult.BAD_INPUT);
        } catch (IOException | RuntimeException e) {
            discard();
            e.printStackTrace();
            return done(graphFacts, coverage, explore, coverageMs, randomMs, start,
                    e instanceof CrossCheckFailed ? e.getMessage() : "exporting traces failed: " + e,
                    EXPORT_FAILED);
        }
    }

    /** How many of {@code n} traces of a kind are written: all, or the job's sample. */
    private int written(int n) {
        return ex.sample() < 0 ? n : Math.min(n, ex.sample());
    }

    /** The conformance of the graph's transitions, when the job asks for it. */
    private JobResult.GraphCheck graphCheck;

    /** At most this many non-conforming behaviours are reported and written per configuration. */
    static final int MAX_FAILURES = 5;

    /**
     * Takes every coverage behaviour on model-java in memory ({@link GraphConformance}); writes each failing one, up
     * to its failing step, as a trace of kind {@code nonconforming}.
     */
    private JobResult.GraphCheck conform(StateSpace space, List<String> vars, Graph g, List<Walk> walks)
            throws IOException {
        long t = System.nanoTime();
        Class<? extends Driver> driverClass;
        try {
            driverClass = Class.forName(ex.driver()).asSubclass(Driver.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no driver class " + ex.driver(), e);
        }
        Supplier<Driver> drivers = () -> {
            try {
                return driverClass.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + ex.driver(), e);
            }
        };
        List<GraphConformance.Behaviour> behaviours = new ArrayList<>(walks.size());
        for (Walk w : walks) {
            int[] edges = new int[w.steps()];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = g.edge(w.state(i), w.label(i));
            }
            behaviours.add(new GraphConformance.Behaviour(w.states(), w.labels(), edges));
        }
        ObjectNode meta = configMeta("coverage");
        GraphConformance.Result r = GraphConformance.check(new GraphValues(space, vars, g.states()), behaviours, drivers,
                Path.of(ex.configDir()), meta, vars, MAX_FAILURES);
        long ms = ms(t);
        for (int i = 0; i < r.failures().size(); i++) {
            GraphConformance.Failure f = r.failures().get(i);
            Walk w = walks.get(f.behaviour());
            int step = f.mismatch().step();
            Walk prefix = new Walk(java.util.Arrays.copyOf(w.states(), step + 1),
                    java.util.Arrays.copyOf(w.labels(), step));
            ObjectNode m = configMeta("nonconforming");
            m.put("behaviour", f.behaviour() + 1);
            writeWalk(space, vars, prefix, m, "nonconforming", i + 1, r.failures().size());
        }
        String first = r.failures().isEmpty() ? null : r.failures().get(0).mismatch().render();
        return new JobResult.GraphCheck(g.edges(), r.behaviours(), r.steps(), r.compared(), r.failures().size(), first,
                ms);
    }

    /** A graph that does not have TLC's numbers. */
    static final class CrossCheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CrossCheckFailed(String message) {
            super(message);
        }
    }

    private void crossCheck(JobResult.GraphFacts g, TlcSession.Result run) {
        List<String> d = new ArrayList<>();
        if (run.distinct != null && run.distinct != g.states()) {
            d.add("distinct states: TLC " + run.distinct + ", exploration " + g.states());
        }
        if (run.generated != null && run.generated != g.generated()) {
            d.add("states generated: TLC " + run.generated + ", exploration " + g.generated());
        }
        if (run.depth != null && run.depth != g.depth()) {
            d.add("depth: TLC " + run.depth + ", exploration " + g.depth());
        }
        if (!d.isEmpty()) {
            throw new CrossCheckFailed("the explored state graph differs from TLC's: " + String.join("; ", d));
        }
    }

    /** Why no coverage traces were written, if so. */
    private String coverageSkipped;

    private JobResult.Export done(JobResult.GraphFacts g, JobResult.Coverage c, long explore, long coverage,
            long random, long start, String error, String status) {
        return new JobResult.Export(ex.config(), g, c, coverageSkipped, List.copyOf(files), new JobResult.ExportTimings(explore,
                coverage, random, writeNanos / 1_000_000, ms(start)), error, status, graphCheck);
    }

    private void writeCounterexample(JobResult result) throws IOException {
        JsonNode trace = result.counterexample();
        ObjectNode meta = baseMeta("counterexample", ex.model(), ex.cfg());
        meta.put("property", job.property());
        ObjectNode v = meta.putObject("violation");
        v.put("kind", result.violation().kind());
        if (result.violation().name() != null) {
            v.put("name", result.violation().name());
        }
        v.put("description", result.violation().describe());
        JsonNode old = trace.get("#meta");
        for (String f : List.of("loopActionTaken", "loopNondetPicks")) {
            if (old != null && old.has(f)) {
                meta.set(f, old.get(f));
            }
        }
        List<String> vars = new ArrayList<>();
        trace.get("vars").forEach(x -> vars.add(x.asText()));
        ItfWriter.Trace t0 = new ItfWriter.Trace(meta, vars);
        trace.get("states").forEach(t0::state);
        Integer loop = trace.has("loop") ? trace.get("loop").asInt() : null;
        byte[] bytes = t0.finish(loop);
        int steps = trace.get("states").size() - 1;
        long t = System.nanoTime();
        long n = ItfWriter.write(out.resolve(ex.counterexampleFile()), bytes);
        writeNanos += System.nanoTime() - t;
        files.add(new JobResult.TraceFile(ex.counterexampleFile(), "counterexample", steps, n));
    }

    private void writeWalk(StateSpace space, List<String> vars, Walk w, ObjectNode meta, String kind, int index,
            int count) throws IOException {
        long t = System.nanoTime();
        ItfWriter.Trace trace = new ItfWriter.Trace(meta, vars);
        for (int i = 0; i <= w.steps(); i++) {
            trace.state(i == 0 ? INIT_STEP : step(space, w.label(i - 1)), space.stateJson(w.state(i)));
        }
        byte[] bytes = trace.finish(null);
        String name = kind + "-" + number(index, count) + ".itf.json";
        Files.write(staging().resolve(name), bytes);
        writeNanos += System.nanoTime() - t;
        files.add(new JobResult.TraceFile(ex.configDir() + "/" + name, kind, w.steps(), bytes.length));
    }

    /**
     * The configuration's traces are written to a staging directory beside their final one and renamed into place
     * together when all are written: a reader sees all of them or none, and the files need no rename each (a
     * temporary file and a rename per file cost 2-4 times a plain write, measured; configurations have up to tens
     * of thousands of traces).
     */
    private Path staging;

    private Path staging() throws IOException {
        if (staging == null) {
            Path dir = out.resolve(ex.configDir());
            staging = dir.resolveSibling("." + dir.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            ExportPlan.deleteTraces(staging);
            Files.createDirectories(staging);
        }
        return staging;
    }

    /** Renames the staging directory into place (replacing an earlier run's directory of traces). */
    private void publish() throws IOException {
        if (staging == null) {
            return;
        }
        long t = System.nanoTime();
        Path dir = out.resolve(ex.configDir());
        ExportPlan.deleteTraces(dir);
        if (Files.exists(dir)) {
            throw new IOException(dir + " holds files that are not traces; not replacing it");
        }
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        staging = null;
        writeNanos += System.nanoTime() - t;
    }

    /** Removes a staging directory left by a failed export. */
    private void discard() {
        if (staging != null) {
            try {
                ExportPlan.deleteTraces(staging);
            } catch (IOException e) {
                // Left behind; the next run's clean-up removes it.
            }
        }
    }

    /** {@code 7} of 12 as {@code 0007}; at least four digits, more if {@code count} needs them. */
    static String number(int index, int count) {
        int width = Math.max(4, Integer.toString(count).length());
        return String.format("%0" + width + "d", index);
    }

    private ObjectNode configMeta(String kind) {
        ObjectNode meta = baseMeta(kind, ex.config(), ex.configCfg());
        ArrayNode models = meta.putArray("models");
        ex.configModels().forEach(models::add);
        return meta;
    }

    private ObjectNode baseMeta(String kind, String model, String cfg) {
        ObjectNode meta = JSON.objectNode();
        meta.put("format", "ITF");
        meta.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.put("source", job.module() + ".tla");
        meta.put("spec", ex.spec());
        meta.put("module", job.module());
        meta.put("model", model);
        meta.put("cfg", cfg);
        meta.put("variant", job.variant());
        meta.put("kind", kind);
        meta.put("generator", GENERATOR);
        meta.put("version", ex.version());
        meta.put("tlc", TLC_VERSION);
        meta.set("constants", facts.constants().deepCopy());
        return meta;
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
