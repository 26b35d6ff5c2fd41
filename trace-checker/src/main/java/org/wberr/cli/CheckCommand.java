package org.wberr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;
import org.wberr.tlc.ModelOutcome;
import org.wberr.tlc.TlcRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wberr check}: model-checks every model of the manifest with TLC and compares each verdict and
 * distinct-state count with the manifest. (Trace export, replay and the report come in later issues.)
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Model-check every model of specs/manifest.json with TLC and compare the results with the manifest.",
            "",
            "Each model runs in its own JVM, --jobs at a time, TLC with one worker. The matrix shows per model: spec,"
                + " model (the cfg's name), variant, property, the expected and actual verdict, distinct states"
                + " (exhaustive mode; simulate mode compares the verdict only) and seconds (wall time of the"
                + " model's JVM). ACTUAL is holds, violated, inconclusive (TLC stopped on something else first:"
                + " another invariant such as TypeInv, or a deadlock) or error. Rows that differ from the manifest"
                + " are marked DIFF.",
            "",
            "Each counterexample follows as numbered steps: the action with its parameters, then the variables"
                + " that changed (the initial state in full). Counterexamples are certified against the spec before"
                + " they are shown. Deadlock checking is off unless a manifest entry says \"checkDeadlock\": true.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict and state count is as the manifest says",
            "1:a verdict or a distinct-state count differs from the manifest",
            "2:bad usage or input: unknown --spec/--variant, invalid manifest, a missing module or cfg, a spec"
                + " that does not parse, a cfg that does not match its manifest entry",
            "3:the environment failed: TLC or its JVM crashed or timed out, or TLC reported a counterexample"
                + " that is not a behaviour of the spec"})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "NAME", description = "Check only the models of this spec (e.g. Fsync).")
    String specFilter;

    @Option(names = "--variant", paramLabel = "ID", description = "Check only the models of this variant (e.g. v4.17).")
    String variantFilter;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the matrix to FILE as a JSON array of"
            + " objects with the fields spec, model, variant, property, expected, actual, distinctStates (null in"
            + " simulate mode), seconds, and more: status, mode, cfg, expectedDistinctStates, statesGenerated,"
            + " differences, violation, error, timingsMs, counterexample (an ITF trace). Written atomically.")
    Path json;

    @Option(names = "--slow", description = "Also check the models the manifest marks \"slow\": true (skipped by default).")
    boolean slow;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Models checked at once (default: the number of processors, ${sys:wberr.cores}).")
    Integer jobs;

    @Option(names = "--specs-dir", paramLabel = "DIR",
            description = "Where the modules and cfgs are (default: <WBERR_HOME>/specs).")
    Path specsDir;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "The manifest (default: manifest.json in the specs directory).")
    Path manifestFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up on a model after this long (default: ${DEFAULT-VALUE}); exit 3.")
    long timeoutSeconds;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "Heap of each TLC JVM (-Xmx; default: ${DEFAULT-VALUE}).")
    String heap;

    static {
        System.setProperty("wberr.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) {
            throw WberrException.badInput("--jobs", n + " is not a number of jobs (at least 1)");
        }
        if (timeoutSeconds < 1) {
            throw WberrException.badInput("--timeout", timeoutSeconds + " is not a number of seconds (at least 1)");
        }
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw WberrException.badInput("--heap", "\"" + heap + "\" is not a heap size such as 512m or 2g");
        }
        Path dir = specsDir != null ? specsDir : Main.home().resolve("specs");
        Path mf = manifestFile != null ? manifestFile : dir.resolve("manifest.json");
        Manifest manifest = ManifestReader.read(mf, dir);
        List<ModelEntry> selected = select(manifest);

        Path work;
        try {
            work = Files.createTempDirectory("wberr-check-");
        } catch (IOException e) {
            throw WberrException.environment("cannot create a work directory: " + e.getMessage(), e);
        }
        boolean keepWork = false;
        TlcRunner runner = new TlcRunner(new TlcRunner.Options(Math.min(n, selected.size()), 1,
                Duration.ofSeconds(timeoutSeconds), heap, System.getProperty("java.class.path"), work,
                !"off".equals(System.getenv("WBERR_CDS"))));
        // Interrupted (Ctrl-C, SIGTERM): stop the children, then remove their files.
        Thread cleanup = new Thread(() -> {
            runner.stop();
            TlcRunner.deleteTree(work);
        }, "wberr-check-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            long start = System.nanoTime();
            List<ModelOutcome> outcomes;
            try (Progress progress = Progress.start(selected.size())) {
                outcomes = runner.run(manifest, selected, progress::finished);
            }
            double wall = (System.nanoTime() - start) / 1e9;

            CheckReport report = new CheckReport(outcomes, wall, skippedSlow);
            report.print(out);
            if (json != null) {
                report.writeJson(json);
            }
            int exit = ExitCode.OK;
            Set<String> errors = new LinkedHashSet<>();
            for (ModelOutcome o : outcomes) {
                exit = Math.max(exit, o.exitCode());
                if (o.error() != null) {
                    errors.add(o.error());
                }
            }
            for (String e : errors) {
                printError(err, e);
            }
            if (exit == ExitCode.ENVIRONMENT) {
                keepWork = true;
                err.println("wberr: the TLC logs are kept in " + Display.path(work));
            }
            err.flush();
            return exit;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it cleans up.
            }
            if (!keepWork) {
                TlcRunner.deleteTree(work);
            }
        }
    }

    /** Slow models the filters selected but --slow did not. */
    private int skippedSlow;

    /** The manifest entries the filters select; unknown filter values are bad usage. */
    private List<ModelEntry> select(Manifest manifest) {
        if (specFilter != null && !manifest.specs().contains(specFilter)) {
            throw WberrException.badInput("--spec", "unknown spec \"" + specFilter + "\"; the manifest has: "
                    + String.join(", ", manifest.specs()));
        }
        if (variantFilter != null && !manifest.variants().contains(variantFilter)) {
            throw WberrException.badInput("--variant", "unknown variant \"" + variantFilter
                    + "\"; the manifest has: " + String.join(", ", manifest.variants()));
        }
        List<ModelEntry> selected = new ArrayList<>();
        skippedSlow = 0;
        for (ModelEntry m : manifest.models()) {
            if ((specFilter == null || specFilter.equals(m.spec()))
                    && (variantFilter == null || variantFilter.equals(m.variant()))) {
                if (m.slow() && !slow) {
                    skippedSlow++;
                } else {
                    selected.add(m);
                }
            }
        }
        if (selected.isEmpty() && skippedSlow > 0) {
            throw WberrException.badInput("--spec/--variant", "the selected models are all slow; add --slow to"
                    + " check them");
        }
        if (selected.isEmpty()) {
            throw WberrException.badInput("--spec " + specFilter + " --variant " + variantFilter,
                    "no model of the manifest matches both");
        }
        return selected;
    }

    /** Every line of a (possibly multi-line) error, the first prefixed with "wberr: ", the rest indented. */
    private static void printError(PrintWriter err, String message) {
        List<String> lines = message.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            err.println((i == 0 ? "wberr: " : "  ") + lines.get(i));
        }
    }

    /** A progress bar on the terminal's stderr; nothing when there is no terminal (CI, pipes, tests). */
    private static final class Progress implements AutoCloseable {
        private final ProgressBar bar;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        static Progress start(int models) {
            if (System.console() == null || System.getenv("CI") != null) {
                return new Progress(null);
            }
            PrintStream stderr = System.err;
            return new Progress(new ProgressBarBuilder().setTaskName("TLC").setInitialMax(models)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(stderr))
                    .setUpdateIntervalMillis(200).hideEta().clearDisplayOnFinish().build());
        }

        synchronized void finished(ModelOutcome o) {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(o.entry().model() + (o.asExpected() ? "" : " (!)"));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
