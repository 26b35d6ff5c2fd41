package org.wberr.subject.fsync;

import java.util.Arrays;
import java.util.Optional;

import org.wberr.model.vfs.Variant;
import org.wberr.subject.Subject;

/** fsync and the page cache: Fsync.tla, model-java's {@code Vfs}, scenarios of the core grammar. */
public final class FsyncSubject {
    /** The subject's name, as scenarios write it. */
    public static final String NAME = "fsync";
    /** Its spec: the module Fsync.tla, and the manifest's and traces' spec name. */
    public static final String SPEC = "Fsync";

    /** The subject. */
    public static final Subject SUBJECT = new Subject(NAME, SPEC,
            Arrays.stream(Variant.values()).map(Variant::id).toList(), FsyncDriver::new, FsyncRenderer::new,
            new FsyncStoryboard(),
            Optional.of(new Subject.Scenarios(new FsyncGrammar(), new FsyncModel(), new FsyncMapping(),
                    new FsyncKernel(), Optional.of(new FsyncMoves()))));

    private FsyncSubject() {
    }
}
