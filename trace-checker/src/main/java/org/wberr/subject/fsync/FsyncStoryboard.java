package org.wberr.subject.fsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.subject.Storyboard;

/**
 * Fsync.tla as a sequence diagram: a lane per fd, the page cache, the mapping (its wb_err and AS_ flags), the disk,
 * and a non-fsync caller when the trace has one.
 */
public final class FsyncStoryboard implements Storyboard {
    static final String PAGE_CACHE = "page cache";
    static final String MAPPING = "mapping wb_err";
    static final String DISK = "disk";
    static final String STAT_CALLER = "stat caller";

    /** The lane of fd {@code fd}. */
    static String fd(String fd) {
        return "fd " + fd;
    }

    @Override
    public List<String> lanes(ItfTrace trace) {
        List<String> lanes = new ArrayList<>();
        Storyboard.actors(trace, "Fds", "fd").forEach(f -> lanes.add(fd(f)));
        if (trace.states().stream().anyMatch(s -> FsyncAction.Stat.name().equals(s.action()))) {
            lanes.add(STAT_CALLER);
        }
        lanes.addAll(List.of(PAGE_CACHE, MAPPING, DISK));
        return lanes;
    }

    @Override
    public Arrow arrow(String variant, String action, Map<String, ItfValue> picks) {
        FsyncAction a = Storyboard.action(FsyncAction.class, action);
        if (a == null) {
            return null;
        }
        String fd = fd(String.valueOf(Storyboard.name(picks, "fd")));
        String f = a.kernelFunction();
        return switch (a) {
            case OpenFile, Fsync -> new Arrow(fd, MAPPING, f);
            case Close -> new Arrow(fd, fd, f);
            case Write -> new Arrow(fd, PAGE_CACHE, f);
            case WritebackStart -> new Arrow(PAGE_CACHE, DISK, f);
            // A failed write is recorded in the mapping (mapping_set_error); a good one only cleans the page.
            case WritebackEnd -> new Arrow(DISK, "ok".equals(Storyboard.name(picks, "outcome")) ? PAGE_CACHE : MAPPING,
                    f);
            case EvictPage -> new Arrow(PAGE_CACHE, PAGE_CACHE, f);
            case EvictInode -> new Arrow(MAPPING, MAPPING, f);
            case Stat -> new Arrow(STAT_CALLER, MAPPING, f);
        };
    }

    @Override
    public String lane(String variable, ItfValue key) {
        return switch (variable) {
            case "page" -> PAGE_CACHE;
            case "wb_err", "as_flags" -> MAPPING;
            case "f_wb_err" -> key instanceof ItfValue.Str s ? fd(s.value()) : null;
            case "ret" -> CALLER;
            default -> null;
        };
    }

    @Override
    public Set<String> errseqVariables() {
        return Set.of("wb_err", "f_wb_err");
    }
}
