package org.wberr.model.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The laws of errseq_t, checked on random operation sequences: {@link Errseq} must agree bit for bit with
 * {@link ErrseqReference} after every operation, for every counter width, and the reporting laws of
 * docs/semantics.md must hold.
 */
class ErrseqPropertiesTest {

    /** One operation: kind, errno (for set) and which of three observers (for the cursor operations). */
    record Op(Kind kind, int errno, int observer) {
        @Override
        public String toString() {
            return kind == Kind.SET ? "set(-" + errno + ")" : kind.name().toLowerCase() + "(" + observer + ")";
        }
    }

    enum Kind { SET, SAMPLE_V413, SAMPLE_V417, CHECK, CHECK_AND_ADVANCE }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Mostly the two errnos the VFS uses, sometimes any errno, so that collisions are frequent.
        Arbitrary<Integer> errnos = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(5)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(28)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 4095)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), errnos,
                Arbitraries.integers().between(0, 2)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 500)
    void errseq_agreesBitForBitWithTheReference(@ForAll("ops") List<Op> ops,
                                                @ForAll @IntRange(min = 1, max = 19) int bits) {
        Errseq impl = new Errseq(bits);
        ErrseqReference ref = new ErrseqReference(bits);
        ErrseqCursor[] implCursors = {new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor()};
        int[][] refCursors = {{0}, {0}, {0}};
        int step = 0;
        for (Op op : ops) {
            String where = "step " + step++ + " " + op + " in " + ops;
            int obs = op.observer();
            switch (op.kind()) {
                case SET:
                    assertEquals(ref.set(-op.errno()), impl.set(-op.errno()), where);
                    break;
                case SAMPLE_V413: {
                    int r = ref.sampleV413();
                    assertEquals(r, impl.sample(SampleSemantics.V4_13), where);
                    refCursors[obs][0] = r;
                    implCursors[obs].set(r);
                    break;
                }
                case SAMPLE_V417: {
                    int r = ref.sampleV417();
                    assertEquals(r, impl.sample(SampleSemantics.V4_17), where);
                    refCursors[obs][0] = r;
                    implCursors[obs].set(r);
                    break;
                }
                case CHECK:
                    assertEquals(ref.check(refCursors[obs][0]), impl.check(implCursors[obs].get()), where);
                    break;
                case CHECK_AND_ADVANCE:
                    assertEquals(ref.checkAndAdvance(refCursors[obs]), impl.checkAndAdvance(implCursors[obs]),
                            where);
                    assertEquals(refCursors[obs][0], implCursors[obs].get(), where);
                    break;
                default:
                    throw new AssertionError(op);
            }
            assertEquals(ref.value(), impl.get(), where);
        }
    }

    @Property(tries = 300)
    void word_neverReturnsToZeroOnceSet_andHoldsTheLatestErrno(@ForAll("ops") List<Op> ops,
                                                              @ForAll @IntRange(min = 1, max = 19) int bits) {
        Errseq e = new Errseq(bits);
        ErrseqCursor c = new ErrseqCursor();
        int latest = 0;
        for (Op op : ops) {
            if (op.kind() == Kind.SET) {
                e.set(-op.errno());
                latest = op.errno();
            } else if (op.kind() == Kind.CHECK_AND_ADVANCE) {
                e.checkAndAdvance(c);
            } else if (op.kind() == Kind.SAMPLE_V413) {
                e.sample(SampleSemantics.V4_13);
            }
            assertEquals(latest, Errseq.errno(e.get()));
            if (latest != 0) {
                assertNotEquals(0, e.get());
            }
        }
    }

    @Property(tries = 300)
    void anErrorSetAfterAnObserverLooked_isReportedToIt(@ForAll("ops") List<Op> before,
                                                       @ForAll @IntRange(min = 1, max = 4095) int errno,
                                                       @ForAll @IntRange(min = 1, max = 19) int bits) {
        // Whatever happened before, once an observer has checked-and-advanced, the next set is visible to
        // it: the cursor has SEEN, the word after a set does not.
        Errseq e = new Errseq(bits);
        replay(e, before);
        ErrseqCursor c = new ErrseqCursor(e.sample(SampleSemantics.V4_17));
        e.checkAndAdvance(c);
        e.set(-errno);
        assertEquals(-errno, e.check(c.get()));
        assertEquals(-errno, e.checkAndAdvance(c));
        assertEquals(0, e.checkAndAdvance(c)); // and only once
    }

    @Property(tries = 300)
    void sampleV417_reportsAnUnseenErrorOnce_sampleV413_never(@ForAll("ops") List<Op> before,
                                                             @ForAll @IntRange(min = 1, max = 4095) int errno,
                                                             @ForAll @IntRange(min = 1, max = 19) int bits) {
        Errseq e = new Errseq(bits);
        replay(e, before);
        e.set(-errno); // an error nobody has seen
        Errseq copy = new Errseq(bits, e.get());

        ErrseqCursor late = new ErrseqCursor(e.sample(SampleSemantics.V4_17));
        assertEquals(-errno, e.checkAndAdvance(late));
        assertEquals(0, e.checkAndAdvance(late));

        ErrseqCursor late13 = new ErrseqCursor(copy.sample(SampleSemantics.V4_13));
        assertEquals(0, copy.checkAndAdvance(late13));
    }

    @Property(tries = 200)
    void twoErrorsWithoutALookInBetween_areOneEvent(@ForAll @Size(max = 30) List<@IntRange(min = 1, max = 4095) Integer> errnos,
                                                   @ForAll @IntRange(min = 1, max = 19) int bits) {
        Errseq e = new Errseq(bits);
        ErrseqCursor c = new ErrseqCursor();
        for (int err : errnos) {
            e.set(-err);
        }
        if (errnos.isEmpty()) {
            assertEquals(0, e.checkAndAdvance(c));
        } else {
            assertEquals(-errnos.get(errnos.size() - 1), e.checkAndAdvance(c));
            assertEquals(0, Errseq.counter(e.get()));
        }
        assertEquals(0, e.checkAndAdvance(c));
    }

    private static void replay(Errseq e, List<Op> ops) {
        ErrseqCursor[] cursors = {new ErrseqCursor(), new ErrseqCursor(), new ErrseqCursor()};
        for (Op op : ops) {
            switch (op.kind()) {
                case SET -> e.set(-op.errno());
                case SAMPLE_V413 -> cursors[op.observer()].set(e.sample(SampleSemantics.V4_13));
                case SAMPLE_V417 -> cursors[op.observer()].set(e.sample(SampleSemantics.V4_17));
                case CHECK -> e.check(cursors[op.observer()].get());
                case CHECK_AND_ADVANCE -> e.checkAndAdvance(cursors[op.observer()]);
            }
        }
    }
}
