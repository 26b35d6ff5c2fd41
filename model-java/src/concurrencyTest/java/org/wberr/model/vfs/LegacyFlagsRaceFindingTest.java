package org.wberr.model.vfs;

import org.wberr.model.step.ImpossibleStepException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wberr.model.concurrency.Scenarios.scenario;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A finding about the kernel's code, which {@link Vfs} reproduces faithfully: since v4.13, the legacy
 * flags are not kept in step with wb_err. file_check_and_advance_wb_err clears AS_EIO and AS_ENOSPC
 * unconditionally after its errseq check, and mapping_set_error sets wb_err and the flag in two separate
 * steps, so a writeback error that races with fsync can leave the flags saying the opposite of what
 * fsync reported. Two windows:
 * <ol>
 *   <li>fsync's errseq_check finds nothing; the error is recorded (errseq_set, set_bit(AS_EIO)); fsync
 *       clears AS_EIO and returns 0. The error is then invisible to the next filemap_check_errors caller
 *       (stat, truncate): only wb_err still holds it.</li>
 *   <li>errseq_set; fsync reports the error and clears the flags; set_bit(AS_EIO). The flag outlives the
 *       report, and stat reports the same error again.</li>
 * </ol>
 * Either way no sequential order explains fsync's result together with stat's. The errseq-based report
 * to fsync is unaffected (see FsyncLinearizabilityTest).
 *
 * <p>Methodological note: with set_bit and clear_bit written as {@code AtomicInteger.getAndUpdate},
 * Lincheck 3.7 never preempted a thread between fsync's errseq check and its clear_bit and found nothing
 * in 30,000 explored interleavings; written as explicit get/compareAndSet loops (as here) it finds the
 * race at once. Lincheck does not seem to treat getAndUpdate as a switch point.
 *
 * <p><b>Guarantees.</b> That the model checker finds a non-linearizable execution of this scenario in
 * v4.13 (fsync racing a failed write, then stat and fsync), with set_bit and clear_bit in the trace; and
 * that legacy-flags, whose fsync only test-and-clears the flags, passes 500 explored interleavings of
 * the same scenario. <b>Leaves out.</b> Whether any caller that matters still relies on the legacy flags
 * after v4.13.
 */
@Tag("concurrency")
class LegacyFlagsRaceFindingTest {

    public abstract static class Concurrent {
        final Vfs vfs;

        Concurrent(Variant variant) {
            vfs = Vfs.builder(variant).build();
            vfs.open("S");
            vfs.open("W");
        }

        /** A failed write: write page 0, writeback ends in EIO (again if a concurrent fsync flushed it). */
        @Operation
        public void failedWrite() {
            for (;;) {
                vfs.write("W", 0);
                try {
                    vfs.writeback(0, WritebackOutcome.EIO);
                    return;
                } catch (ImpossibleStepException flushedMeanwhile) {
                    // dirty it again
                }
            }
        }

        @Operation
        public int fsync() {
            return vfs.fsync("S");
        }

        @Operation
        public int stat() {
            return vfs.stat();
        }
    }

    public abstract static class Sequential {
        final VfsReference ref;

        Sequential(Variant variant) {
            ref = new VfsReference(variant, 19);
            ref.open("S");
            ref.open("W");
        }

        public void failedWrite() {
            ref.write("W", 0);
            ref.writeback(0, WritebackOutcome.EIO);
        }

        public int fsync() {
            return ref.fsync("S");
        }

        public int stat() {
            return ref.stat();
        }
    }

    public static class V413 extends Concurrent { public V413() { super(Variant.V4_13); } }
    public static class V413Seq extends Sequential { public V413Seq() { super(Variant.V4_13); } }
    public static class Legacy extends Concurrent { public Legacy() { super(Variant.LEGACY_FLAGS); } }
    public static class LegacySeq extends Sequential { public LegacySeq() { super(Variant.LEGACY_FLAGS); } }

    private static ModelCheckingOptions raceScenario(Class<?> test, Class<?> seq, int invocations) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .addCustomScenario(scenario(test)
                        .thread("fsync")
                        .thread("failedWrite")
                        .post("stat", "fsync")
                        .build())
                .sequentialSpecification(seq);
    }

    @Test
    void v413_clearBitAfterTheCheck_dropsAFlagSetInBetween() {
        LincheckAssertionError failure = assertThrows(LincheckAssertionError.class,
                () -> raceScenario(V413.class, V413Seq.class, 3000).check(V413.class));
        String report = failure.getMessage();
        System.out.println("v4.13 legacy-flag race, as Lincheck found it:"
                + report.substring(0, Math.max(0, report.indexOf("The following interleaving"))));
        assertTrue(report.contains("clearBit(AS_EIO)"), report);
        assertTrue(report.contains("setBit(AS_EIO)"), report);
        assertTrue(report.contains("stat()"), report);
    }

    @Test
    void legacyFlags_testAndClear_hasNoSuchWindow() {
        raceScenario(Legacy.class, LegacySeq.class, 500).check(Legacy.class);
    }
}
