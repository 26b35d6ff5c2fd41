package org.wberr.model.vfs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.wberr.model.errseq.Errseq;

/**
 * The state of the model projected onto what the specification tracks, for comparison after each step.
 * Immutable. Names follow the kernel.
 *
 * @param pages  every page in the page cache with its state (CLEAN, DIRTY or WRITEBACK); absent pages
 *               are omitted, see {@link #page(int)}
 * @param wbErr  {@code mapping->wb_err}, the raw errseq_t value (always 0 in legacy-flags)
 * @param flags  the legacy flags set on the mapping (AS_EIO, AS_ENOSPC)
 * @param fWbErr each open fd's cursor {@code file->f_wb_err}, raw, by fd name (always 0 in legacy-flags)
 */
public record VfsSnapshot(SortedMap<Integer, PageState> pages, int wbErr, Set<LegacyFlag> flags,
                          SortedMap<String, Integer> fWbErr) {

    public VfsSnapshot {
        for (Map.Entry<Integer, PageState> e : pages.entrySet()) {
            if (e.getValue() == PageState.ABSENT) {
                throw new IllegalArgumentException("page " + e.getKey() + " is ABSENT: omit absent pages");
            }
        }
        pages = Collections.unmodifiableSortedMap(new TreeMap<>(pages));
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(LegacyFlag.class)
                : EnumSet.copyOf(flags));
        fWbErr = Collections.unmodifiableSortedMap(new TreeMap<>(fWbErr));
    }

    /** The state of a page; ABSENT if it is not in the page cache. */
    public PageState page(int index) {
        return pages.getOrDefault(index, PageState.ABSENT);
    }

    /** {@code mapping->nrpages}: the number of pages in the page cache. */
    public int nrpages() {
        return pages.size();
    }

    /** Whether a legacy flag is set. */
    public boolean has(LegacyFlag flag) {
        return flags.contains(flag);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("pages=").append(pages).append(" nrpages=").append(nrpages())
                .append(" wb_err=").append(Errseq.describe(wbErr)).append(" flags=").append(flags)
                .append(" f_wb_err={");
        String sep = "";
        for (Map.Entry<String, Integer> e : fWbErr.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(Errseq.hex(e.getValue()));
            sep = ", ";
        }
        return sb.append('}').toString();
    }
}
