/**
 * The VFS objects that report writeback errors, for one file: {@link org.wberr.model.vfs.Vfs} (the entry
 * point: open, close, write, writeback, eviction, fsync, the legacy consumer, sync, snapshot), the
 * {@link org.wberr.model.vfs.Variant}s of docs/semantics.md, and the values they exchange. The kernel objects
 * (address_space, inode, struct file) are package-private classes named after them.
 */
package org.wberr.model.vfs;
