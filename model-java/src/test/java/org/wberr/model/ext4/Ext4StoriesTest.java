package org.wberr.model.ext4;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stories of specs/ext4/README.md, one per variant and errors= mode: the lost update under no-check,
 * v2-workqueue's window, v5.9's detection at get_write_access (and its continue-mode lost update), the gap
 * between v5.9's advance and its ext4_error_err, and v5.10's keep-uptodate. Each test names the README
 * paragraph it replays and checks every state the story turns on.
 */
class Ext4StoriesTest {
    private static final String B = "bitmap";
    private static final int EIO_UNSEEN = 0x5;                 // errno 5, counter 0
    private static final int EIO_SEEN = 0x1005;                // ... seen by ext4's check

    static Ext4 fs(Ext4Variant v, ErrorsMode m) {
        return Ext4.builder(v).errors(m).counterBits(2).waiting(Waiting.REFUSE).build();
    }

    static SortedSet<Integer> ids(Integer... ids) {
        return new TreeSet<>(List.of(ids));
    }

    static void assertBlock(Ext4 f, SortedSet<Integer> memory, SortedSet<Integer> disk, String... bh) {
        Ext4Snapshot s = f.snapshot();
        assertEquals(memory, s.bData().get(B), "memory " + s);
        assertEquals(disk, s.disk().get(B), "disk " + s);
        assertEquals(List.of(bh), s.bh().get(B).flags(), "bh " + s);
    }

    static void assertFs(Ext4 f, String... flags) {
        assertEquals(List.of(flags), f.snapshot().fs().flags(), f.snapshot().toString());
    }

    /** Update 1 is made, committed and written home, and the write fails. */
    static void failedWriteOfUpdate1(Ext4 f) {
        assertEquals(0, f.modify(B));
        assertBlock(f, ids(1), ids(), "uptodate", "jbddirty");
        f.commit();
        assertBlock(f, ids(1), ids(), "uptodate", "dirty");
        f.writebackStart(B);
        assertBlock(f, ids(1), ids(), "uptodate", "async_write");
        f.writebackEnd(B, WriteOutcome.EIO);
        // end_buffer_async_write: the newest data is still in memory, only the flag says otherwise.
        assertBlock(f, ids(1), ids(), "write_io_error");
        assertEquals(EIO_UNSEEN, f.snapshot().bdWbErr());
    }

    /** The stale copy is modified, committed and written home successfully. */
    static void staleUpdate2WrittenHome(Ext4 f) {
        assertEquals(0, f.modify(B));
        f.commit();
        f.writeback(B, WriteOutcome.OK);
    }

    // ---- no-check ----

    @ParameterizedTest
    @EnumSource(ErrorsMode.class)
    void noCheck_lostUpdate_inEveryMode_nothingNoticesIt(ErrorsMode m) {
        Ext4 f = fs(Ext4Variant.NO_CHECK, m);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertBlock(f, ids(), ids(), "uptodate", "write_io_error"); // the stale block from disk
        staleUpdate2WrittenHome(f);
        assertBlock(f, ids(2), ids(2), "uptodate");
        assertEquals(ids(1), f.snapshot().lostUpdates(B));
        assertFs(f);
        assertFalse(f.snapshot().errorPending());
        assertEquals(0, f.snapshot().sBdevWbErr());
        assertThrows(ImpossibleStepException.class, f::errorErr, "nothing is ever due in no-check");
    }

    // ---- v2-workqueue ----

    @ParameterizedTest
    @EnumSource(ErrorsMode.class)
    void v2_window_theStaleCopyReachesDiskBeforeTheWorkRuns_inEveryMode(ErrorsMode m) {
        Ext4 f = fs(Ext4Variant.V2_WORKQUEUE, m);
        failedWriteOfUpdate1(f);
        assertTrue(f.snapshot().errorPending(), "the failure queued the work");
        f.readBitmap(B);
        staleUpdate2WrittenHome(f);
        assertBlock(f, ids(2), ids(2), "uptodate");
        assertEquals(ids(1), f.snapshot().lostUpdates(B));
        assertFs(f); // not flagged yet: NoStaleWriteBeforeErrorInv fails
        f.errorErr();
        assertFalse(f.snapshot().errorPending());
        switch (m) {
            case CONTINUE:
                assertFs(f, "error_fs");
                assertEquals(0, f.modify(B));
                break;
            case REMOUNT_RO:
                assertFs(f, "error_fs", "aborted", "rdonly");
                assertEquals(-Errno.EROFS, f.modify(B));
                break;
            case PANIC:
                assertFs(f, "error_fs", "aborted", "halted");
                assertThrows(ImpossibleStepException.class, () -> f.modify(B));
                break;
            default:
                throw new AssertionError(m);
        }
    }

    @Test
    void v2_remountRo_workBeforeTheCommit_discardsTheStaleChange() {
        Ext4 f = fs(Ext4Variant.V2_WORKQUEUE, ErrorsMode.REMOUNT_RO);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertEquals(0, f.modify(B));
        assertBlock(f, ids(2), ids(), "uptodate", "jbddirty", "write_io_error");
        f.errorErr(); // jbd2_journal_abort: the running transaction is discarded
        assertBlock(f, ids(2), ids(), "uptodate", "write_io_error");
        f.commit(); // nothing commits after an abort
        assertThrows(ImpossibleStepException.class, () -> f.writebackStart(B), "not dirty: nothing to write");
        assertEquals(ids(), f.snapshot().disk().get(B));
        assertEquals(ids(), f.snapshot().lostUpdates(B));
        assertEquals(-Errno.EROFS, f.modify(B));
    }

    @Test
    void v2_remountRo_committedBeforeTheWork_isStillWrittenHomeAfterTheAbort() {
        Ext4 f = fs(Ext4Variant.V2_WORKQUEUE, ErrorsMode.REMOUNT_RO);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertEquals(0, f.modify(B));
        f.commit();
        f.errorErr();
        assertFs(f, "error_fs", "aborted", "rdonly");
        assertBlock(f, ids(2), ids(), "uptodate", "dirty", "write_io_error");
        f.writeback(B, WriteOutcome.OK); // checkpointed buffers are written after an abort
        assertEquals(ids(1), f.snapshot().lostUpdates(B));
    }

    @Test
    void v2_workIsOnePerSuperBlock_twoFailuresQueueItOnce() {
        Ext4 f = Ext4.builder(Ext4Variant.V2_WORKQUEUE).blocks("a", "b").waiting(Waiting.REFUSE).build();
        for (String b : List.of("a", "b")) {
            f.modify(b);
        }
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        f.writeback("b", WriteOutcome.EIO);
        f.errorErr();
        assertFalse(f.snapshot().errorPending());
        assertThrows(ImpossibleStepException.class, f::errorErr, "queued once, runs once");
    }

    @Test
    void v2_noWorkIsQueuedOnAReadOnlyFileSystem() {
        Ext4 f = Ext4.builder(Ext4Variant.V2_WORKQUEUE).errors(ErrorsMode.REMOUNT_RO).blocks("a", "b")
                .waiting(Waiting.REFUSE).build();
        f.modify("a");
        f.modify("b");
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        f.errorErr();
        assertFs(f, "error_fs", "aborted", "rdonly");
        f.writeback("b", WriteOutcome.EIO); // committed before the abort, written after it, fails
        assertFalse(f.snapshot().errorPending(), "ext4_end_buffer_async_write: !sb_rdonly(sb) is false");
    }

    // ---- v5.9-errseq ----

    @Test
    void v59_continue_detectsAtGetWriteAccess_butTheStaleCopyIsStillWrittenHome() {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.CONTINUE);
        failedWriteOfUpdate1(f);
        assertFalse(f.snapshot().errorPending(), "detection is lazy: nothing is queued");
        f.readBitmap(B);
        assertBlock(f, ids(), ids(), "uptodate", "write_io_error");
        assertEquals(0, f.modify(B)); // the check flags the error, but does not fail the call
        assertFs(f, "error_fs");
        assertEquals(EIO_SEEN, f.snapshot().bdWbErr());
        assertEquals(EIO_SEEN, f.snapshot().sBdevWbErr());
        f.commit();
        f.writeback(B, WriteOutcome.OK);
        assertBlock(f, ids(2), ids(2), "uptodate");
        assertEquals(ids(1), f.snapshot().lostUpdates(B), "flagged, but still lost");
    }

    @Test
    void v59_remountRo_theDetectingModificationIsRefusedWithErofs() {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.REMOUNT_RO);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertEquals(-Errno.EROFS, f.modify(B));
        assertFs(f, "error_fs", "aborted", "rdonly");
        assertBlock(f, ids(), ids(), "uptodate", "write_io_error");
        assertEquals(-Errno.EROFS, f.modify(B));
        assertEquals(ids(), f.snapshot().lostUpdates(B));
    }

    @Test
    void v59_panic_theDetectingModificationPanics_andNothingRunsAfterIt() {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.PANIC);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        KernelPanicException e = assertThrows(KernelPanicException.class, () -> f.modify(B));
        assertTrue(e.getMessage().startsWith("modify bitmap: ext4_check_bdev_write_error found a failed metadata"
                + " write, and ext4_error_err panicked (errors=panic)"), e.getMessage());
        assertFs(f, "error_fs", "aborted", "halted");
        assertThrows(ImpossibleStepException.class, () -> f.readBitmap(B));
        assertThrows(ImpossibleStepException.class, f::commit);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorsMode.class, names = {"REMOUNT_RO", "PANIC"})
    void v59_gap_aSecondWriterPassesTheCheckBeforeTheFirstCallsExt4ErrorErr(ErrorsMode m) {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, m);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertEquals(-Errno.EIO, f.checkBdevWriteError()); // writer 1 advances s_bdev_wb_err ...
        assertTrue(f.snapshot().errorPending());
        assertFs(f);
        staleUpdate2WrittenHome(f); // writer 2 passes the check: the cursor has moved
        assertEquals(ids(1), f.snapshot().lostUpdates(B));
        f.errorErr(); // ... and only now calls ext4_error_err
        assertFalse(f.snapshot().errorPending());
        assertEquals(m == ErrorsMode.PANIC ? List.of("error_fs", "aborted", "halted")
                : List.of("error_fs", "aborted", "rdonly"), f.snapshot().fs().flags());
    }

    @Test
    void v59_gapClosedFirst_theSecondWriterIsRefused() {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.REMOUNT_RO);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        f.checkBdevWriteError();
        f.errorErr();
        assertEquals(-Errno.EROFS, f.modify(B));
        assertEquals(ids(), f.snapshot().disk().get(B));
    }

    @Test
    void v59_checkWithNothingNew_doesNothing() {
        Ext4 f = fs(Ext4Variant.V5_9_ERRSEQ, ErrorsMode.CONTINUE);
        Ext4Snapshot before = f.snapshot();
        assertEquals(0, f.checkBdevWriteError());
        assertEquals(before, f.snapshot());
        failedWriteOfUpdate1(f);
        f.checkBdevWriteError();
        f.errorErr();
        Ext4Snapshot after = f.snapshot();
        assertEquals(0, f.checkBdevWriteError(), "the cursor is current");
        assertEquals(after, f.snapshot());
    }

    @Test
    void v59_twoWritersInTheGap_eachMakesItsOwnCall() {
        // The spec lets one writer be in the gap at a time; the kernel lets several. Two blocks fail one
        // after the other, two writers detect one each before either has called ext4_error_err.
        Ext4 f = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).blocks("a", "b").counterBits(2)
                .waiting(Waiting.REFUSE).build();
        f.modify("a");
        f.modify("b");
        f.commit();
        f.writeback("a", WriteOutcome.EIO);
        assertEquals(-Errno.EIO, f.checkBdevWriteError());
        f.writeback("b", WriteOutcome.EIO); // steps the counter: the first error was seen
        assertEquals(-Errno.EIO, f.checkBdevWriteError());
        assertEquals(0x3005, f.snapshot().sBdevWbErr());
        f.errorErr();
        assertTrue(f.snapshot().errorPending(), "one call is still due");
        f.errorErr();
        assertFalse(f.snapshot().errorPending());
        assertThrows(ImpossibleStepException.class, f::errorErr);
    }

    // ---- v5.10-keep-uptodate ----

    @ParameterizedTest
    @EnumSource(ErrorsMode.class)
    void v510_keepUptodate_theRereadKeepsTheNewerData_nothingIsLost(ErrorsMode m) {
        Ext4 f = fs(Ext4Variant.V5_10_KEEP_UPTODATE, m);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        assertBlock(f, ids(1), ids(), "uptodate", "write_io_error"); // ext4_buffer_uptodate
        switch (m) {
            case CONTINUE:
                assertEquals(0, f.modify(B));
                assertFs(f, "error_fs");
                f.commit();
                f.writeback(B, WriteOutcome.OK);
                assertBlock(f, ids(1, 2), ids(1, 2), "uptodate");
                break;
            case REMOUNT_RO:
                assertEquals(-Errno.EROFS, f.modify(B));
                assertFs(f, "error_fs", "aborted", "rdonly");
                break;
            case PANIC:
                assertThrows(KernelPanicException.class, () -> f.modify(B));
                assertFs(f, "error_fs", "aborted", "halted");
                break;
            default:
                throw new AssertionError(m);
        }
        assertEquals(ids(), f.snapshot().lostUpdates(B));
    }

    @Test
    void v510_gap_theSecondWriterModifiesBeforeTheErrorIsFlagged_butOnTheNewestCopy() {
        Ext4 f = fs(Ext4Variant.V5_10_KEEP_UPTODATE, ErrorsMode.REMOUNT_RO);
        failedWriteOfUpdate1(f);
        f.readBitmap(B);
        f.checkBdevWriteError();
        staleUpdate2WrittenHome(f); // NoUnflaggedModifyInv fails here ...
        assertBlock(f, ids(1, 2), ids(1, 2), "uptodate");
        assertEquals(ids(), f.snapshot().lostUpdates(B)); // ... but nothing is lost
        f.errorErr();
        assertFs(f, "error_fs", "aborted", "rdonly");
    }
}
