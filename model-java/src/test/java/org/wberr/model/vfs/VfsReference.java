package org.wberr.model.vfs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.wberr.model.errseq.ErrseqReference;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;

/**
 * The plainest sequential statement of the VFS semantics of docs/semantics.md section 2, for one file, written
 * without locks, threads or waiting: every operation is atomic because nothing else runs. A step that
 * would have to wait for a writeback to end is impossible here (nothing could end it). The property
 * tests and the concurrency suite compare {@link Vfs} against it.
 */
public final class VfsReference {
    private final Variant variant;
    private final int counterBits;
    private Map<Integer, PageState> pages = new TreeMap<>();
    private ErrseqReference wbErr;
    private boolean asEio;
    private boolean asEnospc;
    private final Map<String, Integer> cursors = new TreeMap<>();

    public VfsReference(Variant variant, int counterBits) {
        this.variant = variant;
        this.counterBits = counterBits;
        this.wbErr = new ErrseqReference(counterBits);
    }

    public void open(String fd) {
        require(!cursors.containsKey(fd), "fd " + fd + " is already open");
        int cursor = 0;
        if (variant.usesErrseq()) {
            cursor = variant == Variant.V4_17 ? wbErr.sampleV417() : wbErr.sampleV413();
        }
        cursors.put(fd, cursor);
    }

    public void close(String fd) {
        require(cursors.remove(fd) != null, "fd " + fd + " is not open");
    }

    public void write(String fd, int page) {
        require(cursors.containsKey(fd), "fd " + fd + " is not open");
        require(state(page) != PageState.WRITEBACK, "page " + page + " is under writeback");
        pages.put(page, PageState.DIRTY);
    }

    public void writebackStart(int page) {
        require(state(page) == PageState.DIRTY, "page " + page + " is not dirty");
        pages.put(page, PageState.WRITEBACK);
    }

    public void writebackEnd(int page, WritebackOutcome outcome) {
        require(state(page) == PageState.WRITEBACK, "page " + page + " is not under writeback");
        record(outcome);
        pages.put(page, PageState.CLEAN);
    }

    public void writeback(int page, WritebackOutcome outcome) {
        writebackStart(page);
        writebackEnd(page, outcome);
    }

    public void evictPage(int page) {
        require(state(page) == PageState.CLEAN, "page " + page + " is not clean");
        pages.remove(page);
    }

    public void evictInode() {
        require(cursors.isEmpty(), "a file is open");
        require(!pages.containsValue(PageState.DIRTY) && !pages.containsValue(PageState.WRITEBACK),
                "a page is dirty or under writeback");
        pages = new TreeMap<>();
        wbErr = new ErrseqReference(counterBits);
        asEio = false;
        asEnospc = false;
    }

    public int fsync(String fd) {
        require(cursors.containsKey(fd), "fd " + fd + " is not open");
        require(!pages.containsValue(PageState.WRITEBACK), "fsync would wait for writeback forever");
        switch (variant) {
            case LEGACY_FLAGS:
                flush();
                return checkAndClearFlags();
            case V8_POSTING:
                if (pages.isEmpty()) {
                    return 0;
                }
                flush();
                return checkAndAdvance(fd);
            default:
                flush();
                int err = checkAndAdvance(fd);
                asEio = false;
                asEnospc = false;
                return err;
        }
    }

    public int stat() {
        require(!pages.containsValue(PageState.WRITEBACK), "stat would wait for writeback forever");
        flush();
        return checkAndClearFlags();
    }

    public void sync() {
        require(!pages.containsValue(PageState.WRITEBACK), "sync would wait for writeback forever");
        flush();
    }

    public VfsSnapshot snapshot() {
        Set<LegacyFlag> flags = EnumSet.noneOf(LegacyFlag.class);
        if (asEio) {
            flags.add(LegacyFlag.AS_EIO);
        }
        if (asEnospc) {
            flags.add(LegacyFlag.AS_ENOSPC);
        }
        return new VfsSnapshot(new TreeMap<>(pages), variant.usesErrseq() ? wbErr.value() : 0, flags,
                new TreeMap<>(cursors));
    }

    private PageState state(int page) {
        return pages.getOrDefault(page, PageState.ABSENT);
    }

    private void flush() {
        pages.replaceAll((p, s) -> s == PageState.DIRTY ? PageState.CLEAN : s);
    }

    private void record(WritebackOutcome outcome) {
        if (outcome == WritebackOutcome.OK) {
            return;
        }
        if (variant.usesErrseq()) {
            wbErr.set(outcome.err());
        }
        if (outcome == WritebackOutcome.ENOSPC) {
            asEnospc = true;
        } else {
            asEio = true;
        }
    }

    private int checkAndClearFlags() {
        int ret = asEio ? -Errno.EIO : asEnospc ? -Errno.ENOSPC : 0;
        asEio = false;
        asEnospc = false;
        return ret;
    }

    private int checkAndAdvance(String fd) {
        int[] cursor = {cursors.get(fd)};
        int err = wbErr.checkAndAdvance(cursor);
        cursors.put(fd, cursor[0]);
        return err;
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new ImpossibleStepException(why);
        }
    }
}
