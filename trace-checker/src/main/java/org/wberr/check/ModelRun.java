package org.wberr.check;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ModelEntry;

/**
 * Runs the selected models with TLC in child JVMs ({@link TlcRunner}; and the export the plan asks for), with a progress bar on
 * a terminal, the children's work directory removed afterwards unless something failed with exit 3.
 */
public final class ModelRun {

    /**
     * @param outcomes    per selected model, in manifest order
     * @param wallSeconds wall time of the whole run
     * @param workDir     the children's files, kept when an environment failure needs them (else deleted)
     */
    public record Result(List<ModelOutcome> outcomes, double wallSeconds, Path workDir) {
    }

    private ModelRun() {
    }

    public static Result run(int jobs, long timeoutSeconds, String heap, Manifest manifest, List<ModelEntry> selected,
            ExportPlan plan) {
        int n = jobs;
        Path work;
        try {
            work = Files.createTempDirectory("wberr-check-");
        } catch (IOException e) {
            throw WberrException.environment("cannot create a work directory: " + e.getMessage(), e);
        }
        TlcRunner runner = new TlcRunner(new TlcRunner.Options(Math.min(n, selected.size()), 1,
                Duration.ofSeconds(timeoutSeconds), heap, System.getProperty("java.class.path"), work,
                !"off".equals(System.getenv("WBERR_CDS")), !"off".equals(System.getenv("WBERR_BATCH"))));
        // Interrupted (Ctrl-C, SIGTERM): stop the children, then remove their files and the traces they were
        // writing (a killed child cannot remove its staging directory itself).
        Thread cleanup = new Thread(() -> {
            runner.stop();
            TlcRunner.deleteTree(work);
            if (plan != null) {
                try {
                    plan.discardStaging();
                } catch (IOException e) {
                    // The next run's clean-up removes what is left.
                }
            }
        }, "wberr-check-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean keep = false;
        try {
            long start = System.nanoTime();
            List<ModelOutcome> outcomes;
            try (Progress progress = Progress.start(plan == null ? "TLC" : "TLC+export", selected.size())) {
                outcomes = runner.run(manifest, selected, plan, oc -> progress.step(oc.entry().model()
                        + (oc.asExpected() ? "" : " (!)")));
            }
            double wall = (System.nanoTime() - start) / 1e9;
            keep = outcomes.stream().anyMatch(oc -> oc.exitCode() == ExitCode.ENVIRONMENT);
            return new Result(outcomes, wall, work);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it cleans up.
            }
            if (!keep) {
                TlcRunner.deleteTree(work);
            }
        }
    }

    /** A progress bar on the terminal's stderr; nothing when there is no terminal (CI, pipes, tests). */
    public static final class Progress implements AutoCloseable {
        private final ProgressBar bar;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        public static Progress start(String task, int max) {
            if (System.console() == null || System.getenv("CI") != null) {
                return new Progress(null);
            }
            PrintStream stderr = System.err;
            return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(stderr))
                    .setUpdateIntervalMillis(200).hideEta().clearDisplayOnFinish().build());
        }

        public synchronized void step(String message) {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(message);
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
