package org.wberr.subject.errseq;

/**
 * The actions of ErrseqLaws.tla (the harness around Errseq.tla), by their names in the spec: the driver and the
 * test renderer name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the
 * actions TLC finds in the spec's next-state relation).
 */
public enum ErrseqAction {
    /** errseq_set: record an error. */
    Set("errseq_set"),
    /** errseq_sample: an observer takes a cursor. */
    Sample("errseq_sample"),
    /** errseq_check: has anything been recorded since the cursor? */
    Check("errseq_check"),
    /** errseq_check_and_advance: report once, move the cursor, mark SEEN. */
    CheckAndAdvance("errseq_check_and_advance"),
    /** errseq_sample, split (Atomic = FALSE): its READ_ONCE ... */
    SampleRead("errseq_sample"),
    /** ... and its compare-and-swap of SEEN. */
    SampleCas("errseq_sample"),
    /** errseq_check_and_advance, split: its READ_ONCE ... */
    CheckAndAdvanceRead("errseq_check_and_advance"),
    /** ... and its cmpxchg. */
    CheckAndAdvanceCas("errseq_check_and_advance");

    private final String kernelFunction;

    ErrseqAction(String kernelFunction) {
        this.kernelFunction = kernelFunction;
    }

    /** The kernel function this action mirrors, as its spec's comment names it (a sequence diagram's arrow). */
    public String kernelFunction() {
        return kernelFunction;
    }
}
