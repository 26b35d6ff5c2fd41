package org.wberr.model.vfs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Page states, the fd table, inode eviction, snapshots, and every impossible step with its message. */
class VfsTest {

    private static Vfs seq(Variant v) {
        return Vfs.builder(v).waiting(Waiting.REFUSE).build();
    }

    private static void assertImpossible(String message, Executable step) {
        ImpossibleStepException e = assertThrows(ImpossibleStepException.class, step::run);
        assertEquals(message, e.getMessage());
    }

    @FunctionalInterface
    interface Executable {
        void run() throws Exception;
    }

    @Test
    void pageLifecycle_absentDirtyWritebackCleanAbsent() {
        Vfs f = seq(Variant.V4_17);
        f.open("A");
        assertEquals(PageState.ABSENT, f.snapshot().page(0));
        f.write("A", 0);
        assertEquals(PageState.DIRTY, f.snapshot().page(0));
        assertEquals(1, f.snapshot().nrpages());
        f.write("A", 0); // dirty stays dirty
        assertEquals(PageState.DIRTY, f.snapshot().page(0));
        f.writebackStart(0);
        assertEquals(PageState.WRITEBACK, f.snapshot().page(0));
        f.writebackEnd(0, WritebackOutcome.OK);
        assertEquals(PageState.CLEAN, f.snapshot().page(0));
        f.write("A", 0); // clean becomes dirty again
        assertEquals(PageState.DIRTY, f.snapshot().page(0));
        f.writeback(0, WritebackOutcome.EIO);
        assertEquals(PageState.CLEAN, f.snapshot().page(0)); // a failed writeback does not redirty
        f.evictPage(0);
        assertEquals(PageState.ABSENT, f.snapshot().page(0));
        assertEquals(0, f.snapshot().nrpages());
        assertEquals(Map.of(), f.snapshot().pages());
    }

    @Test
    void writebackEnd_recordsTheErrorInWbErrAndFlags_perOutcome() {
        Vfs f = seq(Variant.V4_13);
        f.open("A");
        f.write("A", 0);
        f.write("A", 1);
        f.writeback(0, WritebackOutcome.OK);
        assertEquals(0, f.snapshot().wbErr());
        assertEquals(Set.of(), f.snapshot().flags());
        f.writeback(1, WritebackOutcome.ENOSPC);
        assertEquals(0x0000001c, f.snapshot().wbErr());
        assertEquals(EnumSet.of(LegacyFlag.AS_ENOSPC), f.snapshot().flags());
    }

    @Test
    void impossibleSteps_areRefusedWithWhatAndWhy_andChangeNothing() {
        Vfs f = seq(Variant.V4_17);
        assertImpossible("cannot write through fd A: it is not open", () -> f.write("A", 0));
        assertImpossible("cannot fsync fd A: it is not open", () -> f.fsync("A"));
        assertImpossible("cannot close fd A: it is not open", () -> f.close("A"));
        f.open("A");
        assertImpossible("cannot open fd A: it is already open", () -> f.open("A"));
        assertImpossible("cannot start writeback of page 0: it is not in the page cache, not dirty",
                () -> f.writebackStart(0));
        assertImpossible("cannot evict page 0: it is not in the page cache", () -> f.evictPage(0));
        f.write("A", 0);
        assertImpossible("cannot evict page 0: it is dirty", () -> f.evictPage(0));
        assertImpossible("cannot end writeback of page 0: it is dirty, not under writeback",
                () -> f.writebackEnd(0, WritebackOutcome.OK));
        assertImpossible("cannot evict the inode: fd A is open and holds it", f::evictInode);
        f.writebackStart(0);
        assertImpossible("cannot evict page 0: it is under writeback", () -> f.evictPage(0));
        assertImpossible("cannot write page 0: it is under writeback, and the write would wait for the"
                + " writeback to end (stable pages), which nothing can do in a single-threaded run; end it first",
                () -> f.write("A", 0));
        assertImpossible("cannot fsync A: page 0 is under writeback and fsync A would wait for it to end, which"
                + " nothing can do in a single-threaded run; end it first", () -> f.fsync("A"));
        assertImpossible("cannot start writeback of page 0: it is under writeback, not dirty",
                () -> f.writebackStart(0));
        f.close("A");
        assertImpossible("cannot evict the inode: page 0 is under writeback", f::evictInode);
        VfsSnapshot before = f.snapshot();
        assertEquals(Map.of(0, PageState.WRITEBACK), before.pages());
        f.writebackEnd(0, WritebackOutcome.OK);
        f.open("B");
        f.write("B", 1);
        f.close("B");
        assertImpossible("cannot evict the inode: page 1 is dirty", f::evictInode);
    }

    @Test
    void badArguments_areIllegalArguments() {
        Vfs f = seq(Variant.V4_17);
        f.open("A");
        assertThrows(IllegalArgumentException.class, () -> f.write("A", -1));
        assertThrows(IllegalArgumentException.class, () -> f.open(""));
    }

    @Test
    void close_thenTheFdIsGone_andCanBeOpenedAgainWithAFreshCursor() {
        Vfs f = seq(Variant.V4_17);
        f.open("A");
        f.write("A", 0);
        f.writeback(0, WritebackOutcome.EIO);
        f.close("A");
        assertEquals(Set.of(), f.openFds());
        f.open("A");
        assertEquals(Set.of("A"), f.openFds());
        assertEquals(-Errno.EIO, f.fsync("A")); // unseen error, v4.17 late opener
    }

    @Test
    void evictInode_replacesTheInMemoryInode() {
        Vfs f = seq(Variant.V4_13);
        f.open("A");
        f.write("A", 0);
        f.write("A", 1);
        f.writeback(0, WritebackOutcome.EIO);
        f.writeback(1, WritebackOutcome.OK);
        f.close("A");
        assertEquals(1, f.inodeInstance());
        f.evictInode();
        assertEquals(2, f.inodeInstance());
        VfsSnapshot s = f.snapshot();
        assertEquals(new VfsSnapshot(new java.util.TreeMap<>(), 0, Set.of(), new java.util.TreeMap<>()), s);
        // the old pages are gone from the cache: background writeback finds nothing to do
        assertImpossible("cannot evict page 0: it is not in the page cache", () -> f.evictPage(0));
    }

    @Test
    void snapshot_isImmutableAndNamesEveryOpenCursor() {
        Vfs f = seq(Variant.V4_17);
        f.open("A");
        f.write("A", 2);
        f.writeback(2, WritebackOutcome.EIO);
        f.fsync("A");
        f.open("B");
        VfsSnapshot s = f.snapshot();
        assertEquals(Map.of(2, PageState.CLEAN), s.pages());
        assertEquals(0x00001005, s.wbErr());
        assertEquals(Map.of("A", 0x00001005, "B", 0x00001005), s.fWbErr());
        assertThrows(UnsupportedOperationException.class, () -> s.pages().put(0, PageState.DIRTY));
        assertThrows(UnsupportedOperationException.class, () -> s.flags().add(LegacyFlag.AS_EIO));
        assertThrows(UnsupportedOperationException.class, () -> s.fWbErr().put("C", 0));
        assertEquals("pages={2=CLEAN} nrpages=1 wb_err=0x00001005 (ctr=0 SEEN errno=5) flags=[]"
                + " f_wb_err={A=0x00001005, B=0x00001005}", s.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new VfsSnapshot(new java.util.TreeMap<>(Map.of(0, PageState.ABSENT)), 0, Set.of(),
                        new java.util.TreeMap<>()));
    }

    @Test
    void blockingMode_writeToAPageUnderWriteback_waitsUntilItEnds() throws Exception {
        Vfs f = new Vfs(Variant.V4_17);
        f.open("A");
        f.write("A", 0);
        f.writebackStart(0);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = ex.submit(() -> f.write("A", 0));
            assertThrows(TimeoutException.class, () -> writer.get(100, TimeUnit.MILLISECONDS));
            assertEquals(PageState.WRITEBACK, f.snapshot().page(0));
            f.writebackEnd(0, WritebackOutcome.EIO);
            writer.get(5, TimeUnit.SECONDS);
            assertEquals(PageState.DIRTY, f.snapshot().page(0));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void blockingMode_fsyncWaitsForWritebackStartedByOthers_andThenReportsItsError() throws Exception {
        Vfs f = new Vfs(Variant.V4_17);
        f.open("A");
        f.write("A", 0);
        f.write("A", 1);
        f.writebackStart(0);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            Future<Integer> fsync = ex.submit(() -> {
                started.countDown();
                return f.fsync("A");
            });
            started.await();
            assertThrows(TimeoutException.class, () -> fsync.get(100, TimeUnit.MILLISECONDS));
            // fsync wrote page 1 itself and waits for page 0
            assertEquals(PageState.CLEAN, f.snapshot().page(1));
            f.writebackEnd(0, WritebackOutcome.EIO);
            assertEquals(-Errno.EIO, fsync.get(5, TimeUnit.SECONDS));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void builder_validatesCounterWidth() {
        assertThrows(IllegalArgumentException.class, () -> Vfs.builder(Variant.V4_17).counterBits(0));
        assertEquals(3, Vfs.builder(Variant.V4_17).counterBits(3).build().counterBits());
        assertFalse(Vfs.builder(Variant.LEGACY_FLAGS).build().variant().usesErrseq());
        assertTrue(new Vfs(Variant.V4_13).toString().startsWith("Vfs[v4.13] pages={}"));
    }

    @Test
    void errnoNames() {
        assertEquals("0", Errno.name(0));
        assertEquals("EIO", Errno.name(-5));
        assertEquals("ENOSPC", Errno.name(-28));
        assertEquals("EROFS", Errno.name(-30));
        assertEquals("-22", Errno.name(-22)); // an errno the model never returns is printed as a number
    }
}
