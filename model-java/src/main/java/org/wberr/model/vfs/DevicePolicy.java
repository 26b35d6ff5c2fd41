package org.wberr.model.vfs;

/**
 * The device under the file: how the write of a page submitted by writeback ends. Consulted by the
 * writeback that fsync, the legacy consumer and sync(2) do themselves (explicit writeback steps state
 * their outcome). Called without any lock held, possibly from several threads at once: implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface DevicePolicy {
    /** Every write succeeds: the default, and what the TLA+ spec assumes of fsync's own flush. */
    DevicePolicy ALWAYS_OK = page -> WritebackOutcome.OK;

    /** The outcome of writing {@code page} to the device. */
    WritebackOutcome write(int page);

    /** A device on which every write fails with {@code outcome}. */
    static DevicePolicy always(WritebackOutcome outcome) {
        return page -> outcome;
    }
}
