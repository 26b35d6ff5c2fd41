package org.wberr.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.wberr.check.ExportIndex;
import org.wberr.check.ExportPlan;
import org.wberr.check.JobResult;
import org.wberr.check.ModelOutcome;
import org.wberr.conformance.Conformance;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.manifest.ModelEntry;

/**
 * The conformance side of {@code wberr check} and {@code wberr export}: per model, the traces exported for it (its
 * counterexample, and its configuration's coverage and random traces), their steps, the transitions covered, and
 * whether they conform (when replayed); and the totals.
 */
public final class ExportSummary {

    /** A model's conformance verdict, and its one spelling (the matrix's CONFORMS column and the JSON). */
    enum Conforms {
        YES("yes"), NO("no"), NO_DRIVER("no-driver"), ERROR("error");

        final String text;

        Conforms(String text) {
            this.text = text;
        }
    }

    /**
     * One model's row.
     *
     * @param config    its configuration's name
     * @param files     its trace files (absolute)
     * @param steps     their steps
     * @param covered   transitions of the configuration's graph its coverage traces take (null: no graph)
     * @param reachable transitions of the configuration's graph (null: no graph)
     * @param conforms  null when not replayed or nothing was exported
     * @param coverageSkipped why its configuration has no coverage traces, if so
     */
    record Row(String config, List<Path> files, long steps, Long covered, Long reachable, Conforms conforms,
            String coverageSkipped) {
    }

    /** One exported file: its kind, steps, bytes. */
    record FileInfo(Path file, String kind, int steps, long bytes) {
    }

    private final ExportPlan plan;
    private final Map<ModelEntry, Row> rows = new LinkedHashMap<>();
    private final Map<Path, FileInfo> files = new LinkedHashMap<>();
    private final Map<String, JobResult.Export> configExports = new LinkedHashMap<>();
    private final Map<String, String> configSpec = new LinkedHashMap<>();
    private final Map<Path, Conformance.FileResult> replay;
    private final Map<ModelEntry, String> crossCheck;
    private final double replaySeconds;
    private final long exportMillis;

    /**
     * @param replay        per file, null when traces were not replayed
     * @param replaySeconds wall time of the replay
     */
    public ExportSummary(ExportPlan plan, List<ModelOutcome> outcomes, Map<Path, Conformance.FileResult> replay,
            double replaySeconds) {
        this.plan = plan;
        this.replay = replay;
        this.replaySeconds = replaySeconds;
        this.crossCheck = plan.crossCheck(outcomes);
        Path out = plan.settings().outDir();
        long exportMs = 0;
        Map<String, List<Path>> configFiles = new LinkedHashMap<>();
        Map<ModelEntry, Path> counterexamples = new LinkedHashMap<>();
        for (ModelOutcome o : outcomes) {
            JobResult.Export e = o.result() == null ? null : o.result().export();
            if (e == null) {
                continue;
            }
            if (o.result().timings() != null) {
                exportMs += o.result().timings().export();
            }
            if (plan.exportsConfig(o.entry())) {
                configExports.put(e.config(), e);
                configSpec.put(e.config(), o.entry().spec());
            }
            for (JobResult.TraceFile f : e.files()) {
                Path p = out.resolve(f.path());
                files.put(p, new FileInfo(p, f.kind(), f.steps(), f.bytes()));
                if ("counterexample".equals(f.kind())) {
                    counterexamples.put(o.entry(), p);
                } else {
                    configFiles.computeIfAbsent(e.config(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        this.exportMillis = exportMs;
        for (ModelOutcome o : outcomes) {
            ModelEntry m = o.entry();
            String config = plan.config(m).name();
            List<Path> mine = new ArrayList<>();
            if (counterexamples.containsKey(m)) {
                mine.add(counterexamples.get(m));
            }
            mine.addAll(configFiles.getOrDefault(config, List.of()));
            long steps = mine.stream().mapToLong(p -> files.get(p).steps()).sum();
            JobResult.Export ce = configExports.get(config);
            Long covered = ce == null || ce.coverage() == null ? null : ce.coverage().covered();
            Long reachable = ce == null || ce.coverage() == null ? null : ce.coverage().total();
            Conforms conforms = conforms(mine);
            if (ce != null && ce.conformance() != null && !ce.conformance().conforms()) {
                conforms = Conforms.NO;
            } else if (conforms == null && ce != null && ce.conformance() != null) {
                conforms = Conforms.YES;
            }
            rows.put(m, new Row(config, List.copyOf(mine), steps, covered, reachable, conforms,
                    ce == null ? null : ce.coverageSkipped()));
        }
    }

    private Conforms conforms(List<Path> mine) {
        if (replay == null || mine.isEmpty()) {
            return null;
        }
        Set<Conformance.Status> s = new LinkedHashSet<>();
        mine.forEach(p -> s.add(replay.get(p).status()));
        if (s.contains(Conformance.Status.UNREADABLE)) {
            return Conforms.ERROR;
        }
        if (s.contains(Conformance.Status.MISMATCH) || s.contains(Conformance.Status.UNREPLAYABLE)) {
            return Conforms.NO;
        }
        if (s.contains(Conformance.Status.NO_DRIVER)) {
            return Conforms.NO_DRIVER;
        }
        return Conforms.YES;
    }

    Row row(ModelEntry m) {
        return rows.get(m);
    }

    boolean replayed() {
        return replay != null;
    }

    /** The distinct trace files exported, in order. */
    public List<Path> files() {
        return List.copyOf(files.keySet());
    }

    /** 0 if all conform (or were not replayed), 1 for a mismatch, 3 for a cross-check failure or unreadable file. */
    public int exitCode() {
        int code = crossCheck.isEmpty() ? ExitCode.OK : ExitCode.ENVIRONMENT;
        if (configExports.values().stream().anyMatch(e -> e.conformance() != null && !e.conformance().conforms())) {
            code = Math.max(code, ExitCode.DIFFERS);
        }
        if (replay != null) {
            for (Conformance.FileResult r : replay.values()) {
                switch (r.status()) {
                    case MISMATCH, UNREPLAYABLE -> code = Math.max(code, ExitCode.DIFFERS);
                    case UNREADABLE -> code = ExitCode.ENVIRONMENT;
                    default -> {
                    }
                }
            }
        }
        return code;
    }

    /** Errors for stderr: cross-check failures, unreadable and unreplayable traces. */
    public List<String> errors() {
        List<String> e = new ArrayList<>(crossCheck.values());
        if (replay != null) {
            for (Conformance.FileResult r : replay.values()) {
                if (r.status() == Conformance.Status.UNREADABLE || r.status() == Conformance.Status.UNREPLAYABLE) {
                    e.add(r.message());
                }
            }
        }
        return e;
    }

    /** The first mismatch of each non-conforming trace. */
    List<Conformance.FileResult> mismatches() {
        if (replay == null) {
            return List.of();
        }
        return replay.values().stream().filter(r -> r.status() == Conformance.Status.MISMATCH).toList();
    }

    /** The summary lines: what was exported, covered, and replayed. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        long steps = files.values().stream().mapToLong(FileInfo::steps).sum();
        long bytes = files.values().stream().mapToLong(FileInfo::bytes).sum();
        Map<String, long[]> byKind = new LinkedHashMap<>();
        for (String k : List.of("counterexample", "coverage", "random")) {
            byKind.put(k, new long[2]);
        }
        for (FileInfo f : files.values()) {
            long[] c = byKind.computeIfAbsent(f.kind(), k -> new long[2]);
            c[0]++;
            c[1] += f.steps();
        }
        List<String> kinds = new ArrayList<>();
        byKind.forEach((k, c) -> kinds.add(String.format(Locale.ROOT, "%,d %s (%,d steps)", c[0], k, c[1])));
        long covered = 0;
        long reachable = 0;
        int graphs = 0;
        long states = 0;
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JobResult.Export> ce : configExports.entrySet()) {
            JobResult.Export e = ce.getValue();
            if (e.coverageSkipped() != null) {
                skipped.add(ce.getKey() + " (" + e.coverageSkipped() + ")");
            }
            if (e.coverage() != null) {
                covered += e.coverage().covered();
                reachable += e.coverage().total();
                graphs++;
            }
            if (e.graph() != null) {
                states += e.graph().states();
            }
        }
        lines.add(String.format(Locale.ROOT, "Exported %,d traces, %,d steps, %.1f MB to %s: %s; %.1f s of export"
                + " in the model-checking JVMs", files.size(), steps, bytes / 1e6,
                Display.path(plan.settings().outDir().resolve("traces")), String.join(", ", kinds),
                exportMillis / 1000.0));
        lines.add(String.format(Locale.ROOT, "Coverage: %,d of %,d reachable transitions (%s) of %d configuration%s"
                + " (%,d states); %d model%s share them", covered, reachable, percent(covered, reachable), graphs,
                graphs == 1 ? "" : "s", states, rows.size(), rows.size() == 1 ? "" : "s"));
        if (!skipped.isEmpty()) {
            lines.add("No coverage traces for: " + String.join("; ", skipped));
        }
        GraphTotals g = graphTotals();
        if (g.configs() > 0) {
            lines.add(String.format(Locale.ROOT, "Conformance on the state graphs: %,d transitions of %d"
                    + " configuration%s taken on model-java (%,d behaviours, %,d steps, %.1f s in the model-checking"
                    + " JVMs): %s", g.transitions(), g.configs(), g.configs() == 1 ? "" : "s", g.behaviours(),
                    g.steps(), g.millis() / 1000.0, g.failing() == 0 ? "every one conforms"
                            : g.failing() + " configuration" + (g.failing() == 1 ? " does" : "s do") + " not"));
        }
        if (replay != null) {
            Map<Conformance.Status, Integer> count = new LinkedHashMap<>();
            long replayedSteps = 0;
            Set<String> noDriver = new TreeSet<>();
            for (Conformance.FileResult r : replay.values()) {
                count.merge(r.status(), 1, Integer::sum);
                replayedSteps += r.steps();
            }
            for (Map.Entry<ModelEntry, Row> e : rows.entrySet()) {
                if (e.getValue().conforms() == Conforms.NO_DRIVER) {
                    noDriver.add(e.getKey().spec());
                }
            }
            int ok = count.getOrDefault(Conformance.Status.CONFORMS, 0);
            int bad = count.getOrDefault(Conformance.Status.MISMATCH, 0)
                    + count.getOrDefault(Conformance.Status.UNREPLAYABLE, 0);
            int nd = count.getOrDefault(Conformance.Status.NO_DRIVER, 0);
            int unreadable = count.getOrDefault(Conformance.Status.UNREADABLE, 0);
            lines.add(String.format(Locale.ROOT, "Replay: %,d of %,d traces conform, %,d do not%s%s; %,d steps"
                    + " replayed in %.1f s", ok, replay.size(), bad,
                    nd == 0 ? "" : String.format(Locale.ROOT, ", %,d not replayed (no driver: %s)", nd,
                            String.join(", ", noDriver)),
                    unreadable == 0 ? "" : String.format(Locale.ROOT, ", %,d unreadable", unreadable),
                    replayedSteps, replaySeconds));
        }
        return lines;
    }

    /** Conformance on the state graphs, summed over the configurations checked. */
    record GraphTotals(int configs, long transitions, long behaviours, long steps, long millis, int failing) {
    }

    GraphTotals graphTotals() {
        return graphTotals(null);
    }

    /** One line: the conformance of {@code spec}'s state graphs; null if none was checked. */
    String conformanceLine(String spec) {
        GraphTotals g = graphTotals(spec);
        if (g.configs() == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "Java model: %s %,d transitions of %d state graph%s, each taken on"
                + " model-java and compared (%,d steps)", g.failing() == 0 ? "conforms on every one of the"
                        : "DOES NOT CONFORM on " + g.failing() + " of the graphs below;", g.transitions(),
                g.configs(), g.configs() == 1 ? "" : "s", g.steps());
    }

    /** The lines after the matrices: what was written where, and the replay of what was written. */
    List<String> footer() {
        List<String> lines = new ArrayList<>();
        long bytes = files.values().stream().mapToLong(FileInfo::bytes).sum();
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        files.values().forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        List<String> kinds = new ArrayList<>();
        byKind.forEach((k, n) -> kinds.add(n + " " + k));
        int sample = plan.settings().sample();
        lines.add(String.format(Locale.ROOT, "Traces: %,d files, %.1f MB in %s (%s%s); index: %s",
                files.size(), bytes / 1e6, Display.path(plan.settings().outDir().resolve("traces")),
                String.join(", ", kinds), sample < 0 ? "" : "; coverage and random traces: a sample of " + sample
                        + " per configuration, `wberr export` writes all",
                Display.path(plan.settings().outDir().resolve(ExportIndex.FILE))));
        if (replay != null) {
            long conform = replay.values().stream().filter(r -> r.status() == Conformance.Status.CONFORMS).count();
            long steps = replay.values().stream().mapToLong(Conformance.FileResult::steps).sum();
            lines.add(String.format(Locale.ROOT, "Replay of the files written: %,d of %,d conform (%,d steps)",
                    conform, replay.size(), steps));
        }
        if (!crossCheck.isEmpty()) {
            lines.add("State graphs that differ from TLC's counts: " + crossCheck.size() + " (on stderr)");
        }
        return lines;
    }

    /** {@link #graphTotals()} of one spec's configurations (null: all). */
    private GraphTotals graphTotals(String spec) {
        int configs = 0;
        int failing = 0;
        long transitions = 0;
        long behaviours = 0;
        long steps = 0;
        long millis = 0;
        for (JobResult.Export e : configExports.values()) {
            JobResult.GraphCheck c = e.conformance();
            if (c != null && (spec == null || spec.equals(configSpec.get(e.config())))) {
                configs++;
                transitions += c.transitions();
                behaviours += c.behaviours();
                steps += c.steps();
                millis += c.millis();
                failing += c.conforms() ? 0 : 1;
            }
        }
        return new GraphTotals(configs, transitions, behaviours, steps, millis, failing);
    }

    /** "100%" only when all are covered; otherwise one decimal, rounded down. */
    static String percent(long covered, long total) {
        if (total == 0 || covered == total) {
            return "100%";
        }
        return String.format(Locale.ROOT, "%.1f%%", Math.floor(covered * 1000.0 / total) / 10.0);
    }

    /** The COVERED cell: "covered/reachable pct", or "-". */
    String coveredCell(ModelEntry m) {
        Row r = rows.get(m);
        if (r != null && r.coverageSkipped() != null) {
            return "skipped";
        }
        if (r == null || r.reachable() == null) {
            return "-";
        }
        return r.covered() + "/" + r.reachable() + " " + percent(r.covered(), r.reachable());
    }

    /** The file of {@code m}'s counterexample, relative to the output directory; null if it has none. */
    String counterexample(ModelEntry m) {
        Row r = rows.get(m);
        if (r == null) {
            return null;
        }
        return r.files().stream().filter(f -> "counterexample".equals(files.get(f).kind())).findFirst()
                .map(this::relative).orElse(null);
    }

    /** Adds the export's totals to {@code summary}, and one object per configuration to {@code configs}. */
    void json(com.fasterxml.jackson.databind.node.ObjectNode summary,
            com.fasterxml.jackson.databind.node.ArrayNode configs) {
        GraphTotals g = graphTotals();
        summary.put("configurations", configExports.size());
        summary.put("transitions", g.transitions());
        summary.put("transitionsCompared", configExports.values().stream().map(JobResult.Export::conformance)
                .filter(java.util.Objects::nonNull).mapToLong(JobResult.GraphCheck::compared).sum());
        summary.put("conformanceSteps", g.steps());
        summary.put("conforms", g.failing() == 0 && exitCode() != ExitCode.DIFFERS);
        summary.put("traceFiles", files.size());
        summary.put("traceBytes", files.values().stream().mapToLong(FileInfo::bytes).sum());
        summary.put("outDir", Display.path(plan.settings().outDir()));
        summary.put("index", Display.path(plan.settings().outDir().resolve(ExportIndex.FILE)));
        for (Map.Entry<String, JobResult.Export> ce : configExports.entrySet()) {
            JobResult.Export e = ce.getValue();
            com.fasterxml.jackson.databind.node.ObjectNode c = configs.addObject();
            c.put("name", ce.getKey());
            c.put("spec", configSpec.get(ce.getKey()));
            com.fasterxml.jackson.databind.node.ArrayNode models = c.putArray("models");
            rows.forEach((m, r) -> {
                if (r.config().equals(ce.getKey())) {
                    models.add(m.model());
                }
            });
            if (e.graph() != null) {
                c.put("states", e.graph().states());
                c.put("transitions", e.graph().transitions());
            }
            if (e.coverageSkipped() != null) {
                c.put("notExplored", e.coverageSkipped());
            }
            JobResult.GraphCheck gc = e.conformance();
            if (gc != null) {
                c.put("conforms", gc.conforms());
                c.put("transitionsCompared", gc.compared());
                c.put("behaviours", gc.behaviours());
                c.put("steps", gc.steps());
                c.put("conformanceMillis", gc.millis());
                if (gc.first() != null) {
                    c.put("firstMismatch", gc.first());
                }
            } else {
                c.putNull("conforms");
            }
            if (e.error() != null) {
                c.put("error", e.error());
            }
        }
    }

    /** The relative path of {@code f} under the output directory, for JSON. */
    String relative(Path f) {
        return plan.settings().outDir().relativize(f).toString().replace('\\', '/');
    }

    ExportPlan plan() {
        return plan;
    }
}
