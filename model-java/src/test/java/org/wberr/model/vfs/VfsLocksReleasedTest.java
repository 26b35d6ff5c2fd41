package org.wberr.model.vfs;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every step releases the locks it took (the inode's i_pages, the file's f_lock), also when it is refused: after
 * each, another thread takes a snapshot, which needs them all, and sees what this thread sees. A lock a step left
 * held would block that thread forever (ReentrantLock is reentrant, so this thread alone would never notice).
 */
class VfsLocksReleasedTest {

    /** The snapshot another thread takes now; fails if it cannot get the locks within 10 s. */
    private static VfsSnapshot fromAnotherThread(Vfs vfs) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), vfs::snapshot,
                "another thread could not take a snapshot: a lock is still held");
    }

    private static void assertSameSnapshotFromAnotherThread(Vfs vfs) {
        assertEquals(vfs.snapshot(), fromAnotherThread(vfs));
    }

    @Test
    void everyStep_releasesItsLocks_anotherThreadSeesTheSameState() {
        Vfs vfs = Vfs.builder(Variant.V4_17).waiting(Waiting.REFUSE)
                .device(page -> WritebackOutcome.EIO).build();
        vfs.open("A");
        vfs.write("A", 0);
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.writeback(0, WritebackOutcome.ENOSPC);
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.write("A", 0);
        assertEquals(-Errno.EIO, vfs.fsync("A")); // nrpages, the flush (device: EIO) and f_lock's slow path
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.evictPage(0);
        assertSameSnapshotFromAnotherThread(vfs);
        assertEquals(0, vfs.stat());
        vfs.sync();
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.close("A");
        vfs.evictInode();
        assertSameSnapshotFromAnotherThread(vfs);
    }

    @Test
    void refusedSteps_releaseTheirLocks_too() {
        Vfs vfs = Vfs.builder(Variant.V4_17).waiting(Waiting.REFUSE).build();
        vfs.open("A");
        vfs.write("A", 0);
        vfs.writebackStart(0);
        assertThrows(ImpossibleStepException.class, () -> vfs.evictPage(0));
        assertSameSnapshotFromAnotherThread(vfs);
        assertThrows(ImpossibleStepException.class, () -> vfs.fsync("A")); // would wait for the writeback
        assertSameSnapshotFromAnotherThread(vfs);
        assertThrows(ImpossibleStepException.class, () -> vfs.write("A", 0));
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.writebackEnd(0, WritebackOutcome.OK);
        assertThrows(ImpossibleStepException.class, () -> vfs.writebackEnd(0, WritebackOutcome.OK));
        assertThrows(ImpossibleStepException.class, () -> vfs.writebackStart(0));
        assertSameSnapshotFromAnotherThread(vfs);
        vfs.close("A");
        vfs.open("C");
        vfs.write("C", 0);
        vfs.close("C");
        assertThrows(ImpossibleStepException.class, vfs::evictInode); // page 0 is dirty
        assertSameSnapshotFromAnotherThread(vfs);
    }
}
