package org.wberr.conformance;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.wberr.itf.ItfTrace;

/** The replay driver of each spec (the manifest's "spec" name, which traces carry as #meta.spec). */
public final class Drivers {
    private static final Map<String, Supplier<Driver>> BY_SPEC = Map.of(
            "Errseq", ErrseqLawsDriver::new,
            "Fsync", FsyncDriver::new,
            "Ext4MetaWriteback", Ext4Driver::new);

    private Drivers() {
    }

    /** A fresh driver for {@code spec}; a spec without one is a named error. */
    public static Driver forSpec(String spec) {
        Supplier<Driver> d = BY_SPEC.get(spec);
        if (d == null) {
            throw new ReplayException("no replay driver for spec '" + spec + "' (drivers exist for "
                    + new TreeSet<>(BY_SPEC.keySet()) + ")");
        }
        return d.get();
    }

    /** A fresh driver for the spec a trace names in its #meta. */
    public static Driver forTrace(ItfTrace trace) {
        String spec = trace.metaText("spec");
        if (spec == null) {
            throw new ReplayException(trace.file() + ": #meta has no \"spec\": the trace does not say which "
                    + "spec it is a behaviour of");
        }
        return forSpec(spec);
    }
}
