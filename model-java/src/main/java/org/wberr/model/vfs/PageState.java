package org.wberr.model.vfs;

/** The state of one page of the file in the page cache. */
public enum PageState {
    /** Not in the page cache (never read or written, or evicted). Not counted in nrpages. */
    ABSENT,
    /** In the page cache, clean: nothing to write (also after a failed writeback: the page is not redirtied). */
    CLEAN,
    /** In the page cache with data not yet written back (PG_dirty). */
    DIRTY,
    /** Being written back (PG_writeback); dirty was cleared when writeback started. */
    WRITEBACK
}
