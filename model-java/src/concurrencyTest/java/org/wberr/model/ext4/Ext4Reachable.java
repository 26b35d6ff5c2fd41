package org.wberr.model.ext4;

import org.wberr.model.step.ImpossibleStepException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every state {@link Ext4Reference} can reach from a fresh file system, found by breadth-first search over
 * all its steps (read-bitmap, modify, the check alone, error-err, commit, writeback start and end with each
 * outcome), with at most {@code maxUpdates} modifications per block; projected onto snapshots. The oracle of
 * the concurrency tests: a snapshot of {@link Ext4} taken while threads race must be in this set.
 */
final class Ext4Reachable {
    private static final Map<List<Object>, Set<Ext4Snapshot>> CACHE = new HashMap<>();

    private Ext4Reachable() {
    }

    static synchronized Set<Ext4Snapshot> snapshots(Ext4Variant v, ErrorsMode m, int bits, List<String> blocks,
                                                    int maxUpdates) {
        return CACHE.computeIfAbsent(List.of(v, m, bits, blocks, maxUpdates),
                k -> search(v, m, bits, blocks, maxUpdates));
    }

    private static Set<Ext4Snapshot> search(Ext4Variant v, ErrorsMode m, int bits, List<String> blocks,
                                            int maxUpdates) {
        List<Consumer<Ext4Reference>> steps = new ArrayList<>();
        for (String b : blocks) {
            steps.add(r -> r.readBitmap(b));
            steps.add(r -> r.modify(b));
            steps.add(r -> r.writebackStart(b));
            steps.add(r -> r.writebackEnd(b, WriteOutcome.OK));
            steps.add(r -> r.writebackEnd(b, WriteOutcome.EIO));
        }
        steps.add(Ext4Reference::commit);
        steps.add(Ext4Reference::checkBdevWriteError);
        steps.add(Ext4Reference::errorErr);

        Ext4Reference init = new Ext4Reference(v, m, bits, blocks);
        Set<Object> seen = new HashSet<>();
        Set<Ext4Snapshot> snapshots = new HashSet<>();
        ArrayDeque<Ext4Reference> queue = new ArrayDeque<>();
        seen.add(init.fullState());
        snapshots.add(init.snapshot());
        queue.add(init);
        while (!queue.isEmpty()) {
            Ext4Reference r = queue.poll();
            for (Consumer<Ext4Reference> step : steps) {
                Ext4Reference next = r.copy();
                try {
                    step.accept(next);
                } catch (ImpossibleStepException impossible) {
                    continue;
                } catch (KernelPanicException panicked) {
                    // the step happened: the machine is halted
                }
                if (blocks.stream().anyMatch(b -> next.updatesMade(b) > maxUpdates)) {
                    continue;
                }
                if (seen.add(next.fullState())) {
                    snapshots.add(next.snapshot());
                    queue.add(next);
                }
            }
        }
        return Collections.unmodifiableSet(snapshots);
    }

    /** Whether {@code s} is one of {@code reachable} (a method of this class, so Lincheck can leave it unanalysed). */
    static boolean contains(Set<Ext4Snapshot> reachable, Ext4Snapshot s) {
        return reachable.contains(s);
    }

    /** The largest update id in a snapshot (how many modifications the run made to its busiest block). */
    static int maxUpdate(Ext4Snapshot s) {
        int max = 0;
        for (var ids : s.bData().values()) {
            if (!ids.isEmpty()) {
                max = Math.max(max, ids.last());
            }
        }
        for (var ids : s.disk().values()) {
            if (!ids.isEmpty()) {
                max = Math.max(max, ids.last());
            }
        }
        return max;
    }
}
