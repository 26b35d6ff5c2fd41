package org.wberr.subject.ext4;

/**
 * The actions of Ext4MetaWriteback.tla, by their names in the spec: the driver, the test renderer and the scenario
 * mapping name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the actions
 * TLC finds in the spec's next-state relation).
 */
public enum Ext4Action {
    /** ext4_read_block_bitmap and friends on a buffer that is not uptodate: re-read from disk (or, v5.10, keep). */
    ReadBitmap("ext4_read_block_bitmap"),
    /** A metadata change in a handle: jbd2_journal_get_write_access, the change, ext4_handle_dirty_metadata. */
    Modify("jbd2_journal_get_write_access"),
    /** The same call refused by ext4_journal_check_start on a read-only file system: -EROFS. */
    ModifyRefused("ext4_journal_check_start"),
    /** v5.9+: ext4_check_bdev_write_error, the writer's check of s_bdev_wb_err. */
    CheckBdevWriteError("ext4_check_bdev_write_error"),
    /** jbd2_journal_commit_transaction. */
    Commit("jbd2_journal_commit_transaction"),
    /** Block device writeback of a buffer starts (__block_write_full_page: lock, submit). */
    WritebackStart("__block_write_full_page"),
    /** end_buffer_async_write. */
    WritebackEnd("end_buffer_async_write"),
    /** ext4_error_err (v2: from the work queue; v5.9+: from the writer that found the error). */
    ErrorErr("ext4_error_err");

    private final String kernelFunction;

    Ext4Action(String kernelFunction) {
        this.kernelFunction = kernelFunction;
    }

    /** The kernel function this action mirrors, as its spec's comment names it (a sequence diagram's arrow). */
    public String kernelFunction() {
        return kernelFunction;
    }
}
