-------------------------- MODULE Ext4MetaWriteback --------------------------
(***************************************************************************)
(* ext4 metadata buffers under failed asynchronous writeback.              *)
(*                                                                         *)
(* ext4 modifies a metadata block (a block or inode bitmap, ...) in a      *)
(* buffer_head of the block device's page cache, inside a jbd2 transaction *)
(* opened by ext4_journal_get_write_access.  After the transaction commits *)
(* the buffer is dirty, and the block device's writeback writes it to its  *)
(* home location asynchronously.  When that write fails, end_buffer_async_ *)
(* write records the error (BH_Write_EIO, the block device mapping's       *)
(* wb_err) and clears BH_Uptodate, although the buffer still holds the     *)
(* newest data.  A reader that finds the buffer not uptodate re-reads the  *)
(* block from disk: the OLDER version.  ext4 modifies that stale copy and  *)
(* writes it out: an update is lost and the on-disk metadata is            *)
(* inconsistent (a bitmap that marks an allocated block free).             *)
(*                                                                         *)
(* Contents are sets of update ids (update k of a block is the k-th        *)
(* modification made to it), so a lost update is visible: the disk holds   *)
(* update k+1 but not update k.                                            *)
(*                                                                         *)
(* The variants (constant Variant) and the errors= mount option (constant  *)
(* ErrorsMode):                                                            *)
(*  "no-check"             nothing notices the failed write; a not-        *)
(*                         uptodate buffer is re-read from disk (< v5.9).  *)
(*  "v2-workqueue"         the seed (ext4 v2 2/5, 2020-06): ext4's end_io  *)
(*                         for block device writeback calls end_buffer_    *)
(*                         async_write, then queues work that later calls  *)
(*                         ext4_error_err(EIO).  Rejected upstream.        *)
(*  "v5.9-errseq"          bc71726c7257: ext4_journal_get_write_access     *)
(*                         checks the block device mapping's wb_err        *)
(*                         against sbi->s_bdev_wb_err and, if it moved,    *)
(*                         advances it and calls ext4_error_err.           *)
(*  "v5.10-keep-uptodate"  v5.9 plus fa491b14cd95 / 2d069c0889ef: bitmap   *)
(*                         reads go through ext4_read_bh, whose            *)
(*                         ext4_buffer_uptodate treats a buffer with       *)
(*                         BH_Write_EIO as uptodate: no stale re-read.     *)
(*                                                                         *)
(* What is left out, and why: ext4/README.md ("Abstractions").            *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Errseq

CONSTANTS
    \* @type: Str;
    Variant,        \* one of Variants
    \* @type: Str;
    ErrorsMode,     \* the errors= mount option: "continue", "remount-ro" or "panic"
    \* @type: Set(Str);
    Blocks,         \* the metadata blocks (strings), e.g. {"bitmap"}
    \* @type: Bool;
    CheckGap        \* BOOLEAN. TRUE, as the kernel: the writer whose check finds the error
                    \* advances s_bdev_wb_err, then calls ext4_error_err, and other writers run
                    \* in between.  FALSE: an idealised atomic check, to show what that gap costs.

Variants == {"no-check", "v2-workqueue", "v5.9-errseq", "v5.10-keep-uptodate"}
Modes    == {"continue", "remount-ro", "panic"}
ASSUME Variant \in Variants /\ ErrorsMode \in Modes /\ CheckGap \in BOOLEAN

EIO   == 5
EROFS == 30     \* include/uapi/asm-generic/errno-base.h

\* bc71726c7257 is in both v5.9 variants.
ChecksAtWriteAccess == Variant \in {"v5.9-errseq", "v5.10-keep-uptodate"}

\* The state of a buffer_head (include/linux/buffer_head.h bh_state_bits,
\* include/linux/jbd2.h for BH_JBDDirty).
BufferStates == [uptodate : BOOLEAN,       \* BH_Uptodate: b_data is valid
                 dirty : BOOLEAN,          \* BH_Dirty: committed, waiting to be written home
                 jbddirty : BOOLEAN,       \* BH_JBDDirty: modified in the running transaction
                 write_io_error : BOOLEAN, \* BH_Write_EIO: the last write of it failed
                 async_write : BOOLEAN]    \* BH_Async_Write + locked: a write to disk is in flight

VARIABLES
    \* @type: Str -> Set(Int);
    b_data,         \* [b]: the buffer's contents in memory, a set of update ids
    \* @type: Str -> Set(Int);
    disk,           \* [b]: the block's contents at its home location on disk
    \* @type: Str -> { uptodate: Bool, dirty: Bool, jbddirty: Bool, write_io_error: Bool, async_write: Bool };
    bh,             \* [b]: the buffer_head's state bits, a record in BufferStates
    \* @type: Int;
    bd_wb_err,      \* the block device mapping's wb_err (errseq_t): bdev->bd_inode->i_mapping->wb_err
    \* @type: Int;
    s_bdev_wb_err,  \* ext4_sb_info.s_bdev_wb_err: ext4's cursor on bd_wb_err (v5.9+)
    \* @type: Bool;
    error_pending,  \* a call of ext4_error_err is due: v2-workqueue: s_bdev_wb_err_work is queued;
                    \* v5.9+: the writer that detected the error is on its way into it
    \* @type: { error_fs: Bool, aborted: Bool, rdonly: Bool, halted: Bool };
    fs,             \* the file system: [error_fs: EXT4_ERROR_FS recorded in s_state,
                    \*   aborted: the journal is aborted, rdonly: SB_RDONLY, halted: panicked]
    \* @type: Int;
    ret,            \* what the last step returned to its caller: 0 or a negative errno
    \* History (monitor) variables, only there to state the properties:
    \* @type: Str -> Int;
    made,           \* [b]: number of updates made to b so far (update ids are 1..made[b])
    \* @type: Str -> Set(Int);
    committed,      \* [b]: the updates of b that some transaction has committed
    \* @type: Int;
    failed,         \* number of failed metadata writes so far
    \* @type: Bool;
    unflagged,      \* a metadata write failed on a writable file system and ext4_error_err has not run since
    \* @type: Bool;
    unflaggedModify \* a modification was applied while `unflagged` (sticky)

kernel  == <<b_data, disk, bh, bd_wb_err, s_bdev_wb_err, error_pending, fs, ret>>
history == <<made, committed, failed, unflagged, unflaggedModify>>
vars    == <<kernel, history>>

TypeInv ==
    /\ b_data \in [Blocks -> SUBSET Nat]
    /\ disk \in [Blocks -> SUBSET Nat]
    /\ bh \in [Blocks -> BufferStates]
    /\ bd_wb_err \in Values /\ s_bdev_wb_err \in Values
    /\ error_pending \in BOOLEAN /\ (error_pending => Variant # "no-check")
    /\ fs \in [error_fs : BOOLEAN, aborted : BOOLEAN, rdonly : BOOLEAN, halted : BOOLEAN]
    /\ ret \in {0, -EROFS}
    /\ made \in [Blocks -> Nat]
    /\ committed \in [Blocks -> SUBSET Nat]
    /\ failed \in Nat
    /\ unflagged \in BOOLEAN /\ unflaggedModify \in BOOLEAN

-----------------------------------------------------------------------------
(* ext4_error_err and the errors= mode.                                    *)

(***************************************************************************)
(* fs/ext4/super.c::__ext4_error -> save_error_info + ext4_handle_error     *)
(* (v5.9/v5.10): record EXT4_ERROR_FS in the superblock; unless the file   *)
(* system is already read-only: with errors=remount-ro abort the journal   *)
(* (jbd2_journal_abort) and set SB_RDONLY; with errors=panic abort the     *)
(* journal, then panic().  The new file-system state, as a record.         *)
(* jbd2_journal_abort discards the running transaction: the JBDDirty      *)
(* buffers of the running transaction never commit (AbortRunning below).   *)
(***************************************************************************)
AfterError(f) ==
    IF f.rdonly \/ ErrorsMode = "continue"
    THEN [f EXCEPT !.error_fs = TRUE]
    ELSE IF ErrorsMode = "remount-ro"
    THEN [f EXCEPT !.error_fs = TRUE, !.aborted = TRUE, !.rdonly = TRUE]
    ELSE [f EXCEPT !.error_fs = TRUE, !.aborted = TRUE, !.halted = TRUE]

\* The buffers after an abort: fs/jbd2/commit.c discards an aborted running
\* transaction (clear_buffer_jbddirty); committed buffers stay dirty.
AbortRunning(buffers) == [b \in Blocks |-> [buffers[b] EXCEPT !.jbddirty = FALSE]]

-----------------------------------------------------------------------------
(* The actions.                                                            *)

Init ==
    /\ b_data = [b \in Blocks |-> {}]   \* update ids start at 1: the blocks as formatted
    /\ disk = [b \in Blocks |-> {}]
    /\ bh = [b \in Blocks |-> [uptodate |-> TRUE, dirty |-> FALSE, jbddirty |-> FALSE,
                                write_io_error |-> FALSE, async_write |-> FALSE]]
    \* ext4_fill_super samples with errseq_check_and_advance (v5.9+); a fresh
    \* block device mapping has wb_err 0, so both start at 0.
    /\ bd_wb_err = 0
    /\ s_bdev_wb_err = 0
    /\ error_pending = FALSE
    /\ fs = [error_fs |-> FALSE, aborted |-> FALSE, rdonly |-> FALSE, halted |-> FALSE]
    /\ ret = 0
    /\ made = [b \in Blocks |-> 0]
    /\ committed = [b \in Blocks |-> {}]
    /\ failed = 0
    /\ unflagged = FALSE
    /\ unflaggedModify = FALSE

(***************************************************************************)
(* A metadata reader finds the buffer not uptodate: fs/ext4/ialloc.c::     *)
(* ext4_read_inode_bitmap, fs/ext4/balloc.c::ext4_read_block_bitmap_nowait *)
(* (they lock the buffer: not while a write is in flight).                 *)
(*  v5.10-keep-uptodate: ext4_read_bh -> ext4_buffer_uptodate: a buffer    *)
(*    with BH_Write_EIO is set uptodate again and its newest data is kept. *)
(*  otherwise: submit_bh(READ): b_data = the block on disk (stale if the   *)
(*    last write failed), uptodate.  BH_Write_EIO is not cleared by reads. *)
(***************************************************************************)
ReadBitmap(b) ==
    /\ ~fs.halted
    /\ ~bh[b].uptodate
    /\ ~bh[b].async_write
    /\ IF Variant = "v5.10-keep-uptodate" /\ bh[b].write_io_error
       THEN UNCHANGED b_data
       ELSE b_data' = [b_data EXCEPT ![b] = disk[b]]
    /\ bh' = [bh EXCEPT ![b].uptodate = TRUE]
    /\ ret' = 0
    /\ UNCHANGED <<disk, bd_wb_err, s_bdev_wb_err, error_pending, fs, history>>

(***************************************************************************)
(* v5.9+: a writer enters fs/ext4/ext4_jbd2.c::__ext4_journal_get_write_   *)
(* access (for any buffer) and its first step, ext4_check_bdev_write_error, *)
(* finds that errseq_check(bd_wb_err, s_bdev_wb_err) # 0: it takes         *)
(* s_bdev_wb_lock, errseq_check_and_advance(bd_wb_err, &s_bdev_wb_err),    *)
(* drops the lock and calls ext4_error_err(EIO, "Error while async write   *)
(* back metadata").  The check does not fail the call itself; the writer   *)
(* then goes on as in Modify (or gets EROFS if ext4_error_err made the file *)
(* system read-only).                                                      *)
(* With CheckGap the advance and ext4_error_err are two steps (ErrorErr    *)
(* runs later, and other writers pass the check in between, since the      *)
(* cursor has moved); without it they are one.                             *)
(***************************************************************************)
CheckBdevWriteError ==
    /\ ChecksAtWriteAccess
    /\ ~fs.halted /\ ~fs.rdonly /\ ~error_pending
    /\ errseq_check(bd_wb_err, s_bdev_wb_err) # 0
    /\ LET adv == errseq_check_and_advance(bd_wb_err, s_bdev_wb_err) IN
       /\ bd_wb_err' = adv.eseq
       /\ s_bdev_wb_err' = adv.since
    /\ IF CheckGap
       THEN /\ error_pending' = TRUE
            /\ UNCHANGED <<fs, bh, unflagged>>
       ELSE /\ fs' = AfterError(fs)
            /\ bh' = IF fs'.aborted THEN AbortRunning(bh) ELSE bh
            /\ unflagged' = FALSE
            /\ UNCHANGED error_pending
    /\ ret' = 0
    /\ UNCHANGED <<b_data, disk, made, committed, failed, unflaggedModify>>

(***************************************************************************)
(* ext4 modifies block b in a handle: ext4_journal_start, fs/ext4/         *)
(* ext4_jbd2.c::__ext4_journal_get_write_access, the change, and           *)
(* ext4_handle_dirty_metadata.  The caller has read the buffer (uptodate); *)
(* in v5.9+ the check above passed (the cursor is current).                *)
(* jbd2_journal_get_write_access locks the buffer (waits for a write in    *)
(* flight) and moves BH_Dirty to BH_JBDDirty (fs/jbd2/transaction.c::      *)
(* do_get_write_access); the change is applied in memory as the next       *)
(* update of b.                                                            *)
(***************************************************************************)
Modify(b) ==
    /\ ~fs.halted /\ ~fs.rdonly
    /\ bh[b].uptodate
    /\ ~bh[b].async_write
    /\ ChecksAtWriteAccess => errseq_check(bd_wb_err, s_bdev_wb_err) = 0
    /\ made' = [made EXCEPT ![b] = @ + 1]
    /\ b_data' = [b_data EXCEPT ![b] = @ \cup {made[b] + 1}]
    /\ bh' = [bh EXCEPT ![b].dirty = FALSE, ![b].jbddirty = TRUE]
    /\ unflaggedModify' = (unflaggedModify \/ unflagged)
    /\ ret' = 0
    /\ UNCHANGED <<disk, bd_wb_err, s_bdev_wb_err, error_pending, fs, committed, failed, unflagged>>

\* On a read-only file system (after errors=remount-ro) a modification is
\* refused: ext4_journal_start -> ext4_journal_check_start returns -EROFS.
ModifyRefused(b) ==
    /\ ~fs.halted /\ fs.rdonly
    /\ ret' = -EROFS
    /\ UNCHANGED <<b_data, disk, bh, bd_wb_err, s_bdev_wb_err, error_pending, fs, history>>

(***************************************************************************)
(* fs/jbd2/commit.c::jbd2_journal_commit_transaction: the running          *)
(* transaction commits; its buffers go to the checkpoint list and become   *)
(* dirty for writeback to their home locations (BH_JBDDirty -> BH_Dirty).  *)
(* Not after an abort.                                                     *)
(***************************************************************************)
Commit ==
    /\ ~fs.halted /\ ~fs.aborted
    /\ \E b \in Blocks : bh[b].jbddirty
    /\ bh' = [b \in Blocks |-> IF bh[b].jbddirty
                               THEN [bh[b] EXCEPT !.jbddirty = FALSE, !.dirty = TRUE]
                               ELSE bh[b]]
    /\ committed' = [b \in Blocks |-> IF bh[b].jbddirty THEN committed[b] \cup b_data[b] ELSE committed[b]]
    /\ ret' = 0
    /\ UNCHANGED <<b_data, disk, bd_wb_err, s_bdev_wb_err, error_pending, fs,
                   made, failed, unflagged, unflaggedModify>>

(***************************************************************************)
(* Block device writeback (the flusher, sync(2), sync_blockdev):           *)
(* blkdev_writepage -> fs/buffer.c::__block_write_full_page: lock the      *)
(* buffer, test_clear_buffer_dirty, mark it async_write, submit_bh         *)
(* (submit_bh_wbc clears BH_Write_EIO: "only clear out a write error when  *)
(* rewriting").  Committed buffers are still written after an abort.       *)
(***************************************************************************)
WritebackStart(b) ==
    /\ ~fs.halted
    /\ bh[b].dirty
    /\ ~bh[b].async_write
    /\ bh' = [bh EXCEPT ![b].dirty = FALSE, ![b].async_write = TRUE, ![b].write_io_error = FALSE]
    /\ ret' = 0
    /\ UNCHANGED <<b_data, disk, bd_wb_err, s_bdev_wb_err, error_pending, fs, history>>

(***************************************************************************)
(* The write completes: fs/buffer.c::end_buffer_async_write.               *)
(*  ok:  set_buffer_uptodate; the disk holds the buffer's data (the buffer *)
(*       was locked during the write, so b_data is what was submitted).    *)
(*  EIO: mark_buffer_write_io_error (BH_Write_EIO; mapping_set_error on    *)
(*       the block device mapping: errseq_set(bd_wb_err, -EIO)), then      *)
(*       clear_buffer_uptodate, then unlock_buffer / end_page_writeback.   *)
(*       The buffer is not redirtied.                                      *)
(*  v2-workqueue: ext4_end_buffer_async_write runs end_buffer_async_write  *)
(*       and then, on failure and if !sb_rdonly, queue_work: the work runs *)
(*       later (ErrorErr); queueing pending work is a no-op.               *)
(***************************************************************************)
WritebackEnd(b, outcome) ==
    /\ ~fs.halted
    /\ bh[b].async_write
    /\ IF outcome = "ok"
       THEN /\ disk' = [disk EXCEPT ![b] = b_data[b]]
            /\ bh' = [bh EXCEPT ![b].async_write = FALSE, ![b].uptodate = TRUE]
            /\ UNCHANGED <<bd_wb_err, error_pending, failed, unflagged>>
       ELSE /\ bd_wb_err' = errseq_set(bd_wb_err, -EIO)
            /\ bh' = [bh EXCEPT ![b].write_io_error = TRUE, ![b].uptodate = FALSE,
                                ![b].async_write = FALSE]
            /\ error_pending' = (error_pending \/ (Variant = "v2-workqueue" /\ ~fs.rdonly))
            /\ failed' = failed + 1
            \* A failure on a file system already read-only after an error needs no new flag.
            /\ unflagged' = (unflagged \/ ~fs.rdonly)
            /\ UNCHANGED disk
    /\ ret' = 0
    /\ UNCHANGED <<b_data, s_bdev_wb_err, fs, made, committed, unflaggedModify>>

(***************************************************************************)
(* The due ext4_error_err runs: v2-workqueue: the queued work,             *)
(* ext4_end_buffer_async_write_error -> ext4_error_err(sb, EIO, "Error     *)
(* while async write back metadata buffer"); v5.9+ (CheckGap): the writer  *)
(* that advanced s_bdev_wb_err.                                            *)
(***************************************************************************)
ErrorErr ==
    /\ ~fs.halted
    /\ error_pending
    /\ error_pending' = FALSE
    /\ fs' = AfterError(fs)
    /\ bh' = IF fs'.aborted THEN AbortRunning(bh) ELSE bh
    /\ unflagged' = FALSE
    /\ ret' = 0
    /\ UNCHANGED <<b_data, disk, bd_wb_err, s_bdev_wb_err, made, committed, failed, unflaggedModify>>

Next ==
    \/ \E b \in Blocks : ReadBitmap(b) \/ Modify(b) \/ ModifyRefused(b) \/ WritebackStart(b)
    \/ \E b \in Blocks, o \in {"ok", "EIO"} : WritebackEnd(b, o)
    \/ CheckBdevWriteError
    \/ Commit
    \/ ErrorErr

Spec == Init /\ [][Next]_vars

\* The fairness the kernel gives: the work queue runs queued work (and a
\* writer inside ext4_error_err finishes it), jbd2 commits the running
\* transaction (every commit interval), and block device writeback writes
\* dirty buffers and completes writes.  Nothing forces anyone to read or
\* modify metadata.
Fairness ==
    /\ WF_vars(ErrorErr)
    /\ WF_vars(Commit)
    /\ \A b \in Blocks : WF_vars(WritebackStart(b)) /\ WF_vars(\E o \in {"ok", "EIO"} : WritebackEnd(b, o))

LiveSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* The properties.                                                         *)

\* The disk copy of b holds no update without every earlier update of b.
DiskConsistent(b) == \A k \in 1..made[b] : (\E j \in disk[b] : j > k) => k \in disk[b]

\* No update made in memory is lost from disk through a stale re-read that
\* is written back: the on-disk metadata never skips an update.
NoLostMetadataUpdateInv == \A b \in Blocks : DiskConsistent(b)

\* The v2-workqueue window: a stale copy never reaches the disk before the
\* file system is flagged with an error.
NoStaleWriteBeforeErrorInv == ~fs.error_fs => NoLostMetadataUpdateInv

\* No metadata modification is applied after a failed metadata write while
\* that failure has not been flagged as a file-system error.
NoUnflaggedModifyInv == ~unflaggedModify

\* jbd2's ordering: only committed updates reach their home location, so
\* after an abort (no more commits) nothing new reaches the disk.
HomeWriteAfterCommitInv == \A b \in Blocks : disk[b] \subseteq committed[b]

\* Every failed metadata write is eventually flagged as a file-system error:
\* ext4_error_err runs after it (under LiveSpec's fairness).
ErrorDetectedProp == unflagged ~> ~unflagged

=============================================================================
