package org.wberr.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.report.SideBySidePrinter;
import org.wberr.judge.ModelJudge;
import org.wberr.judge.ScenarioRunner;
import org.wberr.scenario.Scenario;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncSubject;

/**
 * A campaign against stand-in kernels: the Java model of another variant, or of the same one with ext4's ENOSPC
 * recorded as EIO. Agreement, an explained disagreement and an unexplained one, shrunk to a minimal scenario.
 */
class CampaignTest {
    private static final GuestMoves MOVES = FsyncSubject.SUBJECT.scenarios().orElseThrow().guest().orElseThrow();

    @TempDir
    Path out;

    private static Scenario parse(String source, String text) {
        return Subjects.scenarioParser().parse(source, text);
    }

    private Campaign campaign(Judge kernel) {
        return new Campaign(progress -> kernel, CampaignTest::parse, x -> Subjects.scenarios(x).model(), MOVES,
                SideBySidePrinter::describe, new Campaign.Options(2, 2, out), line -> { });
    }

    private static Generator.Generated scenario(int i, String steps) {
        return new Generator.Generated(i, "gen-v4.17-0000" + i, "by hand", "variant v4.17\n" + steps,
                (int) steps.lines().filter(l -> !l.isBlank()).count());
    }

    private static final String TWO_ERRORS_ENOSPC = """
            open A
            write A 0
            writeback 0 ENOSPC
            fsync A => ENOSPC
            fsync A => 0
            """;

    private static final String LATE_OPENER_WITH_NOISE = """
            open A
            open C
            stat => 0
            write C 0
            close C
            write A 0
            writeback 0 EIO
            open B
            write A 0
            fsync B => EIO
            fsync A => EIO
            """;

    @Test
    void sameVariant_agrees_andExt4sEnospcIsExplained() {
        AtomicInteger boots = new AtomicInteger();
        CampaignResult r = campaign(StandInKernel.actingAs("v4.17", true, boots)).run("v4.17", 1, Shard.ALL,
                new Generator.Generation(List.of(scenario(0, "open A\nwrite A 0\nwriteback 0 EIO\nfsync A => EIO\n"),
                        scenario(1, TWO_ERRORS_ENOSPC), scenario(2, LATE_OPENER_WITH_NOISE)), 0, 0));
        assertEquals(3, r.scenarios());
        assertEquals(2, r.agree());
        assertEquals(Map.of("enospc-as-eio", 1), r.explained());
        assertEquals(List.of(), r.unexplained());
        assertEquals(2, r.boots(), "two per boot");
        assertEquals(2, boots.get());
        assertEquals(0, r.shrinkBoots());
        assertEquals(20, r.steps());
        assertEquals(6, r.results(), "fsync and stat results compared");
    }

    @Test
    void anotherVariantsKernel_disagrees_unexplained_andIsShrunkToAMinimalScenario() throws IOException {
        AtomicInteger boots = new AtomicInteger();
        CampaignResult r = campaign(StandInKernel.actingAs("v4.13", false, boots)).run("v4.17", 1, Shard.ALL,
                new Generator.Generation(List.of(scenario(0, LATE_OPENER_WITH_NOISE)), 0, 0));
        assertEquals(0, r.agree());
        assertEquals(1, r.unexplained().size());
        CampaignResult.Disagreement d = r.unexplained().get(0);
        assertEquals(11, d.steps());
        assertTrue(d.what().contains("fsync B") && d.what().contains("expected EIO") && d.what().contains("kernel 0"),
                d.what());
        assertNotNull(d.minimal());
        assertTrue(d.minimalSteps() <= 5, d.minimalSteps() + " steps");
        assertTrue(r.shrinkBoots() >= 1 && boots.get() == 1 + r.shrinkBoots(), r.shrinkBoots() + " / " + boots);
        // The minimal scenario: the Java model of v4.17 meets its expectations, v4.13's does not.
        String text = Files.readString(Path.of(d.minimal()));
        assertTrue(text.contains("variant v4.17") && text.contains("Rerun: wberr scenario --against"), text);
        Scenario minimal = parse(d.minimal(), text);
        assertEquals(d.minimalSteps(), minimal.steps().size());
        ModelJudge model = new ModelJudge(x -> Subjects.scenarios(x).model());
        assertTrue(ScenarioRunner.run(minimal, "v4.17", model).passed(), text);
        assertTrue(!ScenarioRunner.run(minimal, "v4.13", model).passed(), text);
        assertTrue(Files.readString(out.resolve("unexplained.txt")).contains("gen-v4.17-00000"));
    }

    @Test
    void merge_sumsTheShards_andRefusesStrangers() {
        CampaignResult a = new CampaignResult("v4.17", 1, "1/2", 10, 100, 90, 20, 7, 50, 1, 0, 2, 1000, 1100, 9,
                Map.of("enospc-as-eio", 1), Map.of("enospc-as-eio", "why"), List.of());
        CampaignResult b = new CampaignResult("v4.17", 1, "2/2", 10, 120, 100, 25, 7, 50, 1, 0, 2, 2000, 2100, 8,
                Map.of("enospc-as-eio", 1), Map.of("enospc-as-eio", "why"),
                List.of(new CampaignResult.Disagreement("gen-v4.17-00003", "random", "x", null, 9, 9)));
        CampaignResult m = CampaignResult.merge(List.of(a, b), List.of("a.json", "b.json"));
        assertEquals("1/2+2/2", m.shard());
        assertEquals(20, m.scenarios());
        assertEquals(220, m.steps());
        assertEquals(45, m.results());
        assertEquals(17, m.agree());
        assertEquals(Map.of("enospc-as-eio", 2), m.explained());
        assertEquals(1, m.unexplained().size());
        assertEquals(3000, m.runMs());
        assertEquals(3, m.disagreeing());

        CampaignResult other = new CampaignResult("v4.13", 1, "2/2", 10, 120, 100, 25, 7, 50, 1, 0, 2, 2000, 2100, 8,
                Map.of(), Map.of(), List.of());
        WberrException e = assertThrows(WberrException.class, () -> CampaignResult.merge(List.of(a, other),
                List.of("a.json", "c.json")));
        assertTrue(e.getMessage().startsWith("c.json: a shard of campaign v4.13"), e.getMessage());
        e = assertThrows(WberrException.class, () -> CampaignResult.merge(List.of(a, a), List.of("a.json", "a2.json")));
        assertTrue(e.getMessage().contains("shard 1/2 is given twice"), e.getMessage());
    }

    @Test
    void expectations_areStrippedButCommentsKept() {
        assertEquals("variant v4.17\nfsync A # was => EIO\nstat\n",
                Expectations.strip("variant v4.17\nfsync A => EIO # was => EIO\nstat => 0\n"));
    }
}
