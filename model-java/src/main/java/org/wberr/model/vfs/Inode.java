package org.wberr.model.vfs;

/**
 * The in-memory inode of the file (the kernel's {@code struct inode}), reduced to its page cache. Open
 * files hold it ({@code i_count}); it can be evicted only when nobody does and no page is dirty or under
 * writeback. Data on disk is not modelled: a new in-memory inode starts with an empty page cache, no
 * error recorded and no legacy flags.
 */
final class Inode {
    /** Which in-memory instance of the file's inode this is: 1 for the first, +1 after each eviction. */
    final long instance;
    /** {@code inode->i_mapping}. */
    final AddressSpace mapping;

    Inode(long instance, Variant variant, int counterBits) {
        this.instance = instance;
        this.mapping = new AddressSpace(variant, counterBits);
    }
}
