package org.wberr.subject.ext4;

/**
 * The actions of Ext4MetaWriteback.tla, by their names in the spec: the driver, the test renderer and the scenario
 * mapping name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the actions
 * TLC finds in the spec's next-state relation).
 */
public enum Ext4Action {
    /** ext4_read_block_bitmap and friends on a buffer that is not uptodate: re-read from disk (or, v5.10, keep). */
    ReadBitmap,
    /** A metadata change in a handle: jbd2_journal_get_write_access, the change, ext4_handle_dirty_metadata. */
    Modify,
    /** The same call refused by ext4_journal_check_start on a read-only file system: -EROFS. */
    ModifyRefused,
    /** v5.9+: ext4_check_bdev_write_error, the writer's check of s_bdev_wb_err. */
    CheckBdevWriteError,
    /** jbd2_journal_commit_transaction. */
    Commit,
    /** Block device writeback of a buffer starts (__block_write_full_page: lock, submit). */
    WritebackStart,
    /** end_buffer_async_write. */
    WritebackEnd,
    /** ext4_error_err (v2: from the work queue; v5.9+: from the writer that found the error). */
    ErrorErr
}
