package org.wberr.model.vfs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No fsync misses an error recorded strictly between the fd's previous fsync (or its open) and itself.
 *
 * <p><b>Guarantees.</b> Real threads, no model checker, kernel-sized counter, v4.13 and v4.17 (and
 * v8-posting, whose pages stay cached here). Writer threads each dirty their own pages and fail their
 * writeback with EIO, over and over; fsync threads each fsync their own fd in a loop and now and then
 * close and reopen it; one more thread fsyncs a further fd without reopening it. Every operation takes a ticket from one global
 * counter when it starts and when it ends, which orders them in real time. Afterwards, for every fd and
 * every fsync F that returned 0, the test checks that no failed writeback both started after the end of
 * the fd's previous fsync or open and ended before F started. It also checks that such obligations
 * actually occurred (the test is not vacuous) and that each of them was met by an EIO. This is the
 * real-time property Lincheck's sequential check does not state, measured on the JIT-compiled code.
 *
 * <p><b>Leaves out.</b> It observes the interleavings the hardware happens to produce in a few seconds,
 * not all of them: races whose window is a few instructions wide (a lost CAS) are the model checker's
 * job, and a mutation that replaces the SEEN cmpxchg by a blind write passes this test while
 * ErrseqLinearizabilityTest catches it. Each fd is used by one thread (fds shared between threads are
 * covered by FsyncLinearizabilityTest). Every error is EIO: with two errnos the property is false (see
 * ErrseqMixedErrnoFindingTest) and a stress test would only rarely hit the window. legacy-flags is out:
 * there the first fsync on any fd consumes the error by design. Counter wraparound is out of reach with
 * 19 bits in this time.
 */
@Tag("concurrency")
class NoErrorLostStressTest {
    private static final long RUN_MILLIS = 2500;
    /** Pauses that leave room between two fsyncs of one fd for errors to happen in (and bound memory). */
    private static final long FSYNC_PAUSE_NANOS = 20_000;
    private static final long WRITER_PAUSE_NANOS = 10_000;
    private static final int WRITERS = 2;
    private static final int FSYNCERS = 2;

    private final AtomicLong clock = new AtomicLong();

    record Interval(long start, long end) {
    }

    record Fsync(String fd, long start, long end, int result, long previousEnd) {
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V4_17", "V4_13", "V8_POSTING"})
    void noFsyncMissesAnErrorRecordedSinceTheFdsPreviousFsync(Variant variant) throws Exception {
        Outcome o = run(variant);
        assertTrue(o.obligations() > 1000, "too few fsyncs owed an error to show anything: " + o.obligations());
        assertEquals(List.of(), o.missed().subList(0, Math.min(5, o.missed().size())),
                o.missed().size() + " fsyncs missed an error");
    }

    /** Negative control: in legacy-flags the first fsync consumes the error, so the checker must see misses. */
    @org.junit.jupiter.api.Test
    void legacyFlags_missesErrors_soTheCheckerCanSeeMisses() throws Exception {
        Outcome o = run(Variant.LEGACY_FLAGS);
        assertTrue(o.missed().size() > 100, "expected misses in legacy-flags, got " + o.missed().size());
    }

    record Outcome(long obligations, List<String> missed) {
    }

    private Outcome run(Variant variant) throws Exception {
        Vfs vfs = Vfs.builder(variant).build();
        List<List<Interval>> errorsPerWriter = new ArrayList<>();
        List<List<Fsync>> fsyncsPerThread = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);

        for (int w = 0; w < WRITERS; w++) {
            String fd = "W" + w;
            vfs.open(fd);
            List<Interval> errors = new ArrayList<>();
            errorsPerWriter.add(errors);
            int firstPage = 2 * w;
            threads.add(new Thread(() -> {
                await(ready);
                int i = 0;
                while (!stop.get()) {
                    int page = firstPage + (i++ & 1);
                    vfs.write(fd, page);
                    long start = clock.incrementAndGet();
                    try {
                        vfs.writeback(page, WritebackOutcome.EIO);
                    } catch (ImpossibleStepException flushedMeanwhile) {
                        continue; // an fsync wrote the page back first; no error this time
                    }
                    errors.add(new Interval(start, clock.incrementAndGet()));
                    LockSupport.parkNanos(WRITER_PAUSE_NANOS);
                }
            }, "writer-" + w));
        }
        for (int f = 0; f <= FSYNCERS; f++) {
            boolean shared = f == FSYNCERS;
            String fd = shared ? "S" : "F" + f;
            vfs.open(fd);
            long openedAt = clock.incrementAndGet();
            List<Fsync> fsyncs = new ArrayList<>();
            fsyncsPerThread.add(fsyncs);
            threads.add(new Thread(() -> {
                await(ready);
                long previousEnd = openedAt;
                int i = 0;
                while (!stop.get()) {
                    if (!shared && ++i % 50 == 0) {
                        vfs.close(fd);
                        vfs.open(fd);
                        previousEnd = clock.incrementAndGet();
                    }
                    long start = clock.incrementAndGet();
                    int r = vfs.fsync(fd);
                    long end = clock.incrementAndGet();
                    fsyncs.add(new Fsync(fd, start, end, r, previousEnd));
                    previousEnd = end;
                    LockSupport.parkNanos(FSYNC_PAUSE_NANOS);
                }
            }, "fsync-" + fd));
        }
        threads.forEach(Thread::start);
        ready.countDown();
        TimeUnit.MILLISECONDS.sleep(RUN_MILLIS);
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), t.getName() + " did not stop");
        }

        // Errors by end ticket, with the latest start among each prefix: an fsync starting at s after a
        // previous end p is owed an error iff some error with end < s has start > p.
        List<Interval> errors = new ArrayList<>();
        errorsPerWriter.forEach(errors::addAll);
        errors.sort((a, b) -> Long.compare(a.end(), b.end()));
        long[] ends = new long[errors.size()];
        long[] latestStart = new long[errors.size()];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = errors.get(i).end();
            latestStart[i] = Math.max(errors.get(i).start(), i == 0 ? Long.MIN_VALUE : latestStart[i - 1]);
        }
        long obligations = 0;
        long fsyncCount = 0;
        List<String> missed = new ArrayList<>();
        for (List<Fsync> fsyncs : fsyncsPerThread) {
            for (Fsync f : fsyncs) {
                fsyncCount++;
                int i = java.util.Arrays.binarySearch(ends, f.start()); // tickets are unique: never found
                int lastBefore = -i - 2;
                boolean owed = lastBefore >= 0 && latestStart[lastBefore] > f.previousEnd();
                if (owed) {
                    obligations++;
                    if (f.result() != -Errno.EIO) {
                        missed.add(f.toString());
                    }
                }
            }
        }
        System.out.printf("%s: %d failed writebacks, %d fsyncs, %d owed an error, %d missed%n", variant,
                errors.size(), fsyncCount, obligations, missed.size());
        return new Outcome(obligations, missed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
