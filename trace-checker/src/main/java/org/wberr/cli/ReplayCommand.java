package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.conformance.ReplayException;
import org.wberr.conformance.Replayer;
import org.wberr.conformance.TraceFiles;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wberr replay FILE|DIR...}: replays ITF traces against model-java, step by step, and reports the
 * first mismatch of each with a field-level diff. Reads traces written by any ITF tool; a trace that does
 * not say its spec or variant in #meta can be given them with --spec and --variant.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays ITF traces (*.itf.json, or all under a directory) against the",
                "Java model: after every step, the model's state is compared with the",
                "trace's, variable by variable. The trace's #meta.spec picks the driver."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every trace conforms",
                "1:a trace does not conform (printed: file, step, action, diff)",
                "2:bad input: malformed JSON, not ITF, a missing variable, an unknown action or parameter"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "trace files or directories")
    List<String> paths;

    @Option(names = "--spec", paramLabel = "NAME",
            description = "the spec of traces whose #meta does not name one (Errseq, Fsync, ...)")
    String specName;

    @Option(names = "--variant", paramLabel = "ID",
            description = "the variant of traces whose #meta does not name one")
    String variant;

    @Option(names = "--quiet", description = "print only mismatches, errors and the summary")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> args = new ArrayList<>();
        for (String p : paths) {
            try {
                Path path = Path.of(p);
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw WberrException.badInput(p, "no such file or directory");
                }
                args.add(path);
            } catch (InvalidPathException e) {
                throw WberrException.badInput(p, "not a valid path");
            }
        }
        List<Path> files = TraceFiles.expand(args);
        if (files.isEmpty()) {
            throw WberrException.badInput(String.join(" ", paths), "no " + TraceFiles.SUFFIX + " files found");
        }
        int conforming = 0;
        int mismatched = 0;
        int bad = 0;
        long steps = 0;
        for (Path f : files) {
            String name = Display.path(f);
            try {
                ItfTrace trace = withDefaults(ItfReader.read(f));
                Replayer.Result r = Replayer.replay(trace, Subjects.driverFor(trace));
                steps += r.steps();
                if (r.conforms()) {
                    conforming++;
                    if (!quiet) {
                        out.println("PASS " + name + " (" + r.steps() + " steps)");
                    }
                } else {
                    mismatched++;
                    out.println("FAIL " + r.mismatch().render());
                }
            } catch (ItfFormatException | ReplayException e) {
                bad++;
                err.println("wberr: " + Display.shorten(e.getMessage(), Display.MAX_MESSAGE));
            }
        }
        out.println(conforming + " of " + files.size() + " traces conform (" + steps + " steps replayed)"
                + (mismatched > 0 ? "; " + mismatched + " do not" : "")
                + (bad > 0 ? "; " + bad + " could not be replayed" : ""));
        out.flush();
        err.flush();
        return bad > 0 ? ExitCode.BAD_INPUT : mismatched > 0 ? ExitCode.DIFFERS : ExitCode.OK;
    }

    /** The trace with --spec / --variant filled in where its #meta is silent. */
    private ItfTrace withDefaults(ItfTrace t) {
        if (specName == null && variant == null) {
            return t;
        }
        ObjectNode meta = t.meta() != null && t.meta().isObject() ? ((ObjectNode) t.meta()).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (specName != null && !meta.hasNonNull("spec")) {
            meta.put("spec", specName);
        }
        if (variant != null && !meta.hasNonNull("variant")) {
            meta.put("variant", variant);
        }
        return new ItfTrace(t.file(), meta, t.vars(), t.states());
    }
}
