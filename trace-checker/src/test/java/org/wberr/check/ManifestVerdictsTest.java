package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.wberr.conformance.Replayer;
import org.wberr.gen.TestGenerator;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ModelEntry;
import org.wberr.manifest.Verdict;
import org.wberr.subject.Subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reproduces every verdict and distinct-state count of the repository's {@code specs/manifest.json}, one
 * dynamic test per model, and replays every trace those model runs export against model-java, one dynamic test
 * per trace, named after the trace file.
 *
 * <p>Models up to {@code wberr.fastModelLimit} distinct states (default 100,000; for simulate models: depth x
 * traces) and not marked {@code "slow": true} run in the default suite, the others in the {@code slow} profile
 * ({@code mvn verify -Pslow}). Every model exports its certified counterexample and its configuration's seeded
 * random walks; coverage traces (every reachable transition) are exported for configurations of at most
 * {@code wberr.coverageLimit} transitions (default suite: 15,000, which covers every ext4 configuration, the
 * small errseq ones and the legacy-flags fsync ones, some 14,000 traces; the slow profile replays the coverage of
 * every default configuration, about 218,000 traces, as {@code ./wberr check} does). The specs directory is
 * {@code ../specs} from the module (the repository's), or the system property {@code wberr.specs.dir}; without a
 * manifest there, the tests are skipped.
 *
 * <p>It also tells when the JUnit tests that {@code wberr gen-tests} wrote from counterexamples are stale: every
 * counterexample exported here must render to the committed file.
 */
class ManifestVerdictsTest {
    private static final long LIMIT = Long.getLong("wberr.fastModelLimit", 100_000);
    private static final long COVERAGE_LIMIT = Long.getLong("wberr.coverageLimit", 15_000);
    private static final List<Path> WORK_DIRS = new ArrayList<>();
    /** Where {@code wberr gen-tests} writes, from this module. */
    private static final Path GENERATED = Path.of("../model-java/src/test/java/org/wberr/model/counterexamples");

    static boolean fast(ModelEntry m) {
        return !m.slow() && TlcRunner.expectedCost(m) <= LIMIT;
    }

    @TestFactory
    Stream<DynamicNode> fastModels() throws IOException {
        return checkAndReplay(ManifestVerdictsTest::fast, COVERAGE_LIMIT);
    }

    @Tag("slow")
    @TestFactory
    Stream<DynamicNode> slowModels() throws IOException {
        return checkAndReplay(m -> !fast(m), COVERAGE_LIMIT);
    }

    /** The default models again, with the coverage traces of every configuration (what {@code wberr check} replays). */
    @Tag("slow")
    @TestFactory
    Stream<DynamicNode> fastModelsFullCoverage() throws IOException {
        return checkAndReplay(ManifestVerdictsTest::fast, 1_000_000);
    }

    @AfterAll
    static void deleteTraces() {
        WORK_DIRS.forEach(TlcRunner::deleteTree);
    }

    private static Stream<DynamicNode> checkAndReplay(Predicate<ModelEntry> which, long coverageLimit)
            throws IOException {
        assumeTrue(Files.isRegularFile(TestExports.specsDir().resolve("manifest.json")),
                "no manifest in " + TestExports.specsDir());
        Manifest manifest = TestExports.manifest();
        if (manifest.models().stream().noneMatch(which)) {
            return Stream.empty();
        }
        Path out = Files.createTempDirectory("wberr-traces-");
        WORK_DIRS.add(out);
        TestExports.Run run = TestExports.export(manifest, which, coverageLimit, out);
        ExportPlan plan = run.plan();
        List<ModelOutcome> outcomes = run.outcomes();
        Stream<DynamicNode> verdicts = outcomes.stream().map(o -> DynamicTest.dynamicTest(name(o.entry()),
                () -> assertTrue(o.asExpected(), () -> o.entry().cfg() + ": "
                        + (o.error() != null ? o.error() : String.join("; ", o.differences())))));
        Map<String, String> crossCheck = new LinkedHashMap<>();
        plan.crossCheck(outcomes).forEach((m, why) -> crossCheck.put(m.model(), why));
        DynamicTest exported = DynamicTest.dynamicTest("every configuration exported and cross-checked with TLC",
                () -> assertEquals(Map.of(), crossCheck));
        Stream<DynamicNode> traces = outcomes.stream().map(ModelOutcome::result)
                .filter(r -> r != null && r.export() != null)
                .map(r -> replayAll(out, r.export(), coverageLimit));
        return Stream.of(verdicts, Stream.<DynamicNode>of(exported), traces, generatedTests(manifest, run))
                .flatMap(x -> x);
    }

    /**
     * The committed tests that {@code wberr gen-tests} wrote from counterexamples (model-java's test tree) are
     * current: each counterexample exported here, of a spec with a test renderer, renders to exactly the committed
     * file; and no committed file belongs to a model that the manifest does not expect to be violated.
     */
    private static Stream<DynamicNode> generatedTests(Manifest manifest, TestExports.Run run) {
        Path dir = GENERATED.toAbsolutePath().normalize();
        String regenerate = "stale: run ./wberr check && ./wberr gen-tests target/wberr/traces/counterexamples";
        List<DynamicNode> tests = new ArrayList<>();
        for (Path trace : run.files()) {
            if (!trace.getParent().endsWith("counterexamples")) {
                continue;
            }
            ItfTrace t = ItfReader.read(trace);
            if (Subjects.bySpec(t.metaText("spec")).isEmpty()) {
                continue;
            }
            Path committed = dir.resolve(TestGenerator.className(t.metaText("model")) + ".java");
            tests.add(DynamicTest.dynamicTest("generated test is current: " + committed.getFileName(), () -> {
                assertTrue(Files.isRegularFile(committed), committed + " is missing; " + regenerate);
                assertEquals(TestGenerator.generate(t, TestExports.specsDir(),
                        Subjects.bySpec(t.metaText("spec")).get().newRenderer()), Files.readString(committed),
                        committed + " is " + regenerate);
            }));
        }
        tests.add(DynamicTest.dynamicTest("every generated test belongs to a violated model", () -> {
            Set<String> violated = new HashSet<>();
            manifest.models().stream().filter(m -> m.expected() == Verdict.VIOLATED)
                    .forEach(m -> violated.add(TestGenerator.className(m.model()) + ".java"));
            try (Stream<Path> files = Files.list(dir)) {
                List<String> orphans = files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith("Test.java") && !violated.contains(f)).sorted().toList();
                assertEquals(List.of(), orphans, "generated tests of models that are not expected to be violated"
                        + " (delete them, or regenerate)");
            }
        }));
        return tests.stream();
    }

    /**
     * One container per exporting job: full coverage when the graph is within the limit, then each trace file
     * replayed on model-java.
     */
    private static DynamicContainer replayAll(Path out, JobResult.Export e, long coverageLimit) {
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("export succeeded", () -> assertNull(e.error(), e.error())));
        if (e.graph() != null && e.graph().transitions() <= coverageLimit) {
            tests.add(DynamicTest.dynamicTest("coverage: every reachable transition taken", () -> {
                assertTrue(e.coverage() != null, "no coverage traces: " + e.coverageSkipped());
                assertEquals(e.graph().transitions(), e.coverage().covered(), "transitions covered");
            }));
        }
        for (JobResult.TraceFile f : e.files()) {
            Path p = out.resolve(f.path());
            // The path under the export directory names the configuration too: Surefire reports flatten the
            // containers, and a bare file name (coverage-0012.itf.json) exists in every configuration.
            tests.add(DynamicTest.dynamicTest(f.path(), p.toUri(), () -> replay(p)));
        }
        String name = e.config() == null ? "counterexample" : e.config();
        return DynamicContainer.dynamicContainer("traces of " + name, tests.stream());
    }

    private static void replay(Path trace) {
        ItfTrace t = ItfReader.read(trace);
        Replayer.Result r = Replayer.replay(t, Subjects.driverFor(t));
        if (!r.conforms()) {
            fail(r.mismatch().render());
        }
        assertEquals(t.states().size() - 1, r.steps(), "steps replayed");
    }

    private static String name(ModelEntry m) {
        return m.spec() + " / " + m.model() + " (" + m.variant() + "): " + m.property() + " " + m.expected().id()
                + (m.distinctStates() == null ? "" : ", " + m.distinctStates() + " states");
    }
}
