package org.wberr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;

import picocli.CommandLine.Option;

/** The options of commands that run manifest models with TLC ({@code check}, {@code export}): which, and how. */
public final class ModelOptions {

    static {
        System.setProperty("wberr.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Option(names = "--spec", paramLabel = "NAME", description = "Only the models of this spec (e.g. Fsync).")
    String specFilter;

    @Option(names = "--variant", paramLabel = "ID", description = "Only the models of this variant (e.g. v4.17).")
    String variantFilter;

    @Option(names = "--slow", description = "Also the models the manifest marks \"slow\": true (skipped by default).")
    boolean slow;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Models checked at once, and threads replaying traces (default: the number of processors,"
                    + " ${sys:wberr.cores}).")
    Integer jobs;

    @Option(names = "--specs-dir", paramLabel = "DIR",
            description = "Where the modules and cfgs are (default: <WBERR_HOME>/specs).")
    Path specsDir;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "The manifest (default: manifest.json in the specs directory).")
    Path manifestFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up on a model (its TLC run and export) after this long (default: ${DEFAULT-VALUE});"
                    + " exit 3.")
    long timeoutSeconds;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "Heap of each TLC JVM (-Xmx; default: ${DEFAULT-VALUE}).")
    String heap;

    /** Slow models the filters selected but --slow did not (set by {@link #select}). */
    int skippedSlow;

    /** The number of jobs, checked. */
    int jobs() {
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) {
            throw WberrException.badInput("--jobs", n + " is not a number of jobs (at least 1)");
        }
        return n;
    }

    /** Checks the options that need no file. */
    void validate() {
        jobs();
        if (timeoutSeconds < 1) {
            throw WberrException.badInput("--timeout", timeoutSeconds + " is not a number of seconds (at least 1)");
        }
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw WberrException.badInput("--heap", "\"" + heap + "\" is not a heap size such as 512m or 2g");
        }
    }

    /** The specs directory: --specs-dir, else WBERR_HOME's specs. */
    Path specsDir() {
        return specsDir != null ? specsDir : Main.home().resolve("specs");
    }

    Manifest manifest() {
        Path dir = specsDir();
        Path mf = manifestFile != null ? manifestFile : dir.resolve("manifest.json");
        return ManifestReader.read(mf, dir);
    }

    /** The manifest entries the filters select; unknown filter values are bad usage. */
    List<ModelEntry> select(Manifest manifest) {
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
}
