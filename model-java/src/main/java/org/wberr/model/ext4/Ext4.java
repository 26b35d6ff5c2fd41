package org.wberr.model.ext4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.wberr.model.errseq.Errseq;
import org.wberr.model.errseq.ErrseqCursor;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

/**
 * One mounted ext4 file system and its block device, as far as failed asynchronous writes of metadata
 * buffers go (docs/semantics.md section 3; the Java counterpart of specs/Ext4MetaWriteback.tla, whose actions
 * its operations mirror one to one). The kernel objects are package-private classes named after them:
 * {@link BufferHead} (fs/buffer.c), {@link BlockDevice}, {@link Journal} (fs/jbd2); this class holds what
 * lives in {@code struct ext4_sb_info} and {@code struct super_block} and the ext4 functions of
 * fs/ext4/ext4_jbd2.c, fs/ext4/super.c, fs/ext4/balloc.c and fs/ext4/ialloc.c.
 *
 * <h2>The story it tells</h2>
 * ext4 modifies a metadata block (a bitmap) in a buffer of the block device's page cache inside a jbd2
 * transaction; after the commit, block device writeback writes the buffer to its home location. When that
 * write fails, {@code end_buffer_async_write} sets BH_Write_EIO, records -EIO in the block device mapping's
 * wb_err and clears BH_Uptodate, although the buffer still holds the newest data. A bitmap reader that finds
 * the buffer not uptodate reads the block from disk, i.e. the older copy; ext4 modifies that stale copy and
 * it is written home: an update is lost. Each {@link Ext4Variant} notices (or prevents) this differently;
 * {@link ErrorsMode} says what {@code ext4_error_err} does once it runs.
 *
 * <p>Contents are sets of update ids (see {@link Ext4Snapshot}), so a lost update is visible as a gap.
 * Return values are kernel style: 0 or a negative errno ({@link Errno}). A step that cannot happen in the
 * current state (modify a buffer that is not uptodate, end a write that is not in flight, run a work item
 * that is not queued, anything after a panic) throws {@link ImpossibleStepException} saying what and why, and
 * changes nothing; a call during which the machine panics throws {@link KernelPanicException}.
 *
 * <h2>The check and its gap (v5.9+)</h2>
 * The writer whose {@code ext4_check_bdev_write_error} finds that wb_err moved advances
 * {@code s_bdev_wb_err} under {@code s_bdev_wb_lock}, drops the lock, and only then calls
 * {@code ext4_error_err}: two steps, and other writers run in between (the spec's {@code CheckGap}).
 * {@link #modify} composes them as {@code __ext4_journal_get_write_access} does. For a single-threaded
 * driver that must interleave other steps in the gap, they are also exposed alone:
 * {@link #checkBdevWriteError()} makes the advance and leaves the call due ({@code error_pending}), and
 * {@link #errorErr()} makes the due call later. The spec lets one writer be in the gap at a time; the
 * kernel, and this class, let several (each makes its own call): on the spec's behaviours the two agree.
 *
 * <h2>Locking</h2>
 * Thread-safe: the completion of a write may run concurrently with readers, modifiers, commits and ext4's
 * error handling, as in the kernel. Every operation is one or more atomic steps, each of which is one of the
 * spec's actions; {@link #snapshot()} takes every lock below and so sees only states between steps.
 * <ul>
 *   <li><b>BH_Lock</b> of each buffer ({@link BufferHead}): held by a write in flight from its submission to
 *       its completion; a reader that must read the block, and a modifier
 *       ({@code do_get_write_access}), wait for it. Held by nobody across a wait for another lock.</li>
 *   <li><b>{@code j_state_lock}</b> ({@link Journal}): the running transaction, the abort flag, and, in this
 *       model, the file-system state: {@code ext4_error_err}'s effects (EXT4_ERROR_FS, abort, SB_RDONLY,
 *       panic) are made under it and under the bState of every buffer, as one step; a writer's check
 *       runs under it too, so that it is ordered against a remount.</li>
 *   <li><b>{@code s_bdev_wb_lock}</b> ({@link #sBdevWbLock}): serialises updates of ext4's cursor
 *       {@code s_bdev_wb_err}, as in the kernel; the count of calls left due is changed with it.</li>
 *   <li><b>bState</b> of each buffer ({@link BufferHead}): the bits, the data, the device's copy of the
 *       block, and the records a write completion makes (wb_err, v2's work item).</li>
 * </ul>
 * Lock order: BH_Lock (one buffer at a time), then {@code j_state_lock}, then {@code s_bdev_wb_lock}, then
 * the bState locks in block-name order. The block device mapping's wb_err is an {@link Errseq}, lock-free.
 * The file-system flags are volatile: {@code sb_rdonly} and {@code is_journal_aborted} are read without a
 * lock, as in the kernel, and re-checked under {@code j_state_lock} where a step depends on them.
 *
 * <h2>Waiting</h2>
 * A reader or a modifier of a buffer whose write is in flight waits for the write to complete
 * ({@link Waiting#BLOCK}, the kernel's behaviour). A single-threaded driver can never complete the write
 * while it waits, so with {@link Waiting#REFUSE} such a step is refused as impossible instead.
 *
 * <h2>What differs from the kernel, and why</h2>
 * <ul>
 *   <li>A modification is one atomic step (the spec's {@code Modify}): at the moment it is applied, the
 *       buffer is uptodate and, in v5.9+, the cursor is current. In the kernel the check runs first, then
 *       {@code do_get_write_access} waits for a write in flight and goes on whatever happened meanwhile. If
 *       that write failed, the change is made to the (newest) data of a buffer that is not uptodate, and
 *       {@code mark_buffer_dirty} warns at commit; if a reader re-read the block in between, the change is
 *       made to the stale copy, and no check has seen the failure (a lost update that v5.9 neither prevents
 *       nor flags, in every errors= mode). Here a modifier that waited for a write that failed is refused
 *       ({@link ImpossibleStepException}) and must read the bitmap again, and one that finds the cursor
 *       behind after its wait checks again before it modifies.</li>
 *   <li>A writer's journal start ({@code ext4_journal_check_start}) and its check are ordered against a
 *       remount: the model makes both under {@code j_state_lock}, so the check never runs on a read-only
 *       file system (the spec's {@code CheckBdevWriteError} requires a writable one). In the kernel a writer
 *       that started its handle before the remount can still advance the cursor after it (and then fails
 *       with EROFS in {@code do_get_write_access}).</li>
 *   <li>Handles do not pin the running transaction. In the kernel the detecting writer holds its handle
 *       from before its check until after {@code ext4_error_err}, and a commit waits for every handle
 *       ({@code t_updates}); the spec and this class let a commit run in the gap.</li>
 *   <li>v2's work item is queued in the same step as the completion that queues it (the kernel queues it
 *       just after {@code unlock_buffer}); the window the seed leaves open is between that step and
 *       {@link #errorErr()}, as in the spec.</li>
 * </ul>
 */
public final class Ext4 {

    /** What a step does when it would have to wait for a write in flight to complete. */

    private final Ext4Variant variant;
    private final ErrorsMode errors;
    private final int counterBits;
    private final Waiting waiting;

    /** The metadata buffers by block name (sorted: that is the bState lock order). */
    private final SortedMap<String, BufferHead> buffers;
    private final List<BufferHead> lockOrder;
    private final BlockDevice bdev;
    private final Journal journal = new Journal();

    /** {@code sbi->s_bdev_wb_lock}. */
    private final ReentrantLock sBdevWbLock = new ReentrantLock();
    /** {@code sbi->s_bdev_wb_err}: read locklessly, advanced under sBdevWbLock. */
    private final ErrseqCursor sBdevWbErr = new ErrseqCursor();

    // The file system's state: written under j_state_lock and every bState, read anywhere.
    /** EXT4_ERROR_FS in {@code es->s_state} ({@code save_error_info}). */
    private volatile boolean errorFs;
    /** SB_RDONLY in {@code sb->s_flags}. */
    private volatile boolean rdonly;
    /** The machine panicked (errors=panic). */
    private volatile boolean halted;

    /** v2-workqueue: WORK_STRUCT_PENDING of {@code sbi->s_bdev_wb_err_work}; set under a bState, cleared under all. */
    private final AtomicBoolean workPending = new AtomicBoolean();
    /** v5.9+: advances made by {@link #checkBdevWriteError()} whose ext4_error_err has not run (sBdevWbLock / all). */
    private final AtomicInteger errorErrDue = new AtomicInteger();
    /** v5.9+: callers of {@link #modify} between their advance and their own ext4_error_err (sBdevWbLock / all). */
    private final AtomicInteger writersInGap = new AtomicInteger();

    private Ext4(Builder b) {
        this.variant = b.variant;
        this.errors = b.errors;
        this.counterBits = b.counterBits;
        this.waiting = b.waiting;
        SortedMap<String, BufferHead> m = new TreeMap<>();
        for (String block : b.blocks) {
            m.put(block, new BufferHead(block, () -> halted));
        }
        this.buffers = Collections.unmodifiableSortedMap(m);
        this.lockOrder = List.copyOf(m.values());
        // ext4_fill_super: errseq_check_and_advance(&bdev mapping->wb_err, &sbi->s_bdev_wb_err) on a fresh
        // mapping (wb_err 0) leaves both at 0.
        this.bdev = new BlockDevice(b.blocks, counterBits);
    }

    /** A builder for a file system in {@code variant}. */
    public static Builder builder(Ext4Variant variant) {
        return new Builder(variant);
    }

    /** Options of an {@link Ext4}. */
    public static final class Builder {
        private final Ext4Variant variant;
        private ErrorsMode errors = ErrorsMode.CONTINUE;
        private int counterBits = Errseq.KERNEL_COUNTER_BITS;
        private Waiting waiting = Waiting.BLOCK;
        private SortedSet<String> blocks = new TreeSet<>(List.of("bitmap"));

        private Builder(Ext4Variant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /** The errors= mount option (default continue, ext4's EXT4_ERRORS_DEFAULT). */
        public Builder errors(ErrorsMode errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /** The errseq_t counter width of the block device mapping's wb_err (1 to 19; default 19, the kernel's). */
        public Builder counterBits(int bits) {
            new Errseq(bits); // validates
            this.counterBits = bits;
            return this;
        }

        /** Whether a step that would wait for a write in flight waits or is refused (default BLOCK). */
        public Builder waiting(Waiting waiting) {
            this.waiting = Objects.requireNonNull(waiting, "waiting");
            return this;
        }

        /** The metadata blocks, by name (default one block, {@code bitmap}); at least one. */
        public Builder blocks(Collection<String> names) {
            SortedSet<String> s = new TreeSet<>();
            for (String n : names) {
                if (n == null || n.isEmpty()) {
                    throw new IllegalArgumentException("a block needs a non-empty name");
                }
                s.add(n);
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a file system needs at least one metadata block");
            }
            this.blocks = s;
            return this;
        }

        /** The metadata blocks, by name. */
        public Builder blocks(String... names) {
            return blocks(List.of(names));
        }

        public Ext4 build() {
            return new Ext4(this);
        }
    }

    public Ext4Variant variant() {
        return variant;
    }

    public ErrorsMode errorsMode() {
        return errors;
    }

    public int counterBits() {
        return counterBits;
    }

    /** The metadata blocks, sorted. */
    public List<String> blocks() {
        return List.copyOf(buffers.keySet());
    }

    // ---- Readers ----

    /**
     * A bitmap reader needs block {@code block}: fs/ext4/ialloc.c::{@code ext4_read_inode_bitmap},
     * fs/ext4/balloc.c::{@code ext4_read_block_bitmap_nowait}. An uptodate buffer is returned as it is (the
     * lockless {@code bitmap_uptodate} fast path; in the spec, a step that changes nothing). Otherwise the
     * reader takes the buffer lock (waiting for a write in flight), tests again, and:
     * <ul>
     *   <li>v5.10-keep-uptodate, buffer with BH_Write_EIO: {@code ext4_read_bh} first asks
     *       {@code ext4_buffer_uptodate}, which sets it uptodate again: its newest data is kept;</li>
     *   <li>otherwise (and in every other variant): {@code submit_bh(REQ_OP_READ)}: {@code b_data} becomes the
     *       copy on disk, which is stale if the last write failed; the buffer is uptodate again.</li>
     * </ul>
     * BH_Write_EIO is left set either way. The same in every errors= mode.
     */
    public void readBitmap(String block) {
        BufferHead bh = buffer("read-bitmap", block);
        requireRunning("read-bitmap " + block);
        if (bh.uptodateNow()) {
            return;
        }
        bh.lockBuffer(waiting, () -> "cannot read-bitmap " + block + ": its buffer is locked by a write in flight,"
                + " and the reader would wait for it, which nothing can end in a single-threaded run");
        try {
            bh.bState.lock();
            try {
                requireRunning("read-bitmap " + block);
                if (bh.uptodate) {
                    return; // another reader read it while we waited
                }
                if (variant.keepsWriteErrorBuffersUptodate() && bh.writeIoError) {
                    bh.uptodate = true; // ext4_buffer_uptodate: keep the newer in-memory data
                } else {
                    bh.readFromDiskLocked(bdev);
                }
            } finally {
                bh.bState.unlock();
            }
        } finally {
            bh.unlockBuffer();
        }
    }

    // ---- Writers ----

    /**
     * The v5.9 check alone: fs/ext4/ext4_jbd2.c::{@code ext4_check_bdev_write_error}, up to (not including)
     * its {@code ext4_error_err}. If {@code errseq_check(&bdev mapping->wb_err, s_bdev_wb_err)} reports
     * something, the writer takes {@code s_bdev_wb_lock}, {@code errseq_check_and_advance}s the cursor (which
     * sets SEEN in wb_err), drops the lock, and is then on its way into {@code ext4_error_err}: the call is
     * due ({@code error_pending}) until {@link #errorErr()} makes it. If nothing moved it does nothing.
     * The same in every errors= mode (the mode matters only once the call runs).
     *
     * <p>{@link #modify} runs this check and the call itself; this method is for single-threaded drivers that
     * let other writers run in the gap (the spec's {@code CheckBdevWriteError} with {@code CheckGap}).
     *
     * @return what the check found: 0, or -EIO (the kernel's function returns nothing; the writer's own
     *         get_write_access does not fail because of it)
     * @throws ImpossibleStepException in no-check and v2-workqueue (bc71726c7257 is v5.9), on a read-only file
     *         system (every writer is refused by {@code ext4_journal_start} before it gets here), after a panic
     */
    public int checkBdevWriteError() {
        requireRunning("check-bdev-error");
        if (!variant.checksAtWriteAccess()) {
            throw new ImpossibleStepException("cannot check-bdev-error in " + variant.id() + ": "
                    + "ext4_check_bdev_write_error came with bc71726c7257 in v5.9 (variants v5.9-errseq and"
                    + " v5.10-keep-uptodate)");
        }
        journal.jStateLock.lock();
        try {
            requireRunning("check-bdev-error");
            if (rdonly) {
                throw new ImpossibleStepException("cannot check-bdev-error: the file system is read-only, so"
                        + " ext4_journal_start refuses every writer with EROFS before get_write_access runs the"
                        + " check");
            }
            return advanceBdevWbErr(errorErrDue);
        } finally {
            journal.jStateLock.unlock();
        }
    }

    /**
     * If the block device mapping's wb_err moved past {@code s_bdev_wb_err}: advance the cursor and count the
     * ext4_error_err call this makes due in {@code due}, under s_bdev_wb_lock. Lockless errseq_check first,
     * as the kernel. Returns the error found (0 or -EIO). Caller holds j_state_lock (the model's ordering of
     * the check against a remount).
     */
    private int advanceBdevWbErr(AtomicInteger due) {
        Errseq wbErr = bdev.wbErr();
        if (wbErr.check(sBdevWbErr.get()) == 0) {
            return 0;
        }
        sBdevWbLock.lock();
        try {
            int err = wbErr.checkAndAdvance(sBdevWbErr);
            if (err != 0) {
                due.incrementAndGet();
            }
            return err;
        } finally {
            sBdevWbLock.unlock();
        }
    }

    /**
     * ext4 modifies block {@code block} in a handle, as allocation does: {@code ext4_journal_start}, then
     * fs/ext4/ext4_jbd2.c::{@code __ext4_journal_get_write_access}, the change, and
     * {@code ext4_handle_dirty_metadata}. The caller has read the bitmap ({@link #readBitmap}): the buffer
     * must be uptodate.
     * <ol>
     *   <li>{@code ext4_journal_start} → {@code ext4_journal_check_start}: on a read-only file system (or an
     *       aborted journal) the modification is refused: -EROFS (the spec's {@code ModifyRefused}).</li>
     *   <li>v5.9-errseq and v5.10-keep-uptodate: {@code ext4_check_bdev_write_error} (see
     *       {@link #checkBdevWriteError()}); if it advanced the cursor, this writer then calls
     *       {@code ext4_error_err} itself ({@link #errorErr()}'s effect). errors=continue: the error is
     *       recorded and the modification goes on, on whatever copy the buffer holds (stale after a re-read in
     *       v5.9); errors=remount-ro: the journal is aborted, so {@code jbd2_journal_get_write_access} fails:
     *       -EROFS; errors=panic: the machine panics ({@link KernelPanicException}).</li>
     *   <li>{@code jbd2_journal_get_write_access} → {@code do_get_write_access}: {@code lock_buffer} waits for
     *       a write in flight; BH_Dirty moves to BH_JBDDirty; on an aborted handle -EROFS. If a write failed
     *       while this writer waited, so that its check is out of date, it goes back to step 2 (the spec's
     *       {@code Modify} needs a current cursor; the kernel does not go back, see the class notes).</li>
     *   <li>The change: the next update id of the block is added to {@code b_data}; then
     *       {@code jbd2_journal_dirty_metadata}: BH_JBDDirty, filed on the running transaction.</li>
     * </ol>
     * no-check and v2-workqueue have no check: steps 1, 3 and 4 (the spec's {@code Modify}).
     *
     * @return 0, or -EROFS
     * @throws ImpossibleStepException if the buffer is not uptodate (the caller must read it first; with
     *         {@link Waiting#BLOCK} also when the write this call waited for failed), if a write is in flight
     *         and the waiting mode is {@link Waiting#REFUSE}, after a panic; nothing has changed then, except
     *         what a concurrent wait let happen
     * @throws KernelPanicException if this call's own ext4_error_err panicked (errors=panic)
     */
    public int modify(String block) {
        BufferHead bh = buffer("modify", block);
        String op = "modify " + block;
        requireRunning(op);
        if (rdonly || journal.isAborted()) {
            return -Errno.EROFS; // ext4_journal_check_start
        }
        bh.bState.lock();
        try {
            if (!bh.uptodate) {
                throw notUptodate(block, "the caller must read it first (read-bitmap " + block + ")");
            }
            if (waiting == Waiting.REFUSE && bh.locked) {
                throw new ImpossibleStepException("cannot " + op + ": a write of " + block + " is in flight, and"
                        + " do_get_write_access would wait for it (lock_buffer), which nothing can end in a"
                        + " single-threaded run; end the write first");
            }
        } finally {
            bh.bState.unlock();
        }
        for (;;) {
            int found = 0;
            journal.jStateLock.lock();
            try {
                // The journal start's test again, now ordered against a remount: a writer that passed it
                // checks on a writable file system (see "What differs from the kernel").
                if (rdonly || journal.isAborted()) {
                    return -Errno.EROFS;
                }
                if (variant.checksAtWriteAccess()) {
                    found = advanceBdevWbErr(writersInGap);
                }
            } finally {
                journal.jStateLock.unlock();
            }
            if (found != 0) {
                // ... and, after dropping s_bdev_wb_lock: ext4_error_err(sb, EIO, "Error while async write back metadata")
                runDueErrorErr(writersInGap, op);
                if (halted) {
                    throw new KernelPanicException(op + ": ext4_check_bdev_write_error found a failed metadata"
                            + " write, and ext4_error_err panicked (errors=panic): Kernel panic - not syncing:"
                            + " EXT4-fs: panic forced after error");
                }
            }
            bh.lockBuffer(waiting, () -> "cannot " + op + ": a write of " + block + " is in flight, and"
                    + " do_get_write_access would wait for it, which nothing can end in a single-threaded run");
            try {
                journal.jStateLock.lock();
                try {
                    bh.bState.lock();
                    try {
                        requireRunning(op);
                        if (journal.isAborted() || rdonly) {
                            return -Errno.EROFS; // is_handle_aborted in do_get_write_access
                        }
                        if (!bh.uptodate) {
                            throw notUptodate(block, "the write this modification waited for failed; the caller"
                                    + " must read the bitmap again");
                        }
                        if (variant.checksAtWriteAccess() && bdev.wbErr().check(sBdevWbErr.get()) != 0) {
                            continue; // a write failed while we waited: check again (see "What differs ...")
                        }
                        journal.getWriteAccessLocked(bh);
                        bh.applyNextUpdateLocked();
                        journal.dirtyMetadataLocked(bh);
                        return 0;
                    } finally {
                        bh.bState.unlock();
                    }
                } finally {
                    journal.jStateLock.unlock();
                }
            } finally {
                bh.unlockBuffer();
            }
        }
    }

    private static ImpossibleStepException notUptodate(String block, String why) {
        return new ImpossibleStepException("cannot modify " + block + ": its buffer is not uptodate (a write of it"
                + " failed); " + why);
    }

    /**
     * fs/jbd2/commit.c::{@code jbd2_journal_commit_transaction}: the running transaction commits, and its
     * buffers are handed to writeback (BH_JBDDirty → BH_Dirty). Nothing to commit (no buffer modified since
     * the last commit, or the journal aborted, which discarded the running transaction) is not an error: the
     * commit does nothing. The same in every variant and errors= mode.
     *
     * @throws ImpossibleStepException after a panic
     */
    public void commit() {
        requireRunning("commit");
        withEveryLock(false, () -> {
            requireRunning("commit");
            if (!journal.isAborted()) {
                journal.commitLocked();
            }
        });
    }

    // ---- Block device writeback ----

    /**
     * Block device writeback starts on a dirty buffer (the flusher, sync(2), sync_blockdev:
     * {@code blkdev_writepage} → fs/buffer.c::{@code __block_write_full_page}): {@code lock_buffer},
     * {@code test_clear_buffer_dirty}, {@code mark_buffer_async_write}, {@code submit_bh} (which clears
     * BH_Write_EIO when it rewrites). The buffer stays locked until {@link #writebackEnd}. Committed buffers
     * are still written after a journal abort. The same in every variant and errors= mode.
     *
     * @throws ImpossibleStepException if the buffer is not dirty (nothing to write), after a panic
     */
    public void writebackStart(String block) {
        BufferHead bh = buffer("meta-writeback-start", block);
        String op = "meta-writeback-start " + block;
        requireRunning(op);
        requireDirty(bh, op);
        bh.lockBuffer(waiting, () -> "cannot " + op + ": its buffer is locked, and writeback would wait for it,"
                + " which nothing can end in a single-threaded run");
        boolean submitted = false;
        try {
            bh.bState.lock();
            try {
                requireRunning(op);
                requireDirtyLocked(bh, op); // another writeback may have taken it while we waited
                bh.submitAsyncWriteLocked();
                submitted = true;
            } finally {
                bh.bState.unlock();
            }
        } finally {
            if (!submitted) {
                bh.unlockBuffer();
            }
        }
    }

    private static void requireDirty(BufferHead bh, String op) {
        bh.bState.lock();
        try {
            requireDirtyLocked(bh, op);
        } finally {
            bh.bState.unlock();
        }
    }

    private static void requireDirtyLocked(BufferHead bh, String op) {
        if (!bh.dirty) {
            throw new ImpossibleStepException("cannot " + op + ": the buffer is not dirty ("
                    + (bh.asyncWrite ? "a write of it is already in flight"
                    : bh.jbddirty ? "it is modified in the running transaction, not yet committed"
                    : "nothing committed waits to be written") + ")");
        }
    }

    /**
     * The device completes the write of {@code block} with {@code outcome}: fs/buffer.c::
     * {@code end_buffer_async_write} (see {@link BufferHead#endBufferAsyncWriteLocked}): on success the disk
     * holds the buffer's data and the buffer is uptodate; on failure BH_Write_EIO is set, -EIO is recorded in
     * the block device mapping's wb_err ({@code errseq_set}) and BH_Uptodate is cleared, though the buffer
     * holds the newest data. Then the buffer is unlocked. In v2-workqueue, ext4's end_io
     * ({@code ext4_end_buffer_async_write}) then, on failure and unless the file system is read-only, queues
     * the super block's one work item ({@code queue_work}; queueing it while it is pending does nothing); the
     * work runs later ({@link #errorErr()}). The same in every errors= mode.
     *
     * @throws ImpossibleStepException if no write of the block is in flight, after a panic
     */
    public void writebackEnd(String block, WriteOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        BufferHead bh = buffer("meta-writeback-end", block);
        String op = "meta-writeback-end " + block + " " + outcome.id();
        requireRunning(op);
        bh.bState.lock();
        try {
            requireRunning(op);
            if (!bh.asyncWrite) {
                throw new ImpossibleStepException("cannot " + op + ": no write of " + block + " is in flight"
                        + " (start one with meta-writeback-start " + block + ")");
            }
            boolean ok = outcome == WriteOutcome.OK;
            bh.endBufferAsyncWriteLocked(ok, bdev);
            if (!ok && variant.queuesErrorWork() && !rdonly) {
                workPending.set(true); // queue_work(sbi->s_bdev_wb_err_wq, &sbi->s_bdev_wb_err_work)
            }
        } finally {
            bh.bState.unlock();
        }
    }

    /** Block device writeback of a dirty buffer from start to end: {@link #writebackStart}, then {@link #writebackEnd}. */
    public void writeback(String block, WriteOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        writebackStart(block);
        writebackEnd(block, outcome);
    }

    // ---- ext4_error_err ----

    /**
     * The due call of {@code ext4_error_err(sb, EIO, ...)} runs:
     * <ul>
     *   <li>v2-workqueue: the queued work item, {@code ext4_end_buffer_async_write_error} ("Error while async
     *       write back metadata buffer"); its pending bit is cleared as it starts, so a later failure queues it
     *       again;</li>
     *   <li>v5.9-errseq, v5.10-keep-uptodate: the writer that advanced {@code s_bdev_wb_err} in
     *       {@link #checkBdevWriteError()} ("Error while async write back metadata").</li>
     * </ul>
     * The call ({@code __ext4_error} → {@code save_error_info} + {@code ext4_handle_error}, v5.9/v5.10):
     * EXT4_ERROR_FS is recorded; then, unless the file system is already read-only: errors=continue does
     * nothing more; errors=remount-ro aborts the journal ({@code jbd2_journal_abort}: the running
     * transaction is discarded, committed buffers are still written home) and sets SB_RDONLY;
     * errors=panic aborts the journal, then panics: every later step is impossible.
     *
     * @throws ImpossibleStepException if no call is due (no work queued in v2-workqueue, no advance left
     *         waiting for its call in v5.9+), in no-check (which never calls it for a failed metadata write),
     *         after a panic
     */
    public void errorErr() {
        requireRunning("error-err");
        if (variant.queuesErrorWork()) {
            withEveryLock(false, () -> {
                requireRunning("error-err");
                if (!workPending.getAndSet(false)) {
                    throw new ImpossibleStepException("cannot run the error work: it is not queued (a failed"
                            + " metadata write queues it, unless the file system is read-only)");
                }
                ext4ErrorErrLocked();
            });
        } else if (variant.checksAtWriteAccess()) {
            runDueErrorErr(errorErrDue, "error-err");
        } else {
            throw new ImpossibleStepException("cannot error-err in no-check: nothing calls ext4_error_err for a failed"
                    + " metadata write before v5.9");
        }
    }

    /** Makes one of the ext4_error_err calls counted in {@code due} (v5.9+), as one step. */
    private void runDueErrorErr(AtomicInteger due, String op) {
        withEveryLock(true, () -> {
            requireRunning(op);
            if (due.get() == 0) {
                throw new ImpossibleStepException("cannot " + op + ": no writer is between the advance of"
                        + " s_bdev_wb_err in ext4_check_bdev_write_error and its ext4_error_err (check-bdev-error"
                        + " leaves one)");
            }
            due.decrementAndGet();
            ext4ErrorErrLocked();
        });
    }

    /**
     * fs/ext4/super.c::{@code __ext4_error} after the message: {@code save_error_info} (EXT4_ERROR_FS in
     * s_state, written to disk synchronously by {@code ext4_commit_super}), then {@code ext4_handle_error}:
     * nothing more if the file system is read-only or errors=continue; otherwise EXT4_MF_FS_ABORTED and
     * {@code jbd2_journal_abort}, then SB_RDONLY (remount-ro) or {@code panic()} (panic). Caller holds
     * j_state_lock and every bState.
     */
    private void ext4ErrorErrLocked() {
        errorFs = true;
        if (rdonly || errors == ErrorsMode.CONTINUE) {
            return;
        }
        journal.abortLocked();
        if (errors == ErrorsMode.REMOUNT_RO) {
            rdonly = true;
        } else {
            halted = true;
            for (BufferHead bh : lockOrder) {
                bh.wakeWaitersLocked(); // nothing will unlock them: let their waiters see the panic
            }
        }
    }

    // ---- Observing ----

    /**
     * The state the spec's kernel variables hold, as one consistent cut: taken under j_state_lock,
     * s_bdev_wb_lock and every bState, so it never shows half a step. Exact between the steps of a
     * single-threaded run; while other threads run, it is a state between two of their steps (a write in
     * flight shows as {@code async_write}).
     */
    public Ext4Snapshot snapshot() {
        SortedMap<String, SortedSet<Integer>> data = new TreeMap<>();
        SortedMap<String, SortedSet<Integer>> disk = new TreeMap<>();
        SortedMap<String, BufferState> bh = new TreeMap<>();
        int[] errs = new int[2];
        boolean[] pending = new boolean[1];
        FsState[] fs = new FsState[1];
        withEveryLock(true, () -> {
            for (BufferHead b : lockOrder) {
                data.put(b.block, b.data);
                disk.put(b.block, bdev.read(b.block));
                bh.put(b.block, b.stateLocked());
            }
            errs[0] = bdev.wbErr().get();
            errs[1] = sBdevWbErr.get();
            pending[0] = workPending.get() || errorErrDue.get() > 0 || writersInGap.get() > 0;
            fs[0] = new FsState(errorFs, journal.isAborted(), rdonly, halted);
        });
        return new Ext4Snapshot(data, disk, bh, errs[0], errs[1], pending[0], fs[0]);
    }

    @Override
    public String toString() {
        return "Ext4[" + variant.id() + ", errors=" + errors.id() + "] " + snapshot();
    }

    // ---- Helpers ----

    private BufferHead buffer(String op, String block) {
        BufferHead bh = block == null ? null : buffers.get(block);
        if (bh == null) {
            throw new IllegalArgumentException("cannot " + op + " " + block + ": no such metadata block (the file"
                    + " system has " + String.join(", ", buffers.keySet()) + ")");
        }
        return bh;
    }

    private void requireRunning(String op) {
        if (halted) {
            throw new ImpossibleStepException("cannot " + op + ": the machine panicked (errors=panic), nothing runs"
                    + " after a panic");
        }
    }

    /**
     * Runs {@code body} under j_state_lock, s_bdev_wb_lock if {@code withWbLock}, and the bState of every
     * buffer, taken in the lock order.
     */
    private void withEveryLock(boolean withWbLock, Runnable body) {
        journal.jStateLock.lock();
        try {
            if (withWbLock) {
                sBdevWbLock.lock();
            }
            try {
                List<BufferHead> held = new ArrayList<>(lockOrder.size());
                try {
                    for (BufferHead b : lockOrder) {
                        b.bState.lock();
                        held.add(b);
                    }
                    body.run();
                } finally {
                    for (int i = held.size() - 1; i >= 0; i--) {
                        held.get(i).bState.unlock();
                    }
                }
            } finally {
                if (withWbLock) {
                    sBdevWbLock.unlock();
                }
            }
        } finally {
            journal.jStateLock.unlock();
        }
    }
}
