package org.wberr.mutation;

import java.nio.file.Path;

/**
 * Where the mutation profile keeps the traces that {@link ExportConformanceCorpusTest} exports and
 * {@link ExportedTracesConformTest} replays: {@code target/conformance-corpus} of this module, or the system property
 * {@code wberr.conformance.corpus}.
 */
final class ConformanceCorpus {
    private ConformanceCorpus() {
    }

    static Path dir() {
        return Path.of(System.getProperty("wberr.conformance.corpus", "target/conformance-corpus")).toAbsolutePath()
                .normalize();
    }
}
