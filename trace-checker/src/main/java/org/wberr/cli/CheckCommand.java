package org.wberr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.wberr.check.ExportIndex;
import org.wberr.check.ExportPlan;
import org.wberr.check.ModelOutcome;
import org.wberr.check.ModelRun;
import org.wberr.conformance.Conformance;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ModelEntry;
import org.wberr.report.CheckReport;
import org.wberr.report.ExportSummary;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wberr check}: model-checks every model of the manifest with TLC and compares each verdict and
 * distinct-state count with the manifest; exports the behaviours TLC finds as ITF traces (counterexamples,
 * coverage of every reachable transition, seeded random walks) and replays them against model-java.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Model-check every model of specs/manifest.json with TLC, compare the results with the manifest,"
                + " export the models' behaviours as ITF traces and replay them against the Java model.",
            "",
            "Each model runs in its own JVM, --jobs at a time, TLC with one worker. The matrix shows per model: spec,"
                + " model (the cfg's name), variant, property, the expected and actual verdict, distinct states"
                + " (exhaustive mode; simulate mode compares the verdict only) and seconds (wall time of the"
                + " model's JVM, export included). ACTUAL is holds, violated, inconclusive (TLC stopped on"
                + " something else first: another invariant such as TypeInv, or a deadlock) or error. Rows that"
                + " differ from the manifest are marked DIFF.",
            "",
            "Then the conformance columns: TRACES and STEPS exported for the model (its counterexample, and the"
                + " coverage and random traces of its configuration: models that differ only in the invariant or"
                + " property checked share one state graph, explored and exported once), COVERED the reachable"
                + " transitions (state, action with parameters, successor) the coverage traces take, and CONFORMS:"
                + " yes if every trace replays on the Java model without a difference, no if one does not (its"
                + " first difference is printed), \"no-driver\" if the spec has no replay driver (not replayed)."
                + " Traces go to --out (see `wberr export --help` for the layout and #meta).",
            "",
            "Each counterexample follows as numbered steps: the action with its parameters, then the variables"
                + " that changed (the initial state in full). Counterexamples are certified against the spec before"
                + " they are shown or exported. Deadlock checking is off unless a manifest entry says"
                + " \"checkDeadlock\": true.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict and state count is as the manifest says, and every replayed trace conforms",
            "1:a verdict or a distinct-state count differs from the manifest, or a trace does not conform",
            "2:bad usage or input: unknown --spec/--variant, invalid manifest, a missing module or cfg, a spec"
                + " that does not parse, a cfg that does not match its manifest entry",
            "3:the environment failed: TLC or its JVM crashed or timed out, TLC reported a counterexample that is"
                + " not a behaviour of the spec, or the export failed (the explored state graph differs from TLC's"
                + " counts, a trace could not be written or read back)"})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Mixin
    ExportOptions exportOptions = new ExportOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the matrix to FILE as a JSON array of"
            + " objects with the fields spec, model, variant, property, expected, actual, distinctStates (null in"
            + " simulate mode), seconds, traces, steps, transitionsCovered, transitionsReachable (null without a"
            + " state graph), conforms (yes, no, no-driver, error; null if nothing was replayed), and more: status,"
            + " mode, cfg, expectedDistinctStates, statesGenerated, differences, violation, error, timingsMs,"
            + " counterexample (an ITF trace), configuration, traceFiles (relative to --out), mismatches. Written"
            + " atomically.")
    Path json;

    @Option(names = "--no-export", description = "Model checking only: no traces, no replay (the conformance"
            + " columns are left out). The fastest check.")
    boolean noExport;

    @Option(names = "--no-replay", description = "Export the traces, but do not replay them (no CONFORMS column).")
    boolean noReplay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        models.validate();
        exportOptions.validate();
        Manifest manifest = models.manifest();
        List<ModelEntry> selected = models.select(manifest);
        ExportPlan plan = null;
        if (!noExport) {
            plan = exportOptions.plan(manifest, selected);
            try {
                plan.clean();
            } catch (IOException e) {
                throw WberrException.environment("cannot remove the old traces under "
                        + Display.path(exportOptions.outDir()) + ": " + e.getMessage(), e);
            }
        }
        long start = System.nanoTime();
        ModelRun.Result run = ModelRun.run(models.jobs(), models.timeoutSeconds, models.heap, manifest, selected, plan);
        ExportSummary summary = null;
        if (plan != null) {
            Map<Path, Conformance.FileResult> replayed = null;
            double replaySeconds = 0;
            if (!noReplay) {
                List<Path> files = new ExportSummary(plan, run.outcomes(), null, 0).files();
                long t = System.nanoTime();
                try (ModelRun.Progress progress = ModelRun.Progress.start("replay", files.size())) {
                    replayed = Conformance.replay(files, models.jobs(), Subjects::driverFor, r -> progress.step(
                            r.file().getFileName().toString()));
                }
                replaySeconds = (System.nanoTime() - t) / 1e9;
            }
            summary = new ExportSummary(plan, run.outcomes(), replayed, replaySeconds);
            writeIndex(plan, run);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return report(run, wall, summary, json, models.skippedSlow, out, err);
    }

    /** Prints the report, writes the JSON, prints the errors; returns the exit code. */
    static int report(ModelRun.Result run, double wall, ExportSummary summary, Path json, int skippedSlow,
            PrintWriter out, PrintWriter err) {
        CheckReport report = new CheckReport(run.outcomes(), wall, skippedSlow, summary);
        report.print(out);
        if (json != null) {
            report.writeJson(json);
        }
        int exit = ExitCode.OK;
        Set<String> errors = new LinkedHashSet<>();
        for (ModelOutcome o : run.outcomes()) {
            exit = Math.max(exit, o.exitCode());
            if (o.error() != null) {
                errors.add(o.error());
            }
        }
        if (summary != null) {
            exit = Math.max(exit, summary.exitCode());
            errors.addAll(summary.errors());
        }
        for (String e : errors) {
            printError(err, e);
        }
        if (run.outcomes().stream().anyMatch(o -> o.exitCode() == ExitCode.ENVIRONMENT)) {
            err.println("wberr: the TLC logs are kept in " + Display.path(run.workDir()));
        }
        err.flush();
        return exit;
    }

    /** Writes the output directory's index of traces (see {@link ExportIndex}). */
    static void writeIndex(ExportPlan plan, ModelRun.Result run) {
        try {
            ExportIndex.write(plan, run.outcomes(), Main.VERSION);
        } catch (IOException e) {
            throw WberrException.environment("cannot write " + Display.path(plan.settings().outDir().resolve(
                    ExportIndex.FILE)) + ": " + e.getMessage(), e);
        }
    }

    /** Every line of a (possibly multi-line) error, the first prefixed with "wberr: ", the rest indented. */
    static void printError(PrintWriter err, String message) {
        List<String> lines = message.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            err.println((i == 0 ? "wberr: " : "  ") + lines.get(i));
        }
    }
}
