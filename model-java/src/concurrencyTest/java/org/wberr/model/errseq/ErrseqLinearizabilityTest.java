package org.wberr.model.errseq;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * errseq_t is linearizable, bit for bit, against {@link ErrseqReference}, as long as every error
 * recorded carries the same errno.
 *
 * <p><b>Guarantees.</b> For every interleaving Lincheck's model checker explores (and every execution
 * its stress mode observes) of concurrent {@code errseq_set(-EIO)}, {@code errseq_sample} in both v4.13
 * and v4.17 semantics, {@code errseq_check}, {@code errseq_check_and_advance} and raw reads of the word,
 * by up to three threads each owning one cursor (serialised by ownership, as f_lock does in the
 * kernel), the results, including every raw value returned, are those of some sequential execution of
 * the reference that respects each thread's order. Model checking uses a 2-bit counter, so executions
 * in which the counter wraps are among those explored; stress uses the kernel's 19 bits. In particular
 * the kernel's two "outcome ignored" CASes (marking SEEN in sample and check-and-advance) lose nothing
 * with a single errno: a mark can only fail because another reader made the same mark.
 *
 * <p><b>Leaves out.</b> Different errnos: then a lost SEEN mark is observable and an error can be missed,
 * see {@link ErrseqMixedErrnoFindingTest}. Real-time order between threads is not checked by Lincheck's
 * verifier (only each thread's program order), so this is a check of sequential consistency of the
 * results under the explored interleavings; the real-time property that matters for fsync is checked by
 * the VFS stress test. Lincheck explores a bounded number of scenarios (3 threads x 3 operations, plus
 * one before and one after) and interleavings, not all of them.
 */
@Tag("concurrency")
class ErrseqLinearizabilityTest {
    private static final int EIO = 5;

    /** The object under test: one errseq_t, one cursor per thread (and one for the init/post parts). */
    public static class Concurrent {
        final Errseq e;
        final ErrseqCursor[] cursors = {new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor()};

        public Concurrent() {
            this(2);
        }

        Concurrent(int bits) {
            e = new Errseq(bits);
        }

        @Operation
        public int set() {
            return e.set(-EIO);
        }

        @Operation
        public int sampleV413(@Param(gen = ThreadIdGen.class) int thread) {
            int v = e.sample(SampleSemantics.V4_13);
            cursors[thread].set(v);
            return v;
        }

        @Operation
        public int sampleV417(@Param(gen = ThreadIdGen.class) int thread) {
            int v = e.sample(SampleSemantics.V4_17);
            cursors[thread].set(v);
            return v;
        }

        @Operation
        public int check(@Param(gen = ThreadIdGen.class) int thread) {
            return e.check(cursors[thread].get());
        }

        @Operation
        public int checkAndAdvance(@Param(gen = ThreadIdGen.class) int thread) {
            return e.checkAndAdvance(cursors[thread]);
        }

        @Operation
        public int read() {
            return e.get();
        }
    }

    /** The same with the kernel's 19-bit counter, for stress. */
    public static class Concurrent19 extends Concurrent {
        public Concurrent19() {
            super(19);
        }
    }

    /** The sequential specification: {@link ErrseqReference}, operation by operation. */
    public static class Sequential {
        final ErrseqReference r;
        final int[][] cursors = {{0}, {0}, {0}, {0}};

        public Sequential() {
            this(2);
        }

        Sequential(int bits) {
            r = new ErrseqReference(bits);
        }

        public int set() {
            return r.set(-EIO);
        }

        public int sampleV413(int thread) {
            cursors[thread][0] = r.sampleV413();
            return cursors[thread][0];
        }

        public int sampleV417(int thread) {
            cursors[thread][0] = r.sampleV417();
            return cursors[thread][0];
        }

        public int check(int thread) {
            return r.check(cursors[thread][0]);
        }

        public int checkAndAdvance(int thread) {
            return r.checkAndAdvance(cursors[thread]);
        }

        public int read() {
            return r.value();
        }
    }

    public static class Sequential19 extends Sequential {
        public Sequential19() {
            super(19);
        }
    }

    @Test
    void modelChecking_singleErrno_2bitCounter() {
        new ModelCheckingOptions()
                .iterations(40)
                .invocationsPerIteration(1000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(Sequential.class)
                .check(Concurrent.class);
    }

    @Test
    void stress_singleErrno_kernelCounter() {
        new StressOptions()
                .iterations(40)
                .invocationsPerIteration(2000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(Sequential19.class)
                .check(Concurrent19.class);
    }
}
