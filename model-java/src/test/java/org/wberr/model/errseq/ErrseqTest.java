package org.wberr.model.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bit-level vectors for {@link Errseq}, each derived by hand from the rules of lib/errseq.c (the expected
 * values are written as literals, not computed with the class under test).
 */
class ErrseqTest {
    private static final int EIO = 5;
    private static final int ENOSPC = 28;

    @Test
    void layout_isDerivedFromMaxErrnoAsTheKernelDoes() {
        assertEquals(4095, Errseq.MAX_ERRNO);
        assertEquals(12, Errseq.ERRSEQ_SHIFT);
        assertEquals(0x1000, Errseq.ERRSEQ_SEEN);
        assertEquals(0x2000, Errseq.ERRSEQ_CTR_INC);
        assertEquals(19, Errseq.KERNEL_COUNTER_BITS);
        assertEquals(19, new Errseq().counterBits());
    }

    @Test
    void newErrseq_isZero() {
        assertEquals(0, new Errseq().get());
    }

    @Test
    void set_onZero_storesTheErrnoUnseenWithCounterZero() {
        Errseq e = new Errseq();
        assertEquals(0x00000005, e.set(-EIO));
        assertEquals(0x00000005, e.get());
    }

    @Test
    void set_sameErrnoTwiceWhileUnseen_changesNothing() {
        Errseq e = new Errseq(19, 0x00000005);
        assertEquals(0x00000005, e.set(-EIO));
        assertEquals(0x00000005, e.get());
    }

    @Test
    void set_differentErrnoWhileUnseen_replacesErrnoWithoutSteppingTheCounter() {
        Errseq e = new Errseq(19, 0x00000005);
        assertEquals(0x0000001c, e.set(-ENOSPC));
        assertEquals(0x0000001c, e.get());
        // ...also with a nonzero counter:
        Errseq f = new Errseq(19, 0x00006005); // ctr=3, unseen, EIO
        assertEquals(0x0000601c, f.set(-ENOSPC));
    }

    @Test
    void set_afterSeen_stepsTheCounterAndClearsSeen() {
        Errseq e = new Errseq(19, 0x00001005); // ctr=0, SEEN, EIO
        assertEquals(0x00002005, e.set(-EIO));
        Errseq f = new Errseq(19, 0x00003005); // ctr=1, SEEN, EIO
        assertEquals(0x0000401c, f.set(-ENOSPC));
    }

    @Test
    void set_counterWrapsAt2To19() {
        // ctr = 2^19 - 1 (all counter bits set), SEEN, EIO: 0xffffe000 | 0x1000 | 5
        Errseq e = new Errseq(19, 0xfffff005);
        assertEquals(0x00000005, e.set(-EIO));
        assertEquals(0L, Errseq.counter(e.get()));
    }

    @Test
    void set_counterWrapsAtTheConfiguredWidth() {
        // 1 bit: ctr 1 is the maximum; the next step wraps to 0.
        Errseq one = new Errseq(1, 0x00003005);
        assertEquals(0x00000005, one.set(-EIO));
        // 3 bits: ctr 7 (0xe000) is the maximum.
        Errseq three = new Errseq(3, 0x0000f01c);
        assertEquals(0x00000005, three.set(-EIO));
        Errseq threeMid = new Errseq(3, 0x00005005); // ctr=2, SEEN
        assertEquals(0x00006005, threeMid.set(-EIO));
    }

    @Test
    void wrap_2To19SeenThenSetCycles_hideErrorsFromAnObserverThatDidNotLook() {
        // The known limit, literally: one observer takes a cursor, then 2^19 errors are each set and seen
        // by someone else. The word is back to the observer's cursor and it misses all of them.
        Errseq e = new Errseq();
        e.set(-EIO);
        ErrseqCursor observer = new ErrseqCursor();
        assertEquals(-EIO, e.checkAndAdvance(observer)); // observer at 0x00001005
        ErrseqCursor other = new ErrseqCursor(observer.get());
        for (int i = 0; i < (1 << 19); i++) {
            e.set(-EIO);
            assertEquals(-EIO, e.checkAndAdvance(other));
        }
        assertEquals(0x00001005, e.get());
        assertEquals(0, e.check(observer.get()));
        // One fewer cycle and it would have been reported: shown on a 2-bit counter.
        Errseq small = new Errseq(2);
        small.set(-EIO);
        ErrseqCursor o2 = new ErrseqCursor();
        small.checkAndAdvance(o2);
        ErrseqCursor other2 = new ErrseqCursor(o2.get());
        for (int i = 0; i < 3; i++) {
            small.set(-EIO);
            small.checkAndAdvance(other2);
        }
        assertEquals(-EIO, small.check(o2.get()));
        small.set(-EIO);
        small.checkAndAdvance(other2);
        assertEquals(0, small.check(o2.get()));
    }

    @Test
    void sampleV413_onZero_returnsZeroAndWritesNothing() {
        Errseq e = new Errseq();
        assertEquals(0, e.sample(SampleSemantics.V4_13));
        assertEquals(0, e.get());
    }

    @Test
    void sampleV413_onUnseenError_marksSeenAndReturnsValueWithSeen() {
        Errseq e = new Errseq(19, 0x00002005);
        assertEquals(0x00003005, e.sample(SampleSemantics.V4_13));
        assertEquals(0x00003005, e.get());
        assertEquals(0, e.check(0x00003005)); // the sampler never hears of it
    }

    @Test
    void sampleV413_onSeenError_returnsValue() {
        Errseq e = new Errseq(19, 0x00003005);
        assertEquals(0x00003005, e.sample(SampleSemantics.V4_13));
        assertEquals(0x00003005, e.get());
    }

    @Test
    void sampleV417_onZero_returnsZero() {
        assertEquals(0, new Errseq().sample(SampleSemantics.V4_17));
    }

    @Test
    void sampleV417_onUnseenError_returnsZeroAndWritesNothing() {
        Errseq e = new Errseq(19, 0x00002005);
        assertEquals(0, e.sample(SampleSemantics.V4_17));
        assertEquals(0x00002005, e.get());
        assertEquals(-EIO, e.check(0)); // the sampler's next check reports it
    }

    @Test
    void sampleV417_onSeenError_returnsValue() {
        Errseq e = new Errseq(19, 0x00003005);
        assertEquals(0x00003005, e.sample(SampleSemantics.V4_17));
        assertEquals(0x00003005, e.get());
    }

    @Test
    void check_comparesAll32BitsAndReturnsTheLatestErrnoNegated() {
        Errseq e = new Errseq(19, 0x0000401c);
        assertEquals(0, e.check(0x0000401c));
        assertEquals(-ENOSPC, e.check(0));
        assertEquals(-ENOSPC, e.check(0x0000501c)); // differs only in SEEN
        assertEquals(-ENOSPC, e.check(0x0000601c)); // differs only in the counter
        assertEquals(0x0000401c, e.get()); // writes nothing
    }

    @Test
    void checkAndAdvance_twice_reportsOnceThenZero() {
        Errseq e = new Errseq(19, 0x00000005);
        ErrseqCursor since = new ErrseqCursor(0);
        assertEquals(-EIO, e.checkAndAdvance(since));
        assertEquals(0x00001005, since.get());
        assertEquals(0x00001005, e.get());
        assertEquals(0, e.checkAndAdvance(since));
        assertEquals(0x00001005, since.get());
        assertEquals(0x00001005, e.get());
    }

    @Test
    void checkAndAdvance_onAlreadySeenValue_advancesWithoutWriting() {
        Errseq e = new Errseq(19, 0x00003005);
        ErrseqCursor since = new ErrseqCursor(0x00001005);
        assertEquals(-EIO, e.checkAndAdvance(since));
        assertEquals(0x00003005, since.get());
        assertEquals(0x00003005, e.get());
    }

    @Test
    void checkAndAdvance_equalCursor_returnsZeroAndWritesNothing() {
        Errseq e = new Errseq(19, 0x00000005); // unseen, and the cursor happens to equal it
        ErrseqCursor since = new ErrseqCursor(0x00000005);
        assertEquals(0, e.checkAndAdvance(since));
        assertEquals(0x00000005, e.get());
    }

    @Test
    void set_afterCheckAndAdvance_isReportedToThatObserver() {
        Errseq e = new Errseq();
        ErrseqCursor a = new ErrseqCursor(e.sample(SampleSemantics.V4_17));
        e.set(-EIO);
        assertEquals(-EIO, e.checkAndAdvance(a));
        e.set(-EIO); // after SEEN: counter steps
        assertEquals(0x00002005, e.get());
        assertEquals(-EIO, e.checkAndAdvance(a));
        assertEquals(0x00003005, a.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 4095, -4096, -5000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void set_invalidErrno_isRejectedNamingTheValue(int err) {
        Errseq e = new Errseq(19, 0x00001005);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.set(err));
        assertTrue(ex.getMessage().contains("err = " + err + " "), ex.getMessage());
        assertTrue(ex.getMessage().contains("[-4095, -1]"), ex.getMessage());
        assertEquals(0x00001005, e.get()); // nothing written
    }

    @Test
    void set_boundaryErrnos_areAccepted() {
        assertEquals(0x00000fff, new Errseq().set(-4095));
        assertEquals(0x00000001, new Errseq().set(-1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, -1})
    void constructor_rejectsCounterWidthsOutside1To19(int bits) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Errseq(bits));
        assertTrue(ex.getMessage().contains("counter width " + bits), ex.getMessage());
    }

    @Test
    void constructor_rejectsInitialValuesOutsideTheLayout() {
        assertThrows(IllegalArgumentException.class, () -> new Errseq(1, 0x00004005)); // ctr bit 2 with 1 bit
        assertThrows(IllegalArgumentException.class, () -> new Errseq(19, 0x00001000)); // SEEN without errno
        new Errseq(1, 0x00003005); // the largest 1-bit value is fine
    }

    @Test
    void fieldReaders_splitAValue() {
        int v = 0xfffff01c;
        assertEquals(28, Errseq.errno(v));
        assertTrue(Errseq.seen(v));
        assertEquals((1 << 19) - 1, Errseq.counter(v));
        assertEquals(0xfffff01cL, Errseq.unsigned(v));
        assertFalse(Errseq.seen(0x2005));
        assertEquals("0x00003005 (ctr=1 SEEN errno=5)", Errseq.describe(0x3005));
        assertEquals("0x00000000 (zero)", Errseq.describe(0));
    }
}
