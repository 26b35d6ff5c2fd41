package org.wberr.subject.fsync;

/**
 * The actions of Fsync.tla, by their names in the spec: the driver, the test renderer and the scenario mapping
 * name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the actions TLC finds in
 * the spec's next-state relation).
 */
public enum FsyncAction {
    /** open(2): samples wb_err into the new fd's f_wb_err (errseq_sample). */
    OpenFile,
    /** close(2). */
    Close,
    /** A buffered write: dirties a page. */
    Write,
    /** Writeback of a dirty page starts (write_cache_pages: clear dirty, set writeback). */
    WritebackStart,
    /** The device finishes it; on failure mapping_set_error (filemap_set_wb_err / the AS_ flags). */
    WritebackEnd,
    /** A clean page leaves the page cache (nrpages may drop to 0). */
    EvictPage,
    /** The inode leaves memory (no fd open, nothing dirty): its mapping's wb_err goes with it. */
    EvictInode,
    /** fsync(2): file_write_and_wait_range and file_check_and_advance_wb_err (per variant). */
    Fsync,
    /** The legacy non-fsync consumer (filemap_write_and_wait, filemap_check_errors). */
    Stat
}
