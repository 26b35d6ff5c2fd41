package org.wberr.model.ext4;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.wberr.model.errseq.Errseq;

/**
 * The block device under the file system, reduced to what the model needs: the copy of each metadata block
 * at its home location on disk, and the {@code wb_err} of the block device's page-cache mapping
 * ({@code bdev->bd_inode->i_mapping->wb_err}), where failed writes of metadata buffers are recorded.
 *
 * <h2>Locking</h2>
 * <ul>
 *   <li>{@code wb_err} is an {@link Errseq}: lock-free, as in the kernel. The model records errors in it
 *       only under the failing buffer's bState ({@link BufferHead}), and ext4's check advances past them
 *       under {@code s_bdev_wb_lock} ({@link Ext4}), so a snapshot that holds both sees it stand still.</li>
 *   <li>The copy of block b on disk is read and written only by code that holds b's buffer's bState (a
 *       device write completes in {@code end_buffer_async_write}, a read fills a locked buffer); each copy
 *       is an immutable set, replaced whole.</li>
 * </ul>
 */
final class BlockDevice {
    private final Errseq wbErr;
    private final ConcurrentHashMap<String, SortedSet<Integer>> disk = new ConcurrentHashMap<>();

    /** A device whose blocks hold no update yet (as formatted) and whose mapping's wb_err is 0. */
    BlockDevice(Collection<String> blocks, int counterBits) {
        this.wbErr = new Errseq(counterBits);
        for (String b : blocks) {
            disk.put(b, Collections.emptySortedSet());
        }
    }

    /** {@code bdev->bd_inode->i_mapping->wb_err}. */
    Errseq wbErr() {
        return wbErr;
    }

    /** The block's copy on disk; caller holds the block's buffer's bState. */
    SortedSet<Integer> read(String block) {
        return disk.get(block);
    }

    /** The device stores {@code data} at the block's home location; caller holds the block's buffer's bState. */
    void write(String block, SortedSet<Integer> data) {
        disk.put(block, Collections.unmodifiableSortedSet(new TreeSet<>(data)));
    }

    /**
     * include/linux/pagemap.h::{@code mapping_set_error} on the block device mapping:
     * {@code errseq_set(&mapping->wb_err, err)} (AS_EIO is set too, but nothing in this model reads it).
     */
    void mappingSetError(int err) {
        wbErr.set(err);
    }
}
