package org.wberr.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.wberr.conformance.ReplayException;
import org.wberr.conformance.Replayer;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.subject.Subjects;

/**
 * Fuzz target: an ITF trace file, read and replayed as {@code wberr replay FILE} does: {@link ItfReader#read}, the
 * driver its {@code #meta.spec} names ({@link Subjects#driverFor(ItfTrace)}), {@link Replayer#replay} and, for a
 * trace that does not conform, the diff ({@code Mismatch.render}).
 *
 * <p>Acceptable: a result (the trace conforms, or the first mismatch), an {@link ItfFormatException} (not ITF) or a
 * {@link ReplayException} (ITF that the driver cannot replay), each with a message that starts with the file. The
 * command shows both as {@code wberr: MESSAGE} and exits 2. Anything else is a crash: another exception (a
 * ClassCastException in a driver, an ArithmeticException from a number out of range), a hang, an OutOfMemoryError.
 *
 * <p>Seeds: {@code ItfReplayFuzzTestInputs/traceFile/}, exported traces of each spec (counterexamples, walks,
 * coverage) and hand-written ones. Fuzz it: {@code mvn -B verify -Pfuzz} (all targets) or
 * {@code JAZZER_FUZZ=1 mvn -B test -pl trace-checker -Dtest=ItfReplayFuzzTest}.
 */
class ItfReplayFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void traceFile(byte[] data) {
        Path file = Fuzz.write("trace.itf.json", data);
        try {
            ItfTrace trace = ItfReader.read(file);
            Replayer.Result r = Replayer.replay(trace, Subjects.driverFor(trace));
            if (!r.conforms()) {
                r.mismatch().render();
            }
        } catch (ItfFormatException | ReplayException e) {
            Fuzz.names(e, file.toString());
        }
    }
}
