package org.wberr.model.vfs;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.wberr.model.step.Errno;

/** How the device answers the write of one page. */
public enum WritebackOutcome {
    OK("ok", 0), EIO("EIO", -Errno.EIO), ENOSPC("ENOSPC", -Errno.ENOSPC);

    private final String id;
    private final int err;

    WritebackOutcome(String id, int err) {
        this.id = id;
        this.err = err;
    }

    /** As specs, traces and scenarios write it: {@code ok}, {@code EIO} or {@code ENOSPC}. */
    public String id() {
        return id;
    }

    /** 0, or the negative errno the I/O completion passes to mapping_set_error. */
    public int err() {
        return err;
    }

    /** The outcome with this id; an unknown one is an IllegalArgumentException naming the valid ids. */
    public static WritebackOutcome fromId(String id) {
        for (WritebackOutcome o : values()) {
            if (o.id.equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown writeback outcome '" + id + "': expected " + validIds());
    }

    /** The ids in order, as a message lists them: {@code ok, EIO or ENOSPC}. */
    public static String validIds() {
        String all = Arrays.stream(values()).map(WritebackOutcome::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
