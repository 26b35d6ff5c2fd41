package org.wberr.model.ext4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What {@code ext4_error_err} leaves behind: the spec's {@code fs} record, field for field.
 *
 * @param errorFs EXT4_ERROR_FS is recorded in the superblock's s_state ({@code save_error_info})
 * @param aborted the journal is aborted (JBD2_ABORT, {@code jbd2_journal_abort}); nothing commits any more
 * @param rdonly  SB_RDONLY: the file system is read-only, modifications get EROFS
 * @param halted  the machine panicked (errors=panic): nothing runs any more
 */
public record FsState(boolean errorFs, boolean aborted, boolean rdonly, boolean halted) {

    /** The flag names, in this order, as the spec's record fields and the scenario syntax write them. */
    public static final List<String> FLAGS = List.of("error_fs", "aborted", "rdonly", "halted");

    /** A file system with no error recorded, journal running, read-write. */
    public static final FsState OK = new FsState(false, false, false, false);

    /** The names of the flags that are set, in {@link #FLAGS} order. */
    public List<String> flags() {
        boolean[] v = {errorFs, aborted, rdonly, halted};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i]) {
                out.add(FLAGS.get(i));
            }
        }
        return out;
    }

    /** The state with exactly the named flags set; an unknown name is an IllegalArgumentException. */
    public static FsState of(Collection<String> flags) {
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                throw new IllegalArgumentException("unknown file-system flag '" + f + "': expected one of "
                        + String.join(", ", FLAGS));
            }
        }
        return new FsState(flags.contains("error_fs"), flags.contains("aborted"), flags.contains("rdonly"),
                flags.contains("halted"));
    }

    @Override
    public String toString() {
        return "[" + String.join(" ", flags()) + "]";
    }
}
