package org.wberr.subject.errseq;

import java.util.List;

import org.wberr.conformance.Driver;
import org.wberr.gen.Renderer;
import org.wberr.subject.Subject;

/**
 * errseq_t alone (lib/errseq.c): Errseq.tla with the harness ErrseqLaws.tla, model-java's {@code Errseq}. It has
 * traces and counterexamples, no scenarios.
 */
public final class ErrseqSubject implements Subject {
    /** Its spec's name in the manifest and traces (the module ErrseqLaws.tla checks Errseq.tla's laws). */
    public static final String SPEC = "Errseq";

    @Override
    public String name() {
        return "errseq";
    }

    @Override
    public String spec() {
        return SPEC;
    }

    /** The two semantics of errseq_sample: before and after b4678df184b3. */
    @Override
    public List<String> variants() {
        return List.of("v4.13", "v4.17");
    }

    @Override
    public Driver newDriver() {
        return new ErrseqDriver();
    }

    @Override
    public Renderer newRenderer() {
        return new ErrseqRenderer();
    }
}
