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
            rows.put(m, new Row(config, List.copyOf(mine), steps, covered, reachable, conforms(mine),
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

    /** The relative path of {@code f} under the output directory, for JSON. */
    String relative(Path f) {
        return plan.settings().outDir().relativize(f).toString().replace('\\', '/');
    }

    ExportPlan plan() {
        return plan;
    }
}
