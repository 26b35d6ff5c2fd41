package org.wberr.model.ext4;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * ext4's {@code errors=} mount option: what {@code ext4_error_err} does after it has recorded the error
 * (fs/ext4/super.c, {@code ext4_handle_error} as of v5.9/v5.10). The constant {@code ErrorsMode} of
 * specs/Ext4MetaWriteback.tla.
 */
public enum ErrorsMode {
    /** errors=continue (ext4's default, EXT4_ERRORS_DEFAULT): record the error, keep running read-write. */
    CONTINUE("continue"),
    /**
     * errors=remount-ro: record the error, abort the journal ({@code jbd2_journal_abort}, which discards the
     * running transaction) and set SB_RDONLY; later modifications are refused with EROFS.
     */
    REMOUNT_RO("remount-ro"),
    /** errors=panic: record the error, abort the journal, then {@code panic()}: nothing runs afterwards. */
    PANIC("panic");

    private final String id;

    ErrorsMode(String id) {
        this.id = id;
    }

    /** The mode as the mount option spells it: continue, remount-ro or panic. */
    public String id() {
        return id;
    }

    /** The mode with this id. */
    public static ErrorsMode fromId(String id) {
        for (ErrorsMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown errors= mode '" + id + "': expected one of " + validIds());
    }

    /** The valid ids, comma-separated, in declaration order. */
    public static String validIds() {
        return Arrays.stream(values()).map(ErrorsMode::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
