package org.wberr.judge;

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
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.judge.spec.SpecJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * Runs scenarios through several judges (model, spec, kernel), each over the whole batch at once (one child
 * JVM for the spec, one boot for the kernel), prints them side by side and returns the exit code: 1 if any
 * step disagrees, 3 if the kernel oracle itself failed, else 0.
 */
public final class Judges {
    /** The judges' names, in column order. */
    static final List<String> NAMES = List.of("model", "spec", "kernel");

    private Judges() {
    }

    /** Parses {@code --against}: a comma-separated subset of {@link #NAMES}, returned in column order. */
    public static List<String> parse(String against) {
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

    public static int run(List<String> judges, List<Scenario> scenarios, List<String> variants, Path home, Path specsDir,
            Duration kernelTimeout, boolean showState, PrintWriter out, PrintWriter err) {
        Map<String, List<List<StepResult>>> all = new LinkedHashMap<>();
        String kernel = "";
        List<String> problems = new ArrayList<>();
        for (String j : judges) {
            switch (j) {
                case "model" -> {
                    List<List<StepResult>> r = new ArrayList<>();
                    for (int i = 0; i < scenarios.size(); i++) {
                        r.add(ScenarioRunner.judgeFor(scenarios.get(i)).judge(scenarios.get(i), variants.get(i)));
                    }
                    all.put(j, r);
                }
                case "spec" -> {
                    err.println("spec: validating " + scenarios.size() + " scenario(s) against "
                            + String.join(", ", SpecJudge.modules(scenarios).stream().map(m -> m + ".tla").toList())
                            + " (TLC, a child JVM per spec)");
                    err.flush();
                    all.put(j, new SpecJudge(specsDir, System.getProperty("java.class.path"))
                            .judgeAll(scenarios, variants));
                }
                case "kernel" -> {
                    QemuKernelRunner runner = new QemuKernelRunner(QemuKernelRunner.scriptsIn(home),
                            kernelTimeout, line -> {
                                err.println(line);
                                err.flush();
                            });
                    List<KernelJudge.Job> jobs = new ArrayList<>();
                    for (int i = 0; i < scenarios.size(); i++) {
                        jobs.add(new KernelJudge.Job(scenarios.get(i), variants.get(i)));
                    }
                    KernelJudge.Batch b = new KernelJudge(runner, null).judgeAll(jobs);
                    all.put(j, b.results());
                    kernel = b.kernel().map(k -> "kernel " + k).orElse("");
                    problems.addAll(b.problems());
                }
                default -> throw new IllegalStateException(j);
            }
        }
        int disagreeing = 0;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, List<StepResult>> results = new LinkedHashMap<>();
            for (String j : judges) {
                results.put(j, all.get(j).get(i));
            }
            SideBySide s = new SideBySide(scenarios.get(i), variants.get(i), results);
            s.print(out, kernel, showState);
            if (!s.disagreements().isEmpty()) {
                disagreeing++;
                s.disagreements().forEach(r -> lines.add(s.describe(r)));
            }
        }
        out.printf("%d scenario%s judged by %s: %d agree, %d disagree%s%n", scenarios.size(),
                scenarios.size() == 1 ? "" : "s", String.join(", ", judges), scenarios.size() - disagreeing,
                disagreeing, lines.isEmpty() ? "" : ":");
        lines.forEach(l -> out.println("  " + l));
        out.flush();
        if (!problems.isEmpty()) {
            err.println("wberr: the kernel oracle failed:");
            problems.forEach(p -> err.println("  " + p));
            err.flush();
            return ExitCode.ENVIRONMENT;
        }
        return disagreeing == 0 ? ExitCode.OK : ExitCode.DIFFERS;
    }
}
