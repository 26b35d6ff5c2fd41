package org.wberr.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.report.SideBySidePrinter;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncSubject;

/**
 * A small campaign per fsync variant on its real kernel (profile {@code -Pcampaign}): 200 generated scenarios (the
 * first 100 coverage walks and 100 random walks, seed 1), two guests at a time, and no disagreement the model does
 * not explain. The kernels come from the kernel oracle's cache (the kernel profile builds them; if this runs
 * first, the first variant's build takes about 8 minutes). About 40 s per variant with the kernels cached.
 */
@Tag("campaign")
class KernelCampaignTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final GuestMoves MOVES = FsyncSubject.SUBJECT.scenarios().orElseThrow().guest().orElseThrow();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"v4.17", "v4.13", "v8-posting", "legacy-flags"})
    void aSmallCampaign_hasNoUnexplainedDisagreement(String variant) {
        Generator.Generation g = new Generator(HOME.resolve("specs"), work.resolve("gen"), MOVES, variant,
                System.err::println).generate(200, 1, Shard.ALL);
        CampaignResult r = new Campaign(progress -> new KernelJudge(new QemuKernelRunner(
                QemuKernelRunner.scriptsIn(HOME), null, progress), null, s -> Subjects.scenarios(s).kernel()),
                (source, text) -> Subjects.scenarioParser().parse(source, text), s -> Subjects.scenarios(s).model(),
                MOVES, SideBySidePrinter::describe, new Campaign.Options(2, 0, work.resolve("out")),
                System.err::println)
                .run(variant, 1, Shard.ALL, g);
        r.summary().forEach(System.err::println);
        assertEquals(200, r.scenarios());
        assertEquals(200, r.agree() + r.explained().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(java.util.List.of(), r.unexplained());
        assertTrue(r.judged() == r.steps(), "the kernel judged every step: " + r.judged() + " of " + r.steps());
        assertTrue(r.results() > 200, r.results() + " results compared");
    }
}
