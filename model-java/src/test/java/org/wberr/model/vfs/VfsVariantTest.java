package org.wberr.model.vfs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wberr.model.step.Errno;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wberr.model.vfs.WritebackOutcome.EIO;
import static org.wberr.model.vfs.WritebackOutcome.ENOSPC;
import static org.wberr.model.vfs.WritebackOutcome.OK;

/**
 * What fsync and the legacy consumer report, variant by variant: each behaviour of docs/semantics.md section 2
 * ("Per-fd behaviour of v4.17") and each difference between the variants, with the raw wb_err and cursor
 * values where they matter.
 */
class VfsVariantTest {
    private static final int E_IO = -Errno.EIO;
    private static final int E_NOSPC = -Errno.ENOSPC;

    private static Vfs vfs(Variant v) {
        return Vfs.builder(v).waiting(Waiting.REFUSE).build();
    }

    /** write page 0 through fd, background writeback fails with the outcome. */
    private static void failedWriteback(Vfs f, String fd, int page, WritebackOutcome outcome) {
        f.write(fd, page);
        f.writeback(page, outcome);
    }

    @Nested
    class V417PerFd {
        private final Vfs f = vfs(Variant.V4_17);

        @Test
        void fdOpenBeforeTheError_reportsItOnce() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(0x00000005, f.snapshot().wbErr());
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(0x00001005, f.snapshot().wbErr());
            assertEquals(Map.of("A", 0x00001005), f.snapshot().fWbErr());
            assertEquals(0, f.fsync("A"));
        }

        @Test
        void everyFdOpenBeforeTheError_reportsItOnce() {
            f.open("A");
            f.open("B");
            f.open("C");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(E_IO, f.fsync("B"));
            assertEquals(E_IO, f.fsync("C"));
            assertEquals(0, f.fsync("A"));
            assertEquals(0, f.fsync("B"));
            assertEquals(0, f.fsync("C"));
        }

        @Test
        void fdOpenedAfterAnUnseenError_reportsItOnce() {
            f.open("W");
            failedWriteback(f, "W", 0, EIO);
            f.close("W");
            f.open("L");
            assertEquals(Map.of("L", 0), f.snapshot().fWbErr()); // sample returned 0: unseen
            assertEquals(0x00000005, f.snapshot().wbErr()); // and wrote nothing
            assertEquals(E_IO, f.fsync("L"));
            assertEquals(0, f.fsync("L"));
        }

        @Test
        void fdOpenedAfterSomeoneReportedIt_reportsNothing() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            f.open("L");
            assertEquals(0x00001005, f.snapshot().fWbErr().get("L"));
            assertEquals(0, f.fsync("L"));
        }

        @Test
        void secondErrorAfterTheFirstWasSeen_stepsTheCounter_everyFdReportsItAgain() {
            f.open("A");
            f.open("B");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(E_IO, f.fsync("B"));
            failedWriteback(f, "A", 0, ENOSPC);
            assertEquals(0x0000201c, f.snapshot().wbErr());
            assertEquals(E_NOSPC, f.fsync("A"));
            assertEquals(E_NOSPC, f.fsync("B"));
            assertEquals(0, f.fsync("A"));
            assertEquals(0, f.fsync("B"));
        }

        @Test
        void twoErrorsWithNoReportInBetween_areOneEvent_latestErrnoWins() {
            f.open("A");
            f.open("B");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A")); // A looks in between, B does not
            failedWriteback(f, "A", 1, ENOSPC);
            assertEquals(E_NOSPC, f.fsync("A"));
            assertEquals(E_NOSPC, f.fsync("B")); // one report for both errors
            assertEquals(0, f.fsync("B"));
        }

        @Test
        void nrpagesZero_errorStillReported() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            f.evictPage(0);
            assertEquals(0, f.snapshot().nrpages());
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(0, f.fsync("A"));
        }

        @Test
        void inodeEvictedWithNoFdOpen_errorIsGone() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            f.close("A");
            f.evictInode();
            VfsSnapshot s = f.snapshot();
            assertEquals(0, s.wbErr());
            assertEquals(Set.of(), s.flags());
            assertEquals(0, s.nrpages());
            f.open("B");
            assertEquals(0, f.fsync("B"));
        }

        @Test
        void fsync_clearsTheLegacyFlags_andStatThenSeesNothing() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(EnumSet.of(LegacyFlag.AS_EIO), f.snapshot().flags());
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(Set.of(), f.snapshot().flags());
            assertEquals(0, f.stat());
        }

        @Test
        void stat_consumesOnlyTheLegacyFlags_fsyncStillReports() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.stat());
            assertEquals(0, f.stat());
            assertEquals(0x00000005, f.snapshot().wbErr()); // untouched, still unseen
            assertEquals(E_IO, f.fsync("A"));
        }

        @Test
        void sync_writesBackButReportsNothingAndMarksNothingSeen() {
            f.open("A");
            f.write("A", 0);
            f.write("A", 1);
            failedWriteback(f, "A", 2, EIO);
            f.sync();
            VfsSnapshot s = f.snapshot();
            assertEquals(Map.of(0, PageState.CLEAN, 1, PageState.CLEAN, 2, PageState.CLEAN), s.pages());
            assertEquals(0x00000005, s.wbErr());
            assertEquals(EnumSet.of(LegacyFlag.AS_EIO), s.flags());
        }
    }

    @Nested
    class LegacyFlags {
        private final Vfs f = vfs(Variant.LEGACY_FLAGS);

        @Test
        void firstFsyncConsumesTheError_otherFdsGetZero() {
            f.open("A");
            f.open("B");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(0, f.snapshot().wbErr()); // no errseq_t before v4.13
            assertEquals(EnumSet.of(LegacyFlag.AS_EIO), f.snapshot().flags());
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(0, f.fsync("B"));
            assertEquals(Map.of("A", 0, "B", 0), f.snapshot().fWbErr());
        }

        @Test
        void statConsumesTheErrorBeforeAnyFsync() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.stat());
            assertEquals(0, f.fsync("A"));
        }

        @Test
        void eioWinsOverEnospc_andBothFlagsAreCleared() {
            f.open("A");
            failedWriteback(f, "A", 0, ENOSPC);
            failedWriteback(f, "A", 1, EIO);
            assertEquals(EnumSet.of(LegacyFlag.AS_EIO, LegacyFlag.AS_ENOSPC), f.snapshot().flags());
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(Set.of(), f.snapshot().flags());
            assertEquals(0, f.fsync("A"));
        }

        @Test
        void enospcAlone_isReportedAsEnospc() {
            f.open("A");
            failedWriteback(f, "A", 0, ENOSPC);
            assertEquals(E_NOSPC, f.fsync("A"));
        }

        @Test
        void nrpagesZero_flagsStillChecked() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            f.evictPage(0);
            assertEquals(E_IO, f.fsync("A"));
        }

        @Test
        void lateOpener_getsTheErrorIfNobodyConsumedIt() {
            f.open("W");
            failedWriteback(f, "W", 0, EIO);
            f.close("W");
            f.open("L");
            assertEquals(E_IO, f.fsync("L"));
        }
    }

    @Nested
    class V8Posting {
        private final Vfs f = vfs(Variant.V8_POSTING);

        @Test
        void nrpagesZero_fsyncReturnsZeroWithTheErrorPending() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            f.evictPage(0);
            assertEquals(0, f.fsync("A"));
            assertEquals(0x00000005, f.snapshot().wbErr()); // still pending, unseen
            assertEquals(0, f.snapshot().fWbErr().get("A"));
            // once a page is cached again, the next fsync reports it
            f.write("A", 1);
            assertEquals(E_IO, f.fsync("A"));
        }

        @Test
        void withPagesCached_everyFdReportsOnce() {
            f.open("A");
            f.open("B");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(E_IO, f.fsync("B"));
            assertEquals(0, f.fsync("A"));
        }

        @Test
        void fsyncLeavesTheLegacyFlags_soStatReportsAgain() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(EnumSet.of(LegacyFlag.AS_EIO), f.snapshot().flags());
            assertEquals(E_IO, f.stat());
        }

        @Test
        void sampleMarksSeen_lateOpenerGetsZero() {
            f.open("W");
            failedWriteback(f, "W", 0, EIO);
            f.close("W");
            f.open("L");
            assertEquals(0x00001005, f.snapshot().wbErr());
            assertEquals(0, f.fsync("L"));
        }
    }

    @Nested
    class V413 {
        private final Vfs f = vfs(Variant.V4_13);

        @Test
        void lateOpenerAfterAnUnseenError_neverHearsOfIt() {
            f.open("W");
            failedWriteback(f, "W", 0, EIO);
            f.close("W");
            f.open("L");
            assertEquals(Map.of("L", 0x00001005), f.snapshot().fWbErr());
            assertEquals(0x00001005, f.snapshot().wbErr());
            assertEquals(0, f.fsync("L"));
        }

        @Test
        void nrpagesZero_errorStillReported() {
            f.open("A");
            failedWriteback(f, "A", 0, EIO);
            f.evictPage(0);
            assertEquals(E_IO, f.fsync("A"));
        }

        @Test
        void fdsOpenBeforeTheError_eachReportOnce_andFsyncClearsTheFlags() {
            f.open("A");
            f.open("B");
            failedWriteback(f, "A", 0, EIO);
            assertEquals(E_IO, f.fsync("A"));
            assertEquals(Set.of(), f.snapshot().flags());
            assertEquals(E_IO, f.fsync("B"));
            assertEquals(0, f.fsync("A"));
            assertEquals(0, f.fsync("B"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noError_everyFsyncReturnsZero_andFlushesDirtyPages(Variant v) {
        Vfs f = vfs(v);
        f.open("A");
        f.write("A", 0);
        f.write("A", 3);
        assertEquals(0, f.fsync("A"));
        assertEquals(Map.of(0, PageState.CLEAN, 3, PageState.CLEAN), f.snapshot().pages());
        assertEquals(0, f.snapshot().wbErr());
        assertEquals(0, f.stat());
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"LEGACY_FLAGS", "V4_13", "V4_17"})
    void failingDevice_fsyncsOwnFlushReportsTheError(Variant v) {
        Vfs f = Vfs.builder(v).waiting(Waiting.REFUSE).device(DevicePolicy.always(EIO)).build();
        f.open("A");
        f.write("A", 0);
        assertEquals(E_IO, f.fsync("A"));
        assertEquals(PageState.CLEAN, f.snapshot().page(0)); // not redirtied
        assertEquals(0, f.fsync("A"));
    }

    @Test
    void failingDevice_v8Posting_reportsWhenPagesAreCached() {
        Vfs f = Vfs.builder(Variant.V8_POSTING).device(DevicePolicy.always(ENOSPC)).build();
        f.open("A");
        f.write("A", 0);
        assertEquals(E_NOSPC, f.fsync("A"));
    }

    @Test
    void smallCounter_wrapsInTheVfsAsInTheModels() {
        // 1-bit counter: after two seen-then-set cycles A's cursor equals wb_err again and A misses them.
        Vfs f = Vfs.builder(Variant.V4_17).counterBits(1).waiting(Waiting.REFUSE).build();
        f.open("A");
        f.open("B");
        failedWriteback(f, "A", 0, EIO);
        assertEquals(E_IO, f.fsync("A")); // A at 0x1005
        failedWriteback(f, "A", 0, EIO);
        assertEquals(E_IO, f.fsync("B")); // 0x3005
        failedWriteback(f, "A", 0, EIO); // counter wraps: 0x0005
        assertEquals(E_IO, f.fsync("B")); // 0x1005, equal to A's cursor
        assertEquals(0x00001005, f.snapshot().wbErr());
        assertEquals(0, f.fsync("A")); // two errors missed
    }

    @Test
    void variantIds_areTheProjects() {
        assertEquals("legacy-flags", Variant.LEGACY_FLAGS.id());
        assertEquals("v8-posting", Variant.V8_POSTING.id());
        assertEquals("v4.13", Variant.V4_13.id());
        assertEquals("v4.17", Variant.V4_17.id());
        for (Variant v : Variant.values()) {
            assertEquals(v, Variant.fromId(v.id()));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Variant.fromId("v4.18"));
        assertEquals("unknown variant 'v4.18': expected one of legacy-flags, v8-posting, v4.13, v4.17",
                e.getMessage());
        assertFalse(Variant.LEGACY_FLAGS.usesErrseq());
        assertTrue(Variant.V8_POSTING.usesErrseq());
    }
}
