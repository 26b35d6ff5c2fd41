package org.wberr.model.ext4;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How ext4 handled failed asynchronous writes of metadata buffers (docs/semantics.md section 3, the constant
 * {@code Variant} of specs/Ext4MetaWriteback.tla). The ids are the project's: specs, traces, CLI and report
 * use them.
 */
public enum Ext4Variant {
    /**
     * Before v5.9: nothing in ext4 notices a failed metadata write, and a bitmap reader re-reads a buffer that
     * is not uptodate from disk (the older copy).
     */
    NO_CHECK("no-check"),
    /**
     * The seed, "[PATCH v2 2/5] ext4: mark filesystem error if failed to async write metadata" (2020-06,
     * not merged): ext4's end_io for block device writeback runs {@code end_buffer_async_write}, then, on
     * failure and unless the file system is read-only, queues the one work item of the super block, which
     * later calls {@code ext4_error_err}.
     */
    V2_WORKQUEUE("v2-workqueue"),
    /**
     * v5.9, commit bc71726c7257: {@code __ext4_journal_get_write_access} first calls
     * {@code ext4_check_bdev_write_error}, which compares the block device mapping's wb_err with
     * {@code sbi->s_bdev_wb_err} and, if it moved, advances the cursor and calls {@code ext4_error_err}.
     */
    V5_9_ERRSEQ("v5.9-errseq"),
    /**
     * v5.10: v5.9 plus fa491b14cd95 / 2d069c0889ef: the bitmap readers go through {@code ext4_read_bh}, whose
     * {@code ext4_buffer_uptodate} treats a buffer with BH_Write_EIO as uptodate, so its newer in-memory data
     * is kept and nothing stale is re-read.
     */
    V5_10_KEEP_UPTODATE("v5.10-keep-uptodate");

    private final String id;

    Ext4Variant(String id) {
        this.id = id;
    }

    /** The variant's id: no-check, v2-workqueue, v5.9-errseq or v5.10-keep-uptodate. */
    public String id() {
        return id;
    }

    /** Whether {@code __ext4_journal_get_write_access} runs {@code ext4_check_bdev_write_error} (v5.9+). */
    public boolean checksAtWriteAccess() {
        return this == V5_9_ERRSEQ || this == V5_10_KEEP_UPTODATE;
    }

    /** Whether a failed block device write queues ext4's error work item (v2-workqueue). */
    public boolean queuesErrorWork() {
        return this == V2_WORKQUEUE;
    }

    /** Whether the bitmap readers keep a buffer with BH_Write_EIO as uptodate instead of re-reading it (v5.10). */
    public boolean keepsWriteErrorBuffersUptodate() {
        return this == V5_10_KEEP_UPTODATE;
    }

    /** The variant with this id. */
    public static Ext4Variant fromId(String id) {
        for (Ext4Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown ext4 variant '" + id + "': expected one of " + validIds());
    }

    /** The valid ids, comma-separated, in declaration order. */
    public static String validIds() {
        return Arrays.stream(values()).map(Ext4Variant::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
