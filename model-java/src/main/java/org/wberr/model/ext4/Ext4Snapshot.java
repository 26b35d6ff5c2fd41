package org.wberr.model.ext4;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.wberr.model.errseq.Errseq;

/**
 * Everything the kernel variables of specs/Ext4MetaWriteback.tla hold, read as one consistent cut: the
 * state a replay compares after each step. Immutable. Contents are sets of update ids: update k of a block
 * is the k-th modification made to it, so a lost update shows as a gap (the disk holds update 2 but not 1).
 *
 * @param bData        {@code b_data}: each block's buffer contents in memory
 * @param disk         {@code disk}: each block's contents at its home location on disk
 * @param bh           {@code bh}: each block's buffer_head state bits
 * @param bdWbErr      {@code bd_wb_err}: the block device mapping's wb_err, the raw errseq_t value
 * @param sBdevWbErr   {@code s_bdev_wb_err}: ext4's cursor on it (v5.9+; stays 0 before), raw
 * @param errorPending {@code error_pending}: a call of ext4_error_err is due (v2-workqueue: the work item is
 *                     queued; v5.9+: a writer that advanced the cursor has not made its call yet)
 * @param fs           {@code fs}: the file-system state ext4_error_err leaves behind
 */
public record Ext4Snapshot(SortedMap<String, SortedSet<Integer>> bData, SortedMap<String, SortedSet<Integer>> disk,
                           SortedMap<String, BufferState> bh, int bdWbErr, int sBdevWbErr, boolean errorPending,
                           FsState fs) {

    public Ext4Snapshot {
        bData = copy(bData);
        disk = copy(disk);
        bh = Collections.unmodifiableSortedMap(new TreeMap<>(bh));
        if (!bData.keySet().equals(disk.keySet()) || !bData.keySet().equals(bh.keySet())) {
            throw new IllegalArgumentException("b_data, disk and bh must have the same blocks: " + bData.keySet()
                    + ", " + disk.keySet() + ", " + bh.keySet());
        }
    }

    private static SortedMap<String, SortedSet<Integer>> copy(Map<String, ? extends SortedSet<Integer>> m) {
        SortedMap<String, SortedSet<Integer>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        return Collections.unmodifiableSortedMap(out);
    }

    /** The updates of {@code block} that the disk skips: every k below the newest update on disk that it lacks. */
    public SortedSet<Integer> lostUpdates(String block) {
        SortedSet<Integer> d = disk.get(block);
        SortedSet<Integer> lost = new TreeSet<>();
        if (d != null && !d.isEmpty()) {
            for (int k = 1; k < d.last(); k++) {
                if (!d.contains(k)) {
                    lost.add(k);
                }
            }
        }
        return Collections.unmodifiableSortedSet(lost);
    }

    /** A set of update ids as the spec prints it: {@code {1, 2}}, {@code {}}. */
    public static String ids(SortedSet<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String b : bh.keySet()) {
            sb.append(b).append(": memory=").append(ids(bData.get(b))).append(" disk=").append(ids(disk.get(b)))
                    .append(' ').append(bh.get(b)).append("; ");
        }
        return sb.append("bd_wb_err=").append(Errseq.describe(bdWbErr)).append(" s_bdev_wb_err=")
                .append(Errseq.hex(sBdevWbErr)).append(errorPending ? " error_pending" : "").append(" fs=")
                .append(fs).toString();
    }
}
