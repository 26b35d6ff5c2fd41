package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;

/** For tests: runs manifest models with TLC, each in its child JVM, exporting their traces into a directory. */
public final class TestExports {

    /**
     * @param manifest the repository's manifest
     * @param plan     what was exported, and where ({@code plan.settings().outDir()})
     * @param outcomes per model, in manifest order
     */
    public record Run(Manifest manifest, ExportPlan plan, List<ModelOutcome> outcomes) {
        /** The trace files written, absolute, in the order the children reported them. */
        public List<Path> files() {
            Path out = plan.settings().outDir();
            return outcomes.stream().map(ModelOutcome::result)
                    .filter(r -> r != null && r.export() != null)
                    .flatMap(r -> r.export().files().stream())
                    .map(f -> out.resolve(f.path()))
                    .toList();
        }
    }

    private TestExports() {
    }

    /** The repository's specs directory ({@code ../specs} from the module, or {@code wberr.specs.dir}). */
    public static Path specsDir() {
        return Path.of(System.getProperty("wberr.specs.dir", "../specs")).toAbsolutePath().normalize();
    }

    public static Manifest manifest() throws IOException {
        Path specs = specsDir();
        return ManifestReader.read(specs.resolve("manifest.json"), specs);
    }

    /**
     * Checks the models {@code which} selects and exports into {@code out}: counterexamples, 10 seeded random walks
     * of 100 steps per configuration, and coverage traces for configurations of at most {@code coverageLimit}
     * transitions.
     */
    public static Run export(Manifest manifest, Predicate<ModelEntry> which, long coverageLimit, Path out)
            throws IOException {
        List<ModelEntry> models = manifest.models().stream().filter(which).toList();
        ExportPlan plan = ExportPlan.of(manifest, models,
                new ExportPlan.Settings(out, 10, 100, 1, 2000, coverageLimit, "test", -1, java.util.Map.of()));
        Path work = Files.createTempDirectory("wberr-tlc-");
        try {
            int jobs = Runtime.getRuntime().availableProcessors();
            List<ModelOutcome> outcomes = new TlcRunner(new TlcRunner.Options(jobs, 1, Duration.ofMinutes(15), "1g",
                    System.getProperty("java.class.path"), work, false, true)).run(manifest, models, plan, o -> { });
            return new Run(manifest, plan, outcomes);
        } finally {
            TlcRunner.deleteTree(work);
        }
    }
}
