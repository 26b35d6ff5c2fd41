package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
                "trace's, variable by variable. The trace's #meta.spec picks the driver.",
                "",
                "Traces from Quint (quint run --mbt) replay as written: picks an action does not take are ignored"
                    + " (--verbose names them), a sum-type value without a payload ({\"tag\": \"EIO\", \"value\":"
                    + " {\"#tup\": []}}) is read as its tag where a name is expected, and what #meta lacks is given"
                    + " with --spec, --variant and --constant."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every trace conforms",
                "1:a trace does not conform (printed: file, step, action, diff)",
                "2:bad input: malformed JSON, not ITF, a missing variable or parameter, an unknown action, an encoding"
                    + " the driver cannot read (a sum-type value in a state variable, or one with a payload where a"
                    + " name is expected)"})
public final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    @Option(names = "--constant", paramLabel = "NAME=VALUE", description = "a model constant of traces whose"
            + " #meta.constants does not give it (repeatable), e.g. --constant ErrorsMode=remount-ro --constant"
            + " CounterBits=2; VALUE is read as JSON (a number, true, {\"#set\": [\"bitmap\"]}), else taken as a string")
    List<String> constants = new ArrayList<>();

    @Option(names = "--quiet", description = "print only mismatches, errors and the summary")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "also print notes on what each replay ignored (picks an"
            + " action does not take)")
    boolean verbose;

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
        Map<String, JsonNode> given = constants();
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
                ItfTrace trace = withDefaults(ItfReader.read(f), given);
                Replayer.Result r = Replayer.replay(trace, Subjects.driverFor(trace));
                steps += r.steps();
                if (r.conforms()) {
                    conforming++;
                    if (!quiet) {
                        out.println("PASS " + name + " (" + r.steps() + " steps)");
                    }
                } else {
                    mismatched++;
                    out.println("FAIL " + r.mismatch().render(rerunOptions()));
                }
                if (verbose) {
                    r.notes().forEach(n -> out.println("  note: " + n));
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

    /** --constant's values by name; a malformed one is bad input naming it. */
    private Map<String, JsonNode> constants() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String c : constants) {
            int eq = c.indexOf('=');
            String name = eq < 0 ? c : c.substring(0, eq);
            if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw WberrException.badInput("--constant " + Display.echo(c), "expected NAME=VALUE with NAME a TLA+"
                        + " identifier, such as ErrorsMode=remount-ro");
            }
            String text = c.substring(eq + 1);
            JsonNode value;
            try {
                value = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                value = null;
            }
            out.put(name, value == null || value.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : value);
        }
        return out;
    }

    /** --spec, --variant and each --constant as given, for the hint that reruns one trace. */
    private String rerunOptions() {
        List<String> o = new ArrayList<>();
        if (specName != null) {
            o.add("--spec " + shellWord(specName));
        }
        if (variant != null) {
            o.add("--variant " + shellWord(variant));
        }
        constants.forEach(c -> o.add("--constant " + shellWord(c)));
        return String.join(" ", o);
    }

    /** {@code s} as one shell word: as is when plain, else in single quotes. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_.,:=+/@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The trace with --spec / --variant / --constant filled in where its #meta is silent. */
    private ItfTrace withDefaults(ItfTrace t, Map<String, JsonNode> given) {
        if (specName == null && variant == null && given.isEmpty()) {
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
        if (!given.isEmpty()) {
            ObjectNode cs = meta.get("constants") instanceof ObjectNode o ? o : meta.putObject("constants");
            given.forEach((name, value) -> {
                if (!cs.hasNonNull(name)) {
                    cs.set(name, value);
                }
            });
        }
        return new ItfTrace(t.file(), meta, t.vars(), t.states());
    }
}
