package org.wberr.subject.fsync;

/**
 * The actions of Fsync.tla, by their names in the spec: the driver, the test renderer and the scenario mapping
 * name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the actions TLC finds in
 * the spec's next-state relation).
 */
public enum FsyncAction {
    /** open(2): samples wb_err into the new fd's f_wb_err (errseq_sample). */
    OpenFile("filemap_sample_wb_err"),
    /** close(2). */
    Close("filp_close"),
    /** A buffered write: dirties a page. */
    Write("generic_perform_write"),
    /** Writeback of a dirty page starts (write_cache_pages: clear dirty, set writeback). */
    WritebackStart("write_cache_pages"),
    /** The device finishes it; on failure mapping_set_error (filemap_set_wb_err / the AS_ flags). */
    WritebackEnd("end_page_writeback"),
    /** A clean page leaves the page cache (nrpages may drop to 0). */
    EvictPage("invalidate_mapping_pages"),
    /** The inode leaves memory (no fd open, nothing dirty): its mapping's wb_err goes with it. */
    EvictInode("evict"),
    /** fsync(2): file_write_and_wait_range and file_check_and_advance_wb_err (per variant). */
    Fsync("file_write_and_wait_range"),
    /** The legacy non-fsync consumer (filemap_write_and_wait, filemap_check_errors). */
    Stat("filemap_write_and_wait");

    private final String kernelFunction;

    FsyncAction(String kernelFunction) {
        this.kernelFunction = kernelFunction;
    }

    /** The kernel function this action mirrors, as its spec's comment names it (a sequence diagram's arrow). */
    public String kernelFunction() {
        return kernelFunction;
    }
}
