package org.wberr.subject.fsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.wberr.conformance.TraceConstants;
import org.wberr.gen.Renderer;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;

/** Fsync.tla actions as calls on {@code org.wberr.model.vfs.Vfs}. */
public final class FsyncRenderer implements Renderer {

    @Override
    public List<String> imports() {
        return List.of("org.wberr.model.vfs.Variant", "org.wberr.model.vfs.Vfs",
                "org.wberr.model.vfs.WritebackOutcome", "org.wberr.model.step.Waiting", "static org.junit.jupiter.api.Assertions.assertEquals",
                "static org.wberr.model.counterexamples.Snapshots.*");
    }

    @Override
    public List<String> setup(ItfTrace trace) {
        return List.of("Vfs vfs = Vfs.builder(Variant.fromId(" + Renderer.str(trace.metaText("variant"))
                + ")).counterBits(" + TraceConstants.counterBits(trace, Errseq.KERNEL_COUNTER_BITS) + ").waiting(Waiting.REFUSE).build();");
    }

    @Override
    public List<String> step(String action, Map<String, ItfValue> picks, ItfTrace.State after) {
        String fd = picks.containsKey("fd") ? Renderer.str(Renderer.strOf(picks.get("fd"))) : null;
        String p = picks.containsKey("p") ? Renderer.intLit(picks.get("p")) : null;
        String ret = Renderer.intLit(after.get("ret"));
        String call = switch (action(action)) {
            case OpenFile -> "vfs.open(" + fd + ");";
            case Close -> "vfs.close(" + fd + ");";
            case Write -> "vfs.write(" + fd + ", " + p + ");";
            case WritebackStart -> "vfs.writebackStart(" + p + ");";
            case WritebackEnd -> "vfs.writebackEnd(" + p + ", WritebackOutcome."
                    + Renderer.strOf(picks.get("outcome")).toUpperCase() + ");";
            case EvictPage -> "vfs.evictPage(" + p + ");";
            case EvictInode -> "vfs.evictInode();";
            case Fsync -> "assertEquals(" + ret + ", vfs.fsync(" + fd + "), \"fsync returns\");";
            case Stat -> "assertEquals(" + ret + ", vfs.stat(), \"stat returns\");";
        };
        return List.of(call);
    }

    private static FsyncAction action(String name) {
        try {
            return FsyncAction.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FsyncSubject.SPEC + " has no action " + name);
        }
    }

    @Override
    public List<String> assertState(ItfTrace.State s) {
        List<String> pages = new ArrayList<>();
        new TreeMap<>(Renderer.intKeys(s.get("page").asFunction())).forEach((k, v) -> {
            if (!Renderer.strOf(v).equals("absent")) {
                pages.add(k + ", " + Renderer.strOf(v).toUpperCase());
            }
        });
        List<String> flags = new ArrayList<>();
        s.get("as_flags").asSet().stream().map(Renderer::strOf).sorted().forEach(flags::add);
        List<String> cursors = new ArrayList<>();
        new TreeMap<>(Renderer.strKeys(s.get("f_wb_err").asFunction()))
                .forEach((k, v) -> cursors.add(Renderer.str(k) + ", " + Renderer.intLit(v)));
        return List.of("assertEquals(snapshot(pages(" + String.join(", ", pages) + "), "
                + Renderer.intLit(s.get("wb_err")) + ", flags(" + String.join(", ", flags) + "), cursors("
                + String.join(", ", cursors) + ")), vfs.snapshot());");
    }
}
