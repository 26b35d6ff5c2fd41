package org.wberr.model.counterexamples;

import java.util.EnumSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.wberr.model.vfs.LegacyFlag;
import org.wberr.model.vfs.PageState;
import org.wberr.model.vfs.VfsSnapshot;

/**
 * Short builders for the expected {@link VfsSnapshot}s in the generated counterexample tests (the
 * generated files are in this package; this one is written by hand). Arguments come in pairs:
 * {@code pages(0, CLEAN, 1, DIRTY)}, {@code cursors("A", 4101)}.
 */
public final class Snapshots {
    public static final PageState CLEAN = PageState.CLEAN;
    public static final PageState DIRTY = PageState.DIRTY;
    public static final PageState WRITEBACK = PageState.WRITEBACK;
    public static final LegacyFlag AS_EIO = LegacyFlag.AS_EIO;
    public static final LegacyFlag AS_ENOSPC = LegacyFlag.AS_ENOSPC;

    private Snapshots() {
    }

    public static VfsSnapshot snapshot(SortedMap<Integer, PageState> pages, int wbErr, Set<LegacyFlag> flags,
            SortedMap<String, Integer> cursors) {
        return new VfsSnapshot(pages, wbErr, flags, cursors);
    }

    /** Present pages: index, state, index, state, ... */
    public static SortedMap<Integer, PageState> pages(Object... indexThenState) {
        SortedMap<Integer, PageState> m = new TreeMap<>();
        for (int i = 0; i < indexThenState.length; i += 2) {
            m.put((Integer) indexThenState[i], (PageState) indexThenState[i + 1]);
        }
        return m;
    }

    public static Set<LegacyFlag> flags(LegacyFlag... flags) {
        return flags.length == 0 ? EnumSet.noneOf(LegacyFlag.class) : EnumSet.of(flags[0], flags);
    }

    /** Open fds' cursors: fd, f_wb_err, fd, f_wb_err, ... */
    public static SortedMap<String, Integer> cursors(Object... fdThenCursor) {
        SortedMap<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < fdThenCursor.length; i += 2) {
            m.put((String) fdThenCursor[i], (Integer) fdThenCursor[i + 1]);
        }
        return m;
    }
}
