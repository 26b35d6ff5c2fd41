package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.wberr.manifest.Manifest;
import org.wberr.manifest.Mode;
import org.wberr.manifest.ModelEntry;
import org.wberr.manifest.Verdict;

import tlc2.tool.impl.ModelConfig;
import tlc2.util.Vect;
import util.SimpleFilenameToStream;

/**
 * Which child exports what: the parent's side of trace export.
 *
 * <p>Models that share a configuration (the same module, SPECIFICATION or INIT/NEXT, CONSTANTS, CONSTRAINTs and
 * ACTION_CONSTRAINTs, SYMMETRY and VIEW, and the same manifest spec, variant and mode; they differ only in the
 * INVARIANTs or PROPERTYs checked) have the same state graph, so its coverage traces and random walks are
 * produced once per configuration, by one of its models' jobs; counterexamples once per model. The cfgs are read
 * with TLC's own parser, so comments and layout do not matter; a cfg TLC cannot parse forms a configuration of
 * its own (its job reports the error).
 *
 * <p>A configuration is named after its first model in manifest order (over the whole manifest, so the name
 * does not depend on filters), and its traces go to {@code <out>/traces/configs/<name>/}
 * ({@code coverage-NNNN.itf.json}, {@code random-NNNN.itf.json}); counterexamples to
 * {@code <out>/traces/counterexamples/<model>.itf.json}. The exporting job is the first
 * selected model expected to hold (TLC explores its whole graph, so the child can cross-check its exploration
 * with TLC's counts), else the first selected model.
 */
public final class ExportPlan {
    /** Where configurations' coverage and random traces go, relative to the output directory. */
    public static final String CONFIGS = "traces/configs";
    /** Where counterexamples go, relative to the output directory. */
    public static final String COUNTEREXAMPLES = "traces/counterexamples";

    /**
     * What to export.
     *
     * @param outDir      the output directory
     * @param random      random walks per configuration
     * @param randomDepth steps per random walk
     * @param seed        seed of the first random walk of each configuration (walk i: seed + i)
     * @param maxSteps    length cap of coverage traces
     * @param maxTransitions no coverage for configurations with more transitions
     * @param version     wberr's version, for #meta
     * @param sample      the most coverage traces and random walks written per configuration (each kind), -1 for all
     * @param drivers     per manifest spec, the class of its replay driver: the exporting job checks every
     *                    transition of its graph on model-java ({@code GraphConformance}); empty: nothing checked
     */
    public record Settings(Path outDir, int random, int randomDepth, long seed, int maxSteps, long maxTransitions,
            String version, int sample, Map<String, String> drivers) {
        public Settings {
            drivers = Map.copyOf(drivers);
        }
    }

    /**
     * One configuration.
     *
     * @param name    its name: its first model in manifest order
     * @param cfg     that model's cfg, relative to the specs directory
     * @param members its models, in manifest order (selected or not)
     */
    public record Config(String name, String cfg, List<ModelEntry> members) {
        public Config {
            members = List.copyOf(members);
        }

        /** The directory of its coverage and random traces, relative to the output directory. */
        public String traceDir() {
            return CONFIGS + "/" + name;
        }
    }

    private final Settings settings;
    private final Map<ModelEntry, Config> configOf = new LinkedHashMap<>();
    private final Map<Config, ModelEntry> exporter = new LinkedHashMap<>();
    private final List<ModelEntry> selected;

    private ExportPlan(Settings settings, List<ModelEntry> selected) {
        this.settings = settings;
        this.selected = List.copyOf(selected);
    }

    /** Groups the manifest's models by configuration and picks the exporting job of each selected one. */
    public static ExportPlan of(Manifest manifest, List<ModelEntry> selected, Settings settings) {
        ExportPlan plan = new ExportPlan(settings, selected);
        Map<String, List<ModelEntry>> byKey = new LinkedHashMap<>();
        for (ModelEntry m : manifest.models()) {
            byKey.computeIfAbsent(key(manifest, m), k -> new ArrayList<>()).add(m);
        }
        for (List<ModelEntry> members : byKey.values()) {
            Config c = new Config(members.get(0).model(), members.get(0).cfg(), members);
            members.forEach(m -> plan.configOf.put(m, c));
        }
        plan.previousSteps.putAll(ExportIndex.previousSteps(settings.outDir()));
        for (ModelEntry m : selected) {
            Config c = plan.configOf.get(m);
            ModelEntry chosen = plan.exporter.get(c);
            if (chosen == null || (chosen.expected() != Verdict.HOLDS && m.expected() == Verdict.HOLDS)) {
                plan.exporter.put(c, m);
            }
        }
        return plan;
    }

    /**
     * The configuration key of a model: everything of its cfg and manifest entry that determines its state graph.
     * A cfg TLC cannot parse gets a key of its own.
     */
    static String key(Manifest manifest, ModelEntry m) {
        StringBuilder k = new StringBuilder();
        k.append("module=").append(m.module()).append("\nspec=").append(m.spec()).append("\nvariant=")
                .append(m.variant()).append("\nmode=").append(m.mode().id());
        if (m.mode() == Mode.SIMULATE) {
            k.append(" depth=").append(m.depth()).append(" traces=").append(m.traces()).append(" seed=")
                    .append(m.seed());
        }
        try {
            ModelConfig cfg = new ModelConfig(m.cfgFile().toString(),
                    new SimpleFilenameToStream(manifest.specsDir().toString()));
            cfg.parse();
            k.append("\nSPECIFICATION=").append(cfg.getSpec()).append("\nINIT=").append(cfg.getInit())
                    .append("\nNEXT=").append(cfg.getNext());
            k.append("\nCONSTANTS=").append(sorted(cfg.getConstants()));
            k.append("\nOVERRIDES=").append(new java.util.TreeMap<>(cfg.getOverrides()));
            k.append("\nMODCONSTANTS=").append(cfg.getModConstants());
            k.append("\nMODOVERRIDES=").append(cfg.getModOverrides());
            k.append("\nCONSTRAINT=").append(sorted(cfg.getConstraints()));
            k.append("\nACTION_CONSTRAINT=").append(sorted(cfg.getActionConstraints()));
            k.append("\nSYMMETRY=").append(cfg.getSymmetry()).append("\nVIEW=").append(cfg.getView());
        } catch (RuntimeException e) {
            k.append("\nunreadable cfg ").append(m.cfgFile());
        }
        return k.toString();
    }

    private static List<String> sorted(Vect<?> v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            Object o = v.elementAt(i);
            if (o instanceof Vect<?> line) {
                List<String> parts = new ArrayList<>();
                for (int j = 0; j < line.size(); j++) {
                    parts.add(String.valueOf(line.elementAt(j)));
                }
                out.add(String.join(" = ", parts));
            } else {
                out.add(String.valueOf(o));
            }
        }
        Collections.sort(out);
        return out;
    }

    public Settings settings() {
        return settings;
    }

    /** The configuration of {@code m}. */
    public Config config(ModelEntry m) {
        return configOf.get(m);
    }

    /** The configurations of the selected models, in order of their first selected model. */
    public List<Config> configs() {
        return List.copyOf(exporter.keySet());
    }

    /** The model whose job writes the coverage and random traces of {@code c}. */
    public ModelEntry exporter(Config c) {
        return exporter.get(c);
    }

    /**
     * The expected cost of the job of {@code m}, for scheduling (biggest first): for the job that exports a
     * configuration, the steps its traces had in the last run ({@link ExportIndex}), or, the first time, its
     * expected states times a typical steps-per-state ratio; otherwise its expected states. Exporting is the
     * bigger part: writing a configuration's coverage takes about 20 steps per reachable state, the model checking
     * one state.
     */
    public long cost(ModelEntry m) {
        long check = TlcRunner.expectedCost(m);
        if (!exportsConfig(m)) {
            return check;
        }
        Long steps = previousSteps.get(configOf.get(m).name());
        return check + (steps != null ? steps : check * 20);
    }

    /** Steps of each configuration's traces in the last run, by configuration name (from the index file). */
    private final Map<String, Long> previousSteps = new LinkedHashMap<>();

    /** True iff the job of {@code m} writes its configuration's coverage and random traces. */
    public boolean exportsConfig(ModelEntry m) {
        Config c = configOf.get(m);
        return c != null && m.equals(exporter.get(c));
    }

    /** What the job of {@code m} exports. */
    public JobSpec.Export forModel(ModelEntry m) {
        Config c = configOf.get(m);
        return new JobSpec.Export(settings.outDir().toAbsolutePath().toString(), c.traceDir(),
                counterexampleFile(m), c.name(), c.cfg(),
                c.members().stream().map(ModelEntry::model).toList(), m.spec(), m.model(), m.cfg(), true,
                m.equals(exporter.get(c)), settings.random(), settings.randomDepth(), settings.seed(),
                settings.maxSteps(), settings.maxTransitions(), settings.version(), settings.sample(),
                settings.drivers().get(m.spec()));
    }

    /** Where the counterexample of {@code m} goes, relative to the output directory. */
    public static String counterexampleFile(ModelEntry m) {
        return COUNTEREXAMPLES + "/" + m.model() + ".itf.json";
    }

    /**
     * Deletes the traces of the selected models from an earlier run, so that the output directory holds exactly
     * this run's: each configuration's directory (its {@code *.itf.json} files, then the directory if nothing else
     * is in it; also staging directories an interrupted run left), and each model's counterexample. Nothing else
     * is touched.
     */
    public void clean() throws IOException {
        for (Config c : exporter.keySet()) {
            deleteTraces(settings.outDir().resolve(c.traceDir()));
        }
        discardStaging();
        for (ModelEntry m : selected) {
            Files.deleteIfExists(settings.outDir().resolve(counterexampleFile(m)));
        }
    }

    /**
     * Deletes the staging directories of this plan's configurations ({@code traces/configs/.<name>.<pid>.tmp}, where
     * a child writes a configuration's traces before renaming them into place): left by an interrupted run, or by
     * children just killed because this one is interrupted.
     */
    public void discardStaging() throws IOException {
        Path configs = settings.outDir().resolve(CONFIGS);
        if (!Files.isDirectory(configs)) {
            return;
        }
        for (Config c : exporter.keySet()) {
            try (Stream<Path> s = Files.list(configs)) {
                for (Path staging : s.filter(p -> p.getFileName().toString().startsWith("." + c.name() + ".")
                        && p.getFileName().toString().endsWith(".tmp")).toList()) {
                    deleteTraces(staging);
                }
            }
        }
    }

    /** Deletes the {@code *.itf.json} files in {@code dir}, then {@code dir} if it is empty. */
    static void deleteTraces(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> old;
        try (Stream<Path> s = Files.list(dir)) {
            old = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".itf.json")).toList();
        }
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    /**
     * The parent's cross-check: every selected model of a configuration whose TLC run explored the whole graph (its
     * property holds) must have the distinct states, states generated and depth of the configuration's explored
     * graph. Returns one message per model that does not (empty if all agree).
     */
    public Map<ModelEntry, String> crossCheck(List<ModelOutcome> outcomes) {
        Map<Config, JobResult.GraphFacts> graphs = new LinkedHashMap<>();
        for (ModelOutcome o : outcomes) {
            JobResult.Export e = o.result() == null ? null : o.result().export();
            if (e != null && e.graph() != null) {
                graphs.put(configOf.get(o.entry()), e.graph());
            }
        }
        Map<ModelEntry, String> out = new LinkedHashMap<>();
        for (ModelOutcome o : outcomes) {
            JobResult r = o.result();
            JobResult.GraphFacts g = graphs.get(configOf.get(o.entry()));
            if (g == null || r == null || !JobResult.CHECKED.equals(r.status()) || r.violation() != null
                    || o.entry().mode() != Mode.EXHAUSTIVE || r.distinctStates() == null) {
                continue;
            }
            List<String> d = new ArrayList<>();
            if (r.distinctStates() != g.states()) {
                d.add("distinct states: TLC " + r.distinctStates() + ", exploration " + g.states());
            }
            if (r.statesGenerated() != null && r.statesGenerated() != g.generated()) {
                d.add("states generated: TLC " + r.statesGenerated() + ", exploration " + g.generated());
            }
            if (r.depth() != null && r.depth() != g.depth()) {
                d.add("depth: TLC " + r.depth() + ", exploration " + g.depth());
            }
            if (!d.isEmpty()) {
                out.put(o.entry(), o.entry().cfg() + ": the state graph explored for configuration "
                        + configOf.get(o.entry()).name() + " differs from TLC's run of this model: "
                        + String.join("; ", d));
            }
        }
        return out;
    }
}
