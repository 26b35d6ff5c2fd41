package org.wberr.judge.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wberr.judge.Judge;
import org.wberr.judge.SideBySide;
import org.wberr.judge.spec.SpecJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.report.SideBySidePrinter;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncModel;
import org.wberr.subject.fsync.FsyncStep;
import org.wberr.subject.fsync.FsyncSubject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel oracle on every shipped fsync scenario (profile {@code -Pkernel}): the v4.17 scenarios run on the
 * real kernel in one boot, and on every step the kernel, the TLA+ spec and the Java model must agree with each
 * other and with the scenario's expectations (NOT-JUDGED steps excepted: ENOSPC,
 * writeback-start/-end; stat runs as FIEMAP_FLAG_SYNC and is compared). Scenarios of another
 * variant are judged by model and spec only. Dependencies come through install-deps.sh: as root it installs
 * them; otherwise, if something is missing, the test fails with install-deps.sh's message (never skips).
 */
@Tag("kernel")
class ShippedScenariosOnKernelTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path SPECS = HOME.resolve("specs");

    @Test
    void everyShippedScenario_kernelSpecAndModelAgreeOnEveryStep() throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        try (Stream<Path> files = Files.list(SPECS.resolve("scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".scn")).sorted().toList()) {
                Scenario s = Subjects.scenarioParser().parse(f, HOME.relativize(f).toString());
                if (!FsyncSubject.NAME.equals(s.subject())) {
                    continue; // ext4 stories: the kernel and spec judges know fsync scenarios only
                }
                scenarios.add(s);
                variants.add(s.variant().orElseThrow());
            }
        }
        assertTrue(scenarios.stream().anyMatch(s -> s.source().endsWith("generic-487.scn")));

        List<Judge.Case> jobs = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            jobs.add(new Judge.Case(scenarios.get(i), variants.get(i)));
        }
        QemuKernelRunner runner = new QemuKernelRunner(QemuKernelRunner.scriptsIn(HOME), null, System.err::println);
        Judge.Batch kernel = new KernelJudge(runner, null, x -> Subjects.scenarios(x).kernel()).judge(jobs);
        assertEquals(List.of(), kernel.problems());
        List<List<StepResult>> spec = new SpecJudge(SPECS, System.getProperty("java.class.path"),
                x -> Subjects.scenarios(x).spec()).judge(jobs).results();
        FsyncModel model = new FsyncModel();

        List<String> disagreements = new ArrayList<>();
        int kernelJudged = 0;
        for (int i = 0; i < scenarios.size(); i++) {
            Map<String, List<StepResult>> results = new LinkedHashMap<>();
            results.put("model", model.run(scenarios.get(i), variants.get(i)));
            results.put("spec", spec.get(i));
            results.put("kernel", kernel.results().get(i));
            SideBySide s = new SideBySide(scenarios.get(i), variants.get(i), results);
            s.disagreements().forEach(r -> disagreements.add(SideBySidePrinter.describe(s, r)));
            kernelJudged += (int) kernel.results().get(i).stream()
                    .filter(r -> r.status() == StepResult.Status.RETURNED).count();
            if (variants.get(i).equals(KernelJudge.KERNEL_VARIANT)) {
                assertTrue(kernel.results().get(i).stream().anyMatch(r -> r.status() == StepResult.Status.RETURNED),
                        scenarios.get(i).source() + ": the kernel judged no fsync");
            }
            if (scenarios.get(i).source().endsWith("stat-eats-error-v4.17.scn")) {
                List<StepResult> k = kernel.results().get(i);
                assertTrue(k.stream().filter(r -> r.step() instanceof FsyncStep.Stat)
                        .allMatch(r -> r.status() == StepResult.Status.RETURNED), "stat is judged on the kernel: " + k);
            }
        }
        System.err.println(kernel.heading().orElse("kernel ?") + ": " + kernelJudged + " results compared");
        assertEquals(List.of(), disagreements);
    }
}
