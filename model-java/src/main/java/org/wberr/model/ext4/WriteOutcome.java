package org.wberr.model.ext4;

/**
 * How the device answers the asynchronous write of a metadata buffer to its home location: the
 * {@code uptodate} argument of {@code end_buffer_async_write}. A failed write is always recorded as -EIO
 * ({@code mark_buffer_write_io_error}), whatever the device said.
 */
public enum WriteOutcome {
    OK("ok"), EIO("EIO");

    private final String id;

    WriteOutcome(String id) {
        this.id = id;
    }

    /** As specs and scenarios write it: {@code ok} or {@code EIO}. */
    public String id() {
        return id;
    }

    /** The outcome with this id ({@code ok} or {@code EIO}). */
    public static WriteOutcome fromId(String id) {
        for (WriteOutcome o : values()) {
            if (o.id.equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown write outcome '" + id + "': expected ok or EIO");
    }

    @Override
    public String toString() {
        return id;
    }
}
