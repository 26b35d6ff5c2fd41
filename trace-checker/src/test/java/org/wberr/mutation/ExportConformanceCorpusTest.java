package org.wberr.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wberr.check.TestExports;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.Mode;
import org.wberr.manifest.ModelEntry;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not a test of its own: the first half of the mutation profile ({@code mvn -B verify -Pmutation}). It exports,
 * with TLC in child JVMs, the traces of the default suite's models (not slow, at most 100,000 distinct states, or
 * depth x traces for simulate models): their certified counterexamples and 10 seeded random walks of 100 steps per
 * configuration (not the coverage traces, some 13,000 more, which made every mutant's replay ten times as long), into
 * {@link ConformanceCorpus#dir()}. PIT then replays them ({@link ExportedTracesConformTest}) on each mutant of
 * model-java, which a test that exports in its own setup could not afford (TLC would run once per mutant).
 */
@Tag("corpus")
class ExportConformanceCorpusTest {
    static final long FAST_MODEL_LIMIT = 100_000;
    /** No coverage traces: the walks and counterexamples already take every action of every configuration. */
    static final long COVERAGE_LIMIT = 0;

    static boolean fast(ModelEntry m) {
        long cost = m.mode() == Mode.EXHAUSTIVE ? m.distinctStates() : (long) m.depth() * m.traces();
        return !m.slow() && cost <= FAST_MODEL_LIMIT;
    }

    @Test
    void exportTheDefaultModelsTraces() throws IOException {
        Path out = ConformanceCorpus.dir();
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.walk(out)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(out);
        Manifest manifest = TestExports.manifest();
        TestExports.Run run = TestExports.export(manifest, ExportConformanceCorpusTest::fast, COVERAGE_LIMIT, out);
        long files = run.files().size();
        assertTrue(files > 300, "expected the walks and counterexamples of the default suite's models, got " + files);
    }
}
