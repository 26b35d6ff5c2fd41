package org.wberr.model.counterexamples;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.wberr.model.ext4.BufferState;
import org.wberr.model.ext4.Ext4Snapshot;
import org.wberr.model.ext4.FsState;

/**
 * Short builders for the expected {@link Ext4Snapshot}s in the generated ext4 counterexample tests (the
 * generated files are in this package; this one is written by hand):
 * {@code state(bdWbErr, sBdevWbErr, errorPending, fsFlags("error_fs"), block("bitmap", ids(1), ids(),
 * "uptodate", "jbddirty"))}. Flags are named as the spec's record fields.
 */
public final class Ext4Snapshots {

    private Ext4Snapshots() {
    }

    /** One block's part of a snapshot: its contents in memory and on disk, and its buffer_head flags. */
    public record Block(String name, SortedSet<Integer> memory, SortedSet<Integer> disk, BufferState bh) {
    }

    public static Ext4Snapshot state(int bdWbErr, int sBdevWbErr, boolean errorPending, FsState fs, Block... blocks) {
        SortedMap<String, SortedSet<Integer>> data = new TreeMap<>();
        SortedMap<String, SortedSet<Integer>> disk = new TreeMap<>();
        SortedMap<String, BufferState> bh = new TreeMap<>();
        for (Block b : blocks) {
            data.put(b.name(), b.memory());
            disk.put(b.name(), b.disk());
            bh.put(b.name(), b.bh());
        }
        return new Ext4Snapshot(data, disk, bh, bdWbErr, sBdevWbErr, errorPending, fs);
    }

    /** A block: name, b_data, disk, and the names of its set flags (uptodate, dirty, jbddirty, ...). */
    public static Block block(String name, SortedSet<Integer> memory, SortedSet<Integer> disk, String... flags) {
        return new Block(name, memory, disk, BufferState.of(List.of(flags)));
    }

    /** A set of update ids. */
    public static SortedSet<Integer> ids(Integer... ids) {
        return new TreeSet<>(List.of(ids));
    }

    /** The file-system state with these flags set (error_fs, aborted, rdonly, halted). */
    public static FsState fsFlags(String... flags) {
        return FsState.of(List.of(flags));
    }
}
