package org.wberr.model.ext4;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every ext4 step releases the locks it took (j_state_lock, s_bdev_wb_lock, each buffer's bState), also when it is
 * refused: after each, another thread takes a snapshot, which needs them all, and sees what this thread sees.
 */
class Ext4LocksReleasedTest {
    private static final String B = "bitmap";

    private static void assertSameSnapshotFromAnotherThread(Ext4 fs) {
        Ext4Snapshot other = assertTimeoutPreemptively(Duration.ofSeconds(10), fs::snapshot,
                "another thread could not take a snapshot: a lock is still held");
        assertEquals(fs.snapshot(), other);
    }

    @Test
    void everyStep_releasesItsLocks_inTheV59Check() {
        Ext4 fs = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).errors(ErrorsMode.CONTINUE).waiting(Waiting.REFUSE).build();
        fs.readBitmap(B); // uptodate: the fast path
        assertSameSnapshotFromAnotherThread(fs);
        assertEquals(0, fs.modify(B));
        fs.commit();
        assertSameSnapshotFromAnotherThread(fs);
        fs.writeback(B, WriteOutcome.EIO);
        assertSameSnapshotFromAnotherThread(fs);
        fs.readBitmap(B); // not uptodate: locks the buffer, re-reads it from disk
        assertSameSnapshotFromAnotherThread(fs);
        assertEquals(-Errno.EIO, fs.checkBdevWriteError());
        assertSameSnapshotFromAnotherThread(fs);
        fs.errorErr();
        assertSameSnapshotFromAnotherThread(fs);
        assertEquals(0, fs.checkBdevWriteError()); // nothing new
        assertSameSnapshotFromAnotherThread(fs);
    }

    @Test
    void everyStep_releasesItsLocks_inTheV2WorkqueueAndWhenRefused() {
        Ext4 fs = Ext4.builder(Ext4Variant.V2_WORKQUEUE).errors(ErrorsMode.REMOUNT_RO).waiting(Waiting.REFUSE)
                .build();
        assertEquals(0, fs.modify(B));
        fs.commit();
        fs.writebackStart(B);
        assertThrows(ImpossibleStepException.class, () -> fs.modify(B)); // the write is in flight
        assertSameSnapshotFromAnotherThread(fs);
        assertThrows(ImpossibleStepException.class, () -> fs.writebackStart(B));
        assertSameSnapshotFromAnotherThread(fs);
        fs.writebackEnd(B, WriteOutcome.EIO);
        assertThrows(ImpossibleStepException.class, () -> fs.checkBdevWriteError()); // no check in v2
        assertSameSnapshotFromAnotherThread(fs);
        assertThrows(ImpossibleStepException.class, () -> fs.modify(B)); // not uptodate
        assertSameSnapshotFromAnotherThread(fs);
        fs.errorErr(); // the queued work: remount read-only
        assertSameSnapshotFromAnotherThread(fs);
        assertThrows(ImpossibleStepException.class, fs::errorErr); // not queued again
        assertSameSnapshotFromAnotherThread(fs);
        fs.readBitmap(B);
        assertEquals(-Errno.EROFS, fs.modify(B));
        assertSameSnapshotFromAnotherThread(fs);
    }

    @Test
    void aRefusedCheck_onAReadOnlyFileSystem_releasesJStateLock() {
        Ext4 fs = Ext4.builder(Ext4Variant.V5_9_ERRSEQ).errors(ErrorsMode.REMOUNT_RO).waiting(Waiting.REFUSE)
                .build();
        assertEquals(0, fs.modify(B));
        fs.commit();
        fs.writeback(B, WriteOutcome.EIO);
        assertEquals(-Errno.EIO, fs.checkBdevWriteError());
        fs.errorErr(); // remount-ro
        assertEquals(true, fs.snapshot().fs().rdonly());
        assertThrows(ImpossibleStepException.class, fs::checkBdevWriteError);
        assertSameSnapshotFromAnotherThread(fs);
    }
}
