package org.wberr.subject.fsync;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.wberr.conformance.Driver;
import org.wberr.gen.Renderer;
import org.wberr.model.vfs.Variant;
import org.wberr.subject.Subject;

/** fsync and the page cache: Fsync.tla, model-java's {@code Vfs}, scenarios of the core grammar. */
public final class FsyncSubject implements Subject {
    /** The subject's name, as scenarios write it. */
    public static final String NAME = "fsync";
    /** Its spec: the module Fsync.tla, and the manifest's and traces' spec name. */
    public static final String SPEC = "Fsync";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return SPEC;
    }

    @Override
    public List<String> variants() {
        return Arrays.stream(Variant.values()).map(Variant::id).toList();
    }

    @Override
    public Driver newDriver() {
        return new FsyncDriver();
    }

    @Override
    public Renderer newRenderer() {
        return new FsyncRenderer();
    }

    @Override
    public Optional<Scenarios> scenarios() {
        return Optional.of(new Scenarios(new FsyncGrammar(), new FsyncModel(), new FsyncMapping(), new FsyncKernel()));
    }
}
