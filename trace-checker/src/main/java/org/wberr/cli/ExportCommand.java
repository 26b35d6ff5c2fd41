package org.wberr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.wberr.check.ExportPlan;
import org.wberr.check.ModelRun;
import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ModelEntry;
import org.wberr.report.ExportSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wberr export}: model checking and trace export, without replay. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {
            "Model-check the models of specs/manifest.json with TLC (as `wberr check` does) and export their"
                + " behaviours as ITF traces (Apalache ADR-015, with Quint's mbt::actionTaken and mbt::nondetPicks),"
                + " without replaying them (`wberr replay DIR` does that, `wberr check` does both).",
            "",
            "Exported, per model: its counterexample, if TLC finds one, certified step by step against the spec"
                + " first. Per configuration (the models that share a module, SPECIFICATION, CONSTANTS and"
                + " CONSTRAINTs and differ only in the invariant or property checked: one state graph): the reachable"
                + " state graph is explored under the cfg's CONSTRAINT and ACTION_CONSTRAINT (invariants and"
                + " properties do not restrict it) and cross-checked against TLC's distinct states, states generated"
                + " and depth; then coverage traces, which together take every reachable transition (state, action"
                + " with its parameters, successor), each at most --max-trace-steps steps; then --random seeded"
                + " random walks of --depth steps.",
            "",
            "Layout: OUT/traces/configs/<configuration>/coverage-NNNN.itf.json and random-NNNN.itf.json,"
                + " OUT/traces/counterexamples/<model>.itf.json, and OUT/traces/index.json listing them; a"
                + " configuration is named after its first model in the manifest."
                + " Each trace's #meta names: spec (which picks the replay driver), module, model and cfg (for"
                + " coverage and random traces: the configuration, and the models it serves in \"models\"), variant,"
                + " kind (counterexample, coverage, random), property and violation (counterexamples; a lasso's loop"
                + " index is the top-level \"loop\"), seed and depth (random walks), generator (wberr), version, tlc"
                + " (2.18), constants (every CONSTANT the cfg assigns). The same models and options always give the"
                + " same files, byte for byte.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict and state count is as the manifest says, and every trace was exported",
            "1:a verdict or a distinct-state count differs from the manifest",
            "2:bad usage or input: unknown --spec/--variant, invalid manifest, a missing module or cfg, a spec"
                + " that does not parse or cannot be evaluated in a reachable state",
            "3:the environment failed: TLC or its JVM crashed or timed out, a counterexample is not a behaviour of"
                + " the spec, the explored state graph differs from TLC's counts, a trace could not be written"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Mixin
    ExportOptions exportOptions = new ExportOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the matrix to FILE as JSON (the fields"
            + " of `wberr check --json`, without the conformance on the state graphs). Written atomically.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        models.validate();
        exportOptions.validate();
        Manifest manifest = models.manifest();
        List<ModelEntry> selected = models.select(manifest);
        ExportPlan plan = exportOptions.plan(manifest, selected);
        try {
            plan.clean();
        } catch (IOException e) {
            throw WberrException.environment("cannot remove the old traces under "
                    + Display.path(exportOptions.outDir()) + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        ModelRun.Result run = ModelRun.run(models.jobs(), models.timeoutSeconds, models.heap, manifest, selected, plan);
        ExportSummary summary = new ExportSummary(plan, run.outcomes(), null, 0);
        CheckCommand.writeIndex(plan, run);
        double wall = (System.nanoTime() - start) / 1e9;
        return CheckCommand.report(run, wall, summary, json, models.skippedSlow, true, out, err);
    }
}
