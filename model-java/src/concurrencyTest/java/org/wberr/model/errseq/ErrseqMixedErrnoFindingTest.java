package org.wberr.model.errseq;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wberr.model.concurrency.Scenarios.scenario;

import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A finding about the kernel's algorithm, which {@link Errseq} reproduces faithfully: with two different
 * errnos, errseq_check_and_advance can report an error, lose its SEEN mark to a racing errseq_set, and
 * then miss a later error recorded strictly after it returned.
 *
 * <p>The interleaving (found by Lincheck's model checker; values for a 19-bit counter):
 * <ol>
 *   <li>wb_err = 0x005 (EIO, unseen). Thread 1's check-and-advance reads 0x005.</li>
 *   <li>Thread 2's errseq_set(-ENOSPC): unseen, so no counter step: 0x01c.</li>
 *   <li>Thread 1's cmpxchg(0x005 -&gt; 0x1005) fails; the kernel ignores that ("either outcome is OK"):
 *       thread 1's cursor becomes 0x1005 and it reports EIO.</li>
 *   <li>Thread 1 (its fsync has returned) records a new error, errseq_set(-EIO): 0x01c is unseen, so no
 *       counter step again: 0x005.</li>
 *   <li>Thread 3 checks and advances: 0x1005, and reports EIO.</li>
 *   <li>Thread 1 checks again: 0x1005 equals its cursor, so it reports 0: the error of step 4, recorded
 *       after its previous check returned, is lost to it.</li>
 * </ol>
 * In VFS terms (v4.13 and later): fd R's fsync races with an ENOSPC writeback failure; a later EIO
 * writeback failure happens; another fd's fsync reports it; R's next fsync returns 0 although a write
 * failed after R's previous fsync. With a single errno this cannot happen (see
 * {@link ErrseqLinearizabilityTest}); errseq_sample in v4.13 semantics has the same window.
 *
 * <p><b>Guarantees.</b> That the model checker finds a non-linearizable execution of exactly this
 * scenario against {@link ErrseqReference}, and that the failed SEEN cmpxchg is part of it; and that an
 * errseq_t whose check-and-advance retries the SEEN mark until it sticks passes the same scenario.
 * <b>Leaves out.</b> How likely the window is on real hardware (nanoseconds between a READ_ONCE and a
 * cmpxchg), and whether any file system mixes errnos on one mapping often enough to hit it.
 */
@Tag("concurrency")
class ErrseqMixedErrnoFindingTest {
    private static final int EIO = 5;
    private static final int ENOSPC = 28;

    public static class Concurrent {
        final Errseq e = new Errseq();
        final ErrseqCursor[] cursors = {new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor()};

        @Operation
        public void setEio() {
            e.set(-EIO);
        }

        @Operation
        public void setEnospc() {
            e.set(-ENOSPC);
        }

        @Operation
        public int checkAndAdvance(@Param(gen = ThreadIdGen.class) int thread) {
            return e.checkAndAdvance(cursors[thread]);
        }
    }

    public static class Sequential {
        final ErrseqReference r = new ErrseqReference(19);
        final int[][] cursors = {{0}, {0}, {0}, {0}};

        public void setEio() {
            r.set(-EIO);
        }

        public void setEnospc() {
            r.set(-ENOSPC);
        }

        public int checkAndAdvance(int thread) {
            return r.checkAndAdvance(cursors[thread]);
        }
    }

    /**
     * A possible fix, for comparison: check-and-advance marks SEEN on the value it reports, retrying the
     * cmpxchg until it succeeds or finds SEEN already set; set is the kernel's.
     */
    public static class RetriedSeenMark {
        final AtomicInteger word = new AtomicInteger();
        final int[] cursors = new int[4];

        void set(int err) {
            int old = word.get();
            for (;;) {
                int next = (old & ~(Errseq.MAX_ERRNO | Errseq.ERRSEQ_SEEN)) | -err;
                if ((old & Errseq.ERRSEQ_SEEN) != 0) {
                    next += Errseq.ERRSEQ_CTR_INC;
                }
                if (next == old) {
                    return;
                }
                int cur = word.compareAndExchange(old, next);
                if (cur == old || cur == next) {
                    return;
                }
                old = cur;
            }
        }

        @Operation
        public void setEio() {
            set(-EIO);
        }

        @Operation
        public void setEnospc() {
            set(-ENOSPC);
        }

        @Operation
        public int checkAndAdvance(@Param(gen = ThreadIdGen.class) int thread) {
            int old = word.get();
            if (old == cursors[thread]) {
                return 0;
            }
            while ((old & Errseq.ERRSEQ_SEEN) == 0) {
                int cur = word.compareAndExchange(old, old | Errseq.ERRSEQ_SEEN);
                if (cur == old) {
                    old |= Errseq.ERRSEQ_SEEN;
                    break;
                }
                old = cur; // raced: report and mark what is there now
            }
            cursors[thread] = old;
            return -(old & Errseq.MAX_ERRNO);
        }
    }

    private static ModelCheckingOptions lostErrorScenario(Class<?> test) {
        return new ModelCheckingOptions()
                .iterations(0) // only the custom scenario
                .invocationsPerIteration(5000)
                .addCustomScenario(scenario(test)
                        .initial("setEio")
                        .thread("checkAndAdvance:0", "setEio", "checkAndAdvance:0")
                        .thread("setEnospc")
                        .thread("checkAndAdvance:2")
                        .build())
                .sequentialSpecification(Sequential.class);
    }

    @Test
    void kernelCheckAndAdvance_withTwoErrnos_canMissAnErrorRecordedAfterItReturned() {
        LincheckAssertionError failure = assertThrows(LincheckAssertionError.class,
                () -> lostErrorScenario(Concurrent.class).check(Concurrent.class));
        String report = failure.getMessage();
        assertTrue(report.contains("word.compareAndSet(5, 4101): false"), report);
        assertTrue(report.contains("checkAndAdvance(0): 0"), report);
    }

    @Test
    void retryingTheSeenMark_closesTheWindow() {
        lostErrorScenario(RetriedSeenMark.class).check(RetriedSeenMark.class);
    }
}
