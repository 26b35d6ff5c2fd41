package org.wberr.judge.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.wberr.check.ChildJvm;
import org.wberr.check.ModelJob;
import org.wberr.check.TlcRunner;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * The TLA+ spec as a judge: is the scenario, with its stated results, a behaviour its subject's spec allows
 * under the scenario's variant (Fsync.tla for subject fsync, Ext4MetaWriteback.tla for subject ext4, see
 * {@link SpecMapping})? Trace validation with TLC's FastTool ({@link TraceValidator}) in one child JVM per
 * spec module of the batch ({@link TraceJob}; TLC keeps static state). A step the spec cannot take is
 * reported with what the spec would do instead: "no behaviour of the spec: Fsync("Z") returns 0 here, not
 * EIO"; an {@code expect} key the spec holds otherwise likewise: "no behaviour of the spec: disk is {2} here,
 * not {1,2}".
 */
public final class SpecJudge implements Judge {
    private static final long TIMEOUT_SECONDS = 300;

    private final Path specsDir;
    private final String classpath;
    private final Function<Scenario, SpecMapping> mappings;

    /**
     * @param specsDir  the specs (Fsync.tla, Ext4MetaWriteback.tla and the modules they extend)
     * @param classpath the child JVM's classpath (wberr's own)
     * @param mappings  the mapping of a scenario's subject onto its spec
     */
    public SpecJudge(Path specsDir, String classpath, Function<Scenario, SpecMapping> mappings) {
        this.specsDir = specsDir.toAbsolutePath();
        this.classpath = classpath;
        this.mappings = mappings;
    }

    @Override
    public String name() {
        return "spec";
    }

    /**
     * Validates every scenario (under the variant at the same index): one child JVM per spec module, so that
     * FastTool never loads one spec after another in the same JVM (measured: after Ext4MetaWriteback.tla, the
     * second Fsync.tla model loaded in the same JVM found no successor of WritebackEnd(0, "EIO")).
     */
    @Override
    public Batch judge(List<Case> cases) {
        List<Scenario> scenarios = cases.stream().map(Case::scenario).toList();
        List<String> variants = cases.stream().map(Case::variant).toList();
        for (String module : modules(scenarios)) {
            if (!Files.isRegularFile(specsDir.resolve(module + ".tla"))) {
                throw WberrException.badInput(specsDir.toString(), "no " + module + ".tla here (--specs-dir or"
                        + " WBERR_HOME)");
            }
        }
        List<List<StepResult>> out = new ArrayList<>(Collections.nCopies(scenarios.size(), null));
        for (String module : modules(scenarios)) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                if (mappings.apply(scenarios.get(i)).module().equals(module)) {
                    idx.add(i);
                }
            }
            List<List<StepResult>> r = judgeInOneJvm(idx.stream().map(scenarios::get).toList(),
                    idx.stream().map(variants::get).toList());
            for (int k = 0; k < idx.size(); k++) {
                out.set(idx.get(k), r.get(k));
            }
        }
        return Batch.of(out);
    }

    /** Validates scenarios of one spec module in one child JVM. */
    private List<List<StepResult>> judgeInOneJvm(List<Scenario> scenarios, List<String> variants) {
        Path work;
        try {
            work = Files.createTempDirectory("wberr-spec-");
        } catch (IOException e) {
            throw WberrException.environment("spec: cannot create a work directory: " + e.getMessage(), e);
        }
        try {
            List<TraceJob.Item> items = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                items.add(new TraceJob.Item(scenarios.get(i).source(), scenarios.get(i).text(),
                        variants.get(i)));
            }
            Path result = work.resolve("result.json");
            TraceJob.Job job = new TraceJob.Job(specsDir.toString(), work.toString(), result.toString(),
                    mappings.apply(scenarios.get(0)).getClass().getName(), items);
            Path jobFile = work.resolve("job.json");
            Files.createDirectories(work.resolve("tmp"));
            ModelJob.MAPPER.writeValue(jobFile.toFile(), job);
            ChildJvm jvm = new ChildJvm("512m", classpath, false);
            ChildJvm.Launch launch = jvm.command(work.resolve("tmp"), TraceJob.class.getName(), java.util.List.of(jobFile.toString()));
            Path log = work.resolve("child.log");
            Process p = new ProcessBuilder(launch.command()).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new WberrException(ExitCode.ENVIRONMENT, "spec: trace validation did not finish within "
                            + TIMEOUT_SECONDS + " s");
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(result)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new WberrException(ExitCode.ENVIRONMENT, "spec: the trace-validation JVM exited with "
                        + p.exitValue() + " and no result:\n  " + String.join("\n  ",
                        lines.subList(Math.max(0, lines.size() - 12), lines.size())));
            }
            TraceJob.Result r = ModelJob.MAPPER.readValue(result.toFile(), TraceJob.Result.class);
            List<List<StepResult>> out = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                TraceJob.ItemResult ir = r.items().get(i);
                if (ir.error() != null) {
                    throw new WberrException(ExitCode.ENVIRONMENT, "spec: cannot validate " + scenarios.get(i).source()
                            + " against " + mappings.apply(scenarios.get(i)).module() + ".tla: " + ir.error());
                }
                out.add(results(scenarios.get(i), ir.steps()));
            }
            return out;
        } catch (IOException e) {
            throw WberrException.environment("spec: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WberrException.environment("spec: interrupted", e);
        } finally {
            TlcRunner.deleteTree(work);
        }
    }

    private static List<StepResult> results(Scenario s, List<TraceValidator.StepVerdict> verdicts) {
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            TraceValidator.StepVerdict v = verdicts.get(i);
            Step step = s.steps().get(i);
            StepResult.Status status = StepResult.Status.valueOf(v.status());
            out.add(new StepResult(step, status,
                    v.returned() == null ? OptionalInt.empty() : OptionalInt.of(v.returned()),
                    Optional.ofNullable(v.reason()), Optional.ofNullable(v.state()), Optional.ofNullable(v.observed())));
        }
        return out;
    }

    /** The spec modules the scenarios are validated against ({@code Fsync}, {@code Ext4MetaWriteback}), once each. */
    public List<String> modules(List<Scenario> scenarios) {
        return scenarios.stream().map(s -> mappings.apply(s).module()).distinct().toList();
    }
}
