package org.wberr.model.step;

/**
 * The errno values the model uses and how results are printed. Every operation that reports an error
 * returns it kernel style: 0, or a negative errno.
 */
public final class Errno {
    /** I/O error (asm-generic/errno-base.h). */
    public static final int EIO = 5;
    /** No space left on device (asm-generic/errno-base.h). */
    public static final int ENOSPC = 28;
    /** Read-only file system (asm-generic/errno-base.h): ext4 refuses a modification after errors=remount-ro. */
    public static final int EROFS = 30;

    private Errno() {
    }

    /** A kernel-style return value by name: {@code 0}, {@code EIO}, {@code ENOSPC}, {@code EROFS}, or {@code -N}. */
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
        if (ret == -EROFS) {
            return "EROFS";
        }
        return Integer.toString(ret);
    }
}
