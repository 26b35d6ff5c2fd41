package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.judge.ModelJudge;
import org.wberr.judge.SideBySide;
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.judge.spec.SpecJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.report.ScenarioJson;
import org.wberr.report.SideBySidePrinter;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;

/**
 * Runs scenarios through the judges --against names (model, spec, kernel), each over the whole batch at once (one
 * child JVM per spec, one boot for the kernel), prints them side by side and returns the exit code: 1 if any step
 * disagrees, 3 if the kernel oracle itself failed, else 0.
 */
final class Judges {
    /** The judges' names, in column order. */
    static final List<String> NAMES = List.of("model", "spec", "kernel");

    private Judges() {
    }

    /** Parses {@code --against}: a comma-separated subset of {@link #NAMES}, returned in column order. */
    static List<String> parse(String against) {
        Set<String> asked = new LinkedHashSet<>();
        for (String j : against.split(",", -1)) {
            String name = j.strip();
            if (!NAMES.contains(name)) {
                throw WberrException.badInput("--against", "unknown judge '" + name
                        + "': expected a comma-separated list of " + String.join(", ", NAMES));
            }
            asked.add(name);
        }
        return NAMES.stream().filter(asked::contains).toList();
    }

    /** How the kernel judge runs: its boot limit (null: run-qemu.sh's default), and on which stock kernel. */
    record KernelOptions(Duration timeout, boolean debianStock) {
        static final KernelOptions DEFAULT = new KernelOptions(null, false);
    }

    /** The judge {@code name} ({@link #NAMES}); {@code specsDir} for the spec's, the options for the kernel's. */
    static Judge judge(String name, Path specsDir, KernelOptions kernel, PrintWriter err) {
        return switch (name) {
            case "model" -> new ModelJudge(s -> Subjects.scenarios(s).model());
            case "spec" -> new SpecJudge(specsDir, System.getProperty("java.class.path"),
                    s -> Subjects.scenarios(s).spec());
            case "kernel" -> new KernelJudge(new QemuKernelRunner(QemuKernelRunner.scriptsIn(Main.home()),
                    kernel.timeout(), line -> {
                        err.println(line);
                        err.flush();
                    }), null, s -> Subjects.scenarios(s).kernel(), kernel.debianStock());
            default -> throw new IllegalArgumentException("no judge " + name);
        };
    }

    /**
     * Judges every scenario (under the variant at the same index) by every judge, prints them side by side, writes
     * them to {@code json} if not null, and returns the exit code.
     */
    static int run(List<String> judges, List<Scenario> scenarios, List<String> variants, Path specsDir,
            KernelOptions kernel, boolean showState, Path json, PrintWriter out, PrintWriter err) {
        List<Judge.Case> cases = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            cases.add(new Judge.Case(scenarios.get(i), variants.get(i)));
        }
        Map<String, Judge.Batch> all = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String j : judges) {
            Judge judge = judge(j, specsDir, kernel, err);
            if (judge instanceof SpecJudge spec) {
                err.println("spec: validating " + scenarios.size() + " scenario(s) against "
                        + String.join(", ", spec.modules(scenarios).stream().map(m -> m + ".tla").toList())
                        + " (TLC, a child JVM per spec)");
                err.flush();
            }
            Judge.Batch b = judge.judge(cases);
            all.put(j, b);
            problems.addAll(b.problems());
        }
        int disagreeing = 0;
        List<String> lines = new ArrayList<>();
        List<SideBySide> compared = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, List<StepResult>> results = new LinkedHashMap<>();
            Map<String, Judge.About> about = new LinkedHashMap<>();
            for (String j : judges) {
                results.put(j, all.get(j).results().get(i));
                about.put(j, all.get(j).about().get(i));
            }
            SideBySide s = new SideBySide(scenarios.get(i), variants.get(i), results, about);
            compared.add(s);
            SideBySidePrinter.print(s, out, showState);
            if (!s.disagreements().isEmpty()) {
                disagreeing++;
                s.disagreements().forEach(r -> lines.add(SideBySidePrinter.describe(s, r)));
            }
        }
        out.printf("%d scenario%s judged by %s: %d agree, %d disagree%s%n", scenarios.size(),
                scenarios.size() == 1 ? "" : "s", String.join(", ", judges), scenarios.size() - disagreeing,
                disagreeing, lines.isEmpty() ? "" : ":");
        lines.forEach(l -> out.println("  " + l));
        out.flush();
        if (json != null) {
            ScenarioJson.write(json, compared);
        }
        if (!problems.isEmpty()) {
            err.println("wberr: the kernel oracle failed:");
            problems.forEach(p -> err.println("  " + p));
            err.flush();
            return ExitCode.ENVIRONMENT;
        }
        return disagreeing == 0 ? ExitCode.OK : ExitCode.DIFFERS;
    }
}
