package org.wberr.subject;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.wberr.conformance.Driver;
import org.wberr.core.Display;
import org.wberr.conformance.ReplayException;
import org.wberr.itf.ItfTrace;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.ScenarioParser;
import org.wberr.subject.errseq.ErrseqSubject;
import org.wberr.subject.ext4.Ext4Subject;
import org.wberr.subject.fsync.FsyncSubject;

/** The one list of subjects every stage reads, and lookups by spec, name and scenario. */
public final class Subjects {

    /**
     * Every subject, in the order they are listed. The first with scenarios (fsync) is the subject of a scenario
     * file without a {@code subject} line.
     */
    public static final List<Subject> ALL = List.of(ErrseqSubject.SUBJECT, FsyncSubject.SUBJECT, Ext4Subject.SUBJECT);

    private Subjects() {
    }

    /** The subject whose spec is {@code spec} (the manifest's and the traces' name: Fsync). */
    public static Optional<Subject> bySpec(String spec) {
        return ALL.stream().filter(s -> s.spec().equals(spec)).findFirst();
    }

    /** The subject named {@code name} (fsync). */
    public static Optional<Subject> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The specs of every subject, sorted, for messages. */
    public static TreeSet<String> specs() {
        return new TreeSet<>(ALL.stream().map(Subject::spec).toList());
    }

    /** A fresh replay driver for {@code spec}; a spec without one is a named error. */
    public static Driver driverFor(String spec) {
        return bySpec(spec).orElseThrow(() -> new ReplayException("no replay driver for spec '" + Display.echo(spec)
                + "' (drivers exist for " + specs() + ")")).newDriver();
    }

    /** A fresh replay driver for the spec a trace names in its #meta; a spec without one is an error naming the file. */
    public static Driver driverFor(ItfTrace trace) {
        String spec = trace.metaText("spec");
        if (spec == null) {
            throw new ReplayException(trace.file() + ": #meta has no \"spec\": the trace does not say which "
                    + "spec it is a behaviour of (give it with --spec)");
        }
        try {
            return driverFor(spec);
        } catch (ReplayException e) {
            throw new ReplayException(trace.file() + ": #meta.spec: " + e.getMessage());
        }
    }

    /** A parser of every subject's scenarios. */
    public static ScenarioParser scenarioParser() {
        return new ScenarioParser(ALL.stream().flatMap(s -> s.scenarios().stream()).map(Subject.Scenarios::grammar)
                .toList());
    }

    /** The subject of a parsed scenario. */
    public static Subject of(Scenario scenario) {
        return byName(scenario.subject()).orElseThrow(() -> new IllegalArgumentException("no subject "
                + scenario.subject()));
    }

    /** What the scenario stages need for a parsed scenario's subject. */
    public static Subject.Scenarios scenarios(Scenario scenario) {
        return of(scenario).scenarios().orElseThrow(() -> new IllegalArgumentException("subject "
                + scenario.subject() + " has no scenarios"));
    }
}
