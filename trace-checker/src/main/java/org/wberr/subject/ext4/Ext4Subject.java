package org.wberr.subject.ext4;

import java.util.Arrays;
import java.util.Optional;

import org.wberr.model.ext4.Ext4Variant;
import org.wberr.subject.Subject;

/**
 * ext4's failed asynchronous metadata writes: Ext4MetaWriteback.tla, model-java's {@code Ext4}, scenarios of
 * {@code subject ext4}.
 */
public final class Ext4Subject {
    /** The subject's name, as scenarios write it. */
    public static final String NAME = "ext4";
    /** Its spec: the module Ext4MetaWriteback.tla, and the manifest's and traces' spec name. */
    public static final String SPEC = "Ext4MetaWriteback";

    /** The subject. */
    public static final Subject SUBJECT = new Subject(NAME, SPEC,
            Arrays.stream(Ext4Variant.values()).map(Ext4Variant::id).toList(), Ext4Driver::new, Ext4Renderer::new,
            new Ext4Storyboard(),
            Optional.of(new Subject.Scenarios(new Ext4Grammar(), new Ext4Model(), new Ext4Mapping(),
                    new Ext4Kernel(), Optional.empty())));

    private Ext4Subject() {
    }
}
