package org.wberr.subject.errseq;

import java.util.List;
import java.util.Optional;

import org.wberr.subject.Subject;

/**
 * errseq_t alone (lib/errseq.c): Errseq.tla with the harness ErrseqLaws.tla, model-java's {@code Errseq}. It has
 * traces and counterexamples, no scenarios; its variants are the two semantics of errseq_sample, before and after
 * b4678df184b3.
 */
public final class ErrseqSubject {
    /** Its spec's name in the manifest and traces (the module ErrseqLaws.tla checks Errseq.tla's laws). */
    public static final String SPEC = "Errseq";

    /** The subject. */
    public static final Subject SUBJECT = new Subject("errseq", SPEC, List.of("v4.13", "v4.17"), ErrseqDriver::new,
            ErrseqRenderer::new, new ErrseqStoryboard(), Optional.empty());

    private ErrseqSubject() {
    }
}
