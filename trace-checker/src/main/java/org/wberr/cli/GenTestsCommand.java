package org.wberr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.wberr.conformance.ReplayException;
import org.wberr.conformance.Replayer;
import org.wberr.conformance.TraceFiles;
import org.wberr.core.AtomicFiles;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.gen.TestGenerator;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.subject.Subject;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wberr gen-tests TRACE|DIR...}: turns counterexample traces into readable JUnit 5 tests on
 * model-java, one class per counterexample, written into model-java's test tree (committed there; a test
 * fails when they are stale).
 */
@Command(name = "gen-tests", mixinStandardHelpOptions = true,
        description = {"Writes each counterexample trace (kind \"counterexample\" in #meta) as a JUnit 5 test:",
                "the steps as plain calls on model-java, the spec's state asserted after each step.",
                "Typical use: ./wberr export --out target/wberr, then",
                "./wberr gen-tests target/wberr/traces"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:tests written", "2:bad input: a trace that is not ITF or lacks #meta fields"})
public final class GenTestsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE|DIR", arity = "1..*", description = "counterexample traces or directories")
    List<Path> paths;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where to write the tests (default: <WBERR_HOME>/model-java/src/test/java/"
                    + "org/wberr/model/counterexamples)")
    Path out;

    @Option(names = "--specs-dir", paramLabel = "DIR", description = "the specs (default: <WBERR_HOME>/specs)")
    Path specsDir;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        Path dir = out != null ? out : Main.home().resolve("model-java/src/test/java/"
                + TestGenerator.PACKAGE.replace('.', '/'));
        Path specs = specsDir != null ? specsDir : Main.home().resolve("specs");
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw WberrException.badInput(p.toString(), "no such file or directory");
            }
        }
        List<Path> files = TraceFiles.expand(paths);
        if (files.isEmpty()) {
            throw WberrException.badInput(paths.stream().map(Path::toString).collect(Collectors.joining(" ")),
                    "no " + TraceFiles.SUFFIX + " files found");
        }
        int written = 0;
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            ItfTrace trace;
            try {
                trace = ItfReader.read(f);
            } catch (ItfFormatException e) {
                throw new WberrException(ExitCode.BAD_INPUT, e.getMessage());
            }
            if (!"counterexample".equals(trace.metaText("kind"))) {
                continue;
            }
            String traceSpec = trace.metaText("spec");
            Optional<Subject> subject = traceSpec == null ? Optional.empty() : Subjects.bySpec(traceSpec);
            if (subject.isEmpty()) {
                skipped.add(trace.metaText("model") + " (" + traceSpec + ")");
                continue;
            }
            String source;
            try {
                // Replayed first, to refuse what the driver refuses (an unknown action, a parameter out of range)
                // before a renderer writes it into Java; whether the model conforms is the generated test's question.
                Replayer.replay(trace, Subjects.driverFor(trace));
                source = TestGenerator.generate(trace, specs, subject.get().newRenderer());
            } catch (ReplayException e) {
                throw new WberrException(ExitCode.BAD_INPUT, e.getMessage());
            }
            Path target = dir.resolve(TestGenerator.className(trace.metaText("model")) + ".java");
            try {
                AtomicFiles.write(target, source);
            } catch (IOException e) {
                throw WberrException.environment("cannot write " + Display.path(target) + ": " + e.getMessage(), e);
            }
            pw.println("wrote " + Display.path(target));
            written++;
        }
        pw.println(written + " tests written" + (skipped.isEmpty() ? ""
                : "; " + skipped.size() + " counterexamples of specs without a test renderer skipped: " + skipped));
        pw.flush();
        return ExitCode.OK;
    }
}
