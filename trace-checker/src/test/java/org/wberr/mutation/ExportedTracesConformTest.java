package org.wberr.mutation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wberr.conformance.Replayer;
import org.wberr.conformance.TraceFiles;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.subject.Subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance suite as PIT runs it on model-java (profile mutation): every trace that
 * {@link ExportConformanceCorpusTest} exported, replayed on model-java, one test per spec; the first trace that does
 * not conform fails it with its diff. The traces are read once per JVM (they are not model-java's, so a mutant of
 * model-java cannot change them) and replayed on a fresh driver each time.
 */
@Tag("mutation")
class ExportedTracesConformTest {
    private static final Map<String, List<ItfTrace>> BY_SPEC = new ConcurrentHashMap<>();

    private static synchronized List<ItfTrace> traces(String spec) {
        if (BY_SPEC.isEmpty()) {
            assumeTrue(Files.isDirectory(ConformanceCorpus.dir()), "no corpus in " + ConformanceCorpus.dir()
                    + ": run ExportConformanceCorpusTest first (mvn -B verify -Pmutation does)");
            for (var f : TraceFiles.expand(List.of(ConformanceCorpus.dir()))) {
                ItfTrace t = ItfReader.read(f);
                BY_SPEC.computeIfAbsent(t.metaText("spec"), k -> new ArrayList<>()).add(t);
            }
        }
        return BY_SPEC.getOrDefault(spec, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Errseq", "Fsync", "Ext4MetaWriteback"})
    void everyExportedTrace_conforms(String spec) {
        List<ItfTrace> traces = traces(spec);
        assertTrue(traces.size() > 10, "expected the corpus to hold traces of " + spec + ", got " + traces.size());
        for (ItfTrace t : traces) {
            Replayer.Result r = Replayer.replay(t, Subjects.driverFor(t));
            assertTrue(r.conforms(), () -> r.mismatch().render());
            assertEquals(t.states().size() - 1, r.steps(), "steps replayed of " + t.file());
        }
    }
}
