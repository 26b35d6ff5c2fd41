package org.wberr.subject.fsync;

import java.util.List;
import java.util.Optional;

import org.wberr.campaign.Abstraction;
import org.wberr.campaign.GuestMoves;
import org.wberr.model.step.Errno;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fsync.tla's actions as the kernel guest's steps ({@link FsyncKernel}), for generated scenarios: each action is
 * the scenario step of the same name, but WritebackStart(p), which the guest takes only together with the
 * WritebackEnd(p, outcome) right after it, as {@code writeback p outcome} (it cannot hold a page under writeback
 * between two steps). Fsync and Stat state the spec's {@code ret} as their result.
 *
 * <p>The generation models are MCFsync's: the small one has the default models' bounds (two fds, one page, three
 * errors; specs/MCFsync.tla says why they are sound for the properties), small enough to explore and cover in
 * full; the wide one has the {@code -wide} models' (three fds, two pages: a late opener while two others are open,
 * one page evicted while the other is cached), for random walks. CounterBits 2 with MaxErrors 3 never wraps, as
 * the kernel's 19-bit counter never does in a scenario.
 */
public final class FsyncMoves implements GuestMoves {

    @Override
    public String subject() {
        return FsyncSubject.NAME;
    }

    @Override
    public String module() {
        return "MC" + FsyncSubject.SPEC;
    }

    @Override
    public List<String> constants(String variant, boolean wide) {
        return List.of("Variant = \"" + variant + "\"",
                wide ? "Fds = {\"A\", \"B\", \"C\"}" : "Fds = {\"A\", \"B\"}",
                wide ? "Pages = {0, 1}" : "Pages = {0}",
                "InodeEviction = TRUE", "NonFsyncConsumer = TRUE", "CounterBits = 2", "MaxErrors = 3");
    }

    @Override
    public List<String> cfgTail() {
        return List.of("CONSTRAINT StateBound");
    }

    @Override
    public Take take(String action, JsonNode p) {
        return switch (FsyncAction.valueOf(action)) {
            case OpenFile -> new Take.Alone("open " + text(p, "fd"), false);
            case Close -> new Take.Alone("close " + text(p, "fd"), false);
            case Write -> new Take.Alone("write " + text(p, "fd") + " " + text(p, "p"), false);
            case WritebackStart -> new Take.First(action, text(p, "p"));
            case WritebackEnd -> new Take.Never("the guest ends a writeback only in the step that starts it");
            case EvictPage -> new Take.Alone("evict " + text(p, "p"), false);
            case EvictInode -> new Take.Alone("evict-inode", false);
            case Fsync -> new Take.Alone("fsync " + text(p, "fd"), true);
            case Stat -> new Take.Alone("stat", true);
        };
    }

    @Override
    public Optional<String> second(Take.First first, String action, JsonNode p) {
        if (FsyncAction.valueOf(action) != FsyncAction.WritebackEnd || !text(p, "p").equals(first.key())) {
            return Optional.empty();
        }
        return Optional.of("writeback " + first.key() + " " + text(p, "outcome"));
    }

    /** ENOSPC: the guest fills a dm-thin pool first (about 1.3 s; every other step takes milliseconds). */
    @Override
    public boolean costly(String step) {
        return step.startsWith("writeback ") && step.endsWith(" ENOSPC");
    }

    @Override
    public String result(JsonNode state) {
        return Errno.name((int) number(state.get("ret")));
    }

    @Override
    public List<String> header(String variant) {
        return List.of("variant " + variant);
    }

    /**
     * ext4 records ENOSPC as EIO: fs/ext4/page-io.c::ext4_end_bio calls mapping_set_error with the bio's errno
     * (ENOSPC), then ext4_finish_bio calls mapping_set_error(page->mapping, -EIO) for every page of the failed bio.
     * The second errseq_set finds the first unseen and only replaces its errno (no counter step), and AS_EIO joins
     * AS_ENOSPC, which filemap_check_errors clears together, EIO winning. So every report says EIO where Fsync.tla
     * keeps the device's ENOSPC (specs/README.md, "The kernel's answers"): the model's story of the scenario with
     * each {@code writeback P ENOSPC} read as {@code writeback P EIO} is the kernel's.
     */
    static final Abstraction ENOSPC_AS_EIO = new Abstraction("enospc-as-eio", "ext4 reports a failed data write"
            + " as EIO whatever the device said: fs/ext4/page-io.c::ext4_end_bio records the bio's ENOSPC, then"
            + " ext4_finish_bio calls mapping_set_error(mapping, -EIO), which replaces the unseen errno (and AS_EIO"
            + " wins over AS_ENOSPC); Fsync.tla keeps the device's ENOSPC", line -> line.replaceFirst(
                    "^(\\s*writeback\\s+[0-9]+\\s+)ENOSPC\\b", "$1EIO"));

    @Override
    public List<Abstraction> abstractions() {
        return List.of(ENOSPC_AS_EIO);
    }

    /** An ITF string or integer parameter as the scenario writes it. */
    private static String text(JsonNode params, String name) {
        JsonNode v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter " + name + " in " + params);
        }
        return v.isObject() && v.has("#bigint") ? v.get("#bigint").asText() : v.asText();
    }

    private static long number(JsonNode v) {
        return v.isObject() && v.has("#bigint") ? Long.parseLong(v.get("#bigint").asText()) : v.asLong();
    }
}
