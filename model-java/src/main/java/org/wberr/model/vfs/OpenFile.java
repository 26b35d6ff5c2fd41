package org.wberr.model.vfs;

import java.util.concurrent.locks.ReentrantLock;

import org.wberr.model.errseq.Errseq;
import org.wberr.model.errseq.ErrseqCursor;

/**
 * An open file description (the kernel's {@code struct file}): the mapping it reaches and its writeback
 * error cursor {@code f_wb_err}, sampled at open.
 *
 * <h2>Locking</h2>
 * {@link #fWbErr} is read locklessly (the kernel's {@code READ_ONCE(file->f_wb_err)}) and updated only
 * under {@link #fLock}, the kernel's {@code file->f_lock}. Nothing else is taken while fLock is held.
 */
final class OpenFile {
    final String fd;
    final Inode inode;
    /** {@code file->f_mapping}. */
    final AddressSpace mapping;
    /** {@code file->f_wb_err}: unused (always 0) in legacy-flags. */
    final ErrseqCursor fWbErr;
    /** {@code file->f_lock}. */
    final ReentrantLock fLock = new ReentrantLock();

    OpenFile(String fd, Inode inode, int sampledWbErr) {
        this.fd = fd;
        this.inode = inode;
        this.mapping = inode.mapping;
        this.fWbErr = new ErrseqCursor(sampledWbErr);
    }

    /**
     * Reports a writeback error recorded since this file last looked and advances its cursor
     * (mm/filemap.c, {@code file_check_and_advance_wb_err}). Lockless fast path: {@code errseq_check}
     * against the cursor, and only if that reports something, {@code errseq_check_and_advance} under
     * f_lock. Then, if {@code clearLegacyFlags} (as merged in v4.13, not in the v8 posting), clears AS_EIO
     * and AS_ENOSPC unconditionally, emulating what filemap_check_errors did to them.
     *
     * <p>Advances f_wb_err; sets SEEN in wb_err when it reports.
     */
    int fileCheckAndAdvanceWbErr(boolean clearLegacyFlags) {
        int err = 0;
        int old = fWbErr.get();
        Errseq wbErr = mapping.wbErr();
        if (wbErr.check(old) != 0) {
            // Something changed: the slow path, under f_lock.
            fLock.lock();
            try {
                err = wbErr.checkAndAdvance(fWbErr);
            } finally {
                fLock.unlock();
            }
        }
        if (clearLegacyFlags) {
            mapping.clearBit(LegacyFlag.AS_EIO);
            mapping.clearBit(LegacyFlag.AS_ENOSPC);
        }
        return err;
    }

    /** The cursor, read under f_lock (for a snapshot). */
    int cursorLocked() {
        fLock.lock();
        try {
            return fWbErr.get();
        } finally {
            fLock.unlock();
        }
    }
}
