package org.wberr.judge.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wberr.judge.Judge;
import org.wberr.judge.ModelJudge;
import org.wberr.judge.SideBySide;
import org.wberr.judge.spec.SpecJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.report.SideBySidePrinter;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncStep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel oracle on every shipped scenario, fsync and ext4 (profile {@code -Pkernel}): each runs on the kernel
 * built for its variant (the first run builds them: about 8 minutes for the first kernel, seconds for each further
 * one, 9 minutes for v2-workqueue's own tree), and on every step the kernel, the TLA+ spec and the Java model must
 * agree with each other and with the scenario's expectations, NOT-JUDGED steps excepted. The disagreements the
 * kernel has with the model are listed in {@link #KNOWN}, each with the kernel source that decides it and the
 * abstraction of the model it shows (specs/README.md, specs/ext4/README.md: "The kernel's answers"): a new one, or
 * a known one that went away, fails. Every scenario must have steps the kernel judged. Dependencies come through
 * install-deps.sh: as root it installs them; otherwise, if something is missing, the test fails with
 * install-deps.sh's message (never skips).
 */
@Tag("kernel")
class ShippedScenariosOnKernelTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path SPECS = HOME.resolve("specs");

    /**
     * The kernel's known disagreements with the model, {@code file:line} to why (in kernel terms; the spec READMEs
     * say more).
     */
    static final Map<String, String> KNOWN = Map.of(
            "specs/scenarios/two-errors.scn:28", "ext4 records ENOSPC as EIO: ext4_end_bio sets the bio's errno, then"
                    + " ext4_finish_bio (fs/ext4/page-io.c) calls mapping_set_error(-EIO) for every failed page,"
                    + " which replaces the unseen errno; Fsync.tla keeps the device's errno",
            "specs/scenarios/two-errors.scn:30", "the same: ENOSPC reported as EIO on ext4",
            "specs/scenarios/ext4-lost-update-v5.9-remount-ro.scn:19", "read-bitmap is not a step of its own on the"
                    + " kernel: the next modify's first ext4_journal_get_write_access is the inode's"
                    + " (file_modified -> ext4_dirty_inode), so v5.9's check fires and remount-ro refuses the"
                    + " allocation before the bitmap is re-read: memory stays {1}");

    @Test
    void everyShippedScenario_kernelSpecAndModelAgree_butForTheKnownDifferences() throws IOException {
        List<Judge.Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(SPECS.resolve("scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".scn")).sorted().toList()) {
                Scenario s = Subjects.scenarioParser().parse(f, HOME.relativize(f).toString());
                cases.add(new Judge.Case(s, s.variant().orElseThrow()));
            }
        }
        assertTrue(cases.size() >= 23, cases.size() + " shipped scenarios");

        QemuKernelRunner runner = new QemuKernelRunner(QemuKernelRunner.scriptsIn(HOME), null, System.err::println);
        Judge.Batch kernel = new KernelJudge(runner, null, x -> Subjects.scenarios(x).kernel()).judge(cases);
        assertEquals(List.of(), kernel.problems());
        List<List<StepResult>> spec = new SpecJudge(SPECS, System.getProperty("java.class.path"),
                x -> Subjects.scenarios(x).spec()).judge(cases).results();
        List<List<StepResult>> model = new ModelJudge(x -> Subjects.scenarios(x).model()).judge(cases).results();

        Map<String, String> disagreements = new TreeMap<>();
        Map<String, Integer> judgedPerKernel = new TreeMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Scenario s = cases.get(i).scenario();
            Map<String, List<StepResult>> results = new LinkedHashMap<>();
            results.put("model", model.get(i));
            results.put("spec", spec.get(i));
            results.put("kernel", kernel.results().get(i));
            SideBySide side = new SideBySide(s, cases.get(i).variant(), results, Map.of("kernel", kernel.about().get(i)));
            side.disagreements().forEach(r -> disagreements.put(s.at(r.step().line()),
                    SideBySidePrinter.describe(side, r)));
            long judged = kernel.results().get(i).stream().filter(r -> r.status() == StepResult.Status.RETURNED
                    || r.observed().isPresent()).count();
            assertTrue(judged > 0, s.source() + ": the kernel judged none of its results");
            judgedPerKernel.merge(kernel.about().get(i).facts().getOrDefault("kernel", "?"), (int) judged,
                    Integer::sum);
            if (s.source().endsWith("stat-eats-error-v4.17.scn")) {
                List<StepResult> k = kernel.results().get(i);
                assertTrue(k.stream().filter(r -> r.step() instanceof FsyncStep.Stat)
                        .allMatch(r -> r.status() == StepResult.Status.RETURNED), "stat is judged on the kernel: " + k);
            }
            if (s.source().endsWith("ext4-lost-update.scn")) {
                assertTrue(kernel.about().get(i).facts().getOrDefault("fsck", "").contains("+"),
                        "e2fsck finds the lost update under no-check: " + kernel.about().get(i).facts());
            }
            if (s.source().endsWith("ext4-lost-update-v5.10.scn")) {
                assertEquals("clean", kernel.about().get(i).facts().get("fsck"), "no lost update under v5.10");
            }
        }
        System.err.println("results the kernel judged, per kernel: " + judgedPerKernel);
        disagreements.forEach((at, what) -> System.err.println("disagreement: " + what));
        assertEquals(new TreeSet<>(KNOWN.keySet()), new TreeSet<>(disagreements.keySet()),
                "the kernel's disagreements with the model are the known ones: " + disagreements);
    }
}
