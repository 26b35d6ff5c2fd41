package org.wberr.model.ext4;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

/**
 * A buffer_head of the block device's page cache that holds one metadata block (include/linux/buffer_head.h,
 * fs/buffer.c): its contents {@code b_data} and the state bits the model tracks. The functions of fs/buffer.c
 * that act on one buffer are methods here, under their kernel names; what ext4 and jbd2 do with the buffer
 * is in {@link Ext4} and {@link Journal}.
 *
 * <p>{@code b_data} is modelled as the set of update ids applied to the block (update k is the k-th
 * modification of it, see {@link #applyNextUpdateLocked}), so a stale copy is recognisable: it lacks an
 * update that an earlier copy had.
 *
 * <h2>Locking</h2>
 * <ul>
 *   <li><b>BH_Lock</b> ({@link #lockBuffer}, {@link #unlockBuffer}): the kernel's buffer lock, a bit lock that
 *       no thread owns. Writeback takes it when it submits a write and the I/O completion releases it
 *       ({@code end_buffer_async_write}), so it is held for as long as a write is in flight; readers that
 *       must read the block and {@code do_get_write_access} wait for it. Here: the flag {@link #locked} and
 *       the condition {@link #unlocked}, both under {@link #bState}.</li>
 *   <li><b>{@link #bState}</b>: a short mutex that stands in for the atomic bit operations on
 *       {@code b_state} and for jbd2's {@code jbd_lock_bh_state}. Every change of the bits, of {@code b_data}
 *       and of the device's copy of this block ({@link BlockDevice}) is made under it, so that a snapshot
 *       holding it sees each step whole, as the spec's atomic actions. It is never held while waiting
 *       ({@link Condition#await} releases it), and nothing else is taken while it is held: it is always the
 *       innermost lock (see {@link Ext4} for the order).</li>
 * </ul>
 * The fields are package-private and guarded by {@code bState}: the callers in this package read and write
 * them directly, as kernel code does with {@code bh->b_state} under its locks.
 */
final class BufferHead {
    /** The block's name, e.g. {@code bitmap} (the spec's element of Blocks). */
    final String block;
    final ReentrantLock bState = new ReentrantLock();
    /** Signalled when BH_Lock is released (the kernel's wake_up_bit(&bh->b_state, BH_Lock)). */
    private final Condition unlocked = bState.newCondition();
    /** Whether the machine has panicked: a waiter for BH_Lock gives up then (nothing will ever unlock it). */
    private final BooleanSupplier machineHalted;

    // ---- Guarded by bState ----
    /** {@code b_data}: the update ids applied to this copy of the block. Immutable; replaced whole. */
    SortedSet<Integer> data = Collections.emptySortedSet();
    /** BH_Uptodate. A block starts as formatted: read, uptodate, clean. */
    boolean uptodate = true;
    /** BH_Dirty: committed, waiting for writeback to its home location. */
    boolean dirty;
    /** BH_JBDDirty: modified in the running jbd2 transaction. */
    boolean jbddirty;
    /** BH_Write_EIO: the last write of this buffer failed. */
    boolean writeIoError;
    /** BH_Async_Write: a write to disk is in flight (BH_Lock is held for it). */
    boolean asyncWrite;
    /** BH_Lock. */
    boolean locked;
    /** How many modifications were ever applied to this block: the source of update ids (not a kernel field). */
    int updatesMade;

    BufferHead(String block, BooleanSupplier machineHalted) {
        this.block = block;
        this.machineHalted = machineHalted;
    }

    /**
     * {@code lock_buffer}: waits until BH_Lock is free and takes it. With {@link Waiting#REFUSE} a
     * buffer that is already locked is an ImpossibleStepException with {@code refusal}'s message instead of a
     * wait (in a single-threaded run nothing could ever unlock it), and so is a panic while waiting.
     */
    void lockBuffer(Waiting waiting, Supplier<String> refusal) {
        bState.lock();
        try {
            while (locked) {
                if (machineHalted.getAsBoolean()) {
                    throw new ImpossibleStepException(refusal.get() + ": the machine panicked while it waited for"
                            + " the buffer lock of " + block);
                }
                if (waiting == Waiting.REFUSE) {
                    throw new ImpossibleStepException(refusal.get());
                }
                unlocked.awaitUninterruptibly();
            }
            locked = true;
        } finally {
            bState.unlock();
        }
    }

    /** {@code unlock_buffer}: releases BH_Lock and wakes its waiters. Takes bState itself (reentrant). */
    void unlockBuffer() {
        bState.lock();
        try {
            unlockBufferLocked();
        } finally {
            bState.unlock();
        }
    }

    /** {@code unlock_buffer} with bState held. */
    void unlockBufferLocked() {
        locked = false;
        unlocked.signalAll();
    }

    /** Wakes every waiter for BH_Lock so that it can see the panic; caller holds bState. */
    void wakeWaitersLocked() {
        unlocked.signalAll();
    }

    /** {@code buffer_uptodate}, read under bState (the kernel reads the bit locklessly). */
    boolean uptodateNow() {
        bState.lock();
        try {
            return uptodate;
        } finally {
            bState.unlock();
        }
    }

    /** The state bits; caller holds bState. */
    BufferState stateLocked() {
        return new BufferState(uptodate, dirty, jbddirty, writeIoError, asyncWrite);
    }

    /**
     * The submission half of {@code __block_write_full_page} for this buffer, after {@code lock_buffer}:
     * {@code test_clear_buffer_dirty}, {@code mark_buffer_async_write}, and {@code submit_bh_wbc}, which
     * clears BH_Write_EIO when it rewrites a buffer ("Only clear out a write error when rewriting"). The
     * buffer stays locked until {@link #endBufferAsyncWriteLocked}. Caller holds bState and BH_Lock and has
     * checked that the buffer is dirty.
     */
    void submitAsyncWriteLocked() {
        dirty = false;
        asyncWrite = true;
        writeIoError = false;
    }

    /**
     * fs/buffer.c::{@code end_buffer_async_write}, the completion of the write submitted by
     * {@link #submitAsyncWriteLocked}, in the kernel's order:
     * <ul>
     *   <li>success: {@code set_buffer_uptodate}; the device holds the data that was submitted, which is
     *       {@code b_data} (the buffer was locked during the write, so nobody changed it);</li>
     *   <li>failure: {@code mark_buffer_write_io_error} (BH_Write_EIO, and {@code mapping_set_error(-EIO)} on
     *       the block device mapping: {@code errseq_set} of its wb_err), then {@code clear_buffer_uptodate}.
     *       The data in memory is still the newest version; the buffer is not redirtied.</li>
     * </ul>
     * Then {@code clear_buffer_async_write} and {@code unlock_buffer}. Caller holds bState.
     */
    void endBufferAsyncWriteLocked(boolean ok, BlockDevice bdev) {
        if (ok) {
            bdev.write(block, data);
            uptodate = true;
        } else {
            markBufferWriteIoErrorLocked(bdev);
            uptodate = false;
        }
        asyncWrite = false;
        unlockBufferLocked();
    }

    /**
     * fs/buffer.c::{@code mark_buffer_write_io_error}: set BH_Write_EIO and record -EIO in the block device
     * mapping's wb_err ({@code mapping_set_error}). (v5.8+ also records it in the super block's s_wb_err
     * through {@code bd_super}; syncfs is not modelled.) Caller holds bState.
     */
    private void markBufferWriteIoErrorLocked(BlockDevice bdev) {
        writeIoError = true;
        bdev.mappingSetError(-Errno.EIO);
    }

    /**
     * A read of the block from disk into this buffer ({@code submit_bh(REQ_OP_READ)}, completed by
     * {@code ext4_end_bitmap_read}): {@code b_data} becomes the device's copy, and the buffer uptodate.
     * BH_Write_EIO is left alone (reads never clear it). Caller holds bState and BH_Lock.
     */
    void readFromDiskLocked(BlockDevice bdev) {
        data = bdev.read(block);
        uptodate = true;
    }

    /**
     * The modification itself: the change a handle makes to the buffer's data between
     * {@code ext4_journal_get_write_access} and {@code ext4_handle_dirty_metadata} (for a bitmap,
     * {@code ext4_set_bit} under the group lock): update {@code updatesMade + 1} is applied to this copy.
     * Caller holds bState.
     */
    void applyNextUpdateLocked() {
        SortedSet<Integer> next = new TreeSet<>(data);
        next.add(++updatesMade);
        data = Collections.unmodifiableSortedSet(next);
    }

    @Override
    public String toString() {
        return "buffer_head " + block;
    }
}
