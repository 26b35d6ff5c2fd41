package org.wberr.cli;

import java.nio.file.Path;

import org.wberr.check.ExportPlan;
import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ModelEntry;
import org.wberr.subject.Subject;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Option;

/** The options of trace export ({@code check}, {@code export}). */
public final class ExportOptions {
    /** Default length cap of a coverage trace; see the README ("Coverage traces") for why 2,000. */
    public static final int DEFAULT_MAX_STEPS = 2000;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where traces are written: DIR/traces/configs/<configuration>/ and"
                    + " DIR/traces/counterexamples/ (default:"
                    + " <WBERR_HOME>/target/wberr). Earlier *.itf.json files of the configurations exported are"
                    + " deleted first; nothing else is touched.")
    Path out;

    @Option(names = "--random", paramLabel = "N", defaultValue = "10",
            description = "Seeded random walks per configuration (default: ${DEFAULT-VALUE}).")
    int random;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "100",
            description = "Steps of each random walk; a walk stops earlier in a state without successor"
                    + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the first random walk of each configuration; walk i uses S + i, so"
                    + " --random 1 --seed S+i reproduces it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-trace-steps", paramLabel = "L", defaultValue = "" + DEFAULT_MAX_STEPS,
            description = "Length cap of a coverage trace: a new trace starts from an initial state after L steps"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--max-transitions", paramLabel = "N", defaultValue = "1000000",
            description = "No coverage traces for a configuration whose state graph has more than N transitions"
                    + " (its exploration stops there; random walks and counterexamples are still written). The"
                    + " default configurations have at most 373,184; the slow \"wide\" ones about 3 million, whose"
                    + " coverage would be some 13 million steps, about 5 GB (default: ${DEFAULT-VALUE}).")
    long maxTransitions;

    void validate() {
        if (maxTransitions < 0) {
            throw WberrException.badInput("--max-transitions", maxTransitions + " is not a number of transitions");
        }
        if (random < 0) {
            throw WberrException.badInput("--random", random + " is not a number of walks (at least 0)");
        }
        if (depth < 0) {
            throw WberrException.badInput("--depth", depth + " is not a number of steps (at least 0)");
        }
        if (maxSteps < 1) {
            throw WberrException.badInput("--max-trace-steps", maxSteps + " is not a number of steps (at least 1)");
        }
    }

    Path outDir() {
        return (out != null ? out : Main.home().resolve("target").resolve("wberr")).toAbsolutePath().normalize();
    }

    /** What {@code wberr export} writes: every trace. */
    ExportPlan plan(Manifest manifest, java.util.List<ModelEntry> selected) {
        return ExportPlan.of(manifest, selected,
                new ExportPlan.Settings(outDir(), random, depth, seed, maxSteps, maxTransitions,
                        Main.VERSION, -1, java.util.Map.of()));
    }

    /**
     * What {@code wberr check} writes and checks: every transition of each configuration's graph checked on
     * model-java in memory, where the graph was explored; of the traces, the counterexamples, those that do not
     * conform, and {@code sample} coverage traces and random walks per configuration.
     */
    ExportPlan checkPlan(Manifest manifest, java.util.List<ModelEntry> selected, int sample) {
        java.util.Map<String, String> drivers = new java.util.TreeMap<>();
        for (Subject s : Subjects.ALL) {
            drivers.put(s.spec(), s.newDriver().getClass().getName());
        }
        return ExportPlan.of(manifest, selected,
                new ExportPlan.Settings(outDir(), random, depth, seed, maxSteps, maxTransitions,
                        Main.VERSION, sample, drivers));
    }
}
