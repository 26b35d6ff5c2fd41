package org.wberr.model.vfs;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.wberr.model.errseq.SampleSemantics;

/**
 * The historical ways Linux reported writeback errors through fsync (docs/semantics.md section 2). The ids
 * are the project's: specs, traces, CLI and report use them.
 */
public enum Variant {
    /**
     * Before errseq (up to v4.12): fsync, and any other caller of filemap_check_errors, test-and-clears
     * AS_EIO / AS_ENOSPC; the first caller consumes the error for everyone.
     */
    LEGACY_FLAGS("legacy-flags"),
    /**
     * The v8 posting of the errseq series (June 2017): check-and-advance only inside
     * {@code if (mapping->nrpages)}, so fsync with no pages cached reports nothing; sample marks SEEN.
     */
    V8_POSTING("v8-posting"),
    /** As merged in v4.13 (commit 5660e13d2fd6): check-and-advance always; sample marks SEEN. */
    V4_13("v4.13"),
    /** v4.17 and later: as v4.13, but sample returns 0 for an unseen error (commit b4678df184b3). */
    V4_17("v4.17");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    /** The variant's id: legacy-flags, v8-posting, v4.13 or v4.17. */
    public String id() {
        return id;
    }

    /** Whether fsync reports through errseq_t (mapping->wb_err and the file's f_wb_err). */
    public boolean usesErrseq() {
        return this != LEGACY_FLAGS;
    }

    /** The errseq_sample semantics of this variant; not meaningful for legacy-flags. */
    public SampleSemantics sampleSemantics() {
        return this == V4_17 ? SampleSemantics.V4_17 : SampleSemantics.V4_13;
    }

    /** The variant with this id. */
    public static Variant fromId(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "': expected one of " + validIds());
    }

    /** The valid ids, comma-separated, in declaration order. */
    public static String validIds() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
