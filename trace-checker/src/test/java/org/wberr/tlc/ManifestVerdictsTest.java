package org.wberr.tlc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;

/**
 * Reproduces every verdict and distinct-state count of the repository's {@code specs/manifest.json}, one
 * dynamic test per model. Models up to {@code wberr.fastModelLimit} distinct states (default 100,000; for
 * simulate models: depth x traces) and not marked {@code "slow": true} run in the default suite, the others in
 * the {@code slow} profile ({@code mvn verify -Pslow}). The specs directory is {@code ../specs} from the module (the repository's),
 * or the system property {@code wberr.specs.dir}; without a manifest there, the tests are skipped.
 */
class ManifestVerdictsTest {
    private static final long LIMIT = Long.getLong("wberr.fastModelLimit", 100_000);

    static boolean fast(ModelEntry m) {
        return !m.slow() && TlcRunner.expectedCost(m) <= LIMIT;
    }

    @TestFactory
    Stream<DynamicTest> fastModels() throws IOException {
        return verdicts(ManifestVerdictsTest::fast);
    }

    @Tag("slow")
    @TestFactory
    Stream<DynamicTest> slowModels() throws IOException {
        return verdicts(m -> !fast(m));
    }

    private static Stream<DynamicTest> verdicts(Predicate<ModelEntry> which) throws IOException {
        Path specs = Path.of(System.getProperty("wberr.specs.dir", "../specs")).toAbsolutePath().normalize();
        Path file = specs.resolve("manifest.json");
        assumeTrue(Files.isRegularFile(file), "no manifest at " + file);
        Manifest manifest = ManifestReader.read(file, specs);
        List<ModelEntry> models = manifest.models().stream().filter(which).toList();
        if (models.isEmpty()) {
            return Stream.empty();
        }
        Path work = Files.createTempDirectory("wberr-verdicts-");
        List<ModelOutcome> outcomes;
        try {
            int jobs = Runtime.getRuntime().availableProcessors();
            outcomes = new TlcRunner(new TlcRunner.Options(jobs, 1, Duration.ofMinutes(15), "1g",
                    System.getProperty("java.class.path"), work, false)).run(manifest, models, o -> { });
        } finally {
            TlcRunner.deleteTree(work);
        }
        return outcomes.stream().map(o -> DynamicTest.dynamicTest(name(o.entry()), () -> assertTrue(o.asExpected(),
                () -> o.entry().cfg() + ": " + (o.error() != null ? o.error() : String.join("; ", o.differences())))));
    }

    private static String name(ModelEntry m) {
        return m.spec() + " / " + m.model() + " (" + m.variant() + "): " + m.property() + " " + m.expected().id()
                + (m.distinctStates() == null ? "" : ", " + m.distinctStates() + " states");
    }
}
