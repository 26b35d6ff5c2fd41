package org.wberr.subject.errseq;

/**
 * The actions of ErrseqLaws.tla (the harness around Errseq.tla), by their names in the spec: the driver and the
 * test renderer name them through this enum only ({@code SubjectActionsTest} checks that it lists exactly the
 * actions TLC finds in the spec's next-state relation).
 */
public enum ErrseqAction {
    /** errseq_set: record an error. */
    Set,
    /** errseq_sample: an observer takes a cursor. */
    Sample,
    /** errseq_check: has anything been recorded since the cursor? */
    Check,
    /** errseq_check_and_advance: report once, move the cursor, mark SEEN. */
    CheckAndAdvance,
    /** errseq_sample, split (Atomic = FALSE): its READ_ONCE ... */
    SampleRead,
    /** ... and its compare-and-swap of SEEN. */
    SampleCas,
    /** errseq_check_and_advance, split: its READ_ONCE ... */
    CheckAndAdvanceRead,
    /** ... and its cmpxchg. */
    CheckAndAdvanceCas
}
