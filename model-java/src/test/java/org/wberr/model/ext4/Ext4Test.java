package org.wberr.model.ext4;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wberr.model.errseq.Errseq;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffer life cycle, ids, snapshots, every impossible step with its message, and waiting for a write in flight. */
class Ext4Test {
    private static final String B = "bitmap";

    private static Ext4 seq(Ext4Variant v, ErrorsMode m) {
        return Ext4.builder(v).errors(m).waiting(Waiting.REFUSE).build();
    }

    private static void assertImpossible(String message, Runnable step) {
        ImpossibleStepException e = assertThrows(ImpossibleStepException.class, step::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void ids_roundTrip_andUnknownIdsListTheValidOnes() {
        for (Ext4Variant v : Ext4Variant.values()) {
            assertEquals(v, Ext4Variant.fromId(v.id()));
        }
        for (ErrorsMode m : ErrorsMode.values()) {
            assertEquals(m, ErrorsMode.fromId(m.id()));
        }
        assertEquals(List.of("no-check", "v2-workqueue", "v5.9-errseq", "v5.10-keep-uptodate"),
                List.of(Ext4Variant.values()).stream().map(Ext4Variant::id).toList());
        assertEquals("unknown ext4 variant 'v4.17': expected one of no-check, v2-workqueue, v5.9-errseq,"
                + " v5.10-keep-uptodate", assertThrows(IllegalArgumentException.class,
                () -> Ext4Variant.fromId("v4.17")).getMessage());
        assertEquals("unknown errors= mode 'ro': expected one of continue, remount-ro, panic",
                assertThrows(IllegalArgumentException.class, () -> ErrorsMode.fromId("ro")).getMessage());
        assertEquals(WriteOutcome.EIO, WriteOutcome.fromId("EIO"));
        assertThrows(IllegalArgumentException.class, () -> WriteOutcome.fromId("ENOSPC"));
    }

    @Test
    void freshFileSystem_blocksAsFormatted_nothingRecorded() {
        Ext4 f = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).blocks("inode-bitmap", "block-bitmap").build();
        Ext4Snapshot s = f.snapshot();
        assertEquals(List.of("block-bitmap", "inode-bitmap"), f.blocks());
        assertEquals(Set.of("block-bitmap", "inode-bitmap"), s.bh().keySet());
        s.bh().values().forEach(b -> assertEquals(BufferState.CLEAN, b));
        s.bData().values().forEach(d -> assertTrue(d.isEmpty()));
        s.disk().values().forEach(d -> assertTrue(d.isEmpty()));
        assertEquals(0, s.bdWbErr());
        assertEquals(0, s.sBdevWbErr());
        assertFalse(s.errorPending());
        assertEquals(FsState.OK, s.fs());
        assertEquals(ErrorsMode.CONTINUE, f.errorsMode(), "ext4's default");
        assertEquals(Errseq.KERNEL_COUNTER_BITS, f.counterBits());
        assertEquals("block-bitmap: memory={} disk={} [uptodate]; inode-bitmap: memory={} disk={} [uptodate];"
                + " bd_wb_err=0x00000000 (zero) s_bdev_wb_err=0x00000000 fs=[]", s.toString());
    }

    @Test
    void bufferLifeCycle_modifyCommitWritebackModifyAgain() {
        Ext4 f = seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE);
        f.readBitmap(B); // uptodate: nothing to read
        assertEquals(0, f.modify(B));
        assertEquals(0, f.modify(B)); // the same transaction
        assertEquals(Set.of(1, 2), f.snapshot().bData().get(B));
        f.commit();
        f.commit(); // nothing left to commit: does nothing
        assertEquals(List.of("uptodate", "dirty"), f.snapshot().bh().get(B).flags());
        assertEquals(0, f.modify(B)); // do_get_write_access takes a dirty buffer back: BH_Dirty -> BH_JBDDirty
        assertEquals(List.of("uptodate", "jbddirty"), f.snapshot().bh().get(B).flags());
        f.commit();
        f.writeback(B, WriteOutcome.OK);
        Ext4Snapshot s = f.snapshot();
        assertEquals(Set.of(1, 2, 3), s.disk().get(B));
        assertEquals(BufferState.CLEAN, s.bh().get(B));
        assertEquals(Set.of(), s.lostUpdates(B));
    }

    @Test
    void rewritingAFailedBuffer_clearsWriteIoError_andSucceeds() {
        Ext4 f = seq(Ext4Variant.V5_10_KEEP_UPTODATE, ErrorsMode.CONTINUE);
        f.modify(B);
        f.commit();
        f.writeback(B, WriteOutcome.EIO);
        f.readBitmap(B);
        f.modify(B);
        f.commit();
        f.writebackStart(B); // submit_bh_wbc: "Only clear out a write error when rewriting"
        assertEquals(List.of("uptodate", "async_write"), f.snapshot().bh().get(B).flags());
        f.writebackEnd(B, WriteOutcome.OK);
        assertEquals(Set.of(1, 2), f.snapshot().disk().get(B));
    }

    @Test
    void counterWidth_isTheBlockDeviceMappingsWbErrs() {
        Ext4 f = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).counterBits(1).waiting(Waiting.REFUSE).build();
        for (int i = 0; i < 3; i++) {
            f.modify(B);
            f.commit();
            f.writeback(B, WriteOutcome.EIO);
            f.checkBdevWriteError();
            f.errorErr();
            f.readBitmap(B);
        }
        // 0x5 -> seen 0x1005 -> 0x2005 -> seen 0x3005 -> wraps to 0x0005 -> seen 0x1005
        assertEquals(0x1005, f.snapshot().bdWbErr());
        assertEquals(0x1005, f.snapshot().sBdevWbErr());
        assertThrows(IllegalArgumentException.class, () -> Ext4.builder(Ext4Variant.NO_CHECK).counterBits(20));
    }

    // ---- Impossible steps ----

    @Test
    void modifyingABufferThatIsNotUptodate_isImpossible() {
        Ext4 f = seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE);
        f.modify(B);
        f.commit();
        f.writeback(B, WriteOutcome.EIO);
        Ext4Snapshot before = f.snapshot();
        assertImpossible("cannot modify bitmap: its buffer is not uptodate (a write of it failed); the caller must"
                + " read it first (read-bitmap bitmap)", () -> f.modify(B));
        assertEquals(before, f.snapshot());
    }

    @Test
    void modifyingNotUptodate_inV59_isRefusedBeforeTheCheckRuns() {
        Ext4 f = seq(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.REMOUNT_RO);
        f.modify(B);
        f.commit();
        f.writeback(B, WriteOutcome.EIO);
        Ext4Snapshot before = f.snapshot();
        assertThrows(ImpossibleStepException.class, () -> f.modify(B));
        assertEquals(before, f.snapshot(), "an impossible step changes nothing, not even the cursor");
    }

    @Test
    void writebackSteps_outOfOrder_areImpossible() {
        Ext4 f = seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE);
        assertImpossible("cannot meta-writeback-end bitmap EIO: no write of bitmap is in flight (start one with"
                + " meta-writeback-start bitmap)", () -> f.writebackEnd(B, WriteOutcome.EIO));
        assertImpossible("cannot meta-writeback-start bitmap: the buffer is not dirty (nothing committed waits to"
                + " be written)", () -> f.writebackStart(B));
        f.modify(B);
        assertImpossible("cannot meta-writeback-start bitmap: the buffer is not dirty (it is modified in the"
                + " running transaction, not yet committed)", () -> f.writebackStart(B));
        f.commit();
        f.writebackStart(B);
        assertImpossible("cannot meta-writeback-start bitmap: the buffer is not dirty (a write of it is already"
                + " in flight)", () -> f.writebackStart(B));
    }

    @Test
    void modifyWhileAWriteIsInFlight_isRefusedWhenNothingCouldEndIt() {
        Ext4 f = seq(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.CONTINUE);
        f.modify(B);
        f.commit();
        f.writebackStart(B);
        Ext4Snapshot before = f.snapshot();
        assertImpossible("cannot modify bitmap: a write of bitmap is in flight, and do_get_write_access would wait"
                + " for it (lock_buffer), which nothing can end in a single-threaded run; end the write first",
                () -> f.modify(B));
        assertEquals(before, f.snapshot());
        f.readBitmap(B); // uptodate: the reader does not wait
    }

    @Test
    void errorErr_withNothingDue_isImpossible_inEachVariant() {
        assertImpossible("cannot error-err in no-check: nothing calls ext4_error_err for a failed metadata write"
                + " before v5.9", seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE)::errorErr);
        assertImpossible("cannot run the error work: it is not queued (a failed metadata write queues it, unless"
                + " the file system is read-only)", seq(Ext4Variant.V2_WORKQUEUE, ErrorsMode.CONTINUE)::errorErr);
        assertImpossible("cannot error-err: no writer is between the advance of s_bdev_wb_err in"
                + " ext4_check_bdev_write_error and its ext4_error_err (check-bdev-error leaves one)",
                seq(Ext4Variant.V5_10_KEEP_UPTODATE, ErrorsMode.CONTINUE)::errorErr);
    }

    @Test
    void checkBdevWriteError_onlyInV59Plus_andNeverOnAReadOnlyFileSystem() {
        assertImpossible("cannot check-bdev-error in no-check: ext4_check_bdev_write_error came with bc71726c7257"
                + " in v5.9 (variants v5.9-errseq and v5.10-keep-uptodate)",
                seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE)::checkBdevWriteError);
        assertThrows(ImpossibleStepException.class, seq(Ext4Variant.V2_WORKQUEUE, ErrorsMode.CONTINUE)::checkBdevWriteError);
        Ext4 f = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).errors(ErrorsMode.REMOUNT_RO).blocks("a", "b")
                .waiting(Waiting.REFUSE).build();
        f.modify("a");
        f.modify("b");
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        f.checkBdevWriteError();
        f.errorErr();
        f.writeback("b", WriteOutcome.EIO); // wb_err moves again, on a read-only file system
        assertImpossible("cannot check-bdev-error: the file system is read-only, so ext4_journal_start refuses"
                + " every writer with EROFS before get_write_access runs the check", f::checkBdevWriteError);
    }

    @ParameterizedTest
    @EnumSource(value = Ext4Variant.class, names = {"V2_WORKQUEUE", "V5_9_ERRSEQ"})
    void afterAPanic_everyStepIsImpossible(Ext4Variant v) {
        Ext4 f = Ext4.builder(v).errors(ErrorsMode.PANIC).blocks("a", "b").waiting(Waiting.REFUSE).build();
        f.modify("a");
        f.modify("b");
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        if (v.checksAtWriteAccess()) {
            f.checkBdevWriteError();
        }
        f.errorErr();
        assertTrue(f.snapshot().fs().halted());
        String why = ": the machine panicked (errors=panic), nothing runs after a panic";
        assertImpossible("cannot read-bitmap a" + why, () -> f.readBitmap("a"));
        assertImpossible("cannot modify b" + why, () -> f.modify("b"));
        assertImpossible("cannot commit" + why, f::commit);
        assertImpossible("cannot meta-writeback-start b" + why, () -> f.writebackStart("b"));
        assertImpossible("cannot meta-writeback-end b ok" + why, () -> f.writebackEnd("b", WriteOutcome.OK));
        assertImpossible("cannot error-err" + why, f::errorErr);
        assertImpossible("cannot check-bdev-error" + why, f::checkBdevWriteError);
        f.snapshot(); // still readable
    }

    @Test
    void unknownBlock_isABadArgument() {
        Ext4 f = seq(Ext4Variant.NO_CHECK, ErrorsMode.CONTINUE);
        assertEquals("cannot modify inode-table: no such metadata block (the file system has bitmap)",
                assertThrows(IllegalArgumentException.class, () -> f.modify("inode-table")).getMessage());
    }

    // ---- Waiting for a write in flight (BLOCK) ----

    @Test
    void modify_waitsForTheWriteInFlight_thenAppliesToTheNewestData() throws Exception {
        Ext4 f = Ext4.builder(Ext4Variant.NO_CHECK).build();
        f.modify(B);
        f.commit();
        f.writebackStart(B);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> modifier = ex.submit(() -> f.modify(B));
            assertThrows(TimeoutException.class, () -> modifier.get(200, TimeUnit.MILLISECONDS), "it waits");
            f.writebackEnd(B, WriteOutcome.OK);
            assertEquals(0, modifier.get(5, TimeUnit.SECONDS));
            assertEquals(Set.of(1, 2), f.snapshot().bData().get(B));
            assertEquals(Set.of(1), f.snapshot().disk().get(B));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void modify_thatWaitedForAWriteThatFailed_isRefused_andMustReadAgain() throws Exception {
        Ext4 f = Ext4.builder(Ext4Variant.NO_CHECK).build();
        f.modify(B);
        f.commit();
        f.writebackStart(B);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> modifier = ex.submit(() -> f.modify(B));
            assertThrows(TimeoutException.class, () -> modifier.get(200, TimeUnit.MILLISECONDS));
            f.writebackEnd(B, WriteOutcome.EIO);
            Exception e = assertThrows(Exception.class, () -> modifier.get(5, TimeUnit.SECONDS));
            assertEquals("cannot modify bitmap: its buffer is not uptodate (a write of it failed); the write this"
                    + " modification waited for failed; the caller must read the bitmap again", e.getCause().getMessage());
            assertEquals(Set.of(1), f.snapshot().bData().get(B));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void aPanic_wakesAModifierWaitingForAWriteThatWillNeverComplete() throws Exception {
        Ext4 f = Ext4.builder(Ext4Variant.V2_WORKQUEUE).errors(ErrorsMode.PANIC).blocks("a", "b").build();
        f.modify("a");
        f.modify("b");
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        f.writebackStart("b");
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> modifier = ex.submit(() -> f.modify("b"));
            assertThrows(TimeoutException.class, () -> modifier.get(200, TimeUnit.MILLISECONDS));
            f.errorErr(); // the work runs: panic
            Exception e = assertThrows(Exception.class, () -> modifier.get(5, TimeUnit.SECONDS));
            assertEquals(ImpossibleStepException.class, e.getCause().getClass());
            assertTrue(e.getCause().getMessage().endsWith("the machine panicked while it waited for the buffer lock"
                    + " of b"), e.getCause().getMessage());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void errnoNames_includeErofs() {
        assertEquals("EROFS", Errno.name(-Errno.EROFS));
        assertEquals(30, Errno.EROFS);
    }
}
