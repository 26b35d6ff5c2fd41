/**
 * ext4 metadata buffers under failed asynchronous writeback (docs/semantics.md section 3, the Java counterpart of
 * specs/Ext4MetaWriteback.tla): {@link org.wberr.model.ext4.Ext4} (the entry point: read a bitmap, modify a
 * block in a handle, commit, block device writeback, the v5.9 check and {@code ext4_error_err}, snapshot),
 * the {@link org.wberr.model.ext4.Ext4Variant}s and {@link org.wberr.model.ext4.ErrorsMode}s, and the values
 * they exchange ({@link org.wberr.model.ext4.Ext4Snapshot}, {@link org.wberr.model.ext4.BufferState},
 * {@link org.wberr.model.ext4.FsState}). The kernel objects (buffer_head, the block device, the jbd2 journal)
 * are package-private classes named after them.
 */
package org.wberr.model.ext4;
