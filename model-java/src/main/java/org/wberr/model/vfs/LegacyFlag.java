package org.wberr.model.vfs;

/**
 * The mapping's legacy error flags (include/linux/pagemap.h, enum mapping_flags), set by
 * mapping_set_error and consumed (tested and cleared) by filemap_check_errors.
 */
public enum LegacyFlag {
    /** An asynchronous write failed with an error other than ENOSPC. */
    AS_EIO,
    /** An asynchronous write failed with ENOSPC. */
    AS_ENOSPC;

    int bit() {
        return 1 << ordinal();
    }
}
