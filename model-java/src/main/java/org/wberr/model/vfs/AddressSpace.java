package org.wberr.model.vfs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.wberr.model.errseq.Errseq;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

/**
 * The page cache of the file: the kernel's {@code struct address_space} ("mapping"), reduced to what
 * error reporting needs: the pages and their states, {@code nrpages}, {@code wb_err} and the legacy flags.
 *
 * <h2>Locking</h2>
 * <ul>
 *   <li>{@code wb_err} is an {@link Errseq}: lock-free, as in the kernel.</li>
 *   <li>The legacy flags are atomic bits ({@code set_bit}, {@code clear_bit}, {@code test_and_clear_bit}
 *       on {@code mapping->flags}): lock-free.</li>
 *   <li>Page states and {@code nrpages} are guarded by {@link #iPages}, the kernel's {@code i_pages} lock.
 *       Waiting for a page to leave writeback ({@code folio_wait_writeback}) is an await on
 *       {@link #writebackEnded}, signalled when any page's writeback ends; never a spin.</li>
 *   <li>{@link #freed} (guarded by {@link #iPages}) marks a mapping whose inode was evicted
 *       ({@code I_FREEING}); page operations on it throw {@link MappingFreedException} so that callers that
 *       reached it without holding the inode retry with the current one.</li>
 * </ul>
 * Device writes ({@link DevicePolicy}) are called with no lock held. An I/O completion records its error
 * (mapping_set_error) before the page leaves writeback, as {@code end_buffer_async_write} and
 * {@code mpage_end_io} do; here both happen under {@link #iPages}, so that a waiter woken by the end of
 * writeback always finds the error recorded and the replay sees the step as one change.
 */
final class AddressSpace {
    private final Variant variant;
    private final Errseq wbErr;
    private final AtomicInteger flags = new AtomicInteger();

    final ReentrantLock iPages = new ReentrantLock();
    private final Condition writebackEnded = iPages.newCondition();
    /** The pages in the page cache (never ABSENT); guarded by iPages. */
    private final TreeMap<Integer, PageState> pages = new TreeMap<>();
    /** Set when the inode was evicted; guarded by iPages. */
    private boolean freed;

    AddressSpace(Variant variant, int counterBits) {
        this.variant = variant;
        this.wbErr = new Errseq(counterBits);
    }

    /** {@code mapping->wb_err}. Stays zero in legacy-flags, where errseq_t did not exist. */
    Errseq wbErr() {
        return wbErr;
    }

    // ---- Errors: mapping_set_error and the legacy consumers ----

    /**
     * Records a writeback error (include/linux/pagemap.h, {@code mapping_set_error}): errseq_set on
     * {@code wb_err} (every variant but legacy-flags), then AS_ENOSPC for -ENOSPC or AS_EIO for any other
     * error (every variant). A zero {@code err} does nothing.
     */
    void mappingSetError(int err) {
        if (err == 0) {
            return;
        }
        if (variant.usesErrseq()) {
            wbErr.set(err); // __filemap_set_wb_err
        }
        setBit(err == -Errno.ENOSPC ? LegacyFlag.AS_ENOSPC : LegacyFlag.AS_EIO);
    }

    /**
     * Consumes the legacy flags (mm/filemap.c, {@code filemap_check_errors}): test-and-clear AS_ENOSPC,
     * then AS_EIO; returns -EIO if AS_EIO was set, else -ENOSPC if AS_ENOSPC was set, else 0 (EIO wins).
     */
    int filemapCheckErrors() {
        int ret = 0;
        if (testAndClearBit(LegacyFlag.AS_ENOSPC)) {
            ret = -Errno.ENOSPC;
        }
        if (testAndClearBit(LegacyFlag.AS_EIO)) {
            ret = -Errno.EIO;
        }
        return ret;
    }

    /** {@code set_bit(flag, &mapping->flags)}: atomic, as a compare-and-swap loop. */
    void setBit(LegacyFlag flag) {
        int f;
        do {
            f = flags.get();
        } while (!flags.compareAndSet(f, f | flag.bit()));
    }

    /** {@code clear_bit(flag, &mapping->flags)}. */
    void clearBit(LegacyFlag flag) {
        testAndClearBit(flag);
    }

    /** {@code test_and_clear_bit(flag, &mapping->flags)}: whether it was set. */
    boolean testAndClearBit(LegacyFlag flag) {
        int f;
        do {
            f = flags.get();
        } while (!flags.compareAndSet(f, f & ~flag.bit()));
        return (f & flag.bit()) != 0;
    }

    /** The legacy flags now set (one atomic read). */
    Set<LegacyFlag> legacyFlags() {
        int f = flags.get();
        EnumSet<LegacyFlag> set = EnumSet.noneOf(LegacyFlag.class);
        for (LegacyFlag flag : LegacyFlag.values()) {
            if ((f & flag.bit()) != 0) {
                set.add(flag);
            }
        }
        return set;
    }

    // ---- Pages ----

    /** {@code mapping->nrpages}: the number of pages in the page cache. */
    int nrpages() {
        iPages.lock();
        try {
            return pages.size();
        } finally {
            iPages.unlock();
        }
    }

    /** A copy of the present pages; the caller holds iPages. */
    Map<Integer, PageState> pagesLocked() {
        return new TreeMap<>(pages);
    }

    /** Whether any page is DIRTY or under WRITEBACK, and which (first one), or null; caller holds iPages. */
    Integer firstUncleanLocked() {
        for (Map.Entry<Integer, PageState> e : pages.entrySet()) {
            if (e.getValue() == PageState.DIRTY || e.getValue() == PageState.WRITEBACK) {
                return e.getKey();
            }
        }
        return null;
    }

    private PageState stateLocked(int page) {
        return pages.getOrDefault(page, PageState.ABSENT);
    }

    private void checkLiveLocked() {
        if (freed) {
            throw new MappingFreedException();
        }
    }

    /** Marks the mapping freed (inode eviction); caller holds iPages. */
    void markFreedLocked() {
        freed = true;
    }

    /**
     * A buffered write of {@code page} (generic_perform_write, then folio_mark_dirty): the page enters the
     * page cache if absent and becomes DIRTY. A page under writeback is stable: the write first waits for
     * its writeback to end (folio_wait_stable); with {@link Waiting#REFUSE} that is an error instead.
     * The kernel waits only when the device asks for stable writes (SB_I_STABLE_WRITES; in recent
     * kernels the mapping's AS_STABLE_WRITES); otherwise the page is dirtied while still under
     * writeback, a state (dirty and under writeback at once) this model leaves out: it models a device
     * with stable writes.
     */
    void dirty(int page, Waiting waiting) {
        iPages.lock();
        try {
            checkLiveLocked();
            while (stateLocked(page) == PageState.WRITEBACK) {
                if (waiting == Waiting.REFUSE) {
                    throw new ImpossibleStepException("cannot write page " + page + ": it is under writeback,"
                            + " and the write would wait for the writeback to end (stable pages), which"
                            + " nothing can do in a single-threaded run; end it first");
                }
                writebackEnded.awaitUninterruptibly();
            }
            pages.put(page, PageState.DIRTY);
        } finally {
            iPages.unlock();
        }
    }

    /** Starts writeback of a dirty page (set_page_writeback, dirty cleared): DIRTY to WRITEBACK. */
    void startWriteback(int page) {
        iPages.lock();
        try {
            checkLiveLocked();
            PageState s = stateLocked(page);
            if (s != PageState.DIRTY) {
                throw new ImpossibleStepException("cannot start writeback of page " + page + ": it is "
                        + describe(s) + ", not dirty");
            }
            pages.put(page, PageState.WRITEBACK);
        } finally {
            iPages.unlock();
        }
    }

    /**
     * Ends writeback of a page (the I/O completion, then end_page_writeback): on an error, records it with
     * {@link #mappingSetError}; the page becomes CLEAN either way (it is not redirtied) and waiters wake.
     */
    void endWriteback(int page, WritebackOutcome outcome) {
        iPages.lock();
        try {
            checkLiveLocked();
            PageState s = stateLocked(page);
            if (s != PageState.WRITEBACK) {
                throw new ImpossibleStepException("cannot end writeback of page " + page + ": it is "
                        + describe(s) + ", not under writeback");
            }
            mappingSetError(outcome.err());
            pages.put(page, PageState.CLEAN);
            writebackEnded.signalAll();
        } finally {
            iPages.unlock();
        }
    }

    /**
     * Drops a clean page from the page cache (reclaim or invalidation: drop_caches=1,
     * POSIX_FADV_DONTNEED): CLEAN to ABSENT. A dirty page or one under writeback cannot be dropped.
     */
    void evictPage(int page) {
        iPages.lock();
        try {
            checkLiveLocked();
            PageState s = stateLocked(page);
            if (s != PageState.CLEAN) {
                throw new ImpossibleStepException("cannot evict page " + page + ": it is " + describe(s));
            }
            pages.remove(page);
        } finally {
            iPages.unlock();
        }
    }

    /**
     * Writes back every dirty page and waits for every page under writeback: the data-integrity flush
     * {@code __filemap_fdatawrite_range(WB_SYNC_ALL)} followed by {@code __filemap_fdatawait_range}. Each
     * submitted page goes to the device and ends its writeback through {@link #endWriteback}, so a failed
     * write is recorded by mapping_set_error like any other. Reports nothing itself: errors are reported
     * by whatever the caller checks afterwards (errseq_t or the legacy flags).
     *
     * @param caller names the operation in the message if it would wait forever (REFUSE)
     */
    void writeAndWait(DevicePolicy device, Waiting waiting, String caller) {
        List<Integer> submitted = new ArrayList<>();
        iPages.lock();
        try {
            checkLiveLocked();
            if (waiting == Waiting.REFUSE) {
                for (Map.Entry<Integer, PageState> e : pages.entrySet()) {
                    if (e.getValue() == PageState.WRITEBACK) {
                        throw new ImpossibleStepException("cannot " + caller + ": page " + e.getKey()
                                + " is under writeback and " + caller + " would wait for it to end, which"
                                + " nothing can do in a single-threaded run; end it first");
                    }
                }
            }
            for (Map.Entry<Integer, PageState> e : pages.entrySet()) {
                if (e.getValue() == PageState.DIRTY) {
                    e.setValue(PageState.WRITEBACK);
                    submitted.add(e.getKey());
                }
            }
        } finally {
            iPages.unlock();
        }
        for (int page : submitted) {
            endWriteback(page, device.write(page));
        }
        iPages.lock();
        try {
            // Wait on each page found under writeback now (ours are done; others' may still run).
            List<Integer> busy = new ArrayList<>();
            for (Map.Entry<Integer, PageState> e : pages.entrySet()) {
                if (e.getValue() == PageState.WRITEBACK) {
                    busy.add(e.getKey());
                }
            }
            for (int page : busy) {
                while (stateLocked(page) == PageState.WRITEBACK) {
                    writebackEnded.awaitUninterruptibly();
                }
            }
        } finally {
            iPages.unlock();
        }
    }

    private static String describe(PageState s) {
        switch (s) {
            case ABSENT:
                return "not in the page cache";
            case CLEAN:
                return "clean";
            case DIRTY:
                return "dirty";
            case WRITEBACK:
                return "under writeback";
            default:
                throw new AssertionError(s);
        }
    }

    /** Thrown by page operations on the mapping of an evicted inode; the caller retries on the current one. */
    static final class MappingFreedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MappingFreedException() {
            super("mapping of an evicted inode", null, false, false);
        }
    }
}
