package org.wberr.model.ext4;

import org.wberr.model.step.Waiting;
import org.wberr.model.step.ImpossibleStepException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link Ext4}, driven one step at a time as a replay drives it, agrees with {@link Ext4Reference} after
 * every step: the same result (a value, done, impossible, or a panic) and the same snapshot, in every
 * variant and errors= mode, with one or two blocks and small and kernel-sized counters.
 *
 * <p>Most steps are guided: they pick among the steps the reference can take in its current state, so that
 * runs get deep (failures, re-reads, detections, aborts, writes after an abort) instead of stalling on
 * impossible steps; the others are drawn blindly, so impossible steps are compared too.
 */
class Ext4PropertiesTest {

    enum Kind { READ, CHECK, MODIFY, COMMIT, WRITEBACK, WRITEBACK_START, WRITEBACK_END, ERROR_ERR }

    /** A step: guided (the choice-th of the steps the reference can take) or blind (the raw op). */
    record Pick(boolean guided, int choice, Op raw) {
    }

    record Op(Kind kind, int block, WriteOutcome outcome) {
        String name(List<String> blocks) {
            return blocks.get(block % blocks.size());
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase() + " " + block + (kind == Kind.WRITEBACK || kind == Kind.WRITEBACK_END
                    ? " " + outcome : "");
        }
    }

    @Provide
    Arbitrary<List<Pick>> picks() {
        return Combinators.combine(Arbitraries.integers().between(0, 9).map(n -> n < 8),
                Arbitraries.integers().between(0, 1_000_000), op()).as(Pick::new).list().ofMinSize(1).ofMaxSize(60);
    }

    private Arbitrary<Op> op() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Kind.READ)),
                Tuple.of(1, Arbitraries.just(Kind.CHECK)),
                Tuple.of(5, Arbitraries.just(Kind.MODIFY)),
                Tuple.of(3, Arbitraries.just(Kind.COMMIT)),
                Tuple.of(3, Arbitraries.just(Kind.WRITEBACK)),
                Tuple.of(1, Arbitraries.just(Kind.WRITEBACK_START)),
                Tuple.of(1, Arbitraries.just(Kind.WRITEBACK_END)),
                Tuple.of(2, Arbitraries.just(Kind.ERROR_ERR)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 1),
                Arbitraries.of(WriteOutcome.class)).as(Op::new);
    }

    /** Every step there is, for the given number of blocks. */
    private static List<Op> allOps(int blocks) {
        List<Op> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (int b = 0; b < blocks; b++) {
                for (WriteOutcome o : WriteOutcome.values()) {
                    all.add(new Op(k, b, o));
                }
            }
        }
        return all;
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.of(1, 2, 3, 19);
    }

    @Provide
    Arbitrary<List<String>> blocks() {
        return Arbitraries.of(List.of("bitmap"), List.of("a", "b"));
    }

    @Property(tries = 1000)
    void ext4_agreesWithTheSequentialReference_afterEveryStep(@ForAll("picks") List<Pick> picks,
                                                             @ForAll Ext4Variant variant,
                                                             @ForAll ErrorsMode mode,
                                                             @ForAll("bits") int bits,
                                                             @ForAll("blocks") List<String> blocks) {
        Ext4 impl = Ext4.builder(variant).errors(mode).counterBits(bits).blocks(blocks)
                .waiting(Waiting.REFUSE).build();
        Ext4Reference ref = new Ext4Reference(variant, mode, bits, blocks);
        List<Op> all = allOps(blocks.size());
        List<Op> done = new ArrayList<>();
        for (Pick pick : picks) {
            Op op = pick.raw();
            if (pick.guided()) {
                List<Op> possible = new ArrayList<>();
                for (Op candidate : all) {
                    Ext4Reference trial = ref.copy();
                    String b = candidate.name(blocks);
                    if (!outcome(() -> apply(candidate.kind(), b, candidate.outcome(), trial::readBitmap,
                            trial::checkBdevWriteError, trial::modify, trial::commit, trial::writeback,
                            trial::writebackStart, trial::writebackEnd, trial::errorErr)).equals("impossible")) {
                        possible.add(candidate);
                    }
                }
                if (possible.isEmpty()) {
                    break; // after a panic nothing is possible
                }
                op = possible.get(pick.choice() % possible.size());
            }
            done.add(op);
            String where = variant + " errors=" + mode + " bits=" + bits + " blocks=" + blocks + " step "
                    + (done.size() - 1) + " '" + op + "' in " + done;
            String b = op.name(blocks);
            Op o = op;
            String expected = outcome(() -> apply(o.kind(), b, o.outcome(), ref::readBitmap,
                    ref::checkBdevWriteError, ref::modify, ref::commit, ref::writeback, ref::writebackStart,
                    ref::writebackEnd, ref::errorErr));
            String actual = outcome(() -> apply(o.kind(), b, o.outcome(), impl::readBitmap,
                    impl::checkBdevWriteError, impl::modify, impl::commit, impl::writeback, impl::writebackStart,
                    impl::writebackEnd, impl::errorErr));
            assertEquals(expected, actual, where);
            assertEquals(ref.snapshot(), impl.snapshot(), where);
        }
    }

    interface Call {
        Integer run();
    }

    interface BlockCall {
        void run(String block);
    }

    interface BlockValue {
        int run(String block);
    }

    interface IntCall {
        int run();
    }

    interface BlockOutcome {
        void run(String block, WriteOutcome outcome);
    }

    static String outcome(Call call) {
        try {
            Integer v = call.run();
            return v == null ? "done" : "returned " + v;
        } catch (ImpossibleStepException e) {
            return "impossible";
        } catch (KernelPanicException e) {
            return "panic";
        }
    }

    static Integer apply(Kind kind, String b, WriteOutcome o, BlockCall read, IntCall check, BlockValue modify,
                         Runnable commit, BlockOutcome writeback, BlockCall writebackStart,
                         BlockOutcome writebackEnd, Runnable errorErr) {
        switch (kind) {
            case READ: read.run(b); return null;
            case CHECK: return check.run();
            case MODIFY: return modify.run(b);
            case COMMIT: commit.run(); return null;
            case WRITEBACK: writeback.run(b, o); return null;
            case WRITEBACK_START: writebackStart.run(b); return null;
            case WRITEBACK_END: writebackEnd.run(b, o); return null;
            case ERROR_ERR: errorErr.run(); return null;
            default: throw new AssertionError(kind);
        }
    }
}
