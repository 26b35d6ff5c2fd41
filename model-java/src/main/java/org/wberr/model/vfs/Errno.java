package org.wberr.model.vfs;

/**
 * The errno values the model uses and how results are printed. Every operation that reports an error
 * returns it kernel style: 0, or a negative errno.
 */
public final class Errno {
    /** I/O error (asm-generic/errno-base.h). */
    public static final int EIO = 5;
    /** No space left on device (asm-generic/errno-base.h). */
    public static final int ENOSPC = 28;

    private Errno() {
    }

    /** A kernel-style return value by name: {@code 0}, {@code EIO}, {@code ENOSPC}, or {@code -N}. */
    public static String name(int ret) {
        if (ret == 0) {
            return "0";
        }
        if (ret == -EIO) {
            return "EIO";
        }
        if (ret == -ENOSPC) {
            return "ENOSPC";
        }
        return Integer.toString(ret);
    }
}
