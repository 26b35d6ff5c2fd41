package org.wberr.model.ext4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The state bits of a metadata buffer_head that the model tracks (include/linux/buffer_head.h, and
 * include/linux/jbd2.h for BH_JBDDirty); the spec's {@code BufferStates} record, field for field.
 *
 * @param uptodate     BH_Uptodate: b_data is valid
 * @param dirty        BH_Dirty: committed, waiting to be written to its home location
 * @param jbddirty     BH_JBDDirty: modified in the running jbd2 transaction
 * @param writeIoError BH_Write_EIO: the last write of it failed
 * @param asyncWrite   BH_Async_Write with BH_Lock held: a write to disk is in flight
 */
public record BufferState(boolean uptodate, boolean dirty, boolean jbddirty, boolean writeIoError,
                          boolean asyncWrite) {

    /** The flag names, in this order, as the spec's record fields and the scenario syntax write them. */
    public static final List<String> FLAGS = List.of("uptodate", "dirty", "jbddirty", "write_io_error", "async_write");

    /** A clean, uptodate buffer with no write pending: a block as formatted, just read. */
    public static final BufferState CLEAN = new BufferState(true, false, false, false, false);

    /** The names of the flags that are set, in {@link #FLAGS} order. */
    public List<String> flags() {
        boolean[] v = {uptodate, dirty, jbddirty, writeIoError, asyncWrite};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i]) {
                out.add(FLAGS.get(i));
            }
        }
        return out;
    }

    /** The state with exactly the named flags set; an unknown name is an IllegalArgumentException. */
    public static BufferState of(Collection<String> flags) {
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                throw new IllegalArgumentException("unknown buffer flag '" + f + "': expected one of "
                        + String.join(", ", FLAGS));
            }
        }
        return new BufferState(flags.contains("uptodate"), flags.contains("dirty"), flags.contains("jbddirty"),
                flags.contains("write_io_error"), flags.contains("async_write"));
    }

    @Override
    public String toString() {
        return "[" + String.join(" ", flags()) + "]";
    }
}
