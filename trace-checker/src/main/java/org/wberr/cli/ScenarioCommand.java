package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.judge.ScenarioRun;
import org.wberr.judge.ScenarioRunner;
import org.wberr.judge.SideBySide;
import org.wberr.report.ScenarioJson;
import org.wberr.report.ScenarioPrinter;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.ScenarioParser;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wberr scenario FILE... [--variant ID] [--state]}: runs scenario files against the Java model (the
 * fsync model, or the ext4 model for files of {@code subject ext4}),
 * prints each step with its result, and checks the {@code => RESULT} expectations. Every file is parsed
 * (and its variant resolved) before any runs, so a typo fails fast; then each file runs up to its first
 * difference.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {"Runs scenario files against the Java model and checks their '=> RESULT' expectations;",
                "with --against model,spec,kernel, also against the TLA+ spec and a real kernel, side by side.",
                "A scenario is one step per line: variant ID, open FD, close FD, write FD PAGE,",
                "writeback PAGE ok|EIO|ENOSPC, evict PAGE, evict-inode, fsync FD [=> 0|EIO|ENOSPC],",
                "and the extensions stat [=> RESULT], sync, writeback-start PAGE,",
                "writeback-end PAGE ok|EIO|ENOSPC. '#' starts a comment.",
                "A file whose first line is 'subject ext4' tells an ext4 metadata story instead:",
                "variant ID, errors continue|remount-ro|panic, read-bitmap BLOCK,",
                "modify BLOCK [=> 0|EROFS], check-bdev-error [=> 0|EIO], error-err, run-workqueue,",
                "commit, meta-writeback BLOCK ok|EIO, meta-writeback-start BLOCK,",
                "meta-writeback-end BLOCK ok|EIO, expect BLOCK memory=SET disk=SET lost=SET",
                "uptodate=yes|no dirty=yes|no write-error=yes|no, expect fs error=yes|no",
                "aborted=yes|no rdonly=yes|no halted=yes|no (SET: {} or {1,2})."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step ran and every expectation was met",
                "1:a result differs from its expectation",
                "2:bad input: syntax, unknown variant, fd not open, step impossible in the state, unknown judge",
                "3:with --against spec or kernel: TLC or the kernel oracle failed"})
public final class ScenarioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "scenario files (specs/scenarios/*.scn)")
    List<String> files;

    @Option(names = "--variant", paramLabel = "ID",
            description = "run every file under this variant, overriding its 'variant' line:"
                    + " legacy-flags, v8-posting, v4.13 or v4.17 (subject fsync); no-check, v2-workqueue,"
                    + " v5.9-errseq or v5.10-keep-uptodate (subject ext4)")
    String variant;

    @Option(names = "--state", description = "print the model's state after each step")
    boolean showState;

    @Option(names = "--against", paramLabel = "JUDGES",
            description = "judges to run, comma-separated: model (the Java model, the default), spec (trace"
                    + " validation with TLC against Fsync.tla, or Ext4MetaWriteback.tla for subject ext4), kernel"
                    + " (a real Linux 6.1 under QEMU, built for each scenario's variant: see 'wberr kernel')."
                    + " With more than the model, every step is shown with each judge's answer side by side; any"
                    + " disagreement exits 1")
    String against;

    @Option(names = "--specs-dir", paramLabel = "DIR", description = "the specs for --against spec"
            + " (default: <WBERR_HOME>/specs)")
    Path specsDir;

    @Option(names = "--kernel-timeout", paramLabel = "SECONDS",
            description = "limit of each kernel boot for --against kernel (default: 60 + 10 per scenario)")
    Integer kernelTimeout;

    @Option(names = "--debian-kernel", description = "with --against kernel: judge the stock scenarios (v4.17) on"
            + " Debian's packaged kernel instead of the oracle's own unpatched build (a second stock oracle); the"
            + " scenarios of other variants are then NOT-JUDGED")
    boolean debianKernel;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results to FILE: a JSON array with"
            + " one object per scenario: file, variant, kernel (release, kernel, package, fsck; null when the kernel"
            + " did not judge it), agree, and steps (line, step, expect, answers: judge -> answer or null,"
            + " notJudged: judge -> reason). Written atomically")
    Path json;

    @Override
    public Integer call() {
        List<String> judges = against == null ? List.of("model") : Judges.parse(against);
        List<Scenario> scenarios = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        ScenarioParser parser = Subjects.scenarioParser();
        for (String file : files) {
            Scenario s = parser.parse(path(file), file);
            variants.add(ScenarioRunner.resolveVariant(s, variant, Subjects.of(s).variants()));
            scenarios.add(s);
        }
        if (!judges.equals(List.of("model"))) {
            return sideBySide(judges, scenarios, variants);
        }
        PrintWriter out = spec.commandLine().getOut();
        Judge model = Judges.judge("model", null, Judges.KernelOptions.DEFAULT, spec.commandLine().getErr());
        List<ScenarioRun> runs = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            ScenarioRun run = ScenarioRunner.run(scenarios.get(i), variants.get(i), model);
            ScenarioPrinter.print(run, out, showState);
            if (run.impossible().isPresent()) {
                StepResult r = run.impossible().get().result();
                throw WberrException.badInput(run.scenario().at(r.step().line()),
                        "'" + r.step().text() + "' is impossible here (variant " + run.variant() + "): "
                                + r.reason().orElse("no reason given"));
            }
            runs.add(run);
        }
        ScenarioPrinter.summary(runs, out);
        if (json != null) {
            List<Judge.Case> cases = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                cases.add(new Judge.Case(scenarios.get(i), variants.get(i)));
            }
            List<List<StepResult>> results = model.judge(cases).results();
            List<SideBySide> compared = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                compared.add(new SideBySide(scenarios.get(i), variants.get(i), Map.of("model", results.get(i))));
            }
            ScenarioJson.write(json, compared);
        }
        return runs.stream().allMatch(ScenarioRun::passed) ? ExitCode.OK : ExitCode.DIFFERS;
    }

    private int sideBySide(List<String> judges, List<Scenario> scenarios, List<String> variants) {
        if (kernelTimeout != null && kernelTimeout <= 0) {
            throw WberrException.badInput("--kernel-timeout", "must be a positive number of seconds");
        }
        return Judges.run(judges, scenarios, variants, specsDir != null ? specsDir : Main.home().resolve("specs"),
                new Judges.KernelOptions(kernelTimeout == null ? null : Duration.ofSeconds(kernelTimeout),
                        debianKernel), showState, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw WberrException.badInput(file, "not a valid path: " + e.getReason());
        }
    }
}
