package org.wberr.model.vfs;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.wberr.model.errseq.Errseq;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

/**
 * One file on one file system, as the kernel's VFS sees it when it reports writeback errors: the file's
 * in-memory inode and page cache, the open files (fds) of one process, background writeback, and the
 * calls that report errors, each in the chosen {@link Variant}. Operations take an fd by name as the
 * system calls take a file descriptor.
 *
 * <p>Return values are kernel style: 0 or a negative errno ({@link Errno}). A step that is impossible in
 * the current state (evict a dirty page, use an fd that is not open, evict the inode while a file is
 * open) throws {@link ImpossibleStepException} saying what and why, and changes nothing.
 *
 * <h2>Locking</h2>
 * Thread-safe; several threads may write, write back, evict and fsync at once, as in the kernel.
 * <ul>
 *   <li>{@link #icacheLock} (the kernel's inode hash lock and i_count) guards which in-memory inode the
 *       file has and the fd table's membership: open, close and inode eviction hold it, so an inode is
 *       evicted only while no file holds it.</li>
 *   <li>The mapping's own locking is described in {@link AddressSpace}: page states under its i_pages
 *       lock, wb_err and the legacy flags lock-free.</li>
 *   <li>Each open file's cursor is updated under that file's f_lock ({@link OpenFile}).</li>
 *   <li>Lock order: icacheLock, then i_pages, then f_lock. fsync takes i_pages and f_lock one after the
 *       other, never nested, and never icacheLock.</li>
 * </ul>
 * Operations that do not go through an fd (background writeback, page eviction, stat, sync) reach the
 * current inode without holding it; if it is evicted under them before they change anything, they retry
 * on the new one.
 *
 * <h2>Waiting</h2>
 * Writes to a page under writeback and flushes wait for writeback to end, as in the kernel
 * ({@link Waiting#BLOCK}). A single-threaded driver (a scenario or a trace replay) can never end a
 * writeback while it waits, so with {@link Waiting#REFUSE} such a step is refused as impossible instead.
 */
public final class Vfs {

    /** What a step does when it would have to wait for a writeback to end. */

    private final Variant variant;
    private final int counterBits;
    private final DevicePolicy device;
    private final Waiting waiting;

    private final Object icacheLock = new Object();
    /** The file's in-memory inode; written under icacheLock, read anywhere. */
    private volatile Inode inode;
    /** The fd table: membership changes under icacheLock, lookups are lockless. */
    private final ConcurrentHashMap<String, OpenFile> fdTable = new ConcurrentHashMap<>();

    /** The file in {@code variant} with the kernel's 19-bit counter, a device that never fails, and BLOCK. */
    public Vfs(Variant variant) {
        this(builder(variant));
    }

    private Vfs(Builder b) {
        this.variant = b.variant;
        this.counterBits = b.counterBits;
        this.device = b.device;
        this.waiting = b.waiting;
        this.inode = new Inode(1, variant, counterBits);
    }

    /** A builder for a file in {@code variant}. */
    public static Builder builder(Variant variant) {
        return new Builder(variant);
    }

    /** Options of a {@link Vfs}. */
    public static final class Builder {
        private final Variant variant;
        private int counterBits = Errseq.KERNEL_COUNTER_BITS;
        private DevicePolicy device = DevicePolicy.ALWAYS_OK;
        private Waiting waiting = Waiting.BLOCK;

        private Builder(Variant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /** The errseq_t counter width of wb_err (1 to 19; default 19, the kernel's). */
        public Builder counterBits(int bits) {
            new Errseq(bits); // validates
            this.counterBits = bits;
            return this;
        }

        /** How the device answers the writes that fsync, stat and sync submit (default: always OK). */
        public Builder device(DevicePolicy device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Whether a step that would wait for a writeback to end waits or is refused (default BLOCK). */
        public Builder waiting(Waiting waiting) {
            this.waiting = Objects.requireNonNull(waiting, "waiting");
            return this;
        }

        public Vfs build() {
            return new Vfs(this);
        }
    }

    public Variant variant() {
        return variant;
    }

    public int counterBits() {
        return counterBits;
    }

    // ---- Open files ----

    /**
     * Opens the file as {@code fd} (fs/open.c, {@code do_dentry_open}): the new file's cursor is
     * {@code f_wb_err = errseq_sample(&mapping->wb_err)} with the variant's sample semantics (in
     * legacy-flags the cursor is unused and stays 0). Loads a fresh in-memory inode if the old one was
     * evicted.
     *
     * @throws ImpossibleStepException if {@code fd} is already open
     */
    public void open(String fd) {
        requireFdName(fd);
        synchronized (icacheLock) {
            if (fdTable.containsKey(fd)) {
                throw new ImpossibleStepException("cannot open fd " + fd + ": it is already open");
            }
            Inode i = inode;
            int cursor = variant.usesErrseq() ? i.mapping.wbErr().sample(variant.sampleSemantics()) : 0;
            fdTable.put(fd, new OpenFile(fd, i, cursor));
        }
    }

    /**
     * Closes {@code fd}: the open file goes away and no longer holds the inode. Reports nothing (local
     * file systems have no -&gt;flush that reports writeback errors).
     *
     * @throws ImpossibleStepException if {@code fd} is not open
     */
    public void close(String fd) {
        synchronized (icacheLock) {
            if (fdTable.remove(fd) == null) {
                throw notOpen("close", fd);
            }
        }
    }

    /** The fds now open, sorted. */
    public Set<String> openFds() {
        return Collections.unmodifiableSet(new TreeSet<>(fdTable.keySet()));
    }

    private OpenFile file(String op, String fd) {
        OpenFile f = fd == null ? null : fdTable.get(fd);
        if (f == null) {
            throw notOpen(op, fd);
        }
        return f;
    }

    private static ImpossibleStepException notOpen(String op, String fd) {
        return new ImpossibleStepException("cannot " + op + " fd " + fd + ": it is not open");
    }

    private static void requireFdName(String fd) {
        if (fd == null || fd.isEmpty()) {
            throw new IllegalArgumentException("an fd needs a non-empty name");
        }
    }

    private static void requirePage(int page) {
        if (page < 0) {
            throw new IllegalArgumentException("page index " + page + " is negative");
        }
    }

    // ---- Page cache and writeback ----

    /**
     * A buffered write of {@code page} through {@code fd}: the page becomes DIRTY (from ABSENT, CLEAN or
     * DIRTY). Does not fail because of the device. A page under writeback is stable: the write waits for
     * the writeback to end (with {@link Waiting#REFUSE} that is an ImpossibleStepException). This models a
     * device with stable writes; see AddressSpace for what the kernel does without them.
     */
    public void write(String fd, int page) {
        requirePage(page);
        file("write through", fd).mapping.dirty(page, waiting);
    }

    /** Background writeback starts on a dirty page: DIRTY to WRITEBACK (set_page_writeback). */
    public void writebackStart(int page) {
        requirePage(page);
        onLiveMapping(m -> {
            m.startWriteback(page);
            return null;
        });
    }

    /**
     * The device finishes the write of a page under writeback with {@code outcome}: on EIO or ENOSPC,
     * mapping_set_error (errseq_set on wb_err except in legacy-flags, and AS_EIO or AS_ENOSPC); the page
     * becomes CLEAN either way, not redirtied.
     */
    public void writebackEnd(int page, WritebackOutcome outcome) {
        requirePage(page);
        Objects.requireNonNull(outcome, "outcome");
        onLiveMapping(m -> {
            m.endWriteback(page, outcome);
            return null;
        });
    }

    /** Background writeback of a dirty page from start to end: {@link #writebackStart} then {@link #writebackEnd}. */
    public void writeback(int page, WritebackOutcome outcome) {
        requirePage(page);
        Objects.requireNonNull(outcome, "outcome");
        AddressSpace m = onLiveMapping(mapping -> {
            mapping.startWriteback(page);
            return mapping;
        });
        // The page is under writeback: the inode cannot be evicted before we end it.
        m.endWriteback(page, outcome);
    }

    /**
     * Drops a clean page from the page cache (reclaim, drop_caches=1, POSIX_FADV_DONTNEED): CLEAN to
     * ABSENT. A dirty page or one under writeback cannot be dropped.
     */
    public void evictPage(int page) {
        requirePage(page);
        onLiveMapping(m -> {
            m.evictPage(page);
            return null;
        });
    }

    /**
     * Evicts the in-memory inode (drop_caches=2 or 3): possible only with no file open and no page dirty
     * or under writeback. Whatever was recorded in it goes with it: afterwards the file has a fresh
     * in-memory inode with wb_err = 0, no legacy flags and no page in the page cache.
     */
    public void evictInode() {
        synchronized (icacheLock) {
            if (!fdTable.isEmpty()) {
                throw new ImpossibleStepException("cannot evict the inode: fd " + new TreeSet<>(fdTable.keySet()).first()
                        + " is open and holds it");
            }
            Inode old = inode;
            AddressSpace m = old.mapping;
            m.iPages.lock();
            try {
                Integer page = m.firstUncleanLocked();
                if (page != null) {
                    throw new ImpossibleStepException("cannot evict the inode: page " + page + " is "
                            + (m.pagesLocked().get(page) == PageState.DIRTY ? "dirty" : "under writeback"));
                }
                m.markFreedLocked();
            } finally {
                m.iPages.unlock();
            }
            inode = new Inode(old.instance + 1, variant, counterBits);
        }
    }

    /** Runs {@code op} on the current inode's mapping, again on the new one if it was evicted meanwhile. */
    private <T> T onLiveMapping(Function<AddressSpace, T> op) {
        for (;;) {
            AddressSpace m = inode.mapping;
            try {
                return op.apply(m);
            } catch (AddressSpace.MappingFreedException evicted) {
                // Evicted before op changed anything: retry on the inode that replaced it.
            }
        }
    }

    // ---- Reporting errors ----

    /**
     * fsync(fd): vfs_fsync, which for the file systems modelled here is {@code file_write_and_wait_range}
     * over the whole file, as each variant had it:
     * <ul>
     *   <li>legacy-flags: flush (write back every dirty page, wait for every page under writeback), then
     *       filemap_check_errors: test-and-clear AS_ENOSPC and AS_EIO, EIO wins.</li>
     *   <li>v8-posting: if nrpages &gt; 0 at entry: flush, then file_check_and_advance_wb_err (which in the
     *       posting leaves the legacy flags alone); if nrpages == 0: return 0 without any check.</li>
     *   <li>v4.13 and v4.17: flush if nrpages &gt; 0; then, always, file_check_and_advance_wb_err, which
     *       also clears AS_EIO and AS_ENOSPC.</li>
     * </ul>
     * The flush itself reports nothing: its failed writes are recorded by mapping_set_error and reported
     * by the check that follows.
     *
     * @return 0, -EIO or -ENOSPC
     */
    public int fsync(String fd) {
        return fileWriteAndWaitRange(file("fsync", fd));
    }

    private int fileWriteAndWaitRange(OpenFile file) {
        AddressSpace mapping = file.mapping;
        String caller = "fsync " + file.fd;
        switch (variant) {
            case LEGACY_FLAGS:
                return filemapWriteAndWait(mapping, caller);
            case V8_POSTING:
                if (mapping.nrpages() > 0) {
                    mapping.writeAndWait(device, waiting, caller);
                    return file.fileCheckAndAdvanceWbErr(false);
                }
                return 0; // the "braino": nothing cached, nothing checked
            case V4_13:
            case V4_17:
                if (mapping.nrpages() > 0) {
                    mapping.writeAndWait(device, waiting, caller);
                }
                return file.fileCheckAndAdvanceWbErr(true);
            default:
                throw new AssertionError(variant);
        }
    }

    /**
     * The legacy consumer outside fsync: getattr or truncate flushing the file through
     * {@code filemap_write_and_wait} (flush, then filemap_check_errors: test-and-clear of AS_ENOSPC and
     * AS_EIO, EIO wins). Present in every variant; in the errseq variants it touches only the legacy
     * flags, never wb_err or any cursor.
     *
     * @return 0, -EIO or -ENOSPC
     */
    public int stat() {
        return onLiveMapping(m -> filemapWriteAndWait(m, "stat"));
    }

    /** filemap_write_and_wait: flush if nrpages &gt; 0, then filemap_check_errors. */
    private int filemapWriteAndWait(AddressSpace mapping, String caller) {
        if (mapping.nrpages() > 0) {
            mapping.writeAndWait(device, waiting, caller);
        }
        return mapping.filemapCheckErrors();
    }

    /**
     * sync(2): writes back every dirty page and waits for all writeback (sync_inodes_sb, then
     * filemap_fdatawait_keep_errors). Reports nothing, marks nothing seen, keeps the legacy flags. Its
     * writes go to the device policy like any flush.
     */
    public void sync() {
        onLiveMapping(m -> {
            m.writeAndWait(device, waiting, "sync");
            return null;
        });
    }

    // ---- Observing ----

    /**
     * The projected state: pages, wb_err, legacy flags and every open fd's cursor. Read under the inode
     * lock and the i_pages lock, each cursor under its f_lock. Exact whenever no operation is in progress
     * (as between the steps of a replay); while other threads run, pages and nrpages are one consistent
     * cut, but wb_err, the flags and the cursors, which the kernel updates without those locks, are each
     * read atomically, not all at one instant.
     */
    public VfsSnapshot snapshot() {
        synchronized (icacheLock) {
            AddressSpace m = inode.mapping;
            Map<Integer, PageState> pages;
            int wbErr;
            Set<LegacyFlag> flags;
            SortedMap<String, Integer> cursors = new TreeMap<>();
            m.iPages.lock();
            try {
                pages = m.pagesLocked();
                wbErr = m.wbErr().get();
                flags = m.legacyFlags();
                for (OpenFile f : fdTable.values()) {
                    cursors.put(f.fd, f.cursorLocked());
                }
            } finally {
                m.iPages.unlock();
            }
            return new VfsSnapshot(new TreeMap<>(pages), wbErr, flags, cursors);
        }
    }

    /** Which in-memory instance of the inode the file has: 1, then +1 after each inode eviction. */
    public long inodeInstance() {
        return inode.instance;
    }

    @Override
    public String toString() {
        return "Vfs[" + variant.id() + "] " + snapshot();
    }
}
