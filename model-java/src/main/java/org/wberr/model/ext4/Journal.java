package org.wberr.model.ext4;

import java.util.LinkedHashSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ext4's jbd2 journal (fs/jbd2), reduced to its ordering: the running transaction (the metadata buffers
 * modified in it, BH_JBDDirty), its commit, which hands those buffers to writeback (BH_Dirty), and the
 * abort, after which nothing commits and the running transaction is discarded. The journal's contents and
 * replay are abstracted away (specs/ext4/README.md, "Abstractions").
 *
 * <h2>Locking</h2>
 * {@link #jStateLock} is the kernel's {@code journal->j_state_lock}: it guards the running transaction's
 * membership ({@code t_buffers}) and the abort flag (JBD2_ABORT). Whoever changes a buffer's bits here
 * also holds that buffer's bState ({@link BufferHead}), taken after jStateLock. The abort flag is volatile so
 * that {@code is_journal_aborted} may be read without the lock, as in the kernel.
 *
 * <p>Not modelled: handles and {@code t_updates}. In the kernel a commit waits until every handle of the
 * transaction has stopped; here every modification is one atomic step under jStateLock, and a commit can
 * run between any two steps, as in the spec (see {@link Ext4}, "What differs from the kernel").
 */
final class Journal {
    final ReentrantLock jStateLock = new ReentrantLock();
    /** The running transaction's metadata buffers (t_buffers, BJ_Metadata); guarded by jStateLock. */
    private final LinkedHashSet<BufferHead> running = new LinkedHashSet<>();
    /** JBD2_ABORT; written under jStateLock. */
    private volatile boolean aborted;

    /** {@code is_journal_aborted}. */
    boolean isAborted() {
        return aborted;
    }

    /**
     * fs/jbd2/transaction.c::{@code do_get_write_access}, after {@code lock_buffer}: a dirty buffer (committed,
     * waiting for writeback) is taken back into the journal: BH_Dirty moves to BH_JBDDirty, "under the buffer
     * lock to be sure we don't race with running write-out". Caller holds jStateLock, bh.bState and BH_Lock.
     */
    void getWriteAccessLocked(BufferHead bh) {
        if (bh.dirty) {
            bh.dirty = false;
            bh.jbddirty = true;
        }
    }

    /**
     * fs/jbd2/transaction.c::{@code jbd2_journal_dirty_metadata}: the modified buffer is BH_JBDDirty and filed
     * on the running transaction. Caller holds jStateLock and bh.bState.
     */
    void dirtyMetadataLocked(BufferHead bh) {
        bh.jbddirty = true;
        running.add(bh);
    }

    /**
     * fs/jbd2/commit.c::{@code jbd2_journal_commit_transaction}: the running transaction reaches the journal;
     * afterwards each of its buffers goes to the checkpoint list and is handed to writeback
     * ({@code __jbd2_journal_unfile_buffer}: test_clear_buffer_jbddirty, then mark_buffer_dirty). A journal
     * with nothing in its running transaction commits nothing. Not after an abort (the caller checks).
     * Caller holds jStateLock and the bState of every buffer.
     */
    void commitLocked() {
        for (BufferHead bh : running) {
            bh.jbddirty = false;
            bh.dirty = true;
        }
        running.clear();
    }

    /**
     * fs/jbd2/journal.c::{@code jbd2_journal_abort}: JBD2_ABORT is set, nothing commits any more, and the
     * running transaction is discarded: when its commit runs on an aborted journal it only
     * {@code clear_buffer_jbddirty}s its buffers (fs/jbd2/commit.c), so they never reach the journal nor
     * their home location. Buffers committed before stay dirty and are still written home. Caller holds
     * jStateLock and the bState of every buffer.
     */
    void abortLocked() {
        aborted = true;
        for (BufferHead bh : running) {
            bh.jbddirty = false;
        }
        running.clear();
    }
}
