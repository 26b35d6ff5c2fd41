package org.wberr.model.vfs;

/** How the device answers the write of one page. */
public enum WritebackOutcome {
    OK(0), EIO(-Errno.EIO), ENOSPC(-Errno.ENOSPC);

    private final int err;

    WritebackOutcome(int err) {
        this.err = err;
    }

    /** 0, or the negative errno the I/O completion passes to mapping_set_error. */
    public int err() {
        return err;
    }
}
