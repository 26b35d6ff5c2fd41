package org.wberr.model.errseq;

/**
 * The two historical meanings of {@code errseq_sample} (lib/errseq.c), the cursor a new observer starts
 * from. See {@link Errseq#sample}.
 */
public enum SampleSemantics {
    /**
     * v4.13 to v4.16: an error present at sampling time is marked SEEN and the sampler starts after it,
     * so a file opened after an unseen error never hears of it.
     */
    V4_13,
    /**
     * v4.17 and later (commit b4678df184b3, "errseq: Always report a writeback error once"): an unseen
     * error makes the sample zero, so the sampler's next check reports it; nothing is written.
     */
    V4_17
}
