package org.wberr.subject.ext4;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.wberr.conformance.Driver;
import org.wberr.gen.Renderer;
import org.wberr.model.ext4.Ext4Variant;
import org.wberr.subject.Subject;

/**
 * ext4's failed asynchronous metadata writes: Ext4MetaWriteback.tla, model-java's {@code Ext4}, scenarios of
 * {@code subject ext4}.
 */
public final class Ext4Subject implements Subject {
    /** The subject's name, as scenarios write it. */
    public static final String NAME = "ext4";
    /** Its spec: the module Ext4MetaWriteback.tla, and the manifest's and traces' spec name. */
    public static final String SPEC = "Ext4MetaWriteback";

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
        return Arrays.stream(Ext4Variant.values()).map(Ext4Variant::id).toList();
    }

    @Override
    public Driver newDriver() {
        return new Ext4Driver();
    }

    @Override
    public Renderer newRenderer() {
        return new Ext4Renderer();
    }

    @Override
    public Optional<Scenarios> scenarios() {
        return Optional.of(new Scenarios(new Ext4Grammar(), new Ext4Model(), new Ext4Mapping(), new Ext4Kernel()));
    }
}
