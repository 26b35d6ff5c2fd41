package org.wberr.model.ext4;

import org.wberr.model.step.Waiting;
import org.wberr.model.step.ImpossibleStepException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On real threads, a write completion racing with readers and modifiers never leaves the file system in a
 * state the sequential reference cannot reach: every snapshot taken while they run is a state of
 * {@link Ext4Reference} ({@link Ext4Reachable}).
 *
 * <p><b>Guarantees.</b> Every variant and errors= mode, one block, the kernel's waiting
 * ({@link Waiting#BLOCK}). In each round, on a fresh file system, six threads run for a few
 * milliseconds, each repeating its step with short random pauses: block device
 * writeback (submission, then completion ok or EIO at random, so a failure lands while others wait for the
 * buffer), a bitmap reader, two modifiers (each a handle with, in v5.9+, its own check and ext4_error_err),
 * a committer, and the error side (v2: the work item; v5.9+: the check alone and the due ext4_error_err);
 * a seventh thread snapshots the file system all along, and once more at the end. Every snapshot must be
 * reachable. The test also checks that it is not vacuous: the rounds produced failed writes and at least
 * 20 distinct states, and, under errors=continue where the reference can lose an update, lost ones; each
 * variant and mode runs for 0.3 s, longer (up to four seconds) until that evidence is there. The negative
 * control runs no-check while judging its snapshots against v5.10-keep-uptodate's states and must find
 * unreachable ones (the stale re-read), so the oracle does reject what it should. This is the real-time,
 * JIT-compiled counterpart of {@link Ext4CompletionRaceTest}.
 *
 * <p><b>Leaves out.</b> It observes the interleavings the hardware produces in a third of a second or so per
 * variant and mode, not all of them (the model checker's job). A run stops modifying after six updates (the bound of
 * the reachable-state search): a modifier reserves an update before it calls and gives it back if the call
 * made none. Return values are not judged, only states. The kernel paths the model makes
 * atomic on purpose (see {@link Ext4}) are outside what any test of the model can show.
 */
@Tag("concurrency")
class Ext4CompletionStressTest {
    private static final String B = "bitmap";
    private static final int BITS = 2;
    private static final int MAX_MODIFY = 6;
    /** Each variant and mode runs at least this long ... */
    private static final long MIN_MILLIS_PER_CONFIG = 300;
    /** ... and, until the evidence that it is not vacuous has been seen, at most this long. */
    private static final long MAX_MILLIS_PER_CONFIG = 4000;
    /** How long the threads of one round run on one file system. */
    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        for (Ext4Variant v : Ext4Variant.values()) {
            for (ErrorsMode m : ErrorsMode.values()) {
                out.add(Arguments.of(v, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} errors={1}")
    @MethodSource("configs")
    void everySnapshotTakenWhileThreadsRace_isAStateOfTheReference(Ext4Variant v, ErrorsMode m) throws Exception {
        Set<Ext4Snapshot> reachable = Ext4Reachable.snapshots(v, m, BITS, List.of(B), MAX_MODIFY);
        Set<Ext4Snapshot> observed = ConcurrentHashMap.newKeySet();
        List<Ext4Snapshot> unreachable = Collections.synchronizedList(new ArrayList<>());
        boolean referenceLoses = reachable.stream().anyMatch(s -> !s.lostUpdates(B).isEmpty());
        boolean needLost = referenceLoses && m == ErrorsMode.CONTINUE;
        long start = System.nanoTime();
        long minDeadline = start + TimeUnit.MILLISECONDS.toNanos(MIN_MILLIS_PER_CONFIG);
        long maxDeadline = start + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS_PER_CONFIG);
        int rounds = 0;
        long snapshots = 0;
        for (;;) {
            long now = System.nanoTime();
            boolean evidence = observed.size() >= 20
                    && observed.stream().anyMatch(s -> s.bh().get(B).writeIoError())
                    && (!needLost || observed.stream().anyMatch(s -> !s.lostUpdates(B).isEmpty()));
            if (now >= maxDeadline || (now >= minDeadline && evidence) || !unreachable.isEmpty()) {
                break;
            }
            snapshots += round(v, m, reachable, observed, unreachable);
            rounds++;
        }
        System.out.printf("%s errors=%s: %d rounds, %d snapshots, %d distinct, %d of %d reachable states seen%n",
                v, m, rounds, snapshots, observed.size(), observed.stream().filter(reachable::contains).count(),
                reachable.size());
        assertEquals(List.of(), unreachable.subList(0, Math.min(3, unreachable.size())),
                unreachable.size() + " snapshots are not states of the reference");
        assertTrue(observed.size() >= 20, "too few distinct states to show anything: " + observed.size());
        assertTrue(observed.stream().anyMatch(s -> s.bh().get(B).writeIoError()), "no failed write was seen");
        if (needLost) {
            assertTrue(observed.stream().anyMatch(s -> !s.lostUpdates(B).isEmpty()),
                    "the reference loses updates here, but no run did");
        }
    }

    @org.junit.jupiter.api.Test
    void negativeControl_noCheckJudgedAsV510_findsUnreachableSnapshots() throws Exception {
        Set<Ext4Snapshot> v510 = Ext4Reachable.snapshots(Ext4Variant.V5_10_KEEP_UPTODATE, ErrorsMode.CONTINUE, BITS,
                List.of(B), MAX_MODIFY);
        Set<Ext4Snapshot> observed = ConcurrentHashMap.newKeySet();
        List<Ext4Snapshot> unreachable = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS_PER_CONFIG);
        while (unreachable.isEmpty() && System.nanoTime() < deadline) {
            round(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE, v510, observed, unreachable);
        }
        assertTrue(!unreachable.isEmpty(), "no-check's runs must leave v5.10-keep-uptodate's states");
    }

    /** One round on a fresh file system; returns the number of snapshots taken. */
    private static long round(Ext4Variant v, ErrorsMode m, Set<Ext4Snapshot> reachable, Set<Ext4Snapshot> observed,
                              List<Ext4Snapshot> unreachable) throws InterruptedException {
        Ext4 fs = Ext4.builder(v).errors(m).counterBits(BITS).blocks(B).build();
        AtomicInteger updatesLeft = new AtomicInteger(MAX_MODIFY);
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> {
            try {
                fs.writebackStart(B);
            } catch (ImpossibleStepException notDirty) {
                return;
            }
            Thread.yield(); // the write is in flight: let the others find the buffer locked
            fs.writebackEnd(B, ThreadLocalRandom.current().nextBoolean() ? WriteOutcome.OK : WriteOutcome.EIO);
        });
        steps.add(() -> fs.readBitmap(B));
        for (int i = 0; i < 2; i++) {
            steps.add(() -> {
                // Reserve one of the run's updates; give it back if the call made none.
                if (updatesLeft.getAndDecrement() <= 0) {
                    updatesLeft.incrementAndGet();
                    return;
                }
                boolean made = false;
                try {
                    made = fs.modify(B) == 0;
                } finally {
                    if (!made) {
                        updatesLeft.incrementAndGet();
                    }
                }
            });
        }
        steps.add(fs::commit);
        steps.add(() -> {
            if (v.checksAtWriteAccess() && ThreadLocalRandom.current().nextInt(4) == 0) {
                fs.checkBdevWriteError();
            }
            fs.errorErr();
        });
        List<Thread> workers = new ArrayList<>();
        for (Runnable step : steps) {
            workers.add(worker(stop, step));
        }
        long[] count = new long[1];
        Runnable look = () -> {
            Ext4Snapshot s = fs.snapshot();
            count[0]++;
            if (observed.add(s) && !reachable.contains(s)) {
                unreachable.add(s);
            }
        };
        Thread checker = new Thread(() -> {
            while (!done.get()) {
                look.run();
                LockSupport.parkNanos(2_000); // a snapshot holds every lock: leave the workers room
            }
        }, "ext4-checker");
        checker.start();
        workers.forEach(Thread::start);
        LockSupport.parkNanos(ROUND_NANOS);
        stop.set(true);
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), t.getName() + " did not finish: " + fs);
        }
        done.set(true);
        checker.join();
        look.run(); // the final state
        return count[0];
    }

    /** A thread that repeats {@code step} until {@code stop}, with short random pauses; refusals are fine. */
    private static Thread worker(AtomicBoolean stop, Runnable step) {
        return new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                try {
                    step.run();
                } catch (ImpossibleStepException | KernelPanicException refused) {
                    // not dirty, not uptodate, nothing due, panicked: the state is what counts
                }
                LockSupport.parkNanos(random.nextInt(10_000));
            }
        }, "ext4-worker");
    }
}
