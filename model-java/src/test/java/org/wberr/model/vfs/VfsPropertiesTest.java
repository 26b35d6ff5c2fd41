package org.wberr.model.vfs;

import org.wberr.model.step.Waiting;
import org.wberr.model.step.ImpossibleStepException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Vfs}, driven one step at a time as a replay drives it, agrees with {@link VfsReference} after
 * every step: the same result (value, or impossible), and the same projected state, in every variant and
 * for small and kernel-sized counters.
 */
class VfsPropertiesTest {

    enum Kind { OPEN, CLOSE, WRITE, WRITEBACK, WRITEBACK_START, WRITEBACK_END, EVICT, EVICT_INODE, FSYNC, STAT, SYNC }

    record Op(Kind kind, String fd, int page, WritebackOutcome outcome) {
        @Override
        public String toString() {
            switch (kind) {
                case OPEN: case CLOSE: case FSYNC:
                    return kind.name().toLowerCase() + " " + fd;
                case WRITE:
                    return "write " + fd + " " + page;
                case WRITEBACK: case WRITEBACK_END:
                    return kind.name().toLowerCase() + " " + page + " " + outcome;
                case WRITEBACK_START: case EVICT:
                    return kind.name().toLowerCase() + " " + page;
                default:
                    return kind.name().toLowerCase();
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.OPEN)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CLOSE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.WRITE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.WRITEBACK)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.WRITEBACK_START)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.WRITEBACK_END)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.EVICT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.EVICT_INODE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.FSYNC)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.STAT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.SYNC)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.of("A", "B", "C"), Arbitraries.integers().between(0, 2),
                Arbitraries.of(WritebackOutcome.class)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 1000)
    void vfs_agreesWithTheSequentialReference_afterEveryStep(@ForAll("ops") List<Op> ops,
                                                            @ForAll Variant variant,
                                                            @ForAll("bits") int bits) {
        Vfs impl = Vfs.builder(variant).counterBits(bits).waiting(Waiting.REFUSE).build();
        VfsReference ref = new VfsReference(variant, bits);
        int step = 0;
        for (Op op : ops) {
            String where = variant + " bits=" + bits + " step " + step++ + " '" + op + "' in " + ops;
            String expected = outcome(() -> apply(op, ref::open, ref::close, (fd, p) -> ref.write(fd, p),
                    ref::writeback, ref::writebackStart, ref::writebackEnd, ref::evictPage, ref::evictInode,
                    ref::fsync, ref::stat, ref::sync));
            String actual = outcome(() -> apply(op, impl::open, impl::close, (fd, p) -> impl.write(fd, p),
                    impl::writeback, impl::writebackStart, impl::writebackEnd, impl::evictPage, impl::evictInode,
                    impl::fsync, impl::stat, impl::sync));
            assertEquals(expected, actual, where);
            assertEquals(ref.snapshot(), impl.snapshot(), where);
        }
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.of(1, 2, 3, 19);
    }

    interface Call<T> {
        T run();
    }

    interface PageOutcome {
        void run(int page, WritebackOutcome outcome);
    }

    interface FdPage {
        void run(String fd, int page);
    }

    private static String outcome(Call<Integer> call) {
        try {
            Integer v = call.run();
            return v == null ? "done" : "returned " + v;
        } catch (ImpossibleStepException e) {
            return "impossible";
        }
    }

    private static Integer apply(Op op, Consumer<String> open, Consumer<String> close, FdPage write,
                                 PageOutcome writeback, Consumer<Integer> writebackStart, PageOutcome writebackEnd,
                                 Consumer<Integer> evict, Runnable evictInode, Function<String, Integer> fsync,
                                 Call<Integer> stat, Runnable sync) {
        switch (op.kind()) {
            case OPEN: open.accept(op.fd()); return null;
            case CLOSE: close.accept(op.fd()); return null;
            case WRITE: write.run(op.fd(), op.page()); return null;
            case WRITEBACK: writeback.run(op.page(), op.outcome()); return null;
            case WRITEBACK_START: writebackStart.accept(op.page()); return null;
            case WRITEBACK_END: writebackEnd.run(op.page(), op.outcome()); return null;
            case EVICT: evict.accept(op.page()); return null;
            case EVICT_INODE: evictInode.run(); return null;
            case FSYNC: return fsync.apply(op.fd());
            case STAT: return stat.run();
            case SYNC: sync.run(); return null;
            default: throw new AssertionError(op);
        }
    }
}
