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
import org.wberr.report.html.HtmlReport;
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
            "Model-check every model of specs/manifest.json with TLC, compare each verdict and state count with the"
                + " manifest, and check the Java model on every transition of every state graph.",
            "",
            "Models run in batch JVMs, --jobs at a time, TLC with one worker and a class loader per spec; a model"
                + " whose batch result is not the manifest's is checked again in a JVM of its own, and that result"
                + " counts. Models that differ only in the invariant or property checked share a state graph (a"
                + " configuration), explored once; every reachable transition of it (state, action with parameters,"
                + " successor) is taken on the Java model in memory and the Java model's state compared with the"
                + " spec's.",
            "",
            "The output fits a screen: per spec a matrix of verdicts (rows: property, with the errors mode or other"
                + " qualifier of the model's name; columns: variants; holds, violated, DIFF <actual> where it"
                + " differs from the manifest, ERROR where the model could not be checked), the differing models"
                + " named, one line on the Java model's conformance; then the totals and where the traces are."
                + " --verbose prints a row per model instead, and every counterexample as numbered steps: the action"
                + " with its parameters, then the variables that changed (the initial state in full).",
            "",
            "Traces (ITF, see `wberr export --help` for the layout and #meta) go to --out: each model's"
                + " counterexample, certified against the spec; for each configuration a sample of --sample coverage"
                + " traces and random walks; and each behaviour that does not conform. The written traces are then"
                + " replayed as files too. `wberr export` writes every coverage trace. Deadlock checking is off unless"
                + " a manifest entry says \"checkDeadlock\": true.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict and state count is as the manifest says, every transition of every state graph and every written trace conforms",
            "1:a verdict or a distinct-state count differs from the manifest, or the Java model does not conform",
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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the check to FILE as JSON: a"
            + " \"summary\" object (models, asExpected, differ, couldNotBeChecked, allAsExpected, wallSeconds,"
            + " retriedAlone, configurations, transitions, transitionsCompared, conforms, traceFiles, traceBytes,"
            + " outDir, index), \"models\", one object per model (spec, model, variant, property, expected, actual,"
            + " asExpected, distinctStates (null in simulate mode), seconds, status, mode, cfg, expectedDistinctStates,"
            + " statesGenerated, differences, violation, error, retriedAlone, timingsMs, configuration, conforms,"
            + " counterexample: its file relative to --out), and \"configurations\", one per state graph (name, spec,"
            + " models, states, transitions, conforms, transitionsCompared, behaviours, steps, firstMismatch). The"
            + " index file names every trace. true and false are JSON booleans. Written atomically.")
    Path json;

    @Option(names = "--no-export", description = "Model checking only: no traces, no replay (the conformance"
            + " columns are left out). The fastest check.")
    boolean noExport;

    @Option(names = {"-v", "--verbose"}, description = "A row per model (spec, model, variant, property, expected"
            + " and actual verdict, distinct states, seconds, traces written, their steps, transitions covered,"
            + " conformance) and every counterexample as numbered steps, instead of one matrix per spec.")
    boolean verbose;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "2", description = "Coverage traces and random"
            + " walks written per configuration, each kind (default: ${DEFAULT-VALUE}). Every transition is checked on"
            + " the Java model in memory whatever N is; `wberr export` writes all the traces.")
    int sample;

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
            plan = exportOptions.checkPlan(manifest, selected, sample);
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
        CheckReport report = new CheckReport(run.outcomes(), wall, models.skippedSlow, summary);
        int exit = report(report, run, summary, json, verbose, out, err);
        Path html = new HtmlReport(report.json(), exportOptions.outDir(), models.specsDir(), null).write();
        out.println("Report: " + Display.path(html));
        out.flush();
        return exit;
    }

    /** Prints the report, writes the JSON, prints the errors; returns the exit code. */
    static int report(ModelRun.Result run, double wall, ExportSummary summary, Path json, int skippedSlow,
            boolean verbose, PrintWriter out, PrintWriter err) {
        return report(new CheckReport(run.outcomes(), wall, skippedSlow, summary), run, summary, json, verbose, out,
                err);
    }

    private static int report(CheckReport report, ModelRun.Result run, ExportSummary summary, Path json,
            boolean verbose, PrintWriter out, PrintWriter err) {
        if (verbose) {
            report.printVerbose(out);
        } else {
            report.print(out);
        }
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
